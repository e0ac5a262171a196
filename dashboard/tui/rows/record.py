"""One row's fields, every one with its Chinese label."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from rich.table import Table as RichTable
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...ledgers import EXTRA_LABEL
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
    for label, value in expand_extra(labels, row):
        table.add_row(Text(label), CJKParagraph(Text(fmt_value(value) if value is not None else "—")))
    return table


def expand_extra(labels: list[str], row: tuple) -> list[tuple[str, Any]]:
    """The fields as shown: the 其他列 JSON object (columns the contract does not know) one
    field a line, labelled with the export's own header (其他列·督办人)."""
    out: list[tuple[str, Any]] = []
    for label, value in zip(labels, row):
        fields = _json_object(value) if label == EXTRA_LABEL else None
        if fields:
            out.extend((f"{EXTRA_LABEL}·{k}", v) for k, v in fields.items())
        else:
            out.append((label, value))
    return out


def _json_object(value: Any) -> dict | None:
    if not isinstance(value, str) or not value.startswith("{"):
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


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
