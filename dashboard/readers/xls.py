"""BIFF workbooks: .xls (Excel 97-2003, also Excel 5/95) and WPS .et saved in that format.

The workbook stream is taken out of its OLE2 compound file (olefile) and its
records walked once: the sheet list (names, visibility), encryption, each
sheet's declared dimension, the first row holding a value, error values and
merged ranges. The engine then reads the values. BIFF8 holds at most
65,536 × 256 cells per sheet, but a dimension record can claim anything.
"""

from __future__ import annotations

import struct
from pathlib import Path

from .grid import Grid, UnreadableFile
from .layout import MAX_SHEETS, SheetLayout
from .zipbook import Book, check_limits

_BOF, _EOF, _BOUNDSHEET, _FILEPASS, _CODEPAGE = 0x0809, 0x000A, 0x0085, 0x002F, 0x0042
_DIMENSIONS, _MERGEDCELLS, _BOOLERR, _FORMULA, _MULRK = 0x0200, 0x00E5, 0x0205, 0x0006, 0x00BD
# Records that hold a value (NUMBER, RK, LABELSST, LABEL, RSTRING, BOOLERR, FORMULA, MULRK).
_VALUES = frozenset({0x0203, 0x027E, 0x00FD, 0x0204, 0x00D6, _BOOLERR, _FORMULA, _MULRK})
_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
           0x2A: "#N/A"}
_HEAD = struct.Struct("<HH")
_ENCRYPTED = "文件已加密（设有打开密码）：请在 Excel 中去掉密码后另存再试"
_CODEPAGES = {936: "gbk", 950: "big5", 1252: "cp1252", 65001: "utf-8", 1200: "utf-16-le"}


def read_xls(path: Path) -> list[Grid]:
    """The grids of a BIFF workbook, checked before the engine reads it."""
    from . import engine
    from .workbook import finish

    book = inspect(path)
    check_limits(book)
    return finish(book, engine.load(path, book))


def _stream(path: Path) -> bytes:
    """The workbook stream of the compound file, or the reason it has none."""
    import olefile

    try:
        ole = olefile.OleFileIO(str(path))
    except (OSError, ValueError, IndexError, struct.error) as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        with open(path, "rb") as fh:
            head = fh.read(1 << 16)
        if "EncryptedPackage".encode("utf-16-le") in head:
            # a password-protected xlsx: its directory names the encrypted package
            raise UnreadableFile(_ENCRYPTED) from None
        raise UnreadableFile("不是有效的 .xls 文件（复合文档已损坏）") from None
    try:
        if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
            raise UnreadableFile(_ENCRYPTED)
        for name in ("Workbook", "Book", "WORKBOOK", "BOOK"):
            if ole.exists(name):
                return ole.openstream(name).read()
        if ole.exists("WordDocument"):
            raise UnreadableFile("是 Word 文档，不是表格：请导出为 Excel 表格")
        raise UnreadableFile("复合文档中没有工作簿数据（可能是 WPS 专有格式或其他文档）：请另存为 .xlsx")
    except (OSError, ValueError, IndexError, struct.error):
        raise UnreadableFile("不是有效的 .xls 文件（复合文档已损坏）") from None
    finally:
        ole.close()


def _records(data: bytes, pos: int):
    """(type, body offset, body length) of each record from ``pos`` to the end of the stream."""
    unpack, end = struct.unpack_from, len(data) - 4
    while pos <= end:
        rt, ln = unpack("<HH", data, pos)
        yield rt, pos + 4, ln
        pos += 4 + ln
    # (the workbook globals are short; each sheet's records are walked by _walk_sheet)


def inspect(path: Path) -> Book:
    """Every sheet's layout from the BIFF records."""
    data = _stream(path)
    if len(data) < 8 or struct.unpack_from("<H", data, 0)[0] not in (_BOF, 0x0409, 0x0209, 0x0009):
        raise UnreadableFile("不是有效的 .xls 文件（工作簿数据已损坏）")
    biff8 = struct.unpack_from("<H", data, 4)[0] >= 0x0600
    codepage = "cp1252"
    sheets: list[tuple[int, SheetLayout]] = []
    for rt, at, ln in _records(data, 0):
        if rt == _EOF:
            break
        if rt == _FILEPASS:
            raise UnreadableFile(_ENCRYPTED)
        if rt == _CODEPAGE and ln >= 2:
            codepage = _CODEPAGES.get(struct.unpack_from("<H", data, at)[0], codepage)
        elif rt == _BOUNDSHEET and ln >= 8:
            offset, state, kind = struct.unpack_from("<IBB", data, at)
            name = _sheet_name(data[at + 6:at + ln], biff8, codepage)
            if kind == 0:  # a worksheet (not a chart or macro sheet)
                sheets.append((offset, SheetLayout(name, state == 0)))
            if len(sheets) > MAX_SHEETS:
                raise UnreadableFile(f"工作簿含超过 {MAX_SHEETS} 个工作表，超出读取上限：文件异常，已跳过")
    book = Book("xls", [layout for _, layout in sheets])
    for offset, layout in sheets:
        if layout.visible and 0 < offset < len(data):
            _walk_sheet(data, offset, layout, biff8)
    return book


def _sheet_name(raw: bytes, biff8: bool, codepage: str) -> str:
    if not raw:
        return ""
    n = raw[0]
    if biff8:
        wide = len(raw) > 1 and raw[1] & 1
        body = raw[2:2 + (2 * n if wide else n)]
        return body.decode("utf-16-le" if wide else "latin-1", "replace")
    return raw[1:1 + n].decode(codepage, "replace")


def _walk_sheet(data: bytes, offset: int, layout: SheetLayout, biff8: bool) -> None:
    """Fill the layout from one sheet's records (BOF … EOF; embedded charts nest).

    One loop over every record of the sheet, written out for speed: a 50,000-row
    sheet has some 600,000 records."""
    unpack, head, values = struct.unpack_from, _HEAD.unpack_from, _VALUES
    first, depth = 1 << 20, 0
    pos, end = offset, len(data) - 4
    while pos <= end:
        rt, ln = head(data, pos)
        at, pos = pos + 4, pos + 4 + ln
        if rt in values:
            if depth != 1 or ln < 4:
                continue
            row = data[at] | data[at + 1] << 8
            if row < first:  # noqa: PLR1730 (a call to min() per record costs more here)
                first = row
            if rt == _BOOLERR and ln >= 8 and data[at + 7]:
                layout.patches[(row, unpack("<H", data, at + 2)[0])] = _ERRORS.get(data[at + 6], "#ERROR")
            elif rt == _FORMULA and ln >= 14 and data[at + 6] == 2 and data[at + 12:at + 14] == b"\xff\xff":
                layout.patches[(row, unpack("<H", data, at + 2)[0])] = _ERRORS.get(data[at + 8], "#ERROR")
        elif rt == _BOF:
            depth += 1
        elif rt == _EOF:
            depth -= 1
            if depth <= 0:
                break
        elif depth != 1:
            continue
        elif rt == _MERGEDCELLS and ln >= 2:
            count = min(unpack("<H", data, at)[0], (ln - 2) // 8)
            for i in range(count):
                r1, r2, c1, c2 = unpack("<HHHH", data, at + 2 + 8 * i)
                layout.merges.append((r1, c1, r2, c2))
        elif rt == _DIMENSIONS:
            if biff8 and ln >= 12:
                r1, r2, c1, c2 = unpack("<IIHH", data, at)
            elif ln >= 8:
                r1, r2, c1, c2 = unpack("<HHHH", data, at)
            else:
                continue
            layout.declared = (max(r2 - r1, 0), max(c2 - c1, 0))
    layout.first_row = first if first < 1 << 20 else None
