"""The rows behind a figure: a sortable, filterable table, fetched a page at a time.

A figure can have a million rows behind it, so the widget never holds them all:
the first ``ROW_PAGE`` rows come with the figure, the next page is fetched when
the cursor nears the end of what is loaded. Filtering (``/``) and sorting (``s``)
run in SQL over every row behind the figure and start again from the first page;
the status line shows how many rows match in all, not how many are loaded.
``x`` writes every row that matches (not only the loaded ones) to an xlsx file.

Columns come in the order of :mod:`.columns` (key, what, who, clock … personal
data last) at fixed widths measured from the rows, so they neither jump as
pages arrive nor collapse when the table is reloaded for another year.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input, Static

from ...figures import RowView
from ...output import fmt_value
from ..context import DashScreen
from ..loading import ROW_PAGE, Page, Table, load_page, load_table
from ..panels import panel_of
from ..text import CJKParagraph, clip
from ..widgets.footer import DashFooter
from ..widgets.header import HeaderLine
from ..widgets.save_as import SaveAsScreen, deliver, file_name, save_folder
from .columns import display_order, widths

if TYPE_CHECKING:
    from ...clock import Period
    from ...figures import Figures

AHEAD = 20  # fetch the next page when the cursor is this close to the last loaded row
EXPORT_LIMIT = 1_000_000  # rows an export writes at most (an xlsx sheet holds 1,048,576)


def cell(value: Any, width: int) -> Text:
    text = clip(fmt_value(value), width)
    numeric = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
    return Text(text, justify="right" if numeric else "left", no_wrap=True)


class RowsTable(DataTable):
    """The rows; Enter on any cell opens that row's fields."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "记录详情", id="dash.rows_record", show=False,
                tooltip="查看光标所在一行的全部字段"),
    ]


class RowsScreen(DashScreen):
    """A figure's rows (or a breakdown's table)."""

    HELP_TITLE = "记录表"
    HELP_PARTS = (RowsTable,)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回", id="dash.back", tooltip="回到上一屏；筛选时清除筛选"),
        Binding("slash", "filter", "筛选", key_display="/", id="dash.filter", tooltip="按任意列的文字筛选"),
        Binding("s", "sort", "排序", id="dash.sort", tooltip="按光标所在列排序（←→ 选列），再按一次倒序"),
        Binding("x", "export", "导出", id="dash.rows_export", tooltip="把筛选、排序后的全部记录导出为 xlsx"),
        Binding("h", "home", "首页", id="dash.home", tooltip="回到首页"),
    ]

    def __init__(self, query: str, needle: str = "") -> None:
        super().__init__()
        self.query_name = query
        self.table: Table | None = None  # label, columns and the rows loaded so far (in order)
        self.order: list[int] = []  # data column of each shown column
        self.widths: list[int] = []
        self.filter_text = needle
        self.sort_column: int | None = None  # a data column
        self.sort_reverse = False
        self.total = 0  # rows matching the filter, all of them (not only the loaded ones)
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        yield HeaderLine(id="header")
        yield Static("", id="rows-title")
        yield RowsTable(id="rows-table", cursor_type="cell", zebra_stripes=True)
        yield Input(self.filter_text, placeholder="筛选：输入文字后回车；Esc 清除", id="rows-filter")
        yield Static("", id="rows-status")
        yield DashFooter()

    @property
    def where(self) -> str:
        spec = panel_of(self.query_name)
        return spec.title if spec else ""

    @property
    def data_table(self) -> RowsTable:
        return self.query_one(RowsTable)

    def on_mount(self) -> None:
        self.query_one("#rows-filter").display = bool(self.filter_text)
        self.query_one("#rows-title", Static).update(f"{self.query_name}  加载中…")
        self.data_table.focus()
        self.reload()

    def load_period(self, figures: Figures, period: Period) -> None:
        self.drop_pending()  # pages of the year (or store) before are of no use now
        name, cache = self.query_name, self.dash.cache

        def work(cancelled) -> Table:
            table = load_table(figures, name, period, ROW_PAGE, cache)
            if table.error is None and table.truncated and table.total == len(table.rows):
                # a table query: count its rows (a figure's count came with its value)
                table.total = load_page(figures, name, period, RowView(limit=0)).total
            return table

        self.load("table", work, self._table_loaded)

    def _table_loaded(self, t: Table) -> None:
        self.table = t
        title = f"{t.label}  {t.value_text}" if t.value_text else t.label
        if t.error:
            title += f"\n查询出错：{t.error}"
        elif t.doc:
            title += f"\n{t.doc}"
        self.query_one("#rows-title", Static).update(CJKParagraph(Text(title)))
        order = display_order(t.name, t.columns)
        same = order == self.order and len(self.widths) == len(order)
        self.order = order
        self.widths = widths(t.labels, t.rows, order, self.widths if same else ())
        dt = self.data_table
        dt.clear(columns=True)
        for n, i in enumerate(order):
            dt.add_column(t.labels[i], width=self.widths[n], key=str(i))
        t.rows = list(t.rows)
        self.total = t.total if t.total is not None else len(t.rows)
        if self.filter_text or self.sort_column is not None:
            t.rows = []
            self._fetch_from(0)  # a reload (new store or year) keeps the user's filter and sort
        else:
            self._add(t.rows)
        self._status()

    def _add(self, rows: list[tuple]) -> None:
        self.data_table.add_rows([cell(r[i], self.widths[n]) for n, i in enumerate(self.order)] for r in rows)

    def _fetch_from(self, offset: int) -> None:
        """Ask for the page at ``offset`` under the current filter and sort (0: start again)."""
        figures = self.dash.figures
        if self.table is None or figures is None or self.table.error:
            return
        name, period = self.query_name, self.dash.period
        view = RowView(offset, ROW_PAGE, self.filter_text, self.sort_column, self.sort_reverse)
        self.load("page", lambda cancelled: load_page(figures, name, period, view), self._page)

    def _page(self, page: Page) -> None:
        t = self.table
        if t is None:
            return
        self.error = page.error
        dt = self.data_table
        column = dt.cursor_column
        if page.offset == 0:
            t.rows = []
            dt.clear()
        if page.offset != len(t.rows):
            return  # a page that no longer fits (the table was restarted meanwhile)
        t.rows.extend(page.rows)
        self.total = page.total
        self._add(page.rows)
        if page.offset == 0:
            dt.move_cursor(row=0, column=column)  # stay in the column just sorted by
        self._status()

    @on(DataTable.CellHighlighted)
    def _near_end(self, event: DataTable.CellHighlighted) -> None:
        t = self.table
        if t is None or self.awaiting("page") or len(t.rows) >= self.total:
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
            parts.append(f"已载入 {len(t.rows):,} 行，向下翻动载入更多；全部记录按 x 导出")
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
            self.data_table.focus()
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
        text = event.value.strip()
        if text != self.filter_text:
            self.filter_text = text
            self._refill()

    @on(Input.Submitted, "#rows-filter")
    def _filter_done(self) -> None:
        self.query_one("#rows-filter", Input).display = bool(self.filter_text)
        self.data_table.focus()

    def action_sort(self) -> None:
        if self.table is None or not self.table.columns:
            return
        self._sort_by(self.order[self.data_table.cursor_column])

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        self._sort_by(self.order[event.column_index])

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
        labels = [t.labels[i] for i in self.order]
        self.app.push_screen(RecordScreen(t.label, labels, tuple(row[i] for i in self.order), self.where))

    # ------------------------------------------------------------------ export

    def action_export(self) -> None:
        t = self.table
        if t is None or t.error or not t.columns:
            self.notify("记录尚未载入，稍后再试", severity="warning")
            return
        folder = save_folder(self.dash.config.dashboard.save_to)
        default = folder / file_name(t.label, self.dash.period.year, self.filter_text, suffix=".xlsx")
        prompt = f"导出 {self.total:,} 行到 xlsx（Enter 确认，Esc 取消）："
        self.app.push_screen(SaveAsScreen(prompt, default), self._export_to)

    def _export_to(self, path: Path | None) -> None:
        t, figures = self.table, self.dash.figures
        if path is None or t is None or figures is None:
            return
        name, period, order = self.query_name, self.dash.period, list(self.order)
        labels = [t.labels[i] for i in order]
        view = RowView(0, EXPORT_LIMIT, self.filter_text, self.sort_column, self.sort_reverse)

        def work(cancelled) -> tuple[bytes, int] | str:
            from ...output import xlsx_bytes

            try:
                page = figures.page(name, period, view)[0]
                return xlsx_bytes(labels, [tuple(r[i] for i in order) for r in page.rows]), len(page.rows)
            except Exception as exc:  # noqa: BLE001 - any failure is told on screen, masked
                return f"导出失败：{figures.masker.message(exc)}"

        def done(made: tuple[bytes, int] | str) -> None:
            if isinstance(made, str):
                self.notify(made, severity="error")
            else:
                deliver(self, path, made[0], f"已导出 {made[1]:,} 行")

        self.load("export", work, done)
