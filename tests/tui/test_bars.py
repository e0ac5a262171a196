"""Breakdown bars: one bar per category, fitted to the width, extra columns as the report writes them."""

from __future__ import annotations

from decimal import Decimal

from dashboard.tui.loading import Table
from dashboard.tui.text import cell_width
from dashboard.tui.detail.bars import render_bars


def _table(rows: list[tuple]) -> Table:
    return Table("cases_by_type", "按违法类型", ["违法类型", "案件数", "罚款元"], ["违法类型", "案件数", "罚款元"], rows)


def test_money_beside_a_bar_is_written_in_wan_yuan() -> None:
    text = render_bars(_table([("危废", 5, Decimal("199000.00")), ("噪声", 2, Decimal("0"))]), 100).plain
    lines = text.splitlines()
    assert "罚款 19.9万元" in lines[0] and "罚款 0万元" in lines[1]
    assert "199000" not in text


def test_bars_fit_the_width_and_drop_extras_when_narrow() -> None:
    rows = [("排污许可", 5, Decimal("91000")), ("水", 2, Decimal("12000"))]
    for width in (20, 30, 60, 100):
        lines = render_bars(_table(rows), width).plain.splitlines()
        assert all(cell_width(line) <= width for line in lines), width
    assert "罚款" not in render_bars(_table(rows), 20).plain and "罚款 9.1万元" in render_bars(_table(rows), 30).plain
    assert render_bars(_table([]), 60).plain == "（本年度无记录）"
