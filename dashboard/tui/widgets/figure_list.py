"""Figures, alert badges and a trend as lines of one focusable widget.

One widget per list (not one per line) keeps the home screen's first paint
fast. A cursor marks the selected line; Enter (or a click) drills down: a
figure or an alert to the rows behind it, the trend to the panel's detail.
While new values load, the old ones stay on screen (a reload never blanks).
"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.reactive import reactive
from textual.widget import Widget

from ..loading import Series, Value
from ..navigation import ShowPanel, ShowRows
from ..panels import Line
from ..text import cell_width, clip

LOADING = "…"
SPARKS = "▁▂▃▄▅▆▇█"
WIDE = 60  # from this width a compared figure also shows last year's value
PERCENT = re.compile(r"（[^）]*）")  # the percentage of a change, left out where the line is short


def sparkline(values: list[float]) -> str:
    """Twelve months as block characters; an empty month is the lowest block."""
    top = max(values, default=0)
    if top <= 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[0] if v <= 0 else SPARKS[1 + round((v / top) * (len(SPARKS) - 2))]
                   for v in values)


class FigureList(Widget, can_focus=True):
    """Lines of figures with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "drill", "查看记录", id="dash.drill",
                tooltip="打开光标所在数字背后的记录；在月度趋势一行上打开面板详情与图表"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"figure-list--value", "figure-list--prev", "figure-list--quiet", "figure-list--hot",
                         "figure-list--error", "figure-list--cursor"}

    cursor: reactive[int] = reactive(0, init=False)

    def __init__(self, items: list[Line], panel: str, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.items = items
        self.panel_key = panel
        self.values: dict[str, Value] = {}
        self.series: Series | None = None
        self.compare = False
        self.errors: list[str] = []

    # ------------------------------------------------------------------ state

    @property
    def current(self) -> Line | None:
        return self.items[self.cursor] if 0 <= self.cursor < len(self.items) else None

    def show(self, values: dict[str, Value], series: Series | None, errors: list[str]) -> None:
        self.values, self.series, self.errors = values, series, errors
        self.refresh(layout=True)

    def set_compare(self, compare: bool) -> None:
        """同比 on or off; the values shown stay until the new ones arrive."""
        self.compare = compare
        self.refresh()

    def set_items(self, items: list[Line]) -> None:
        """Show other lines (a smaller or larger terminal); the cursor stays on its figure if it can."""
        current = self.current
        self.items = items
        self.cursor = next((i for i, x in enumerate(items) if current and x.query == current.query),
                           min(self.cursor, len(items) - 1))
        self.refresh(layout=True)

    def text_of(self, query: str) -> str | None:
        """What the line for ``query`` shows as its value (None while loading)."""
        v = self.values.get(query)
        return None if v is None else v.text

    def move(self, step: int) -> bool:
        """Move the cursor; False when it would leave the list."""
        target = self.cursor + step
        if not 0 <= target < len(self.items):
            return False
        self.cursor = target
        return True

    def select(self, query: str) -> None:
        for i, item in enumerate(self.items):
            if item.query == query:
                self.cursor = i

    def watch_cursor(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # ------------------------------------------------------------------ drilling

    def action_drill(self) -> None:
        item = self.current
        if item is None:
            return
        if item.kind == "trend":
            self.post_message(ShowPanel(self.panel_key))
        else:
            self.post_message(ShowRows(item.query))

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and 0 <= offset.y < len(self.items):
            self.cursor = offset.y
            self.action_drill()

    # ------------------------------------------------------------------ drawing

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _right(self, item: Line, width: int, brief: bool = False) -> tuple[Text, bool]:
        if item.kind == "trend":
            s = self.series
            if s is None:
                return Text(LOADING, self._style("figure-list--quiet")), False
            if s.error is not None:
                return Text("出错", self._style("figure-list--error")), False
            return Text.assemble((sparkline(s.values), self._style("figure-list--value")),
                                 f" 合计{int(sum(s.values))}"), False
        v = self.values.get(item.query)
        if v is None:
            return Text(LOADING, self._style("figure-list--quiet")), False
        if v.error is not None:
            return Text("出错", self._style("figure-list--error")), False
        hot = item.kind == "alert" and v.hot
        style = "figure-list--hot" if hot else ("figure-list--quiet" if item.kind == "alert" else "figure-list--value")
        right = Text(v.text, self._style(style))
        if self.compare and item.kind == "figure" and v.compared:
            change = PERCENT.sub("", v.change_text) if brief else v.change_text
            if width >= WIDE and v.has_prev and not brief:
                change = f"去年{v.prev_text}  {change}"
            if change:
                right.append(f" {change}", self._style("figure-list--prev"))
        return right, hot

    def _line(self, item: Line, width: int) -> Text:
        right, hot = self._right(item, width)
        mark = ("! " if hot else "  ") if item.kind == "alert" else ""
        if cell_width(item.label) + right.cell_len + cell_width(mark) + 1 > width:
            right, hot = self._right(item, width, brief=True)  # the label first: the change without its %
        label = clip(item.label, width - right.cell_len - cell_width(mark) - 1)
        gap = width - cell_width(mark) - cell_width(label) - right.cell_len
        line = Text.assemble(mark, label, " " * max(1, gap), right, no_wrap=True, overflow="crop")
        if item.kind == "alert":  # offsets below are character indices into the Text, not cells
            line.stylize(self._style("figure-list--error" if hot else "figure-list--quiet"), 0,
                         len(mark) + len(label))
        return line

    def render(self) -> Text:
        width = max(4, self.content_size.width)
        lines = [self._line(item, width) for item in self.items]
        if self.has_focus and 0 <= self.cursor < len(lines):
            lines[self.cursor].stylize(self._style("figure-list--cursor"))
        for err in self.errors:
            lines.append(Text(clip(f"查询出错 {err}", width), self._style("figure-list--error"), no_wrap=True))
        return Text("\n").join(lines)
