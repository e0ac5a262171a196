"""Excel binary workbooks (.xlsb): BIFF12 records of the workbook and sheet parts.

Each sheet part is walked once: its declared dimension (BrtWsDim), the rows
and cells holding values (for the first row and the used rectangle), error
cells (the engine reads them as empty) and merged ranges (BrtMergeCell).
"""

from __future__ import annotations

import struct
import zipfile

from .grid import UnreadableFile
from .layout import MAX_SHEETS, SheetLayout
from .zipbook import Book, read_small, reading, relationships

_ROW, _WS_DIM, _MERGE, _BUNDLE_SH = 0x0000, 0x0094, 0x00B0, 0x009C
_CELL_ERROR, _FMLA_ERROR = 0x0003, 0x000B
# Cell records holding a value: Rk, Error, Bool, Real, St, Isst, and the four formula kinds.
_VALUES = frozenset({0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B})
_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
           0x2A: "#N/A", 0x2B: "#GETTING_DATA"}


def records(data: bytes):
    """(type, body) of each BIFF12 record: type and size are 7-bit varints."""
    pos, end = 0, len(data)
    while pos < end:
        rt = data[pos]
        pos += 1
        if rt & 0x80:
            if pos >= end:
                return
            rt = (rt & 0x7F) | ((data[pos] & 0x7F) << 7)
            pos += 1
        size = shift = 0
        for _ in range(4):
            if pos >= end:
                return
            b = data[pos]
            pos += 1
            size |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        yield rt, data[pos:pos + size]
        pos += size


def _wide_string(body: bytes, at: int) -> tuple[str, int]:
    n = struct.unpack_from("<I", body, at)[0]
    if n == 0xFFFFFFFF:
        return "", at + 4
    return body[at + 4:at + 4 + 2 * n].decode("utf-16-le", "replace"), at + 4 + 2 * n


def inspect(zf: zipfile.ZipFile, kind: str, full: bool) -> Book:
    """Every sheet's layout from the binary records."""
    rels = relationships(zf, "xl/workbook.bin")
    book = Book("xlsb")
    parts = []
    with reading("xlsb "):
        for rt, body in records(read_small(zf, "xl/workbook.bin")):
            if rt != _BUNDLE_SH or len(body) < 12:
                continue
            state = struct.unpack_from("<I", body, 0)[0] & 3
            rid, at = _wide_string(body, 8)
            name, _ = _wide_string(body, at)
            book.sheets.append(SheetLayout(name, state == 0))
            parts.append(rels.get(rid))
            if len(book.sheets) > MAX_SHEETS:
                raise UnreadableFile(f"工作簿含超过 {MAX_SHEETS} 个工作表，超出读取上限：文件异常，已跳过")
        for layout, part in zip(book.sheets, parts):
            if layout.visible and part in zf.NameToInfo:
                _walk_sheet(zf.read(part), layout)
    return book


def _walk_sheet(data: bytes, layout: SheetLayout) -> None:
    unpack = struct.unpack_from
    row, max_row, max_col = 0, -1, -1
    for rt, body in records(data):
        if rt == _ROW and len(body) >= 4:
            row = unpack("<I", body, 0)[0]
        elif rt in _VALUES and len(body) >= 8:
            col = unpack("<I", body, 0)[0]
            if layout.first_row is None or row < layout.first_row:
                layout.first_row = row
            if row > max_row or col > max_col:
                max_row, max_col = max(max_row, row), max(max_col, col)
            if rt in (_CELL_ERROR, _FMLA_ERROR) and len(body) >= 9:
                layout.patches[(row, col)] = _ERRORS.get(body[8], "#ERROR")
        elif rt == _MERGE and len(body) >= 16:
            r1, r2, c1, c2 = unpack("<IIII", body, 0)
            layout.merges.append((r1, c1, r2, c2))
        elif rt == _WS_DIM and len(body) >= 16:
            r1, r2, c1, c2 = unpack("<IIII", body, 0)
            layout.declared = (max(r2 - r1 + 1, 0), max(c2 - c1 + 1, 0))
    if max_row >= 0:
        layout.extent = (max_row + 1, max_col + 1)
        from .layout import cell_ref

        layout.far_cell = cell_ref(max_row, max_col)
