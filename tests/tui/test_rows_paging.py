"""The rows screen on a store with thousands of rows behind one figure.

The widget holds a page, not the whole set; the status line counts every row;
sorting and filtering go through SQL over all of them, so a row far past the
first page is found and sorted to the top.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from dashboard.tui.loading import ROW_PAGE
from dashboard.tui.rows.screen import RowsScreen

from .conftest import settle, visible_text
from .fixture_data import build_store

MANY = 6000  # extra 2024 cases; the fixture itself has five


def _case(i: int) -> list[str]:
    last = i == MANY - 1
    return [f"XT2024-B{i:05d}", "末行独有化工厂" if last else f"企业{i % 97}", "水", "日常检查", "",
            f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", "", "办理中", "", "999999" if last else str(1000 + i % 500),
            "", "", "是", ""]


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("tui-big")
    return build_store(base / "exports", base / "dash.duckdb",
                       extra={"行政处罚案件台账.csv": [_case(i) for i in range(MANY)]})


def status(app) -> str:
    return visible_text(app.screen.query_one("#rows-status"))


async def test_only_a_page_in_the_widget_and_sql_sorts_and_filters_all_rows(make_app, big_db):
    total = MANY + 5
    app = make_app(db=big_db, year=2024)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.open_rows("cases_filed")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RowsScreen)
        dt = screen.query_one(DataTable)
        assert dt.row_count == ROW_PAGE < total
        assert f"共 {total:,} 行" in status(app) and f"已载入 {ROW_PAGE:,} 行" in status(app)

        # sort by the fine, descending: the top row is the last case of the file, far past page one
        fine = screen.order.index(screen.table.columns.index("fine_yuan"))  # on screen
        dt.move_cursor(column=fine)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("s")  # again: descending
        await settle(pilot)
        assert "降序" in status(app)
        assert str(dt.get_row_at(0)[fine]) == "999999.00"
        assert str(dt.get_row_at(0)[0]) == f"XT2024-B{MANY - 1:05d}"
        assert dt.row_count == ROW_PAGE

        # filter: a party name that only the last row has
        await pilot.press("slash", *"末行独有")
        await settle(pilot)
        assert dt.row_count == 1 and str(dt.get_row_at(0)[0]) == f"XT2024-B{MANY - 1:05d}"
        assert f"筛选“末行独有”：1 行（共 {total:,} 行）" in status(app)
        await pilot.press("enter", "escape")  # leave the box, then clear the filter
        await settle(pilot)
        assert dt.row_count == ROW_PAGE and f"共 {total:,} 行" in status(app)

        # scrolling to the end of the loaded rows fetches the next page, still sorted
        dt.move_cursor(row=ROW_PAGE - 1)
        await settle(pilot)
        assert dt.row_count == 2 * ROW_PAGE
        fines = [float(str(dt.get_row_at(i)[fine]) or 0) for i in range(dt.row_count)]
        assert fines == sorted(fines, reverse=True)
        keys = [str(dt.get_row_at(i)[0]) for i in range(dt.row_count)]
        assert len(set(keys)) == len(keys)  # pages never overlap
