"""Home screen: every panel fills with the right numbers; year switch; 同比; errors stay in their panel."""

from __future__ import annotations

import dataclasses

import pytest

from dashboard import agenda, queries
from dashboard.brief import build_brief
from dashboard.clock import Period
from dashboard.figures import figure_text
from dashboard.tui.panels import PANELS, panel_of
from dashboard.tui.home.panel import PanelWidget

from .conftest import settle, visible_text
from .fixture_data import EXPECTED, TODAY


def panel(app, key: str) -> PanelWidget:
    return app.screen.query_one(f"#panel-{key}", PanelWidget)


def shown(app, name: str) -> str:
    spec = panel_of(name)
    text = panel(app, spec.key).text_of(name)
    assert text is not None, f"{name} not loaded"
    return text


def on_home(name: str) -> bool:
    spec = panel_of(name)
    return spec is not None and name in spec.figures + spec.alerts


async def test_every_panel_fills_with_the_query_values(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert app.period == Period.of(2025, TODAY)  # latest year with data, judged as of today
        for panel in app.screen.query(PanelWidget):
            assert panel.state == "ready", panel.spec.key
        for spec in PANELS:
            for name in spec.figures + spec.alerts:
                fig = app.figures.figure(name, Period.of(2025, TODAY))
                assert shown(app, name) == figure_text(fig.value, fig.unit), name


@pytest.mark.parametrize("year", [2024, 2025])
async def test_numbers_match_the_rows_counted_by_hand(make_app, year):
    app = make_app(year=year)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        for name, expected in EXPECTED[year].items():
            if on_home(name):
                assert shown(app, name) == expected, name


async def test_trend_is_twelve_months_of_the_by_month_query(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        trend = panel(app, "enforcement").series
        assert trend is not None
        assert trend.values == [1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]  # XT2025-001..004


async def test_year_switch_changes_the_numbers(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert shown(app, "cases_filed") == "4起"
        assert shown(app, "cases_open_overdue") == "2起"
        await pilot.press("Y")
        await settle(pilot)
        assert app.period == Period(2024, TODAY.replace(year=2024, month=12, day=31), TODAY)
        assert shown(app, "cases_filed") == "5起"
        assert shown(app, "fines_total") == "8.16万元"
        assert shown(app, "cases_open_overdue") == "0起"  # judged as of 2024-12-31
        await pilot.press("Y")  # no earlier year: stays
        await settle(pilot)
        assert app.period.year == 2024
        await pilot.press("y")
        await settle(pilot)
        assert shown(app, "cases_filed") == "4起"


async def test_compare_shows_the_change_and_percentage_beside_each_figure(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        enforcement = panel(app, "enforcement")
        # 2025 is judged as of 30 June: compared with 2024 up to 30 June (3 cases), not all of 2024 (5)
        assert enforcement.compare and enforcement.values["cases_filed"].prev_text == "3起"
        text = str(enforcement.render())
        assert "4起 +1起（+33%）" in text
        assert "2起 持平" in text  # penalised: 2 and 2
        assert "75% -5个百分点" in text  # a rate changes by percentage points
        assert "罚款金额" in text  # the label is not cut for the change beside it
        await pilot.press("Y")  # 2024, the first year with data: nothing to compare with
        await settle(pilot)
        assert "5起 无上年数据" in str(panel(app, "enforcement").render())
        await pilot.press("c")
        await settle(pilot)
        text = str(panel(app, "enforcement").render())
        assert "无上年数据" not in text and "5起" in text


async def test_a_reload_keeps_the_old_values_until_the_new_ones_arrive(make_app):
    """No blanking to … while a year or 同比 loads: the old figure stays until its replacement."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        enforcement = panel(app, "enforcement")
        assert enforcement.text_of("cases_filed") == "4起"
        app.action_toggle_compare()  # the workers start; nothing has come back yet
        assert enforcement.state == "loading" and enforcement.text_of("cases_filed") == "4起"
        assert "…" not in str(enforcement.render())
        await settle(pilot)
        assert enforcement.state == "ready" and enforcement.values["cases_filed"].compared


async def test_a_failing_query_breaks_only_its_panel(make_app, monkeypatch):
    cat = queries.catalogue()
    broken = dataclasses.replace(cat["petitions_closed"], sql="SELEC nothing FROM nowhere")
    monkeypatch.setitem(cat, "petitions_closed", broken)
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        states = {p.spec.key: p.state for p in app.screen.query(PanelWidget)}
        assert states.pop("petitions") == "error"
        assert set(states.values()) == {"ready"}
        petitions = panel(app, "petitions")
        assert "查询出错" in str(petitions.render()) and petitions.border_subtitle == "1项出错"
        assert shown(app, "petitions_closed") == "出错"
        assert shown(app, "petitions_received") == "3件"  # the rest of the panel still fills
        assert shown(app, "cases_filed") == "4起"


async def test_alert_badges_are_marked_only_when_there_is_something_to_do(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        enforcement = panel(app, "enforcement")
        assert enforcement.values["cases_open_overdue"].hot
        assert "! " + queries.get("cases_open_overdue").label in str(enforcement.render())
        assert not panel(app, "permits").values["permits_over_limit"].hot
        open_items = [i for i in agenda.todo_items(app.figures, Period.of(2025, TODAY)) if i.area == "enforcement"]
        assert enforcement.border_subtitle == f"{len(open_items)}项待办"  # items, as the 待办 list counts them


async def test_header_sums_the_alerts_of_every_panel(make_app):
    from dashboard.tui.widgets.header import HeaderLine

    from .conftest import visible_text

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # one definition of 待办: the header, the list and the brief count the same open items
        items = agenda.todo_items(app.figures, Period.of(2025, TODAY))
        assert items and all(i.is_open for i in items)
        assert sum(p.hot for p in app.screen.query(PanelWidget)) == len(items)
        assert f"待办{len(items)}项" in visible_text(app.screen.query_one(HeaderLine))
        assert build_brief(app.figures, Period.of(2025, TODAY)).todo_total == len(items)


async def test_a_ledger_never_imported_shows_not_imported_not_zero(make_app, tmp_path):
    """No 普法活动台账 at all: its panel and detail say 未导入; a real zero elsewhere stays 0."""
    from .fixture_data import build_store

    db = build_store(tmp_path / "exports", tmp_path / "no-publicity.duckdb", without=("普法活动台账.csv",))
    app = make_app(db=db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        publicity = panel(app, "publicity")
        for name in publicity.spec.figures:
            assert publicity.text_of(name) == "未导入", name
        assert shown(app, "cases_closure_requested") == "0起"  # imported, and truly none this year
        await pilot.press("c")
        await settle(pilot)
        assert "无上年数据" not in str(publicity.render())  # nothing to compare, nothing claimed
        app.open_panel("publicity")
        await settle(pilot)
        assert app.screen.figure_list.text_of("publicity_events_held") == "未导入"
        app.open_rows("publicity_events_held")
        await settle(pilot)
        assert "未导入" in visible_text(app.screen.query_one("#rows-title"))


async def test_opens_on_today_and_moves_one_year_at_a_time(make_app):
    """今日: the current year as of today even with no rows yet; Y is the last full year, in order."""
    from datetime import date

    from dashboard.tui.widgets.header import HeaderLine

    today = date(2026, 11, 29)
    app = make_app(today=today)  # the fixture's rows are of 2024 and 2025
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.period == Period.of(2026, today) and app.period.as_of == today
        assert app.years == [2024, 2025, 2026]  # the current year is on the list
        assert "截至今天11-29" in visible_text(app.screen.query_one(HeaderLine))
        # As of today: of the four on duty, 陈二's certificate expired 2025-09-30 and 黄四 has none.
        assert shown(app, "cert_holding_rate") == "50%"
        steps = []
        for key in ("Y", "Y", "Y", "y", "y", "y"):
            await pilot.press(key)
            await settle(pilot)
            steps.append(app.period.year)
        assert steps == [2025, 2024, 2024, 2025, 2026, 2026]  # never a jump to the first year
        await pilot.press("Y")
        await settle(pilot)
        assert app.period == Period(2025, date(2025, 12, 31), today)  # a past year: as of 31 December
        assert shown(app, "cases_filed") == "4起"


async def test_idle_time_reads_what_y_and_c_will_need(make_app, monkeypatch):
    """Once the panels are filled, the previous year is read in the background: c and Y then run no SQL."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        asked: list[tuple[str, int]] = []
        real = type(app.figures).figure
        monkeypatch.setattr(type(app.figures), "figure",
                            lambda self, name, period: asked.append((name, period.year)) or real(self, name, period))
        await pilot.press("c")
        await settle(pilot)
        assert "4起 +1起（+33%）" in str(panel(app, "enforcement").render())
        await pilot.press("c", "Y")
        await settle(pilot)
        assert shown(app, "cases_filed") == "5起"
        assert [a for a in asked if a[1] in (2024, 2025)] == []  # every figure came from the cache
