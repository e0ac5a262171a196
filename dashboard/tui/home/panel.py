"""A home-screen panel: its headline figures, alert badges and trend, loaded by its own worker.

Each panel loads in its own thread worker and shows its own loading state and
its own errors, so a failing query breaks only the panel it belongs to. On a
small terminal the home screen gives each panel a line budget and the panel
shows its key figures and every alert within it (the rest is in its detail).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.reactive import reactive

from ..loading import FigureCache, PanelData, Series, Value, load_panel
from ..panels import PanelSpec, query_label
from ..widgets.figure_list import FigureList
from ..workers import ThreadLoader

if TYPE_CHECKING:
    from ...clock import Period
    from ...figures import Figures


class PanelWidget(ThreadLoader, FigureList):
    """One panel of the home grid."""

    # loading | ready | error; mirrored as one CSS class (a class change restyles the panel).
    state: reactive[str] = reactive("loading", init=False)
    # The panel's items on the to-do list (the "N项待办" under the border), summed in the home header.
    hot: reactive[int] = reactive(0, init=False)

    def __init__(self, spec: PanelSpec) -> None:
        self.all_lines = spec.lines(query_label)
        super().__init__(self.all_lines, spec.key, id=f"panel-{spec.key}", classes="panel -loading")
        self.spec = spec
        self.budget: int | None = None
        self.border_title = spec.title
        self.border_subtitle = "加载中"

    def watch_state(self, state: str) -> None:
        self.update_classes({f"-{name}": state == name for name in ("loading", "ready", "error")})
        self._subtitle()

    def watch_hot(self) -> None:
        self._subtitle()

    def _subtitle(self) -> None:
        errors = len(self.errors)
        self.border_subtitle = {"loading": "加载中", "error": f"{errors}项出错" if errors else "出错"}.get(
            self.state, f"{self.hot}项待办" if self.hot else "")

    def fit(self, budget: int | None, boxed: bool = True) -> None:
        """Show at most ``budget`` lines (None: all of them), in a box or under a title rule."""
        self.set_class(not boxed, "-open")
        self.border_title = self.spec.title if boxed else f" {self.spec.title} "  # a rule has no corner gap
        if budget == self.budget:
            return
        self.budget = budget
        self.set_items(self.all_lines if budget is None else self.spec.at_a_glance(self.all_lines, budget))

    def reload_for(self, figures: Figures, period: Period, prev: Period | None, compare: bool,
             cache: FigureCache) -> None:
        """Start (or restart) loading; what is shown stays until the new values arrive."""
        self.state = "loading"
        self.set_compare(compare)
        spec = self.spec
        self.load("panel", lambda cancelled: load_panel(figures, spec, period, prev, cancelled, cache),
                  self._loaded)

    def _loaded(self, data: PanelData) -> None:
        errors = [f"{v.label}：{v.error}" for v in data.errors]
        if data.trend is not None and data.trend.error:
            errors.append(f"{data.trend.label}：{data.trend.error}")
        self.show(data.values, data.trend, errors)
        self.hot = data.todo
        self.state = "error" if errors else "ready"
        self._subtitle()

    def fail(self, message: str) -> None:
        """The store itself could not be read: say so in the panel."""
        self.drop_pending()
        values = {i.query: Value(i.query, i.label, "", error=message) for i in self.all_lines if i.kind != "trend"}
        trend = Series(self.spec.trend, "", error=message) if self.spec.trend else None
        self.show(values, trend, [message])
        self.hot = 0
        self.state = "error"
        self._subtitle()
