"""Home: the header line and the grid of panels, reflowing with the terminal width."""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer

from ..panels import PANELS
from ..widgets.figure_line import FigureLine
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

    BINDINGS = [
        Binding("up", "move(0, -1)", "上", show=False, id="dash.focus_up"),
        Binding("down", "move(0, 1)", "下", show=False, id="dash.focus_down"),
        Binding("left", "move(-1, 0)", "左", show=False, id="dash.focus_left"),
        Binding("right", "move(1, 0)", "右", show=False, id="dash.focus_right"),
        Binding("o", "open_panel", "面板详情", id="dash.open_panel", tooltip="打开当前面板的详情与图表"),
    ]

    columns: reactive[int] = reactive(2, init=False)

    @property
    def dash(self) -> "DashApp":
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield HeaderLine(id="header")
        with PanelGrid(id="grid"):
            for spec in PANELS:
                yield PanelWidget(spec)
        yield Footer()

    @property
    def panels(self) -> list[PanelWidget]:
        return list(self.query(PanelWidget))

    def on_mount(self) -> None:
        self._reflow(self.size.width, self.size.height)
        self.query_one(HeaderLine).info = self.dash.header_info()
        first = self.query(FigureLine).first()
        self.set_focus(first, scroll_visible=False)
        self.reload()

    def on_resize(self, event: Resize) -> None:
        self._reflow(event.size.width, event.size.height)

    def _reflow(self, width: int, height: int) -> None:
        self.columns = max(1, min(MAX_COLUMNS, width // PANEL_WIDTH))

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
        prev = app.period.previous(app.today) if app.compare else None
        for p in self.panels:
            p.load(app.figures, app.period, prev, app.generation, app.compare)

    def action_move(self, dx: int, dy: int) -> None:
        """Arrows move between figures: up/down within a panel, then to the panel above/below."""
        panels = self.panels
        focused = self.focused
        if not isinstance(focused, FigureLine) or not panels:
            first = self.query(FigureLine).first()
            if first is not None:
                first.focus()
            return
        panel = next(p for p in panels if focused in p.lines)
        i, lines = panels.index(panel), panel.lines
        j = lines.index(focused)
        if dy:
            if 0 <= j + dy < len(lines):
                lines[j + dy].focus()
                return
            k = i + dy * self.columns
            if 0 <= k < len(panels):
                target = panels[k].lines
                target[0 if dy > 0 else -1].focus()
            return
        k = i + dx
        if 0 <= k < len(panels):
            target = panels[k].lines
            target[min(j, len(target) - 1)].focus()

    def action_open_panel(self) -> None:
        focused = self.focused
        for p in self.panels:
            if focused in p.lines:
                self.dash.open_panel(p.spec.key)
                return
        self.dash.open_panel(PANELS[0].key)
