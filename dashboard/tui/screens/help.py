"""Help (?): the keys of every screen, read from the bindings themselves."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table as RichTable
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

INTRO = (
    "每个数字都来自 queries/ 中的命名查询；回车查看它背后的记录，记录上回车查看全部字段。"
    "往年按12月31日判断，今年按今天判断。个人信息默认遮蔽（--unmask 显示）。"
)


KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter", "up": "Up", "down": "Down",
             "left": "Left", "right": "Right", "pagedown": "PgDn", "pageup": "PgUp", "space": "Space",
             "home": "Home", "end": "End", "tab": "Tab", "shift+tab": "Shift+Tab", "ctrl+s": "Ctrl+S",
             "ctrl+p": "Ctrl+P"}


def _rows(bindings: list[Binding]) -> list[tuple[str, str, str, str]]:
    """(keys, what it does, more, binding id — the name [keys] in dash.toml remaps)."""
    out = []
    for b in bindings:
        key = b.key_display or "/".join(KEY_NAMES.get(k.strip(), k.strip()) for k in b.key.split(","))
        out.append((key, b.description, b.tooltip, b.id or ""))
    return out


def keys_table() -> RichTable:
    """Every binding of the app and its screens, grouped by screen."""
    from ..app import DashApp
    from ..draft_screen import DraftScreen
    from ..widgets.bars import BreakdownBox
    from ..widgets.figure_list import FigureList
    from .detail import DetailScreen
    from .home import HomeScreen
    from .record import RecordScreen
    from .rows import RowsScreen

    table = RichTable(show_header=True, box=None, expand=True, pad_edge=False)
    table.add_column("按键", no_wrap=True, style="bold")
    table.add_column("作用", no_wrap=True)
    table.add_column("说明", ratio=1)
    groups = [
        ("全局", DashApp.BINDINGS),
        ("首页", FigureList.BINDINGS + HomeScreen.BINDINGS
         + [Binding("enter", "", "面板详情", tooltip="光标在月度趋势一行时回车，打开面板详情与图表")]),
        ("面板详情", DetailScreen.BINDINGS + FigureList.BINDINGS + BreakdownBox.BINDINGS
         + [Binding("tab", "", "下一部分", tooltip="Shift+Tab 上一部分")]),
        ("记录表", RowsScreen.BINDINGS + [Binding("enter", "", "记录详情", tooltip="查看这一行的全部字段")]),
        ("记录详情", RecordScreen.BINDINGS),
        ("报告草稿", DraftScreen.BINDINGS),
    ]
    for title, bindings in groups:
        table.add_row(Text(f"— {title} —", style="italic"), "", "")
        seen = set()
        for key, desc, tip, bid in _rows([b for b in bindings if isinstance(b, Binding)]):
            if (key, desc) in seen:
                continue
            seen.add((key, desc))
            more = Text(tip)
            if bid:
                more.append(f"  {bid}", style="dim")
            table.add_row(Text(key), Text(desc), more)
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and what the figures mean."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "close", "关闭", id="dash.help_close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "帮助"
            body.border_subtitle = "Esc 关闭"
            yield Static(Text(INTRO), id="help-intro")
            yield Static(keys_table(), id="help-keys")

    def action_close(self) -> None:
        self.dismiss()
