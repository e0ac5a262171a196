"""Writing query results: table (CJK-aligned), csv, json, md, xlsx; and the one sanitiser of output.

Whatever a ledger cell holds is data: :func:`safe_text` shows the characters a
terminal would obey (escape sequences, bidi overrides) as visible escapes, and
every output boundary (tables, summaries, error lines, drafts, the dashboard's
cells) passes text through it. The store keeps the raw value.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
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


# What a terminal acts on instead of showing: C0 controls but tab and newline, DEL, the C1
# controls (0x9b is a one-byte CSI to some terminals), bidi embeddings, overrides and isolates;
# and what hides or reorders text unseen: bidi marks (LRM, RLM, ALM), zero-width space and
# joiners, word joiner, BOM.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                     "\u200b-\u200f\u061c\u2060\ufeff]")
# What XML 1.0 (and so a .docx) cannot hold at all.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _visible(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str) -> str:
    """``text`` with every character a terminal would obey shown as an escape (``\\x1b``, ``\\u202e``).

    Newline and tab stay (a query table and markdown show a cell's tab as ``\\t``). Used at every
    output boundary; cheap when there is nothing to escape.
    """
    if text.isprintable() or _UNSAFE.search(text) is None:  # isprintable: in C, no control at all
        return text
    return _UNSAFE.sub(_visible, text)


def _unsafe_in(lines: str) -> bool:
    """Whether a batch of output lines holds a character :func:`safe_text` would escape.

    Each line's ``isprintable()`` runs in C at several times a regex's speed; only a
    batch with some non-printing character (a tab, a full-width space …) is searched.
    """
    return not all(map(str.isprintable, lines.split("\n"))) and _UNSAFE.search(lines) is not None


def _safe_lines(text: str) -> str:
    """:func:`safe_text` for a batch of output lines."""
    return _UNSAFE.sub(_visible, text) if _unsafe_in(text) else text


def docx_text(text: str) -> str:
    """``text`` for a Word document: escapes made visible, characters XML cannot hold removed."""
    return _XML_INVALID.sub("", safe_text(text))


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
    """A value as one line of text to show, made safe (:func:`safe_text`)."""
    return safe_text(_plain(v))


def _plain(v: Any) -> str:
    """A value as one line of text, as stored: the writers below make a whole batch safe at once."""
    if type(v) is str:  # the common case first
        return v.replace("\n", " ") if "\n" in v else v
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


# A spreadsheet treats a cell starting with one of these as a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_START)
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def csv_cell(v: Any) -> str:
    """A value as a CSV cell Excel will not evaluate: text that would start a formula gets a leading '."""
    return safe_text(_csv_plain(v))


def _csv_plain(v: Any) -> str:
    if type(v) is not str:
        return _plain(v)
    if "\n" in v:
        v = v.replace("\n", " ")
    if v[:1] in _FORMULA_FIRST and not _PLAIN_NUMBER.fullmatch(v):
        return "'" + v
    return v


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
    """The whole result as text in one of the text formats (a table fitted into ``width`` cells
    when given, long cells clipped with …; ``wide`` keeps every cell whole)."""
    return "".join(chunks(columns, [rows], fmt, width, wide))


def chunks(columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]], fmt: str,
           width: int | None = None, wide: bool = False) -> Iterator[str]:
    """The result as text, a piece per batch of rows, so a large result is never held whole.

    A table takes its column widths from the first batch (fitted into ``width``
    terminal cells unless ``wide``); cells of later batches are clipped to them.
    """
    if fmt == "table":
        yield from _table_chunks(columns, batches, width, wide)
    elif fmt == "csv":
        yield from _csv_chunks(columns, batches)
    elif fmt == "json":
        yield from _json_chunks(columns, batches)
    elif fmt == "md":
        esc = lambda s: _no_tab(_plain(s)).replace("|", "\\|")  # noqa: E731
        yield _safe_lines("\n".join(["| " + " | ".join(esc(c) for c in columns) + " |",
                                     "|" + "|".join("---" for _ in columns) + "|"]) + "\n")
        for rows in batches:
            if rows:
                yield _safe_lines("".join("| " + " | ".join(esc(v) for v in r) + " |\n" for r in rows))
    else:
        raise ValueError(fmt)


def _no_tab(text: str) -> str:
    """A cell for a table or markdown, where a raw tab would break the alignment: shown as ``\\t``."""
    return text.replace("\t", "\\t") if "\t" in text else text


def _csv_chunks(columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]]) -> Iterator[str]:
    import csv
    import io

    # Cells are guarded one by one; the text is made safe a batch at a time (one scan, not one a cell).
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([_csv_plain(c) for c in columns])
    for rows in batches:
        w.writerows([_csv_plain(v) for v in r] for r in rows)
        yield _safe_lines(buf.getvalue())
        buf.seek(0)
        buf.truncate()
    yield _safe_lines(buf.getvalue())


def _json_chunks(columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]]) -> Iterator[str]:
    # The same text json.dumps(list, indent=1) writes, a batch at a time. JSON escapes C0
    # itself; DEL, C1 and bidi characters become \\u escapes, which keeps the value exact.
    first = True
    for rows in batches:
        if not rows:
            continue
        whole = json.dumps([{c: _json_value(v) for c, v in zip(columns, r)} for r in rows],
                           ensure_ascii=False, indent=1)
        text = ("[\n" if first else ",\n") + whole[2:-2]  # the batch's items, without its [ ]
        if _UNSAFE.search(text):  # (its C0 controls are escaped already: no line-by-line pass needed)
            text = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        yield text
        first = False
    yield "[]\n" if first else "\n]\n"


CELL_MAX = 40  # a cell longer than this is clipped, whatever the width (unless --wide)
CELL_MIN = 10  # fitting a table never narrows a column below this: a date or a case number stays whole
GAP = "  "


def _table_chunks(columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]], width: int | None = None,
                  wide: bool = False) -> Iterator[str]:
    columns = [_no_tab(safe_text(c)) for c in columns]
    widths: list[int] | None = None
    numeric: list[bool] = []
    shown = len(columns)
    for rows in batches:
        cells = [[_plain(v) for v in r] for r in rows]
        joined = "".join([c for r in cells for c in r])
        if not joined.isprintable():  # one pass for the batch, in C
            if _UNSAFE.search(joined):
                cells = [[safe_text(c) for c in r] for r in cells]
            if "\t" in joined:
                cells = [[_no_tab(c) for c in r] for r in cells]
        if widths is None:
            widths, shown = _table_widths(columns, cells, width, wide)
            numeric = [bool(rows) and all(isinstance(r[i], (int, float, Decimal)) and not isinstance(r[i], bool)
                                          for r in rows if r[i] is not None) for i in range(len(columns))]
            yield (GAP.join(pad(clip(columns[i], widths[i]), widths[i]) for i in range(shown)).rstrip() + "\n"
                   + GAP.join("─" * widths[i] for i in range(shown)) + "\n")
        if cells:
            yield "".join(GAP.join(pad(clip(r[i], widths[i]), widths[i], numeric[i]) for i in range(shown)).rstrip()
                          + "\n" for r in cells)
    if widths is None:  # no batch at all: the header alone
        yield from _table_chunks(columns, [[]], width, wide)
    elif shown < len(columns):
        left_out = "、".join(columns[shown:])
        yield clip(f"（另有{len(columns) - shown}列未显示，--wide 显示全部：{left_out}）", width or 0) + "\n"


def _table_widths(columns: list[str], cells: list[list[str]], width: int | None, wide: bool
                  ) -> tuple[list[int], int]:
    """(each column's width, how many columns fit) from the first rows: cells at most CELL_MAX,
    narrowed to fit ``width``, the last columns left out when even their narrowest is too wide."""
    widths = [cell_width(c) for c in columns]
    for r in cells:
        for i, c in enumerate(r):
            widths[i] = max(widths[i], cell_width(c))
    shown = len(columns)
    if wide:
        return widths, shown
    widths = [min(w, CELL_MAX) for w in widths]
    narrowest = [min(w, CELL_MIN) for w in widths]
    while width and shown > 1 and sum(narrowest[:shown]) + len(GAP) * (shown - 1) > width:
        shown -= 1  # too many columns even at their narrowest: the last ones are left out, and said so
    return fit_widths(widths[:shown], width) + widths[shown:], shown


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


# Rows a worksheet holds, the header's included.
XLSX_MAX_ROWS = 1_048_576


def write_xlsx(columns: Sequence[str], rows: Iterable[Sequence[Any]], path: Path) -> int:
    """Write the rows to a one-sheet workbook, a row at a time; the number of rows written.

    Text is always written as a string (a formula-looking cell stays text) and made safe like
    any other output.
    """
    import xlsxwriter

    return _fill_xlsx(xlsxwriter.Workbook(str(path), {"constant_memory": True}), columns, rows)


def xlsx_bytes(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The same workbook as :func:`write_xlsx`, built in memory (no file, not even a temporary one)."""
    import io

    import xlsxwriter

    buf = io.BytesIO()
    _fill_xlsx(xlsxwriter.Workbook(buf, {"in_memory": True}), columns, rows)
    return buf.getvalue()


def _fill_xlsx(wb, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    ws = wb.add_worksheet("结果")
    bold = wb.add_format({"bold": True})
    datefmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, [safe_text(c) for c in columns], bold)
    i = 0
    try:
        for i, r in enumerate(rows, start=1):
            if i >= XLSX_MAX_ROWS:
                raise FormatError(f"结果超过 xlsx 一个工作表的上限（{XLSX_MAX_ROWS - 1:,} 行）：请改用 -f csv")
            for j, v in enumerate(r):
                _xlsx_cell(ws, i, j, v, datefmt)
    finally:
        wb.close()
    return i


def _xlsx_cell(ws, i: int, j: int, v: Any, datefmt) -> None:
    if isinstance(v, datetime):
        ws.write_datetime(i, j, v, datefmt)
    elif isinstance(v, date):
        ws.write_datetime(i, j, datetime(v.year, v.month, v.day), datefmt)
    elif isinstance(v, Decimal):
        ws.write_number(i, j, float(v))
    elif isinstance(v, bool):
        ws.write_string(i, j, "是" if v else "否")
    elif v is None:
        return
    elif isinstance(v, (int, float)):
        ws.write_number(i, j, v)
    else:  # text, and lists / structs / blobs as the table shows them
        ws.write_string(i, j, fmt_value(v))
