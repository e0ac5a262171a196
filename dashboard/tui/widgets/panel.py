"""A home-screen panel: its headline figures, alert badges and trend, loaded by its own worker.

Each panel loads in its own thread worker and shows its own loading state and
its own errors, so a failing query breaks only the panel it belongs to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.reactive import reactive
from textual.worker import get_current_worker

from ...clock import Period
from ..loading import Series, Value, load_panel
from ..messages import PanelLoaded
from ..panels.base import PanelSpec
from .figure_list import FigureList, Item

if TYPE_CHECKING:
    from ...figures import Figures


def query_label(name: str) -> str:
    """The label a named query declares (the name itself if the query is unknown)."""
    from ... import queries

    try:
        return queries.get(name).label
    except Exception:  # noqa: BLE001 - show the name instead
        return name


def panel_items(spec: PanelSpec, detail: bool = False) -> list[Item]:
    """The lines of a panel: figures, alerts, then the trend (home) — or every figure (detail)."""
    label = (lambda n: query_label(n)) if detail else (lambda n: spec.short_label(n, query_label(n)))
    figures = spec.detail_figures if detail else spec.figures
    items = [Item("figure", n, label(n)) for n in figures]
    items += [Item("alert", n, label(n)) for n in spec.alerts]
    if spec.trend and not detail:
        items.append(Item("trend", spec.trend, label(spec.trend)))
    return items


class PanelWidget(FigureList):
    """One panel of the home grid."""

    # loading | ready | error; mirrored as one CSS class (a class change restyles the panel).
    state: reactive[str] = reactive("loading", init=False)
    # Alert lines that fire (the "N项待办" under the border), summed in the home header.
    hot: reactive[int] = reactive(0, init=False)

    def __init__(self, spec: PanelSpec) -> None:
        super().__init__(panel_items(spec), spec.key, id=f"panel-{spec.key}", classes="panel -loading")
        self.spec = spec
        self.generation = 0
        self.border_title = spec.title
        self.border_subtitle = "加载中"

    def watch_state(self, state: str) -> None:
        self.update_classes({f"-{name}": state == name for name in ("loading", "ready", "error")})
        if state == "loading":
            self.border_subtitle = "加载中"

    def load(self, figures: Figures, period: Period, prev: Period | None, generation: int,
             compare: bool) -> None:
        """Start (or restart) loading; older results are dropped by generation."""
        self.generation = generation
        self.state = "loading"
        self.hot = 0
        self.clear(compare)
        self._load(figures, period, prev, generation)

    @work(thread=True, exclusive=True, group="panel")
    def _load(self, figures: Figures, period: Period, prev: Period | None, generation: int) -> None:
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
        errors = [f"{v.label}：{v.error}" for v in data.errors]
        if data.trend is not None and data.trend.error:
            errors.append(f"{data.trend.label}：{data.trend.error}")
        self.show(data.values, data.trend, errors)
        hot = sum(1 for n in self.spec.alerts if data.values.get(n) and data.values[n].hot)
        self.state = "error" if errors else "ready"
        self.border_subtitle = f"{len(errors)}项出错" if errors else (f"{hot}项待办" if hot else "")
        self.hot = hot

    def fail(self, message: str) -> None:
        """The store itself could not be read: say so in the panel."""
        self.generation += 1
        self.state = "error"
        self.border_subtitle = "出错"
        values = {i.query: Value(i.query, i.label, "", error=message) for i in self.items if i.kind != "trend"}
        trend = Series(self.spec.trend, "", error=message) if self.spec.trend else None
        self.show(values, trend, [message])
