"""The rows behind a figure: a sortable, filterable table, fetched a page at a time.

A figure can have a million rows behind it, so the widget never holds them all:
the first ``ROW_PAGE`` rows come with the figure, the next page is fetched when
the cursor nears the end of what is loaded. Filtering (``/``) and sorting (``s``)
run in SQL over every row behind the figure and start again from the first page;
the status line shows how many rows match in all, not how many are loaded.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from ...output import fmt_value
from ...figures import RowView
from ..loading import ROW_PAGE, Table, load_page, load_table
from ..messages import PageLoaded, TableLoaded
from ..panels import panel_of
from ..text import clip
from ..widgets.footer import DashFooter
from ..widgets.header import HeaderLine

if TYPE_CHECKING:
    from ..app import DashApp

CELL_MAX = 36  # cells per table cell; the row's detail shows everything
AHEAD = 20  # fetch the next page when the cursor is this close to the last loaded row


def cell(value: Any) -> Text:
    text = clip(fmt_value(value), CELL_MAX)
    numeric = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
    return Text(text, justify="right" if numeric else "left", no_wrap=True)


class RowsScreen(Screen):
    """A figure's rows (or a breakdown's table)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回", id="dash.back", tooltip="回到上一屏；筛选时清除筛选"),
        Binding("slash", "filter", "筛选", key_display="/", id="dash.filter", tooltip="按任意列的文字筛选"),
        Binding("s", "sort", "排序", id="dash.sort", tooltip="按光标所在列排序（←→ 选列），再按一次倒序"),
        Binding("h", "home", "首页", id="dash.home", tooltip="回到首页"),
    ]

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query_name = query
        self.table: Table | None = None  # label, columns and the rows loaded so far (in order)
        self.generation = 0
        self.filter_text = ""
        self.sort_column: int | None = None
        self.sort_reverse = False
        self.total = 0  # rows matching the filter, all of them (not only the loaded ones)
        self.request = 0  # the latest filter / sort; pages of older ones are dropped
        self.fetching = False
        self.error: str | None = None

    @property
    def _shown(self) -> range:
        """Widget row i is ``table.rows[i]`` (kept for callers that map widget rows to data)."""
        return range(len(self.table.rows) if self.table else 0)

    @property
    def dash(self) -> DashApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield HeaderLine(id="header")
        yield Static("", id="rows-title")
        yield DataTable(id="rows-table", cursor_type="cell", zebra_stripes=True)
        yield Input(placeholder="筛选：输入文字后回车；Esc 清除", id="rows-filter")
        yield Static("", id="rows-status")
        yield DashFooter()

    def _where(self) -> str:
        spec = panel_of(self.query_name)
        return spec.title if spec else ""

    def on_mount(self) -> None:
        self.query_one("#rows-filter").display = False
        self.query_one("#rows-title", Static).update(f"{self.query_name}  加载中…")
        self.reload()

    def reload(self) -> None:
        app = self.dash
        self.query_one(HeaderLine).info = app.header_info(self._where())
        if app.figures is None:
            return
        self.generation = app.generation
        self._load(app.generation)

    @work(thread=True, exclusive=True)
    def _load(self, generation: int) -> None:
        app = self.dash
        table = load_table(app.figures, self.query_name, app.period, ROW_PAGE)
        if table.error is None and table.truncated and table.total == len(table.rows):
            # a table query: count its rows (a figure's count came with its value)
            table.total = load_page(app.figures, self.query_name, app.period, 0, RowView(limit=0)).total
        if not get_current_worker().is_cancelled:
            self.post_message(TableLoaded(generation, table))

    @on(TableLoaded)
    def _loaded(self, message: TableLoaded) -> None:
        if message.generation != self.generation:
            return
        t = self.table = message.table
        title = f"{t.label}  {t.value_text}" if t.value_text else t.label
        if t.error:
            title += f"\n查询出错：{t.error}"
        elif t.doc:
            title += f"\n{t.doc}"
        self.query_one("#rows-title", Static).update(Text(title))
        dt = self.query_one(DataTable)
        dt.clear(columns=True)
        for i, label in enumerate(t.labels):
            dt.add_column(label, key=str(i))
        t.rows = list(t.rows)
        self.total = t.total if t.total is not None else len(t.rows)
        if self.filter_text or self.sort_column is not None:
            self._fetch_from(0)  # a reload (new store) keeps the user's filter and sort
        else:
            dt.add_rows([cell(v) for v in r] for r in t.rows)
        self._status()

    def _fetch_from(self, offset: int) -> None:
        """Ask for the page at ``offset`` under the current filter and sort (0: start again)."""
        if self.table is None or self.dash.figures is None or self.table.error:
            return
        if offset == 0:
            self.request += 1
        self.fetching = True
        self._fetch(self.generation, self.request, RowView(offset, ROW_PAGE, self.filter_text, self.sort_column,
                                                           self.sort_reverse))

    @work(thread=True, exclusive=True, group="rows-page")
    def _fetch(self, generation: int, request: int, view: RowView) -> None:
        app = self.dash
        page = load_page(app.figures, self.query_name, app.period, request, view)
        if not get_current_worker().is_cancelled:
            self.post_message(PageLoaded(generation, page))

    @on(PageLoaded)
    def _page(self, message: PageLoaded) -> None:
        page, t = message.page, self.table
        if message.generation != self.generation or page.request != self.request or t is None:
            return
        self.fetching = False
        self.error = page.error
        dt = self.query_one(DataTable)
        column = dt.cursor_column
        if page.offset == 0:
            t.rows = []
            dt.clear()
        if page.offset != len(t.rows):
            return  # a page that no longer fits (the table was restarted meanwhile)
        t.rows.extend(page.rows)
        self.total = page.total
        dt.add_rows([cell(v) for v in r] for r in page.rows)
        if page.offset == 0:
            dt.move_cursor(row=0, column=column)  # stay in the column just sorted by
        self._status()

    @on(DataTable.CellHighlighted)
    def _near_end(self, event: DataTable.CellHighlighted) -> None:
        t = self.table
        if t is None or self.fetching or len(t.rows) >= self.total:
            return
        if event.coordinate.row + AHEAD >= len(t.rows) - 1:
            self._fetch_from(len(t.rows))

    def _refill(self) -> None:
        """Filter or sort changed: fetch the first page again, from SQL over all the rows."""
        self._fetch_from(0)
        self._status()

    def _status(self) -> None:
        t = self.table
        if t is None:
            return
        everything = t.total if t.total is not None else self.total
        parts = [f"筛选“{self.filter_text}”：{self.total:,} 行（共 {everything:,} 行）" if self.filter_text
                 else f"共 {self.total:,} 行"]
        if len(t.rows) < self.total:
            parts.append(f"已载入 {len(t.rows):,} 行，向下翻动载入更多；全部记录请用 dash query {t.name} --rows")
        if self.sort_column is not None:
            parts.append(f"按{t.labels[self.sort_column]}{'降序' if self.sort_reverse else '升序'}")
        if self.error:
            parts.append(f"查询出错：{self.error}")
        parts.append(f"查询 {t.name}")
        self.query_one("#rows-status", Static).update(Text("  ·  ".join(parts)))

    # ------------------------------------------------------------------ actions

    def action_back(self) -> None:
        box = self.query_one("#rows-filter", Input)
        if box.display or self.filter_text:
            box.value = ""
            box.display = False
            self.filter_text = ""
            self._refill()
            self.query_one(DataTable).focus()
            return
        self.dismiss()

    def action_home(self) -> None:
        self.dash.action_home()

    def action_filter(self) -> None:
        box = self.query_one("#rows-filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#rows-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self._refill()

    @on(Input.Submitted, "#rows-filter")
    def _filter_done(self) -> None:
        self.query_one("#rows-filter", Input).display = bool(self.filter_text)
        self.query_one(DataTable).focus()

    def action_sort(self) -> None:
        dt = self.query_one(DataTable)
        if self.table is None or not self.table.columns:
            return
        self._sort_by(dt.cursor_column)

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        self._sort_by(event.column_index)

    def _sort_by(self, column: int) -> None:
        if self.sort_column == column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False
        self._refill()

    @on(DataTable.CellSelected)
    def _open_row(self, event: DataTable.CellSelected) -> None:
        from .record import RecordScreen

        t = self.table
        if t is None or not 0 <= event.coordinate.row < len(t.rows):
            return
        row = t.rows[event.coordinate.row]
        self.app.push_screen(RecordScreen(t.label, t.labels, row, self._where()))
