"""Writing query results: table (CJK-aligned), csv, json, md, xlsx."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

from .errors import DashError

FORMATS = ("table", "csv", "json", "md", "xlsx")
# Other names users type for a format, whatever the command.
ALIASES = {"markdown": "md", "text": "txt", "tsv": "csv", "excel": "xlsx", "word": "docx"}


class FormatError(DashError):
    """A format the command does not write."""


def choose_format(fmt: str | None, out: Path | None, accepted: Sequence[str]) -> str:
    """The format to write: ``--format`` (aliases allowed), else ``-o``'s suffix, else the first accepted.

    ``txt`` means the plain table where a command has no txt of its own (``dash query -o a.txt``).
    """
    def named(name: str) -> str | None:
        name = ALIASES.get(name.lower(), name.lower())
        if name not in accepted and name == "txt" and "table" in accepted:
            name = "table"
        return name if name in accepted else None

    if fmt:
        found = named(fmt)
        if found is None:
            raise FormatError(f"不支持的格式 {fmt}（可用：{'|'.join(accepted)}）")
        return found
    if out is not None and out.suffix:
        suffix = out.suffix.lstrip(".")
        found = named(suffix)
        if found is None:
            raise FormatError(f"不知道把 {out.name} 写成什么格式（可用：{'|'.join(accepted)}；或用 --format 指定）")
        return found
    return accepted[0]


def year_span(years: Sequence[int] | set[int]) -> str:
    """Years as the user reads them: 2023–2025, or 2021、2023–2025 with a gap."""
    runs: list[list[int]] = []
    for y in sorted(set(years)):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return "、".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def cell_width(text: str) -> int:
    """Terminal cells a string takes: wide and full-width characters take two."""
    w = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - cell_width(text))
    return fill + text if right else text + fill


def fmt_value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, datetime):
        return v.isoformat(sep=" ", timespec="seconds")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, float):
        return f"{v:.4g}" if abs(v) < 1e6 else f"{v:.0f}"
    return str(v).replace("\n", " ")


def _json_value(v: Any) -> Any:
    if v is None or isinstance(v, (str, bool, int, float)):
        return v
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v) if v != v.to_integral_value() else int(v)
    if isinstance(v, (list, tuple)):
        return [_json_value(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _json_value(x) for k, x in v.items()}
    return fmt_value(v)  # time, interval, blob, uuid … as the table shows them


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, width: int | None = None,
           wide: bool = False) -> str:
    """The whole result as text in one of the text formats.

    A table is fitted into ``width`` terminal cells when given (long cells are
    clipped with …); ``wide`` keeps every cell whole.
    """
    if fmt == "table":
        return _table(columns, rows, width, wide)
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        w.writerows([fmt_value(v) for v in r] for r in rows)
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([{c: _json_value(v) for c, v in zip(columns, r)} for r in rows],
                          ensure_ascii=False, indent=1) + "\n"
    if fmt == "md":
        esc = lambda s: fmt_value(s).replace("|", "\\|")  # noqa: E731
        lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
        lines += ["| " + " | ".join(esc(v) for v in r) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    raise ValueError(fmt)


CELL_MAX = 40  # a cell longer than this is clipped, whatever the width (unless --wide)
CELL_MIN = 10  # fitting a table never narrows a column below this: a date or a case number stays whole
GAP = "  "


def _table(columns: Sequence[str], rows: Sequence[Sequence[Any]], width: int | None = None,
           wide: bool = False) -> str:
    texts = [[fmt_value(v) for v in r] for r in rows]
    widths = [cell_width(c) for c in columns]
    for r in texts:
        for i, c in enumerate(r):
            widths[i] = max(widths[i], cell_width(c))
    shown = len(columns)
    if not wide:
        widths = [min(w, CELL_MAX) for w in widths]
        narrowest = [min(w, CELL_MIN) for w in widths]
        while width and shown > 1 and sum(narrowest[:shown]) + len(GAP) * (shown - 1) > width:
            shown -= 1  # too many columns even at their narrowest: the last ones are left out, and said so
        widths = fit_widths(widths[:shown], width)
    numeric = [all(isinstance(r[i], (int, float, Decimal)) and not isinstance(r[i], bool)
                   for r in rows if r[i] is not None) and rows for i in range(len(columns))]
    keep = range(shown)
    out = [GAP.join(pad(clip(columns[i], widths[i]), widths[i]) for i in keep).rstrip(),
           GAP.join("─" * widths[i] for i in keep)]
    for r in texts:
        out.append(GAP.join(pad(clip(r[i], widths[i]), widths[i], bool(numeric[i])) for i in keep).rstrip())
    if shown < len(columns):
        left_out = "、".join(columns[shown:])
        out.append(clip(f"（另有{len(columns) - shown}列未显示，--wide 显示全部：{left_out}）", width or 0))
    return "\n".join(out) + "\n"


def fit_widths(widths: list[int], total: int | None) -> list[int]:
    """Column widths narrowed, widest first, until the row fits ``total`` cells (no narrower than
    :data:`CELL_MIN`; a table that cannot fit even so keeps those widths)."""
    widths = list(widths)
    if not total or not widths:
        return widths
    excess = sum(widths) + len(GAP) * (len(widths) - 1) - total
    while excess > 0:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= CELL_MIN:
            break
        others = [w for i, w in enumerate(widths) if i != widest]
        step = max(1, min(excess, widths[widest] - max([*others, CELL_MIN])))
        widths[widest] -= step
        excess -= step
    return widths


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells, ending in … when cut."""
    if cell_width(text) <= width:
        return text
    out, w = "", 0
    for ch in text:
        cw = cell_width(ch)
        if w + cw > width - 1:
            break
        out += ch
        w += cw
    return out + "…"


def write_xlsx(columns: Sequence[str], rows: Sequence[Sequence[Any]], path: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("结果")
    bold = wb.add_format({"bold": True})
    datefmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, list(columns), bold)
    for i, r in enumerate(rows, start=1):
        for j, v in enumerate(r):
            if isinstance(v, datetime):
                ws.write_datetime(i, j, v, datefmt)
            elif isinstance(v, date):
                ws.write_datetime(i, j, datetime(v.year, v.month, v.day), datefmt)
            elif isinstance(v, Decimal):
                ws.write_number(i, j, float(v))
            elif isinstance(v, bool):
                ws.write_string(i, j, "是" if v else "否")
            elif v is None:
                continue
            elif isinstance(v, (int, float)):
                ws.write_number(i, j, v)
            else:  # text, and lists / structs / blobs as the table shows them
                ws.write_string(i, j, fmt_value(v))
    wb.close()
