"""A panel's detail: every figure, the by-month chart (plotext) and the breakdowns as bars."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from ..loading import load_detail
from ..messages import DetailLoaded
from ..panels import panel
from ..widgets.bars import BreakdownBox
from ..widgets.figure_line import FigureLine
from ..widgets.header import HeaderLine
from ..widgets.panel import query_label

if TYPE_CHECKING:
    from ..app import DashApp


class DetailScreen(Screen):
    """Everything one panel knows, each part drilling to its rows."""

    BINDINGS = [
        Binding("escape", "back", "返回", id="dash.back_detail", tooltip="回到首页"),
        Binding("up", "app.focus_previous", "上", show=False, id="dash.detail_up"),
        Binding("down", "app.focus_next", "下", show=False, id="dash.detail_down"),
    ]

    def __init__(self, key: str) -> None:
        super().__init__()
        self.spec = panel(key)
        self.generation = 0

    @property
    def dash(self) -> "DashApp":
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        spec = self.spec
        yield HeaderLine(id="header")
        with VerticalScroll(id="detail-body", can_focus=False):
            with Grid(id="detail-figures") as figures:
                figures.border_title = spec.long_title
                for name in spec.detail_figures:
                    yield FigureLine(name, query_label(name), id=f"fig-{name}")
                for name in spec.alerts:
                    yield FigureLine(name, query_label(name), alert=True, id=f"fig-{name}")
            if spec.trend:
                from ..widgets.chart import MonthChart  # plotext only when a chart is shown

                yield MonthChart(id="detail-chart")
            for name in spec.breakdowns:
                yield BreakdownBox(name, query_label(name))
            yield Static("", id="detail-error")
        yield Footer()

    def on_mount(self) -> None:
        first = self.query(FigureLine).first()
        if first is not None:
            self.set_focus(first, scroll_visible=False)
        self.reload()

    def on_resize(self) -> None:
        grid = self.query_one("#detail-figures", Grid)
        grid.styles.grid_size_columns = max(1, min(3, self.size.width // 44))

    def reload(self) -> None:
        app = self.dash
        self.query_one(HeaderLine).info = app.header_info(self.spec.title)
        if app.figures is None:
            return
        self.generation = app.generation
        for line in self.query(FigureLine):
            line.compare = app.compare
        prev = app.period.previous(app.today) if app.compare else None
        self._load(app.generation, prev)

    @work(thread=True, exclusive=True)
    def _load(self, generation: int, prev) -> None:
        app = self.dash
        worker = get_current_worker()
        data = load_detail(app.figures, self.spec, app.period, prev, cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(DetailLoaded(generation, data))

    @on(DetailLoaded)
    def _loaded(self, message: DetailLoaded) -> None:
        if message.generation != self.generation:
            return
        data = message.data
        for line in self.query(FigureLine):
            line.value = data.values.get(line.query_name)
        if data.trend is not None:
            from ..widgets.chart import MonthChart

            self.query_one(MonthChart).show(data.trend, data.period.year)
        for table in data.breakdowns:
            self.query_one(f"#bd-{table.name}", BreakdownBox).show(table)
        errors = [f"{v.label}：{v.error}" for v in data.values.values() if v.error]
        errors += [f"{t.label}：{t.error}" for t in data.breakdowns if t.error]
        self.query_one("#detail-error", Static).update("\n".join(f"查询出错 {e}" for e in errors))

    def action_back(self) -> None:
        self.dismiss()
