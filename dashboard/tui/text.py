"""Laying out Chinese text by terminal cells (never ``len()``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..output import cell_width, clip, pad

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement
    from rich.text import Text

# Chinese line breaking (禁则): these never open a line ...
NO_START = set("，。、；：？！）》」』】〕”’…—·%,.;:?!)]}")
# ... and these never close one.
NO_END = set("（《「『【〔“‘([{")
# Units a number is never parted from (督办7项, not 督办7⏎项; 18.27万人次; 超期92天).
UNITS = ("个百分点", "万人次", "万元", "人次", "学时", "小时", "起", "件", "项", "次", "名", "条", "部", "个", "份",
         "天", "日", "年", "月", "号", "人", "家", "元", "万", "%", "％")
# A run of digits or Latin letters (2025, 58.16, 12345, GB/T) is not broken inside, nor a number
# from its unit.
_UNIT = re.compile(r"[-+]?[0-9][0-9A-Za-z.%/\-]*(?:" + "|".join(UNITS) + r")?|[A-Za-z][0-9A-Za-z.%/\-]*|.",
                   re.DOTALL)


def break_offsets(text: str, width: int) -> list[int]:
    """Where to break ``text`` into lines of at most ``width`` cells, keeping the rules above.

    A closing mark that would open a line takes the character before it along; an
    opening mark at a line's end moves down to the next line. Newlines in ``text``
    always break. Offsets are positions in ``text`` where a new line starts.
    """
    offsets: list[int] = []
    units = []
    for m in _UNIT.finditer(text):
        if cell_width(m.group()) > width:  # a run longer than a line is folded after all
            units += [(m.start() + i, ch) for i, ch in enumerate(m.group())]
        else:
            units.append((m.start(), m.group()))
    line: list[tuple[int, str]] = []  # the units on the line being filled
    used = 0
    for start, unit in units:
        if unit == "\n":
            offsets.append(start + 1)
            line, used = [], 0
            continue
        w = cell_width(unit)
        if line and used + w > width:
            cut = _cut(line, unit, w, width)
            offsets.append(line[cut][0] if cut < len(line) else start)
            line = line[cut:]
            used = sum(cell_width(u) for _, u in line)
        line.append((start, unit))
        used += w
    return [o for o in offsets if 0 < o < len(text)]


def _cut(line: list[tuple[int, str]], unit: str, w: int, width: int) -> int:
    """How many of ``line``'s units stay on it when ``unit`` (``w`` cells) does not fit.

    The rules move marks down with their neighbours; when what moves down would
    not fit the next line either (a run of marks such as 『法]」), the width wins
    and the line is broken closer to its end, as typesetters do.
    """
    cut = len(line)
    if unit[0] in NO_START:
        while cut > 1 and line[cut - 1][1][0] in NO_START:
            cut -= 1  # 》。: both marks stay together ...
        cut = max(1, cut - 1)  # ... and take the character before them along
    while cut > 1 and line[cut - 1][1][-1] in NO_END:
        cut -= 1  # an opening mark goes down with what it opens
    moved = sum(cell_width(u) for _, u in line[cut:])
    while cut < len(line) and moved + w > width:
        moved -= cell_width(line[cut][1])
        cut += 1
    return cut


class CJKParagraph:
    """A Rich renderable: ``text`` wrapped by cells with Chinese line-breaking rules."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(2, options.max_width)
        lines = self.text.divide(break_offsets(self.text.plain, width))
        for line in lines:
            line.rstrip()
            if line.plain.endswith("\n"):
                line.right_crop(1)
            line.no_wrap = True
            line.overflow = "crop"
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        longest = max((cell_width(x) for x in self.text.plain.split("\n")), default=0)
        return Measurement(min(2, longest), longest)


__all__ = ["NO_END", "NO_START", "CJKParagraph", "break_offsets", "cell_width", "clip", "pad"]
