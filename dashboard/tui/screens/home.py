"""Home: the header line and the grid of panels, reflowing with the terminal width."""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen

from ..panels import PANELS
from ..widgets.footer import DashFooter
from ..widgets.header import HeaderLine
from ..widgets.panel import PanelWidget

if TYPE_CHECKING:
    from ..app import DashApp

PANEL_WIDTH = 40  # cells a panel wants; the grid gets width // PANEL_WIDTH columns
MAX_COLUMNS = 4


class PanelGrid(VerticalScroll, inherit_bindings=False, can_focus=False):
    """The scrolling grid; arrow keys belong to the screen (move between figures)."""


class HomeScreen(Screen):
    """The year at a glance."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(0, -1)", "上一行", show=False, id="dash.focus_up"),
        Binding("down", "move(0, 1)", "下一行", show=False, id="dash.focus_down"),
        Binding("left", "move(-1, 0)", "左边面板", show=False, id="dash.focus_left"),
        Binding("right", "move(1, 0)", "右边面板", show=False, id="dash.focus_right"),
        Binding("tab", "step(1)", "下一个数字", show=False, id="dash.focus_next"),
        Binding("shift+tab", "step(-1)", "上一个数字", show=False, id="dash.focus_previous"),
        Binding("o", "open_panel", "面板详情", id="dash.open_panel", tooltip="打开当前面板的详情与图表"),
    ]

    columns: reactive[int] = reactive(2, init=False)

    @property
    def dash(self) -> DashApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield HeaderLine(id="header")
        with PanelGrid(id="grid"):
            for spec in PANELS:
                yield PanelWidget(spec)
        yield DashFooter()

    @property
    def panels(self) -> list[PanelWidget]:
        return list(self.query(PanelWidget))

    def panel(self, key: str) -> PanelWidget:
        return self.query_one(f"#panel-{key}", PanelWidget)

    def on_mount(self) -> None:
        self.columns = max(1, min(MAX_COLUMNS, self.size.width // PANEL_WIDTH))
        self.set_focus(self.panels[0], scroll_visible=False)
        for p in self.panels:
            self.watch(p, "hot", self._count_alerts, init=False)
        self.reload()

    def _count_alerts(self) -> None:
        """The header sums the panels' 待办, so alerts in panels below the fold (80×24) are seen."""
        hot = sum(p.hot for p in self.panels)
        self.query_one(HeaderLine).info = self.dash.header_info(f"待办{hot}项" if hot else "")

    def on_resize(self, event: Resize) -> None:
        self.columns = max(1, min(MAX_COLUMNS, event.size.width // PANEL_WIDTH))

    def watch_columns(self, columns: int) -> None:
        # Inline grid styles, not CSS classes: a class change restyles every panel.
        grid = self.query_one(PanelGrid)
        grid.styles.grid_size_columns = columns
        grid.styles.grid_size_rows = ceil(len(PANELS) / columns)

    def reload(self) -> None:
        """(Re)load every panel for the app's current year; each panel loads on its own."""
        app = self.dash
        self.query_one(HeaderLine).info = app.header_info()
        if app.figures is None:
            if app.store_error:
                for p in self.panels:
                    p.fail(app.store_error)
            return
        prev = app.period.previous() if app.compare else None
        for p in self.panels:
            p.load(app.figures, app.period, prev, app.generation, app.compare)

    # ------------------------------------------------------------------ moving between figures

    def _current(self) -> tuple[list[PanelWidget], int]:
        panels = self.panels
        focused = self.focused
        return panels, panels.index(focused) if focused in panels else -1

    def _enter(self, panel: PanelWidget, line: int) -> None:
        panel.cursor = max(0, min(line, len(panel.items) - 1))
        panel.focus()

    def action_move(self, dx: int, dy: int) -> None:
        """Arrows: up/down through a panel's lines, then to the panel above/below; left/right across."""
        panels, i = self._current()
        if i < 0:
            self._enter(panels[0], 0)
            return
        panel = panels[i]
        if dy:
            if panel.move(dy):
                return
            k = i + dy * self.columns
            if 0 <= k < len(panels):
                self._enter(panels[k], 0 if dy > 0 else len(panels[k].items) - 1)
            return
        k = i + dx
        if 0 <= k < len(panels):
            self._enter(panels[k], panel.cursor)

    def action_step(self, step: int) -> None:
        """Tab / Shift+Tab: every figure in reading order, panel after panel."""
        panels, i = self._current()
        if i < 0:
            self._enter(panels[0], 0)
            return
        if panels[i].move(step):
            return
        k = (i + step) % len(panels)
        self._enter(panels[k], 0 if step > 0 else len(panels[k].items) - 1)

    def action_open_panel(self) -> None:
        panels, i = self._current()
        self.dash.open_panel(panels[max(i, 0)].spec.key)
