"""待办 (``t``, or Enter on 待办N项): every alert row of every area in one list, most urgent first.

What, whose (责任股室 / 责任人), the due date and days overdue or left; ``u``
keeps one unit's items, Enter opens the record behind an item, ``x`` writes the
list as shown to an xlsx file for the meeting. Built by the core
(:mod:`dashboard.agenda`), so the list and the panels' alert counts agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from ...agenda import NO_UNIT, TodoItem, by_unit
from ...output import fmt_value
from ..context import DashScreen
from ..text import cell_width, clip
from ..widgets.footer import DashFooter
from ..widgets.header import HeaderLine
from ..widgets.save_as import SaveAsScreen, deliver, file_name, save_folder
from .loading import EXPORT_COLUMNS, SCREEN_COLUMNS, Record, TodoList, item_cells, load_record, load_todo
from .units import UnitScreen

if TYPE_CHECKING:
    from ...clock import Period
    from ...figures import Figures

RECORD_CELLS = (10, 30)  # a record's text in the list, at least and at most (the record screen shows it whole)
WHOSE_CELLS = 14
NARROW_WHOSE_CELLS = 10  # below WIDE columns: the record (a case number is 17 cells) needs the room
WIDE = 100


class TodoTable(DataTable):
    """The items; Enter opens the record behind the one under the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "打开记录", id="dash.todo_record", show=False,
                tooltip="打开光标所在事项的记录"),
    ]


def urgency_style(item: TodoItem) -> str:
    return "bold" if item.is_overdue else ""


class TodoScreen(DashScreen):
    """The to-do list of the year shown (the current year: as of today)."""

    HELP_TITLE = "待办清单"
    HELP_PARTS = (TodoTable,)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回", id="dash.todo_back", tooltip="回到上一屏"),
        Binding("u", "choose_unit", "按股室", id="dash.todo_unit", tooltip="只看一个股室的待办（再选“全部”恢复）"),
        Binding("x", "export", "导出", id="dash.todo_export", tooltip="把当前清单导出为 xlsx，供会议使用"),
    ]

    def __init__(self, unit: str = "") -> None:
        super().__init__()
        self.todo: TodoList | None = None
        self.unit = unit  # "" for every unit

    @property
    def where(self) -> str:
        return "待办"

    @property
    def shown(self) -> list[TodoItem]:
        items = self.todo.items if self.todo else []
        return [i for i in items if i.unit_or_none == self.unit] if self.unit else items

    def compose(self) -> ComposeResult:
        yield HeaderLine(id="header")
        yield Static("待办清单  加载中…", id="todo-title")
        yield TodoTable(id="todo-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="todo-status")
        yield DashFooter()

    def on_mount(self) -> None:
        self.query_one(TodoTable).focus()
        self.reload()

    def load_period(self, figures: Figures, period: Period) -> None:
        self.load("todo", lambda cancelled: load_todo(figures, period), self._loaded)

    def _loaded(self, todo: TodoList) -> None:
        self.todo = todo
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(TodoTable)
        shown = self.shown
        year = self.dash.period.year
        rows = [[fmt_value(c) if c is not None else "—" for c in item_cells(item, SCREEN_COLUMNS)] for item in shown]
        # Dates without their year when every one is in the year shown (it fits 80 columns); one
        # format for the whole column either way.
        short = all(item.due_on is None or item.due_on.year == year for item in shown)
        whose_cells = WHOSE_CELLS if self.size.width >= WIDE else NARROW_WHOSE_CELLS
        for item, r in zip(shown, rows):
            r[4] = clip(r[4], whose_cells)
            if short and item.due_on is not None:
                r[5] = f"{item.due_on:%m-%d}"
        widths = [max([cell_width(title), *(cell_width(r[i]) for r in rows)]) for i, (title, _) in
                  enumerate(SCREEN_COLUMNS)]
        # The record takes what the screen has left (each column pads a cell on either side).
        room = self.size.width - table.styles.scrollbar_size_vertical  # the scrollbar comes with the rows
        left = room - sum(w for i, w in enumerate(widths) if i != 3) - 2 * len(widths) - 1
        widths[3] = max(RECORD_CELLS[0], min(RECORD_CELLS[1], widths[3], left))
        table.clear(columns=True)
        for (title, _), w in zip(SCREEN_COLUMNS, widths):
            table.add_column(title, width=w, key=title)
        for item, r in zip(shown, rows):
            r[3] = clip(r[3], widths[3])
            table.add_row(*(Text(c, style=urgency_style(item), no_wrap=True) for c in r))
        overdue = sum(i.is_overdue for i in shown)
        unit = f"  ·  {self.unit}" if self.unit else ""
        self.query_one("#todo-title", Static).update(
            Text(f"待办清单{unit}  共{len(shown)}项，其中超期{overdue}项（截至{self.dash.period.as_of.isoformat()}）"))
        status = ["按紧急程度排序：超期最久的在前，其次是快到期的"]
        if self.todo and self.todo.errors:
            status.append("查询出错：" + "；".join(self.todo.errors))
        self.query_one("#todo-status", Static).update(Text("  ·  ".join(status)))

    # ------------------------------------------------------------------ actions

    def action_back(self) -> None:
        self.dismiss()

    def action_choose_unit(self) -> None:
        if self.todo is None:
            return
        counts = [(unit, len(items)) for unit, items in by_unit(self.todo.items).items()]

        def chosen(unit: str | None) -> None:
            if unit is not None:
                self.unit = unit
                self._fill()

        self.app.push_screen(UnitScreen(counts, len(self.todo.items), self.unit), chosen)

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        shown, figures, period = self.shown, self.dash.figures, self.dash.period
        if figures is None or not 0 <= event.cursor_row < len(shown):
            return
        item = shown[event.cursor_row]
        self.load("record", lambda cancelled: load_record(figures, item, period), self._record)

    def _record(self, record: Record) -> None:
        from ..rows.record import RecordScreen

        if record.error:
            self.notify(f"读取记录失败：{record.error}", severity="error")
        elif record.row is None:  # an item that stands for no single record: its alert's rows
            self.dash.open_rows(record.item.alert)
        else:
            self.app.push_screen(RecordScreen(f"{record.item.label} · {record.item.record}", record.labels,
                                              record.row, record.item.area_title))

    def action_export(self) -> None:
        if self.todo is None:
            return
        folder = save_folder(self.dash.config.dashboard.save_to)
        default = folder / file_name("待办清单", self.dash.period.as_of.isoformat(),
                                     "" if self.unit in ("", NO_UNIT) else self.unit, suffix=".xlsx")
        prompt = f"导出待办 {len(self.shown)} 项到 xlsx（Enter 确认，Esc 取消）："
        self.app.push_screen(SaveAsScreen(prompt, default), self._export_to)

    def _export_to(self, path: Path | None) -> None:
        if path is None:
            return
        rows = [item_cells(i, EXPORT_COLUMNS) for i in self.shown]

        def work(cancelled) -> bytes:
            from ...output import xlsx_bytes

            return xlsx_bytes([title for title, _ in EXPORT_COLUMNS], rows)

        self.load("export", work, lambda data: deliver(self, path, data, f"已导出待办 {len(rows)} 项"))
