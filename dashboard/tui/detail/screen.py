"""A panel's detail: every figure, the by-month chart (plotext) and the breakdowns as bars."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

from ..context import DashScreen
from ..loading import DetailData, load_detail
from ..panels import panel, query_label
from ..widgets.figure_list import FigureList
from ..widgets.footer import DashFooter
from ..widgets.header import HeaderLine
from .bars import BreakdownBox

if TYPE_CHECKING:
    from ...clock import Period
    from ...figures import Figures


class DetailBody(VerticalScroll, inherit_bindings=False, can_focus=False):
    """Scrolls to whatever is focused; arrow keys belong to the screen."""


class DetailScreen(DashScreen):
    """Everything one panel knows, each part drilling to its rows."""

    HELP_TITLE = "面板详情"
    HELP_PARTS = (FigureList, BreakdownBox)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回", id="dash.back_detail", tooltip="回到首页"),
        Binding("up", "move(-1)", "上", show=False, id="dash.detail_up"),
        Binding("down", "move(1)", "下", show=False, id="dash.detail_down"),
        Binding("pagedown,space", "scroll_body('down')", "下翻", show=False, id="dash.detail_page_down"),
        Binding("pageup", "scroll_body('up')", "上翻", show=False, id="dash.detail_page_up"),
        Binding("end", "scroll_body('end')", "到底", show=False, id="dash.detail_end"),
        Binding("home", "scroll_body('home')", "到顶", show=False, id="dash.detail_home"),
        Binding("tab", "app.focus_next", "下一部分", show=False, id="dash.detail_next_part",
                tooltip="指标、图表、各分项之间移动（Shift+Tab 上一部分）"),
        Binding("shift+tab", "app.focus_previous", "上一部分", show=False, id="dash.detail_previous_part"),
    ]

    def __init__(self, key: str) -> None:
        super().__init__()
        self.spec = panel(key)

    @property
    def where(self) -> str:
        return self.spec.title

    def compose(self) -> ComposeResult:
        spec = self.spec
        yield HeaderLine(id="header")
        with DetailBody(id="detail-body"):
            figures = FigureList(spec.lines(query_label, detail=True), spec.key, id="detail-figures")
            figures.border_title = spec.long_title
            yield figures
            if spec.trend:
                from .chart import MonthChart  # plotext only when a chart is shown

                yield MonthChart(id="detail-chart")
            for name in spec.breakdowns:
                yield BreakdownBox(name, query_label(name))
        yield DashFooter()

    @property
    def figure_list(self) -> FigureList:
        return self.query_one("#detail-figures", FigureList)

    def on_mount(self) -> None:
        self.set_focus(self.figure_list, scroll_visible=False)
        # The screen first, then its data: figures from the cache would otherwise arrive in time to
        # make the first frame draw the chart and every breakdown, and o would answer later.
        self.call_after_refresh(self.reload)

    def load_period(self, figures: Figures, period: Period) -> None:
        app = self.dash
        self.figure_list.set_compare(app.compare)
        spec, cache = self.spec, app.cache
        prev = period.previous() if app.compare else None
        self.load("detail", lambda cancelled: load_detail(figures, spec, period, prev, cancelled, cache),
                  self._loaded)

    def _loaded(self, data: DetailData) -> None:
        errors = [f"{v.label}：{v.error}" for v in data.values.values() if v.error]
        self.figure_list.show(data.values, None, errors)
        if data.trend is not None:
            from .chart import MonthChart

            self.query_one(MonthChart).show(data.trend, data.period.year)
        for table in data.breakdowns:
            self.query_one(f"#bd-{table.name}", BreakdownBox).show(table)

    def action_move(self, step: int) -> None:
        """Up/down through the figures, then on to the breakdowns."""
        focused = self.focused
        if isinstance(focused, FigureList) and focused.move(step):
            return
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()
            if isinstance(self.focused, FigureList):
                self.focused.cursor = len(self.focused.items) - 1

    def action_scroll_body(self, where: str) -> None:
        """Page or jump the body; focus follows to a part in view, so Enter opens what is seen."""
        body = self.query_one(DetailBody)
        jump = {"down": body.scroll_page_down, "up": body.scroll_page_up,
                "end": body.scroll_end, "home": body.scroll_home}[where]
        jump(animate=False)
        parts = [w for w in body.children if w.can_focus]
        if where in ("end", "home") and parts:  # the last part at the end, the figures at the top
            self.set_focus(parts[-1 if where == "end" else 0], scroll_visible=False)
        else:
            self.call_after_refresh(self._focus_in_view)

    def _focus_in_view(self) -> None:
        body = self.query_one(DetailBody)
        top = body.scroll_offset.y
        parts = [w for w in body.children if w.can_focus]
        seen = [w for w in parts if w.virtual_region.y >= top] or parts[-1:]
        if seen and self.focused not in seen:
            self.set_focus(seen[0], scroll_visible=False)

    def action_back(self) -> None:
        self.dismiss()
