"""One figure or alert on a line: label, value, and the previous year's value (同比).

Focusable; Enter (or a click) drills down to the rows behind the figure.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget

from ..loading import Series, Value
from ..messages import ShowPanel, ShowRows
from ..text import cell_width, clip

LOADING = "…"
SPARKS = "▁▂▃▄▅▆▇█"


class FigureLine(Widget, can_focus=True):
    """A figure (or an alert badge) that drills to its rows."""

    BINDINGS = [Binding("enter", "drill", "查看记录", id="dash.drill", tooltip="打开这个数字背后的记录")]
    COMPONENT_CLASSES = {"figure-line--value", "figure-line--prev", "figure-line--hot",
                         "figure-line--error", "figure-line--quiet"}

    value: reactive[Value | None] = reactive(None, always_update=True, init=False)
    compare: reactive[bool] = reactive(False)

    def __init__(self, query: str, label: str, alert: bool = False, id: str | None = None) -> None:
        super().__init__(id=id, classes="alert" if alert else None)
        self.query_name = query
        self.label = label
        self.alert = alert

    def watch_value(self, value: Value | None) -> None:
        self.update_classes({"-error": value is not None and value.error is not None,
                             "-hot": self.alert and value is not None and value.hot})
        self.tooltip = value.error if value is not None and value.error else None

    def action_drill(self) -> None:
        self.post_message(ShowRows(self.query_name))

    def on_click(self) -> None:
        self.action_drill()

    def _style(self, name: str):
        return self.get_component_rich_style(name, partial=True)

    def render(self) -> Text:
        width = max(1, self.content_size.width)
        v = self.value
        hot = self.alert and v is not None and v.hot
        if v is None:
            right = Text(LOADING, self._style("figure-line--quiet"))
        elif v.error is not None:
            right = Text("出错", self._style("figure-line--error"))
        else:
            style = "figure-line--hot" if hot else ("figure-line--quiet" if self.alert else "figure-line--value")
            right = Text(v.text, self._style(style))
            if self.compare and not self.alert:
                right = Text.assemble((f"去年{v.prev_text} ", self._style("figure-line--prev")), right)
        mark = ("! " if hot else "  ") if self.alert else ""
        room = width - right.cell_len - cell_width(mark) - 1
        label = clip(self.label, room)
        gap = width - cell_width(mark) - cell_width(label) - right.cell_len
        return Text.assemble(mark, label, " " * max(1, gap), right, no_wrap=True, overflow="crop")


class TrendLine(FigureLine):
    """The panel's by-month trend as a sparkline; Enter opens the panel's detail screen."""

    BINDINGS = [Binding("enter", "drill", "面板详情", id="dash.trend_open", tooltip="打开面板详情与图表")]

    series: reactive[Series | None] = reactive(None, always_update=True, init=False)

    def __init__(self, query: str, label: str, panel: str) -> None:
        super().__init__(query, label)
        self.panel_key = panel

    def watch_series(self, series: Series | None) -> None:
        self.set_class(series is not None and series.error is not None, "-error")
        self.tooltip = series.error if series is not None and series.error else None

    def action_drill(self) -> None:
        self.post_message(ShowPanel(self.panel_key))

    def render(self) -> Text:
        width = max(1, self.content_size.width)
        s = self.series
        if s is None:
            right = Text(LOADING, self._style("figure-line--quiet"))
        elif s.error is not None:
            right = Text("出错", self._style("figure-line--error"))
        else:
            total = int(sum(s.values))
            right = Text.assemble((sparkline(s.values), self._style("figure-line--value")), f" 合计{total}")
        label = clip(self.label, width - right.cell_len - 1)
        gap = width - cell_width(label) - right.cell_len
        return Text.assemble(label, " " * max(1, gap), right, no_wrap=True, overflow="crop")


def sparkline(values: list[float]) -> str:
    """Twelve months as block characters; an empty month is the lowest block."""
    top = max(values, default=0)
    if top <= 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[0] if v <= 0 else SPARKS[1 + round((v / top) * (len(SPARKS) - 2))]
                   for v in values)
