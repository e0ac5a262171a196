"""Categorical breakdowns as Rich bars, with Chinese labels laid out by cell width.

A breakdown query's leading text columns name the category, its first number is
the bar, and any further columns are shown after the number.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Static

from ...figures import format_value
from ...output import fmt_value
from ..loading import Table
from ..navigation import ShowRows
from ..text import cell_width, clip, pad

BAR = "█"
HALF = "▌"


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)


def split_columns(table: Table) -> tuple[list[int], int | None, list[int]]:
    """(label columns, value column, extra columns) of a breakdown."""
    value = None
    for i in range(len(table.columns)):
        if table.rows and all(_is_number(r[i]) for r in table.rows if r[i] is not None) \
                and any(r[i] is not None for r in table.rows):
            value = i
            break
    if value is None:
        return list(range(len(table.columns))), None, []
    return list(range(value)), value, list(range(value + 1, len(table.columns)))


def _extra(label: str, value: object) -> str:
    """An extra column beside a bar; a money column (罚款元) as the report writes it: 罚款 19.9万元."""
    if label.endswith("元") and _is_number(value):
        return f"{label[:-1]} {format_value(value, '元')}"
    return f"{label} {fmt_value(value)}"


def render_bars(table: Table, width: int, bar_style: str = "", dim_style: str = "") -> Text:
    """The breakdown as one bar per category, fitted to ``width`` cells."""
    if table.error:
        return Text(f"查询出错：{table.error}")
    if not table.rows:
        return Text("（本年度无记录）", style=dim_style)
    labels_i, value_i, extra_i = split_columns(table)
    lines: list[tuple[str, float, str, str]] = []
    for r in table.rows:
        label = "·".join(fmt_value(r[i]) or "未填" for i in labels_i) or "—"
        num = float(r[value_i]) if value_i is not None and r[value_i] is not None else 0.0
        num_text = fmt_value(r[value_i]) if value_i is not None else ""
        extra = "  ".join(_extra(table.labels[i], r[i]) for i in extra_i)
        lines.append((label, num, num_text, extra))
    label_w = min(max(cell_width(x[0]) for x in lines), max(6, width // 3))
    num_w = max(cell_width(x[2]) for x in lines)
    extra_w = max(cell_width(x[3]) for x in lines)
    if label_w + num_w + extra_w + 8 > width:
        extra_w = 0  # too narrow: drop the extra columns rather than the bars
    bar_w = max(4, min(40, width - label_w - num_w - (extra_w + 2 if extra_w else 0) - 3))
    top = max((x[1] for x in lines), default=0) or 1
    out = Text(no_wrap=True, overflow="crop")
    for n, (label, num, num_text, extra) in enumerate(lines):
        cells = num / top * bar_w
        bar = BAR * int(cells) + (HALF if cells - int(cells) >= 0.5 else "")
        if num > 0 and not bar:
            bar = HALF
        if n:
            out.append("\n")
        out.append(pad(clip(label, label_w), label_w) + " ")
        out.append(pad(bar, bar_w), style=bar_style)
        out.append(" " + pad(num_text, num_w, right=True))
        if extra_w:
            out.append("  " + clip(extra, extra_w), style=dim_style)
    return out


class BreakdownBox(Static, can_focus=True):
    """A bordered breakdown; Enter shows the breakdown's own rows as a table."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "drill", "查看表格", id="dash.breakdown_rows", tooltip="以表格查看这个分项")]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"breakdown--bar", "breakdown--dim"}

    def __init__(self, query: str, label: str) -> None:
        super().__init__("…", classes="breakdown", id=f"bd-{query}")
        self.query_name = query
        self.border_title = label
        self.table: Table | None = None

    def show(self, table: Table) -> None:
        self.table = table
        self.set_class(table.error is not None, "-error")
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.table is None:
            return
        width = max(20, self.content_size.width or 60)
        self.update(render_bars(self.table, width,
                                self.get_component_rich_style("breakdown--bar", partial=True),
                                self.get_component_rich_style("breakdown--dim", partial=True)))

    def action_drill(self) -> None:
        self.post_message(ShowRows(self.query_name))

    def on_click(self) -> None:
        self.action_drill()
