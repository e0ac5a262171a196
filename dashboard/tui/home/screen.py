"""Home: the header line and the grid of panels, every area at a glance at any size from 80×24.

The grid reflows with the width (one column per 40 cells, at most four); boxed
panels of one row are as tall as the row's tallest. When
the panels do not all fit the height, each gets an equal line budget and shows
its key figures and every alert within it (``PanelSpec.at_a_glance``); the rest
is one ``o`` away in its detail screen. Below 80×24 the grid scrolls, and the
paging keys page it.
"""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.geometry import Size
from textual.layout import Layout
from textual.layouts.grid import GridLayout
from textual.reactive import reactive

from ..context import DashScreen
from ..panels import PANELS
from ..widgets.footer import DashFooter
from ..widgets.header import HeaderLine
from .panel import PanelWidget

if TYPE_CHECKING:
    from ...clock import Period
    from ...figures import Figures

PANEL_WIDTH = 40  # cells a panel wants; the grid gets width // PANEL_WIDTH columns
MAX_COLUMNS = 4
BOXED = 2  # lines a boxed panel spends on its border
OPEN = 1  # lines an open panel (title rule, no bottom border) spends
MIN_LINES = 3  # below this a panel would say too little: the grid scrolls instead


class PanelGrid(VerticalScroll, inherit_bindings=False, can_focus=False):
    """The scrolling grid; arrow keys belong to the screen (move between figures).

    Boxed, the panels of a row are stretched to the row's height (its tallest panel), so the
    boxes of a row line up; open panels (a title rule, no bottom border) keep their own height.
    """

    stretch = False

    def pre_layout(self, layout: Layout) -> None:
        if isinstance(layout, GridLayout):
            layout.stretch_height = self.stretch

    def set_stretch(self, stretch: bool) -> None:
        if stretch != self.stretch:
            self.stretch = stretch
            self.refresh(layout=True)


def layout_for(size: Size, lines: list[int]) -> tuple[int, int | None, bool]:
    """(columns, line budget per panel or None for all, boxed) for a screen of ``size``.

    ``lines`` is each panel's full line count. Boxed panels when they fit; with a
    budget, boxed while it leaves four lines, else open (one more line each).
    """
    columns = max(1, min(MAX_COLUMNS, size.width // PANEL_WIDTH))
    height = max(1, size.height - 2)  # the header and the footer
    rows = [lines[i:i + columns] for i in range(0, len(lines), columns)]
    if sum(max(r) + BOXED for r in rows) <= height:
        return columns, None, True
    per = height // ceil(len(lines) / columns)
    if per - BOXED >= 4:
        return columns, per - BOXED, True
    return columns, max(MIN_LINES, per - OPEN), False


class HomeScreen(DashScreen):
    """The year at a glance."""

    HELP_TITLE = "首页"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(0, -1)", "上一行", show=False, id="dash.focus_up"),
        Binding("down", "move(0, 1)", "下一行", show=False, id="dash.focus_down"),
        Binding("left", "move(-1, 0)", "左边面板", show=False, id="dash.focus_left"),
        Binding("right", "move(1, 0)", "右边面板", show=False, id="dash.focus_right"),
        Binding("tab", "step(1)", "下一个数字", show=False, id="dash.focus_next"),
        Binding("shift+tab", "step(-1)", "上一个数字", show=False, id="dash.focus_previous"),
        Binding("o", "open_panel", "详情", id="dash.open_panel", tooltip="打开当前面板的详情：全部指标、图表与分项"),
        Binding("pagedown,space", "page('down')", "下翻", show=False, id="dash.home_page_down",
                tooltip="面板比屏幕高时向下翻一屏"),
        Binding("pageup", "page('up')", "上翻", show=False, id="dash.home_page_up"),
        Binding("end", "page('end')", "到底", show=False, id="dash.home_end"),
        Binding("home", "page('home')", "到顶", show=False, id="dash.home_home"),
    ]

    columns: reactive[int] = reactive(2, init=False)
    _left_from = 0  # the panel the header (待办N项) was reached from

    def compose(self) -> ComposeResult:
        yield HeaderLine(id="header", todo_key=True)
        with PanelGrid(id="grid"):
            for spec in PANELS:
                yield PanelWidget(spec)
        yield DashFooter()

    @property
    def panels(self) -> list[PanelWidget]:
        return list(self.query(PanelWidget))

    @property
    def header(self) -> HeaderLine:
        return self.query_one(HeaderLine)

    def panel(self, key: str) -> PanelWidget:
        return self.query_one(f"#panel-{key}", PanelWidget)

    def on_mount(self) -> None:
        self._fit(self.size)
        self.set_focus(self.panels[0], scroll_visible=False)
        for p in self.panels:
            self.watch(p, "hot", self._count_alerts, init=False)
            self.watch(p, "state", self._filled, init=False)
        self.reload()

    def _filled(self) -> None:
        """Every panel has its figures: the app may use the idle time (warmup.py)."""
        if all(p.state != "loading" for p in self.panels):
            self.dash.warm_up()

    def _count_alerts(self) -> None:
        """The header sums the panels' 待办 (Enter on it opens the list of them)."""
        self.header.todo = sum(p.hot for p in self.panels)

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size)

    def _fit(self, size: Size) -> None:
        panels = self.panels
        columns, budget, boxed = layout_for(size, [len(p.all_lines) for p in panels])
        self.columns = columns
        for p in panels:
            p.fit(budget, boxed)
        self.query_one(PanelGrid).set_stretch(boxed)

    def watch_columns(self, columns: int) -> None:
        # Inline grid styles, not CSS classes: a class change restyles every panel.
        grid = self.query_one(PanelGrid)
        grid.styles.grid_size_columns = columns
        grid.styles.grid_size_rows = ceil(len(PANELS) / columns)

    def reload(self) -> None:
        super().reload()
        if self.dash.figures is None and self.dash.store_error:
            for p in self.panels:
                p.fail(self.dash.store_error)

    def load_period(self, figures: Figures, period: Period) -> None:
        """(Re)load every panel; each panel loads on its own."""
        compare = self.dash.compare
        prev = period.previous() if compare else None
        for p in self.panels:
            p.reload_for(figures, period, prev, compare, self.dash.cache)

    # ------------------------------------------------------------------ moving between figures

    def _current(self) -> tuple[list[PanelWidget], int]:
        panels = self.panels
        focused = self.focused
        return panels, panels.index(focused) if focused in panels else -1

    def _enter(self, panel: PanelWidget, line: int) -> None:
        panel.cursor = max(0, min(line, len(panel.items) - 1))
        panel.focus()

    def action_move(self, dx: int, dy: int) -> None:
        """Arrows: up/down through a panel's lines, then to the panel above/below; left/right across.

        Up from the top row reaches the header's 待办N项 (Enter there opens the to-do list)."""
        panels, i = self._current()
        if i < 0:  # on the header (or nowhere): back to the panel the header was reached from
            self._enter(panels[self._left_from], 0)
            return
        panel = panels[i]
        if dy:
            if panel.move(dy):
                return
            k = i + dy * self.columns
            if 0 <= k < len(panels):
                self._enter(panels[k], 0 if dy > 0 else len(panels[k].items) - 1)
            elif k < 0 and self.header.todo:
                self._left_from = i
                self.header.focus()
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

    def action_page(self, where: str) -> None:
        """Page the grid when it is taller than the screen; focus follows to a panel in view."""
        grid = self.query_one(PanelGrid)
        jump = {"down": grid.scroll_page_down, "up": grid.scroll_page_up,
                "end": grid.scroll_end, "home": grid.scroll_home}[where]
        jump(animate=False)
        self.call_after_refresh(self._focus_in_view, where)

    def _focus_in_view(self, where: str) -> None:
        """Move the cursor to a panel on screen (the last one after End), without scrolling."""
        grid = self.query_one(PanelGrid)
        top, bottom = grid.scroll_offset.y, grid.scroll_offset.y + grid.scrollable_content_region.height
        panels = self.panels
        seen = [p for p in panels if p.virtual_region.y >= top and p.virtual_region.bottom <= bottom + 1]
        seen = seen or [p for p in panels if p.virtual_region.bottom > top][:1] or panels[-1:]
        target = {"end": panels[-1], "home": panels[0]}.get(where)
        if target is None and self.focused not in seen:
            target = seen[0]
        if target is not None and target is not self.focused:
            target.cursor = 0
            target.focus(scroll_visible=False)
