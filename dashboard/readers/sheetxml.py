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

from .grid import column_index
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


class _Cells:
    """expat handlers that follow rows and cells, filling a SheetLayout."""

    def __init__(self, layout: SheetLayout) -> None:
        self.layout = layout
        self.row = -1
        self.col = -1
        self.max_row = self.max_col = -1
        self.cell: dict | None = None  # the cell being read: type, formula, value
        self.text: list[str] | None = None  # where character data goes, when it matters

    def start(self, name: str, attrs: dict) -> None:
        tag = _local(name)
        if tag == "c":
            pos = parse_ref(attrs.get("r", "")) if "r" in attrs else None
            self.row, self.col = pos if pos else (max(self.row, 0), self.col + 1)
            self.cell = {"t": attrs.get("t", "n"), "f": None, "v": None, "is": False}
        elif tag == "row":
            r = attrs.get("r", "")
            self.row = int(r) - 1 if r.isdigit() and 0 < int(r) <= 1_048_576 else self.row + 1
            self.col = -1
        elif self.cell is not None and tag in ("v", "f"):
            self.text = []
            self.cell[tag] = self.text
        elif tag == "is" and self.cell is not None:
            self.cell["is"] = True
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
        tag = _local(name)
        if tag in ("v", "f"):
            self.text = None
        elif tag == "c" and self.cell is not None:
            self._cell_done(self.cell)
            self.cell = None

    def _cell_done(self, cell: dict) -> None:
        row, col, lay = self.row, self.col, self.layout
        if row > self.max_row or col > self.max_col:
            self.max_row, self.max_col = max(self.max_row, row), max(self.max_col, col)
            lay.far_cell = f"{_letters(self.max_col)}{self.max_row + 1}"
        value = "".join(cell["v"]) if cell["v"] is not None else None
        if (value or cell["is"]) and (lay.first_row is None or row < lay.first_row):
            lay.first_row = row
        if cell["t"] == "e":
            lay.patches[(row, col)] = value or "#ERROR"
            lay.first_row = row if lay.first_row is None else min(lay.first_row, row)
        elif cell["f"] is not None and not value and cell["t"] != "str":
            # A formula saved without its result (written by a program, never opened
            # in Excel): the cell becomes "=formula", which validation rejects by name.
            formula = "".join(cell["f"])
            lay.patches[(row, col)] = "=" + formula if formula else "=（共享公式）"

    def extent(self) -> tuple[int, int]:
        return self.max_row + 1, self.max_col + 1


def _letters(col: int) -> str:
    from .grid import column_name

    return column_name(col)


def _needs_cells(chunk: bytes) -> bool:
    """Whether a chunk of a large sheet may hold something only a cell-by-cell read finds:
    a formula, an error value (t="e"), or a character reference (which may spell either)."""
    return b"<f" in chunk or b":f" in chunk or b'"e"' in chunk or b"'e'" in chunk or b"&#" in chunk


def _ends_cells(chunk: bytes) -> bool:
    """Whether the chunk holds the end tag of the cell data (the merge list comes after it)."""
    i = chunk.find(b"sheetData>")
    while i >= 0:
        j = chunk.rfind(b"<", 0, i)
        if j >= 0 and chunk[j + 1:j + 2] == b"/":
            return True
        i = chunk.find(b"sheetData>", i + 1)
    return False


def scan_sheet(fh: IO[bytes], layout: SheetLayout, full: bool) -> None:
    """Fill ``layout`` from the worksheet XML in ``fh``: every cell when ``full``, else
    only the regions that may hold what the engine does not read (see the module doc).

    Raises ``xml.parsers.expat.ExpatError`` for XML that is not well formed and
    whatever the zip stream raises for a damaged part.
    """
    cells = _Cells(layout)
    parser = xml.parsers.expat.ParserCreate()
    parser.buffer_text = True

    def handlers(on: bool) -> None:
        parser.StartElementHandler = cells.start if on else None
        parser.EndElementHandler = cells.end if on else None
        parser.CharacterDataHandler = cells.chars if on else None

    handlers(True)
    chunk = fh.read(CHUNK)
    flag = _needs_cells(chunk)
    prev_flag, tail, carry = False, False, b""
    while chunk:
        nxt = fh.read(CHUNK)
        next_flag = _needs_cells(nxt)
        tail = tail or _ends_cells(carry + chunk)
        if not full:
            # A cell can straddle two chunks: a neighbour's flag turns the cells on too.
            handlers(flag or prev_flag or next_flag or tail or layout.first_row is None)
        parser.Parse(chunk, False)
        carry = chunk[-16:]
        chunk, prev_flag, flag = nxt, flag, next_flag
    parser.Parse(b"", True)
    if full:
        layout.extent = cells.extent()
