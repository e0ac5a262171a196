"""The panel declarations name real queries, and every alert of a panel's area is shown."""

from __future__ import annotations

from dashboard import queries
from dashboard.tui.panels import PANELS


def test_every_declared_query_exists_with_the_right_kind():
    cat = queries.catalogue()
    for spec in PANELS:
        for name in spec.figure_queries:
            assert cat[name].is_figure, name
        for name in spec.breakdowns + ((spec.trend,) if spec.trend else ()):
            assert not cat[name].is_figure, name
        for name in spec.alerts:
            assert cat[name].meta.get("alert") == "yes", name


def test_every_alert_and_by_month_query_of_a_panel_area_is_on_its_panel():
    keys = {spec.key: spec for spec in PANELS}
    for q in queries.catalogue().values():
        spec = keys.get(q.panel)
        if spec is None:
            continue
        if q.meta.get("alert") == "yes":
            assert q.name in spec.alerts, q.name
        if q.name.endswith("_by_month"):
            assert spec.trend == q.name, q.name
        assert q.name in spec.queries, f"{q.name} (panel {q.panel}) is not shown anywhere"
