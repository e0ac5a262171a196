"""The rows behind a figure: a sortable, filterable table, fetched with a bound.

Never more than ``ROW_LIMIT`` rows go into the widget; when there are more the
screen says so (one probe row past the limit tells, as in harlequin).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import get_current_worker

from ...output import fmt_value
from ..loading import ROW_LIMIT, Table, load_table
from ..messages import TableLoaded
from ..panels import panel_of
from ..text import clip
from ..widgets.header import HeaderLine

if TYPE_CHECKING:
    from ..app import DashApp

CELL_MAX = 36  # cells per table cell; the row's detail shows everything


def sort_key(value: Any) -> tuple:
    """Blanks last; numbers, dates and text each in their own order."""
    if value is None or value == "":
        return (1, 0, "")
    if isinstance(value, bool):
        return (0, 0, int(value))
    if isinstance(value, (int, float, Decimal)):
        return (0, 1, value)
    return (0, 2, str(value)) if not hasattr(value, "isoformat") else (0, 3, value.isoformat())


def cell(value: Any) -> Text:
    text = clip(fmt_value(value), CELL_MAX)
    numeric = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
    return Text(text, justify="right" if numeric else "left", no_wrap=True)


class RowsScreen(Screen):
    """A figure's rows (or a breakdown's table)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回", id="dash.back", tooltip="回到上一屏；筛选时清除筛选"),
        Binding("slash", "filter", "筛选", key_display="/", id="dash.filter", tooltip="按任意列的文字筛选"),
        Binding("s", "sort", "排序", id="dash.sort", tooltip="按光标所在列排序，再按一次倒序"),
        Binding("h", "home", "首页", id="dash.home", tooltip="回到首页"),
    ]

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query_name = query
        self.table: Table | None = None
        self.generation = 0
        self.filter_text = ""
        self.sort_column: int | None = None
        self.sort_reverse = False
        self._search: list[str] = []
        self._shown: list[int] = []

    @property
    def dash(self) -> DashApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield HeaderLine(id="header")
        yield Static("", id="rows-title")
        yield DataTable(id="rows-table", cursor_type="row", zebra_stripes=True)
        yield Input(placeholder="筛选：输入文字后回车；Esc 清除", id="rows-filter")
        yield Static("", id="rows-status")
        yield Footer()

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
        table = load_table(app.figures, self.query_name, app.period, ROW_LIMIT)
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
        self._search = [" ".join(fmt_value(v) for v in r).lower() for r in t.rows]
        dt = self.query_one(DataTable)
        dt.clear(columns=True)
        for i, label in enumerate(t.labels):
            dt.add_column(label, key=str(i))
        self._refill()

    def _refill(self) -> None:
        t = self.table
        if t is None:
            return
        needle = self.filter_text.lower()
        shown = [i for i, s in enumerate(self._search) if needle in s] if needle else list(range(len(t.rows)))
        if self.sort_column is not None:
            c = self.sort_column
            shown.sort(key=lambda i: sort_key(t.rows[i][c]), reverse=self.sort_reverse)
        self._shown = shown
        dt = self.query_one(DataTable)
        dt.clear()
        dt.add_rows([cell(v) for v in t.rows[i]] for i in shown)
        self._status()

    def _status(self) -> None:
        t = self.table
        if t is None:
            return
        parts = [f"共 {t.total if t.total is not None else len(t.rows)} 行"]
        if t.truncated:
            parts = [f"只载入前 {len(t.rows):,} 行（共 {t.total:,} 行）；全部记录请用 dash query {t.name} --rows"
                     if t.total is not None else f"只载入前 {len(t.rows):,} 行（还有更多）"]
        if self.filter_text:
            parts.append(f"筛选“{self.filter_text}”：{len(self._shown)} 行")
        if self.sort_column is not None:
            parts.append(f"按{t.labels[self.sort_column]}{'降序' if self.sort_reverse else '升序'}")
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

    @on(DataTable.RowSelected)
    def _open_row(self, event: DataTable.RowSelected) -> None:
        from .record import RecordScreen

        t = self.table
        if t is None or not 0 <= event.cursor_row < len(self._shown):
            return
        row = t.rows[self._shown[event.cursor_row]]
        self.app.push_screen(RecordScreen(t.label, t.labels, row, self._where()))
