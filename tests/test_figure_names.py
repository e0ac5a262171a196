"""One name per figure, and every breakdown adds up to the figure it breaks down."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from dashboard import queries
from dashboard.figures import Figures
from dashboard.tui.panels import PANELS
from tests.conftest import period


def test_no_two_queries_share_a_label():
    seen: dict[str, str] = {}
    for q in queries.catalogue().values():
        assert q.label not in seen, f"{q.name} and {seen[q.label]} are both called {q.label}"
        seen[q.label] = q.name


def test_a_panels_short_name_is_not_the_name_of_another_figure():
    cat = queries.catalogue()
    labels = {q.label: q.name for q in cat.values()}
    shown: dict[str, str] = {}
    for spec in PANELS:
        for name in spec.queries:
            text = spec.short_label(name, cat[name].label)
            assert labels.get(text, name) == name, f"{spec.key}: {name} shown as {text}, the name of {labels[text]}"
            assert shown.get(text, name) == name, f"{name} and {shown[text]} are both shown as {text}"
            shown[text] = name


def test_the_clock_columns_are_named_alike_in_every_alert():
    """Days past a due date are 超期天数 and days before it 剩余天数, whichever the ledger."""
    for q in queries.catalogue().values():
        assert "已过天数" not in q.sql, q.name
        if q.meta.get("alert") == "yes" and q.meta.get("due"):
            assert re.search(r"AS (超期天数|剩余天数)\b", q.sql), q.name


def breakdowns():
    cat = queries.catalogue()
    for spec in PANELS:
        for name in spec.breakdowns + ((spec.trend,) if spec.trend else ()):
            yield spec.key, cat[name]


@pytest.mark.parametrize("key,q", list(breakdowns()), ids=lambda x: getattr(x, "name", x))
def test_every_breakdown_says_what_it_sums_to(key, q):
    target = q.meta.get("sums_to", "")
    assert target, f"{q.name}: add -- sums_to: FIGURE (or none, saying why in its doc)"
    if target != "none":
        cat = queries.catalogue()
        for part in target.split("+"):
            assert cat[part.strip()].is_figure and cat[part.strip()].panel == key, q.name


def bar_value(q: queries.Query, row: tuple):
    """What the screen draws: a trend's count is its last column (the first is the month), a
    breakdown's bar its first number."""
    if q.name.endswith("_by_month"):
        return row[-1]
    return next(v for v in row if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool))


@pytest.fixture(scope="module")
def figs(sample_store, sample_config):
    f = Figures(sample_store[0], sample_config)
    yield f
    f.close()


def test_every_breakdown_sums_to_its_headline_in_every_year(figs):
    checked = 0
    for year in figs.years:
        for _, q in breakdowns():
            target = q.meta.get("sums_to", "none")
            if target == "none":
                continue
            rows = figs.rows(q.name, period(year)).rows
            total = sum(bar_value(q, r) for r in rows)
            headline = sum(figs.figure(part.strip(), period(year)).value for part in target.split("+"))
            assert total == headline, f"{year} {q.name}: {total} ≠ {target} {headline}"
            checked += 1
    assert checked > 3 * 20  # every panel's breakdowns, three years


def test_the_open_shortcomings_by_status_show_the_same_in_progress_count(figs):
    for year in figs.years:
        by_status = {r[0]: r[1] for r in figs.rows("shortcomings_open_by_status", period(year)).rows}
        assert by_status["整改中"] == figs.figure("shortcomings_in_progress", period(year)).value
        assert "未启动" in by_status  # listed even when none
        found = {r[0]: r[1] for r in figs.rows("shortcomings_by_status", period(year)).rows}
        assert set(found) >= {"已完成", "整改中", "未启动"}
        assert found["已完成"] == figs.figure("shortcomings_done", period(year)).value
