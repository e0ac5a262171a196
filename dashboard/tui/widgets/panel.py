"""A home-screen panel: its headline figures, alert badges and trend, loaded by its own worker.

Each panel loads in its own thread worker and shows its own loading state and
its own errors, so a failing query breaks only the panel it belongs to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Static
from textual.worker import get_current_worker

from ..loading import Period, load_panel
from ..messages import PanelLoaded
from ..panels.base import PanelSpec
from .figure_line import FigureLine, TrendLine

if TYPE_CHECKING:
    from ...figures import Figures


def query_label(name: str) -> str:
    """The label a named query declares (the name itself if the query is unknown)."""
    from ... import queries

    try:
        return queries.get(name).label
    except Exception:
        return name


class PanelWidget(Vertical):
    """One panel of the home grid."""

    # loading | ready | error; mirrored as a CSS class (set once per change: a class
    # change restyles the whole panel).
    state: reactive[str] = reactive("loading", init=False)

    def __init__(self, spec: PanelSpec) -> None:
        super().__init__(id=f"panel-{spec.key}", classes="panel -loading")
        self.spec = spec
        self.generation = 0
        self.border_title = spec.title
        self.border_subtitle = "加载中"

    def compose(self) -> ComposeResult:
        for name in self.spec.figures:
            yield FigureLine(name, self.spec.short_label(name, query_label(name)), id=f"fig-{name}")
        for name in self.spec.alerts:
            yield FigureLine(name, self.spec.short_label(name, query_label(name)), alert=True,
                             id=f"fig-{name}")
        if self.spec.trend:
            name = self.spec.trend
            yield TrendLine(name, self.spec.short_label(name, query_label(name)), self.spec.key)
        yield Static("", classes="panel-error")

    @property
    def lines(self) -> list[FigureLine]:
        """The focusable lines, top to bottom."""
        return list(self.query(FigureLine))

    @property
    def natural_height(self) -> int:
        return len(self.spec.figures) + len(self.spec.alerts) + (1 if self.spec.trend else 0) + 2

    def watch_state(self, state: str) -> None:
        self.update_classes({f"-{name}": state == name for name in ("loading", "ready", "error")})
        if state == "loading":
            self.border_subtitle = "加载中"

    def load(self, figures: "Figures", period: Period, prev: Period | None, generation: int,
             compare: bool) -> None:
        """Start (or restart) loading; older results are dropped by generation."""
        self.generation = generation
        self.state = "loading"
        for line in self.lines:
            line.compare = compare
        self._load(figures, period, prev, generation)

    @work(thread=True, exclusive=True, group="panel")
    def _load(self, figures: "Figures", period: Period, prev: Period | None, generation: int) -> None:
        worker = get_current_worker()
        data = load_panel(figures, self.spec, period, prev, cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(PanelLoaded(generation, data))

    @on(PanelLoaded)
    def _loaded(self, message: PanelLoaded) -> None:
        message.stop()
        if message.generation != self.generation:
            return
        data = message.data
        for line in self.lines:
            if isinstance(line, TrendLine):
                line.series = data.trend
            else:
                line.value = data.values.get(line.query_name)
        errors = [f"{v.label}：{v.error}" for v in data.errors]
        if data.trend is not None and data.trend.error:
            errors.append(f"{data.trend.label}：{data.trend.error}")
        self.query_one(".panel-error", Static).update("\n".join(f"查询出错 {e}" for e in errors))
        hot = sum(1 for n in self.spec.alerts if data.values.get(n) and data.values[n].hot)
        self.state = "error" if errors else "ready"
        self.border_subtitle = f"{len(errors)}项出错" if errors else (f"{hot}项待办" if hot else "")

    def fail(self, message: str) -> None:
        """The store itself could not be read: say so in the panel."""
        self.generation += 1
        self.state = "error"
        self.border_subtitle = "出错"
        self.query_one(".panel-error", Static).update(message)
