"""One worksheet part of an xlsx, read once with a streaming XML parser (expat).

The part is inflated in 1 MiB chunks straight from the zip (memory stays flat
whatever the part's size, and the zip's CRC check catches a part larger than
its directory claims). Sheets up to ``FULL_SCAN_BYTES`` are parsed cell by cell:
every cell's reference counts toward the used rectangle, so a far cell is seen
before the engine allocates for it. Larger sheets would cost a second or more
to parse in Python, so their cells are parsed only where there is something to
find (the first rows, rows holding formulas or error values, the merge list
after the cells); those sheets go to the engine in a separate process, which
may die without taking the ingest with it.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from typing import IO

from .grid import column_index, column_name
from .layout import SheetLayout

FULL_SCAN_BYTES = 8 * 1024 * 1024
CHUNK = 1 << 20
_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})")


def parse_ref(ref: str) -> tuple[int, int] | None:
    """(row, column), 0-based, of a reference like ``B12``; None when it is not one."""
    m = _REF.fullmatch(ref.strip())
    if m is None:
        return None
    return int(m.group(2)) - 1, column_index(m.group(1))


def parse_range(ref: str) -> tuple[int, int, int, int] | None:
    """(first row, first column, last row, last column) of ``A1:C3`` (or of a single ``A1``)."""
    first, _, last = ref.partition(":")
    a, b = parse_ref(first), parse_ref(last or first)
    if a is None or b is None:
        return None
    return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])


def _local(name: str) -> str:
    return name.rpartition(":")[2]


_COLUMNS: dict[str, int] = {}  # column letters already seen -> index


def _cell_pos(ref: str) -> tuple[int, int] | None:
    """(row, column) of a cell's own reference: the common case without a regular expression."""
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters):]
    col = _COLUMNS.get(letters)
    if col is None:
        if not (0 < len(letters) <= 3 and letters.isascii() and letters.isupper() and letters.isalpha()):
            return parse_ref(ref)
        col = _COLUMNS[letters] = column_index(letters)
    if not digits or len(digits) > 7:
        return None
    return int(digits) - 1, col


class _Cells:
    """expat handlers that follow rows and cells, filling a SheetLayout.

    Called for every element of a sheet up to FULL_SCAN_BYTES, so the cell being
    read lives in plain attributes and tag names are looked up once each."""

    def __init__(self, layout: SheetLayout) -> None:
        self.layout = layout
        self.row = -1
        self.col = -1
        self.max_row = self.max_col = -1
        self.in_cell = False
        self.type = "n"  # the cell's t attribute
        self.formula: list[str] | None = None
        self.value: list[str] | None = None
        self.inline = False
        self.text: list[str] | None = None  # where character data goes, when it matters
        self.tags: dict[str, str] = {}

    def _tag(self, name: str) -> str:
        tag = self.tags.get(name)
        if tag is None:
            tag = self.tags[name] = _local(name)
        return tag

    def start(self, name: str, attrs: dict) -> None:
        tag = self.tags.get(name) or self._tag(name)
        if tag == "c":
            ref = attrs.get("r")
            pos = _cell_pos(ref) if ref else None
            self.row, self.col = pos if pos else (max(self.row, 0), self.col + 1)
            self.in_cell, self.type, self.formula, self.value, self.inline = True, attrs.get("t", "n"), None, None, False
        elif tag == "row":
            r = attrs.get("r", "")
            self.row = int(r) - 1 if r.isdigit() and 0 < int(r) <= 1_048_576 else self.row + 1
            self.col = -1
        elif tag == "v" and self.in_cell:
            self.text = self.value = []
        elif tag == "f" and self.in_cell:
            self.text = self.formula = []
        elif tag == "is" and self.in_cell:
            self.inline = True
        elif tag == "mergeCell":
            rng = parse_range(attrs.get("ref", ""))
            if rng is not None:
                self.layout.merges.append(rng)
        elif tag == "dimension":
            rng = parse_range(attrs.get("ref", ""))
            if rng is not None:
                self.layout.declared = (rng[2] - rng[0] + 1, rng[3] - rng[1] + 1)

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def end(self, name: str) -> None:
        tag = self.tags.get(name) or self._tag(name)
        if tag == "v" or tag == "f":
            self.text = None
        elif tag == "c" and self.in_cell:
            self.in_cell = False
            self._cell_done()

    def _cell_done(self) -> None:
        row, col, lay = self.row, self.col, self.layout
        if row > self.max_row or col > self.max_col:
            self.max_row, self.max_col = max(self.max_row, row), max(self.max_col, col)
            lay.far_cell = f"{column_name(self.max_col)}{self.max_row + 1}"
        value = "".join(self.value) if self.value is not None else None
        if (value or self.inline) and (lay.first_row is None or row < lay.first_row):
            lay.first_row = row
        if self.type == "e":
            lay.patches[(row, col)] = value or "#ERROR"
        elif self.formula is not None and not value and self.type != "str":
            # A formula saved without its result (written by a program, never opened
            # in Excel): the cell becomes "=formula", which validation rejects by name.
            formula = "".join(self.formula)
            lay.patches[(row, col)] = "=" + formula if formula else "=（共享公式）"

    def extent(self) -> tuple[int, int]:
        return self.max_row + 1, self.max_col + 1


def _needles(head: bytes) -> tuple[bytes, ...]:
    """What marks a formula or an error value in this sheet's spelling of XML: a formula
    element (``<f`` or, where elements carry a prefix, ``:f``) and ``t="e"`` in the quotes used."""
    needles = [b"<f", b'"e"']
    if b"<x:" in head or re.search(rb"<[A-Za-z]\w*:(?:row|c|sheetData)\b", head):
        needles.append(b":f")
    if b"='" in head or b"= '" in head:
        needles.append(b"'e'")
    return tuple(needles)


def _end_tag(buf: bytes, name: bytes, last: bool) -> int:
    """Index of the ``<`` of the first (or last) end tag ``</name>`` or ``</p:name>``; -1 if none.
    (A ``<`` cannot appear in text unescaped, so the nearest one before the name opens its tag.)"""
    find = buf.rfind if last else buf.find
    i = find(name + b">")
    while i >= 0:
        j = buf.rfind(b"<", 0, i)
        if j >= 0 and buf[j + 1:j + 2] == b"/" and b">" not in buf[j:i]:
            return j
        i = buf.rfind(name + b">", 0, i) if last else buf.find(name + b">", i + 1)
    return -1


def _rows_end(buf: bytes) -> int:
    """Index just past the last complete row of ``buf`` (0 when none ends there)."""
    j = _end_tag(buf, b"row", last=True)
    return buf.index(b">", j) + 1 if j >= 0 else 0


def _parser(cells: _Cells):
    parser = xml.parsers.expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = cells.start
    parser.EndElementHandler = cells.end
    parser.CharacterDataHandler = cells.chars
    return parser


def _parse_part(cells: _Cells, body: bytes) -> None:
    """Parse rows (or the elements after the cell data) cut out of the stream at tag boundaries."""
    _parser(cells).Parse(b"<part>" + body + b"</part>", True)


def scan_sheet(fh: IO[bytes], layout: SheetLayout, full: bool) -> None:
    """Fill ``layout`` from the worksheet XML in ``fh``: every cell when ``full``, else
    only the regions that may hold what the engine does not read (see the module doc).

    Raises ``xml.parsers.expat.ExpatError`` for XML that is not well formed and
    whatever the zip stream raises for a damaged part.
    """
    cells = _Cells(layout)
    parser = _parser(cells)
    if full:
        while chunk := fh.read(CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
        layout.extent = cells.extent()
        return
    # The head and the first rows, streamed through one parser until a value is found.
    buf = head = b""
    while layout.first_row is None:
        chunk = fh.read(CHUNK)
        if not chunk:
            parser.Parse(buf, True)
            return
        head = head or chunk
        buf += chunk
        cut = _rows_end(buf) or (len(buf) if len(buf) > 4 * CHUNK else 0)
        parser.Parse(buf[:cut], False)
        buf = buf[cut:]
    # Then whole rows are cut from the stream; only those that may hide something are parsed.
    needles = _needles(head)
    tail = None
    while True:
        chunk = fh.read(CHUNK)
        if tail is not None:
            tail += chunk
            if len(tail) > _MAX_TAIL:
                raise xml.parsers.expat.ExpatError("sheet tail too large")
        else:
            buf += chunk
            end = _end_tag(buf, b"sheetData", last=False)
            if end >= 0:
                rows, tail, buf = buf[:end], buf[end:], b""
            else:
                cut = len(buf) if not chunk else _rows_end(buf)
                rows, buf = buf[:cut], buf[cut:]
            if rows and any(n in rows for n in needles):
                _parse_part(cells, rows)
        if not chunk:
            break
    if tail:
        # </sheetData> … </worksheet>: the merge list sits between the two.
        start, stop = tail.index(b">") + 1, _end_tag(tail, b"worksheet", last=True)
        _parse_part(cells, tail[start:stop if stop >= 0 else len(tail)])


_MAX_TAIL = 64 * 1024 * 1024
