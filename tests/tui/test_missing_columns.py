"""The dashboard on exports that lack a column: 无「…」列 in place of the figure, and no alert."""

from __future__ import annotations

from dashboard.tui.home.panel import PanelWidget
from dashboard.tui.widgets.header import HeaderLine
from tests.drafting.ledger_fixture import base_rows, write_ledgers, INGEST_TODAY

from .conftest import settle, visible_text


async def test_a_missing_column_shows_as_such_and_raises_no_alert(make_app, tmp_path):
    from dashboard.sources import ingest_paths

    src = write_ledgers(tmp_path / "ledgers", base_rows(),
                        {"enforcement_cases": ("published_on", "fully_recorded"), "petitions": ("level",)})
    db = tmp_path / "lacking.duckdb"
    ingest_paths([src], db, today=INGEST_TODAY)
    app = make_app(db=db, today=INGEST_TODAY, year=2024)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        enforcement = app.screen.query_one("#panel-enforcement", PanelWidget)
        petitions = app.screen.query_one("#panel-petitions", PanelWidget)
        assert enforcement.text_of("fully_recorded_rate") == "无「全过程记录」列"
        assert enforcement.text_of("decisions_unpublished") == "无「公示日期」列"
        assert petitions.text_of("petitions_received") == "无「级别」列"
        assert enforcement.text_of("cases_filed") == "2起"  # the rest stays as it was
        # Without 公示日期 both decided cases would read as unpublished past the deadline: no alert.
        assert enforcement.hot == 0
        fired = sum(p.hot for p in app.screen.query(PanelWidget))
        if fired:  # the header counts only the alerts that rest on columns the exports had
            assert f"待办{fired}项" in visible_text(app.screen.query_one(HeaderLine))
        await pilot.press("c")  # 同比: no change claimed for a figure that is not a number
        await settle(pilot)
        assert enforcement.text_of("fully_recorded_rate") == "无「全过程记录」列"
        app.open_panel("enforcement")
        await settle(pilot)
        assert app.screen.figure_list.text_of("publish_rate") == "无「公示日期」列"
