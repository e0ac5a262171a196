"""The core's areas and the dashboard's panels describe the same eight areas."""

from __future__ import annotations

from dashboard import areas, queries
from dashboard.tui.panels import PANELS


def test_the_areas_are_the_panels_in_the_same_order_with_the_same_titles_and_alerts():
    assert [(a.key, a.title) for a in areas.AREAS] == [(p.key, p.title) for p in PANELS]
    for spec in PANELS:
        assert set(areas.area(spec.key).alerts) == set(spec.alerts), spec.key


def test_key_figures_are_figures_of_their_own_area():
    cat = queries.catalogue()
    for a in areas.AREAS:
        assert 2 <= len(a.key_figures) <= 3, a.key
        for name in a.key_figures:
            assert cat[name].is_figure and cat[name].panel == a.key, name


def test_title_of_an_unknown_key_is_the_key():
    assert areas.title("enforcement") == "执法"
    assert areas.title("drafting") == "drafting"
