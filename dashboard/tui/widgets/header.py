"""The header line: bureau, year, as-of date, data freshness; fitted to the width."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

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


class HeaderLine(Widget):
    """One line at the top of every screen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"header-line--bureau", "header-line--year", "header-line--note"}
    info: reactive[HeaderInfo | None] = reactive(None, always_update=True)

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
        as_of = f"截至{info.as_of.isoformat()}" if info.as_of else ""
        cmp = f"同比{info.year - 1}" if info.compare and info.year else ""
        for name, fresh in ((info.bureau, freshness(info.ingested_at, info.today)),
                            (info.short_name, freshness(info.ingested_at, info.today)),
                            (info.short_name, freshness(info.ingested_at, info.today, short=True)),
                            (info.short_name, "")):
            right = "  ".join(p for p in (info.where, year, cmp, as_of, fresh) if p)
            left = name + (f" [{info.sample}]" if info.sample else "")
            if cell_width(left) + 2 + cell_width(right) <= width:
                break
        gap = max(2, width - cell_width(left) - cell_width(right))
        left_text = Text.assemble((name, st("header-line--bureau")),
                                  (f" [{info.sample}]" if info.sample else "", st("header-line--note")))
        return Text.assemble(left_text, " " * gap, (right, st("header-line--year")),
                             no_wrap=True, overflow="ellipsis")
