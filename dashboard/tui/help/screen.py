"""Help (?): the keys of every screen, generated from the bindings themselves.

The app hands in its sections (a title and the bindings of that screen and the
widgets on it); each binding's description, tooltip and id are shown, with the
key as ``[keys]`` in dash.toml has remapped it. Nothing here is a hand-kept list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.table import Table as RichTable
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..text import CJKParagraph

INTRO = (
    "每个数字都来自 queries/ 中的命名查询；回车查看它背后的记录，记录上回车查看全部字段。"
    "打开时是今年，按今天判断；往年按12月31日判断（Y 上一年）。个人信息默认遮蔽（--unmask 显示）。"
    "按键可在 dash.toml 的 [keys] 中按 id 改动。"
)

KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter", "up": "↑", "down": "↓",
             "left": "←", "right": "→", "pagedown": "PgDn", "pageup": "PgUp", "space": "Space",
             "home": "Home", "end": "End", "tab": "Tab", "shift+tab": "Shift+Tab"}

Section = tuple[str, Sequence[Binding]]


def key_text(binding: Binding, keymap: Mapping[str, str]) -> str:
    """The key(s) as the user presses them: the remapped key if [keys] names this binding."""
    keys = keymap.get(binding.id or "", "")
    if not keys and binding.key_display:
        return binding.key_display
    names = []
    for k in (keys or binding.key).split(","):
        k = k.strip()
        names.append(KEY_NAMES.get(k, k.replace("ctrl+", "Ctrl+")))
    return "/".join(names)


def keys_table(sections: Sequence[Section], keymap: Mapping[str, str] | None = None) -> RichTable:
    """Every binding of each section; a key with the same meaning twice in a section shows once."""
    keymap = keymap or {}
    table = RichTable(show_header=True, box=None, expand=True, pad_edge=False)
    table.add_column("按键", no_wrap=True, style="bold")
    table.add_column("作用", no_wrap=True)
    table.add_column("说明", ratio=1)
    for title, bindings in sections:
        table.add_row(Text(f"— {title} —", style="italic"), "", "")
        seen = set()
        for b in bindings:
            key = key_text(b, keymap)
            if (key, b.description) in seen:
                continue
            seen.add((key, b.description))
            more = Text(b.tooltip)
            if b.id:
                more.append(f"  {b.id}", style="dim")
            table.add_row(Text(key), Text(b.description), CJKParagraph(more))
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and what the figures mean."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "关闭", id="dash.help_close", tooltip="关闭帮助"),
    ]

    def __init__(self, sections: Sequence[Section], keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap or {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "帮助"
            body.border_subtitle = "Esc 关闭"
            yield Static(CJKParagraph(Text(INTRO)), id="help-intro")
            yield Static(keys_table(self.sections, self.keymap), id="help-keys")

    def action_close(self) -> None:
        self.dismiss()
