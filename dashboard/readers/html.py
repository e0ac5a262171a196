"""Web-page tables: the "导出Excel" of many web systems writes an HTML table named .xls.

Parsed with lxml's HTML parser (forgiving, as a browser is). The encoding comes
from a byte order mark, the page's own meta charset, or the bytes (UTF-8, else
GB18030). Each data table becomes a grid as Excel would show it when opening
the file: ``rowspan``/``colspan`` are merged cells (a value merged down fills
each row it covers, as for workbooks), ``<br>`` is a line break, ``&nbsp;`` a
space and nested tags are text. Layout tables (ones holding other tables) are
passed over; their inner tables are read.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from .grid import Grid, UnreadableFile, column_name
from .layout import MAX_CELLS, MAX_PART_BYTES
from .sniff import html_charset

_GBK_NAMES = {"gb2312", "gbk", "x-gbk", "cp936", "windows-936", "gb_2312-80", "euc-cn", "x-euc-cn"}
_BR = "\ue000"  # stands for a <br> while whitespace is folded
_MAX_SPAN = 1000


def read_html(path: Path, head: bytes) -> list[Grid]:
    """One grid per data table of the page (never empty: no table is an error)."""
    from lxml import etree

    if path.stat().st_size > MAX_PART_BYTES:
        raise UnreadableFile(f"网页表格超过 {MAX_PART_BYTES // 2**20} MB，超出读取上限：文件异常，已跳过")
    text, label = _decode(path.read_bytes(), head)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses a str that declares its encoding
    try:
        # The plain HTML parser (not lxml.html's element classes): the same tree, faster to walk.
        doc = etree.fromstring(text, etree.HTMLParser(remove_comments=True, remove_pis=True))
    except Exception as exc:  # noqa: BLE001 (lxml raises several unrelated kinds on broken pages)
        raise UnreadableFile(f"网页表格无法解析：{str(exc)[:100]}") from None
    if doc is None:
        raise UnreadableFile(f"网页（{label}）中没有含数据的表格")
    for br in doc.iter("br"):
        br.tail = _BR + (br.tail or "")
    tables = [t for t in doc.iter("table") if t.find(".//table") is None]
    grids = []
    for table in tables:
        rows, merged = _table_rows(table)
        if len(rows) >= 2 and any(v for row in rows for v in row):
            grids.append((rows, merged))
    if not grids:
        raise UnreadableFile(f"网页（{label}）中没有含数据的表格")
    return [_grid(rows, merged, label, f"表格{n}" if len(grids) > 1 else None)
            for n, (rows, merged) in enumerate(grids, start=1)]


def _decode(data: bytes, head: bytes) -> tuple[str, str]:
    """(text, encoding as the user is told it) of a web page."""
    for bom, enc, label in ((codecs.BOM_UTF8, "utf-8", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
                            (codecs.BOM_UTF16_BE, "utf-16", "UTF-16")):
        if data.startswith(bom):
            return data.decode(enc, "replace").lstrip("\ufeff"), label
    declared = (html_charset(head) or "").lower()
    tries = []
    if declared in _GBK_NAMES:
        tries.append(("gb18030", "GBK"))
    elif declared:
        tries.append((declared, declared.upper()))
    tries += [("utf-8", "UTF-8"), ("gb18030", "GB18030")]
    for enc, label in tries:
        try:
            return data.decode(enc), label
        except (UnicodeDecodeError, LookupError):
            continue
    raise UnreadableFile("网页表格的编码无法识别：既不是 UTF-8，也不是 GBK/GB18030")


def _cell_text(cell) -> str | None:
    """A cell's text as Excel shows it: nested tags as text, runs of white space as one
    space, ``&nbsp;`` a space, ``<br>`` a line break."""
    text = cell.text if len(cell) == 0 else "".join(cell.itertext())
    if not text:
        return None
    if _BR in text:
        return "\n".join(" ".join(part.replace("\xa0", " ").split()) for part in text.split(_BR)).strip() or None
    return " ".join(text.replace("\xa0", " ").split()) or None


def _span(cell, name: str, cap: int) -> int:
    value = cell.get(name)
    if value is None:
        return 1
    try:
        return min(max(int(value.strip() or 1), 1), cap)
    except ValueError:
        return 1


def _place(row: list[str | None], col: int, value: str | None) -> None:
    row.extend([None] * (col + 1 - len(row)))
    row[col] = value


def _fill_from_above(row: list[str | None], col: int, below: dict[int, tuple[int, str | None]]) -> int:
    """Put the values of cells spanning down from earlier rows into ``row`` from ``col`` on,
    as far as such cells reach across; the column after them."""
    while col in below:
        left, value = below[col]
        _place(row, col, value)
        if left <= 1:
            del below[col]
        else:
            below[col] = (left - 1, value)
        col += 1
    return col


def _table_rows(table) -> tuple[list[list[str | None]], list[tuple[int, int, int, int]]]:
    """The table as rows of cells, spans laid out; and each span over several rows."""
    rows: list[list[str | None]] = []
    merged: list[tuple[int, int, int, int]] = []
    below: dict[int, tuple[int, str | None]] = {}  # column -> (rows still covered, value to fill)
    trs = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    spanned = set(table.xpath("./tr/*[@rowspan or @colspan] | ./*/tr/*[@rowspan or @colspan]"))
    width = 0
    for r, tr in enumerate(trs):
        row: list[str | None] = []
        col = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            if below:
                col = _fill_from_above(row, col, below)
            text = _cell_text(cell)
            if cell not in spanned:  # most cells: no span, placed where the row has got to
                if len(row) == col:
                    row.append(text)
                else:
                    _place(row, col, text)
                col += 1
                continue
            across, down = _span(cell, "colspan", _MAX_SPAN), _span(cell, "rowspan", max(len(trs) - r, 1))
            _place(row, col + across - 1, None)
            row[col] = text
            if down > 1:
                for k in range(across):
                    below[col + k] = (down - 1, text if k == 0 else None)
                merged.append((r, col, r + down - 1, col + across - 1))
            col += across
            if col > 16_384:
                raise UnreadableFile("网页表格的一行超过 16,384 列，超出读取上限：文件异常，已跳过")
        for c in sorted(below):  # spans from above that reach past this row's own cells
            if c >= col:
                col = _fill_from_above(row, c, below)
        width = max(width, len(row))
        if width * (r + 1) > MAX_CELLS:
            raise UnreadableFile(f"网页表格超过 {MAX_CELLS // 10_000:,} 万个单元格，超出读取上限：文件异常，已跳过")
        rows.append(row)
    return rows, merged


def _grid(rows: list[list[str | None]], spans: list[tuple[int, int, int, int]], label: str,
          sheet: str | None) -> Grid:
    import polars as pl

    width = max(len(r) for r in rows)
    names = [f"c{i}" for i in range(width)]
    frame = pl.DataFrame([r + [None] * (width - len(r)) for r in rows], schema={n: pl.String for n in names},
                         orient="row")
    merged = [(f"{column_name(c1)}{r1 + 1}:{column_name(c2)}{r2 + 1}", r1 + 1, r2 + 1)
              for r1, c1, r2, c2 in spans if rows[r1][c1] is not None]
    return Grid(sheet, frame, 1, label, merged=merged, kind="网页表格")
