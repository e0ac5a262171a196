"""One row's fields, every one with its Chinese label."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table as RichTable
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...output import fmt_value
from ..context import DashScreen
from ..text import CJKParagraph
from ..widgets.footer import DashFooter
from ..widgets.header import HeaderLine


def record_table(labels: list[str], row: tuple) -> RichTable:
    """Label / value pairs; Rich lays the Chinese labels out by cell width."""
    table = RichTable(show_header=False, box=None, pad_edge=False, expand=True)
    table.add_column("字段", no_wrap=True, style="bold")
    table.add_column("值", ratio=1)
    for label, value in zip(labels, row):
        table.add_row(Text(label), CJKParagraph(Text(fmt_value(value) if value is not None else "—")))
    return table


class RecordScreen(DashScreen):
    """All the fields of one row (it stays as it was read; only the header follows the app)."""

    HELP_TITLE = "记录详情"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回", id="dash.back_record", tooltip="回到记录列表"),
    ]

    def __init__(self, title: str, labels: list[str], row: tuple[Any, ...], where: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.labels = labels
        self.row = row
        self._where = where

    @property
    def where(self) -> str:
        return self._where

    def compose(self) -> ComposeResult:
        yield HeaderLine(id="header")
        yield Static(Text(f"{self.title_text} · 记录详情"), id="record-title")
        with VerticalScroll(id="record-body"):
            yield Static(record_table(self.labels, self.row), id="record-fields")
        yield DashFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#record-body").focus()

    def action_back(self) -> None:
        self.dismiss()
