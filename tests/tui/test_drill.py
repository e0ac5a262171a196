"""Drill-down: figure → rows → one row's fields → back with Esc; alerts; breakdowns; masking."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from dashboard.clock import Period
from dashboard.tui.detail.screen import DetailScreen
from dashboard.tui.home.screen import HomeScreen
from dashboard.tui.rows.record import RecordScreen
from dashboard.tui.widgets.save_as import SaveAsScreen
from dashboard.tui.rows.screen import RowsScreen
from dashboard.tui.detail.bars import BreakdownBox
from dashboard.tui.home.panel import PanelWidget

from .conftest import settle, visible_text
from .fixture_data import TODAY


async def goto(pilot, key: str, query: str) -> PanelWidget:
    """Put the home cursor on ``query`` in panel ``key`` (by keyboard focus, then cursor)."""
    panel = pilot.app.screen.query_one(f"#panel-{key}", PanelWidget)
    panel.focus()
    panel.select(query)
    await pilot.pause()
    return panel


def table_text(app) -> str:
    dt = app.screen.query_one(DataTable)
    return "\n".join(" ".join(str(c) for c in dt.get_row_at(i)) for i in range(dt.row_count))


async def test_figure_to_rows_to_record_and_back(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await goto(pilot, "enforcement", "cases_filed")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RowsScreen)
        dt = screen.query_one(DataTable)
        assert dt.row_count == 4  # the four cases filed in 2025
        labels = [str(c.label) for c in dt.columns.values()]
        assert labels[:3] == ["案号", "当事人", "执法人员"]  # key, what, who first
        assert "XT2025-001" in table_text(app)
        await pilot.press("enter")  # first row → all its fields
        await pilot.pause()
        assert isinstance(app.screen, RecordScreen)
        fields = visible_text(app.screen.query_one("#record-fields"))
        assert "立案日期" in fields and "2025-01-15" in fields and "来源文件" in fields
        await pilot.press("escape")
        assert isinstance(app.screen, RowsScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_every_home_line_drills_somewhere(make_app, monkeypatch):
    """Nothing is a dead end: every figure and alert opens its rows, the trend opens the panel."""
    from dashboard.tui.loading import load_table

    app = make_app()
    opened: list[tuple[str, str]] = []
    monkeypatch.setattr(app, "open_rows", lambda q, needle="": opened.append(("rows", q)))
    monkeypatch.setattr(app, "open_panel", lambda k: opened.append(("panel", k)))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        expected = []
        for panel in list(app.screen.query(PanelWidget)):
            for item in panel.items:
                await goto(pilot, panel.spec.key, item.query)
                await pilot.press("enter")
                expected.append(("panel", panel.spec.key) if item.kind == "trend" else ("rows", item.query))
                if item.kind != "trend":
                    table = load_table(app.figures, item.query, app.period)
                    assert table.error is None and table.columns, item
        await pilot.pause()
        assert opened == expected


@pytest.mark.parametrize("alert", ["cases_open_overdue", "petitions_overdue", "decisions_unpublished",
                                   "shortcomings_overdue", "cert_on_duty_without_valid"])
async def test_an_alert_count_equals_its_rows(make_app, alert):
    from dashboard.tui.panels import panel_of

    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        key = panel_of(alert).key
        panel = await goto(pilot, key, alert)
        count = panel.values[alert].value
        assert count == app.figures.figure(alert, Period.of(2025, TODAY)).value and count > 0
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == count


async def test_keyboard_moves_between_figures_and_panels(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:  # four columns
        await settle(pilot)
        home = app.screen
        assert app.focused.id == "panel-enforcement" and app.focused.cursor == 0
        await pilot.press("down", "down")
        assert app.focused.current.query == "fines_total"
        await pilot.press("right")
        assert app.focused.id == "panel-petitions" and app.focused.cursor == 2
        await pilot.press("up", "up")
        assert app.focused.id == "panel-petitions" and app.focused.cursor == 0
        await pilot.press("up")  # above the first row: the header's 待办N项 (Enter opens the list)
        assert app.focused.id == "header"
        await pilot.press("down")  # and back where it came from
        assert app.focused.id == "panel-petitions" and app.focused.cursor == 0
        await pilot.press("left", "left")
        assert app.focused.id == "panel-enforcement"
        for _ in range(len(home.panels[0].items)):
            await pilot.press("down")
        assert app.focused.id == "panel-study"  # the panel below in a four-column grid
        await pilot.press("tab")
        assert app.focused.id == "panel-study" and app.focused.cursor == 1
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused.id == "panel-training" and app.focused.cursor == len(app.focused.items) - 1


async def test_panel_detail_shows_breakdowns_and_drills(make_app):
    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await goto(pilot, "petitions", "petitions_received")
        await pilot.press("o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DetailScreen)
        channel = visible_text(screen.query_one("#bd-petitions_by_channel"))
        assert "12345" in channel and "12369" in channel and "网络" in channel
        chart = screen.query_one("#detail-chart")
        assert chart.border_title == "按月受理数（2025年）"  # the label says 按月 once
        assert screen.figure_list.text_of("petitions_all") == "3件"
        screen.query_one("#bd-petitions_by_category").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RowsScreen)
        assert app.screen.query_one(DataTable).row_count == 3  # 大气, 水, 噪声
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_detail_pages_with_the_keyboard_and_focus_follows(make_app):
    """PageDown / End scroll a detail longer than the screen; Enter opens what is in view."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, "petitions", "petitions_received")
        await pilot.press("o")
        await settle(pilot)
        screen = app.screen
        body = screen.query_one("#detail-body")
        assert body.max_scroll_y > 0 and body.scroll_offset.y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_offset.y > 0
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_offset.y == body.max_scroll_y
        last = screen.query(BreakdownBox).last()
        assert screen.focused is last
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RowsScreen) and app.screen.query_name == last.query_name
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_offset.y == 0 and screen.focused is screen.figure_list


async def test_rows_sort_and_filter(make_app):
    app = make_app(year=2024)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.open_rows("cases_filed")
        await settle(pilot)
        screen = app.screen
        dt = screen.query_one(DataTable)
        fine = screen.table.columns.index("fine_yuan")
        shown = screen.order.index(fine)  # where the column is on screen (key columns come first)
        assert shown > 0
        await pilot.press(*["right"] * shown)  # the keyboard picks the column s sorts by
        assert dt.cursor_column == shown
        await pilot.press("s")
        await settle(pilot)  # sorting runs in SQL, in a worker
        assert screen.sort_column == fine
        assert f"按{screen.table.labels[fine]}升序" in visible_text(screen.query_one("#rows-status"))
        first = [str(c) for c in dt.get_row_at(0)]
        assert first[shown] == "31600.00"  # ascending, blanks last
        assert dt.cursor_column == shown  # still in the sorted column, ready for s again
        await pilot.press("s")
        await settle(pilot)
        assert str(dt.get_row_at(0)[shown]) == "50000.00"
        await pilot.press("enter")  # Enter on any cell opens its row
        assert isinstance(app.screen, RecordScreen)
        assert any(str(v).startswith("50000") for v in app.screen.row)
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"大气")
        await settle(pilot)
        assert dt.row_count == 2
        await pilot.press("enter")
        assert app.focused is dt and dt.row_count == 2
        assert "筛选“大气”：2 行" in visible_text(screen.query_one("#rows-status"))
        await pilot.press("escape")  # clears the filter first
        await settle(pilot)
        assert dt.row_count == 5 and isinstance(app.screen, RowsScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("unmask", [False, True])
async def test_petitioner_name_and_phone_only_with_unmask(make_app, unmask):
    app = make_app(unmask=unmask, year=2024)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        app.open_rows("petitions_received")
        await settle(pilot)
        text = table_text(app)
        assert ("张三丰" in text) is unmask
        assert ("13812345678" in text) is unmask
        if not unmask:
            assert "张**" in text and "138****5678" in text
        await pilot.press("enter")
        await pilot.pause()
        fields = visible_text(app.screen.query_one("#record-fields"))
        assert ("张三丰" in fields) is unmask
        assert ("13812345678" in fields) is unmask  # also inside the free-text summary


async def test_rows_come_a_page_at_a_time(make_app, monkeypatch):
    from dashboard.tui import loading
    from dashboard.tui.rows import screen as rows

    monkeypatch.setattr(rows, "ROW_PAGE", 2)
    monkeypatch.setattr(rows, "AHEAD", 0)
    monkeypatch.setattr(loading, "ROW_PAGE", 2)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.open_rows("cases_filed")
        await settle(pilot)
        dt = app.screen.query_one(DataTable)
        assert dt.row_count == 2
        status = visible_text(app.screen.query_one("#rows-status"))
        assert "共 4 行" in status and "已载入 2 行" in status
        await pilot.press("down")  # the cursor reaches the last loaded row: the next page comes
        await settle(pilot)
        assert dt.row_count == 4
        assert "已载入" not in visible_text(app.screen.query_one("#rows-status"))
        assert [str(dt.get_row_at(i)[0]) for i in range(4)] == [f"XT2025-00{i}" for i in range(1, 5)]


async def test_chart_words_are_outside_the_plot_and_in_chinese(make_app):
    """plotext cannot draw CJK: inside the plot only numbers; axis names and legend are Textual's, below or above."""
    import re

    from textual_plotext import PlotextPlot

    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        app.open_panel("enforcement")
        await settle(pilot)
        chart = app.screen.query_one("#detail-chart")
        plot = chart.query_one(PlotextPlot)
        drawn = visible_text(plot)
        assert not re.search(r"[A-Za-z\u4e00-\u9fff]", drawn), drawn  # no legend, no "month" in the plot
        assert "2025" not in drawn  # the legend is not drawn over the bars
        assert visible_text(chart.query_one(".chart-axis")) == "纵轴：案件数"
        legend = visible_text(chart.query_one(".chart-legend"))
        assert "横轴：月份" in legend and "2025年" in legend and "2024年" in legend
        assert chart.border_title == "按月立案数（2025年）" and chart.border_title.count("按月") == 1


async def test_rows_keep_their_column_widths_through_year_switches(make_app):
    """Columns are as wide as their widest cell, before and after every reload (never the header's width)."""
    from dashboard.output import cell_width

    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        app.open_rows("cases_filed")
        await settle(pilot)
        screen = app.screen
        dt = screen.query_one(DataTable)
        party = [str(c.label) for c in dt.columns.values()].index("当事人")
        before = None
        for key in ("Y", "y") * 4:
            await pilot.press(key)
            await settle(pilot)
            assert dt.row_count == len(screen.table.rows) > 0
            widths = [c.get_render_width(dt) - 2 * dt.cell_padding for c in dt.ordered_columns]
            for i in range(len(widths)):
                cells = [str(dt.get_row_at(r)[i]) for r in range(dt.row_count)]
                assert widths[i] >= max(map(cell_width, cells)), (key, i, widths[i], cells)
            assert widths[party] >= cell_width("戊建材有限公司")  # wider than its header 当事人
            if before is not None:
                assert all(w >= b for w, b in zip(widths, before))  # never narrower after a reload
            before = widths


async def test_x_exports_the_rows_shown_in_their_order(make_app, tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.chdir(tmp_path)
    app = make_app(year=2024)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.open_rows("petitions_all")
        await settle(pilot)
        await pilot.press("slash", *"龙泉镇", "enter")
        await settle(pilot)
        rows_screen = app.screen
        shown = [str(c.label) for c in rows_screen.query_one(DataTable).columns.values()]
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, SaveAsScreen)
        target = tmp_path / "信访-龙泉镇.xlsx"
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is rows_screen and target.exists()
        sheet = openpyxl.load_workbook(target).active
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        assert values[0] == shown  # Chinese labels, in the screen's order (personal data last)
        assert len(values) == 1 + 2  # the two 龙泉镇 petitions of 2024, not all four
        text = " ".join(str(v) for row in values for v in row)
        assert "张**" in text and "张三丰" not in text and "13812345678" not in text  # masked as on screen
        assert f"已导出 2 行：{target}" in [n.message for n in app._notifications]


async def test_rows_are_drawn_at_full_width_even_before_the_table_is_idle(make_app):
    """Why the rows table once collapsed to its headers' width after a year switch (2 runs in 8):
    an auto-width DataTable measures new rows only when idle, and keeps lines drawn before that
    (at the headers' width) in its caches. A frame drawn in between, while the home screen's panels
    were reloading for the new year, stayed. Columns now get their width from the rows up front."""
    from dashboard.tui.loading import load_table

    app = make_app(year=2024)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        app.open_rows("cases_filed")
        await settle(pilot)
        screen = app.screen
        dt = screen.query_one(DataTable)
        table = load_table(app.figures, "cases_filed", app.period)
        screen._table_loaded(table)  # what a reload does, with no idle before the next frame
        header = dt.render_line(0).text
        first = dt.render_line(1).text
        assert "戊建材有限公司" in "".join(dt.render_line(y).text for y in range(1, 6))
        assert "甲化工有限公司" in first and "当事人" in header
