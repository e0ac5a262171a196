"""The header line: bureau, year, as-of date, data freshness; fitted to the width."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.reactive import reactive
from textual.widget import Widget

from ..navigation import ShowTodo
from ..text import cell_width, clip


@dataclass(frozen=True)
class HeaderInfo:
    bureau: str
    short_name: str
    year: int | None = None
    as_of: date | None = None
    ingested_at: str | None = None
    today: date | None = None
    sample: str = ""  # e.g. 示例数据, when the store holds the bundled sample data
    compare: bool = False
    where: str = ""  # the screen's place: 执法 › 查处环境违法行为
    error: str = ""


def freshness(ingested_at: str | None, today: date | None, short: bool = False) -> str:
    """When the store was built: 数据 2025-06-29 08:30（1天前）."""
    if not ingested_at:
        return ""
    try:
        when = datetime.fromisoformat(ingested_at)
    except ValueError:
        return f"数据 {ingested_at}"
    if short:
        return f"数据{when:%m-%d %H:%M}"
    text = f"数据 {when:%Y-%m-%d %H:%M}"
    if today is not None:
        days = (today - when.date()).days
        text += "（今天）" if days == 0 else (f"（{days}天前）" if days > 0 else "")
    return text


def as_of_text(info: HeaderInfo) -> str:
    """截至2025-12-31, or 截至今天（11-29） for the current year judged as of today."""
    if info.as_of is None:
        return ""
    if info.today is not None and info.as_of == info.today:
        return f"截至今天{info.as_of:%m-%d}"
    return f"截至{info.as_of.isoformat()}"


class HeaderLine(Widget):
    """One line at the top of every screen; on the home screen it carries 待办N项 (Enter opens the list)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_todo", "待办清单", id="dash.header_todo", show=False,
                tooltip="光标在标题行的“待办N项”上（首页最上一行再按↑）时回车，打开待办清单"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"header-line--bureau", "header-line--year", "header-line--note",
                                             "header-line--todo", "header-line--cursor"}
    info: reactive[HeaderInfo | None] = reactive(None, always_update=True)
    todo: reactive[int] = reactive(0)  # alerts that fire in all panels (home screen only)

    def __init__(self, id: str | None = None, todo_key: bool = False) -> None:
        super().__init__(id=id)
        self.todo_key = todo_key

    def watch_todo(self, todo: int) -> None:
        self.can_focus = self.todo_key and todo > 0

    def action_open_todo(self) -> None:
        self.post_message(ShowTodo())

    def on_click(self, event: Click) -> None:
        if self.todo:
            self.post_message(ShowTodo())

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def render(self) -> Text:
        info = self.info
        width = max(1, self.content_size.width)
        if info is None:
            return Text("dash  加载中")
        st = lambda n: self.get_component_rich_style(n, partial=True)
        if info.error:
            return Text.assemble((info.bureau, st("header-line--bureau")), "  ",
                                 (clip(info.error, width - cell_width(info.bureau) - 2), st("header-line--note")))
        year = f"{info.year}年" if info.year else "加载中"
        as_of = as_of_text(info)
        cmp = f"同比{info.year - 1}" if info.compare and info.year else ""
        todo = f"待办{self.todo}项" if self.todo else ""
        for name, sample, fresh in ((info.bureau, info.sample, freshness(info.ingested_at, info.today)),
                                    (info.short_name, info.sample, freshness(info.ingested_at, info.today)),
                                    (info.short_name, info.sample,
                                     freshness(info.ingested_at, info.today, short=True)),
                                    (info.short_name, info.sample, ""),
                                    (info.short_name, "", "")):
            right = "  ".join(p for p in (info.where, todo, year, cmp, as_of, fresh) if p)
            left = name + (f" [{sample}]" if sample else "")
            if cell_width(left) + 2 + cell_width(right) <= width:
                break
        gap = max(2, width - cell_width(left) - cell_width(right))
        left_text = Text.assemble((name, st("header-line--bureau")),
                                  (f" [{sample}]" if sample else "", st("header-line--note")))
        out = Text.assemble(left_text, " " * gap, (right, st("header-line--year")),
                            no_wrap=True, overflow="ellipsis")
        if todo:
            at = out.plain.find(todo, len(left_text.plain))
            out.stylize(st("header-line--cursor" if self.has_focus else "header-line--todo"), at, at + len(todo))
        return out
