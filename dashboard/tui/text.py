"""Laying out Chinese text by terminal cells (never ``len()``)."""

from __future__ import annotations

from ..output import cell_width


def clip(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, with … when cut."""
    if width <= 0:
        return ""
    if cell_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` cells (left-aligned unless ``right``)."""
    fill = " " * max(0, width - cell_width(text))
    return fill + text if right else text + fill


__all__ = ["cell_width", "clip", "pad"]
