"""Choosing a unit (股室) for the to-do list: a typed modal returning the unit, "" for all, None for Esc."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class UnitScreen(ModalScreen[str | None]):
    """全部 or one unit, each with its number of items."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消", id="dash.unit_cancel", tooltip="不改变所选股室"),
    ]

    def __init__(self, counts: list[tuple[str, int]], total: int, current: str = "") -> None:
        super().__init__()
        self.counts = counts
        self.total = total
        self.current = current

    def compose(self) -> ComposeResult:
        options = [Option(f"全部（{self.total}项）", id="")]
        options += [Option(f"{unit}（{n}项）", id=unit) for unit, n in self.counts]
        menu = OptionList(*options, id="unit-list")
        menu.border_title = "按股室查看待办"
        yield menu

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        ids = ["", *(unit for unit, _ in self.counts)]
        menu.highlighted = ids.index(self.current) if self.current in ids else 0
        menu.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "")

    def action_cancel(self) -> None:
        self.dismiss(None)
