"""Reading export files into grids of text cells.

``read_file`` detects what a file is from its bytes (not its name) and hands it
to the reader of that format: zip workbooks (xlsx, xlsm, xlsb, ods) and BIFF
workbooks (.xls, WPS .et) through the spreadsheet engine after their own records
are checked; web-page tables; delimited text. Each returns :class:`Grid` s.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from .grid import HEADER_SCAN_ROWS, Grid, UnreadableFile
from .sniff import HEAD_BYTES, NAMED, sniff
from .text import decode

__all__ = ["HEADER_SCAN_ROWS", "OTHER_SPREADSHEETS", "SUPPORTED", "Grid", "UnreadableFile", "decode",
           "read_file"]

SUPPORTED = (".xlsx", ".xlsm", ".xlsb", ".xls", ".et", ".ods", ".csv", ".txt", ".tsv")
# Spreadsheets dash does not read, and what they are, so the user hears what to do.
OTHER_SPREADSHEETS = {".numbers": "Numbers "}


def read_file(path: Path) -> list[Grid]:
    """All grids of a file (one per visible sheet of a workbook, one per text or web table)."""
    if path.is_symlink() and not path.exists():
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise UnreadableFile("链接（快捷方式）互相指向，形成循环，找不到真正的文件") from None
        raise UnreadableFile("链接（快捷方式）指向的文件不存在")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UnreadableFile("文件在读取时已不存在（被移走或删除）") from None
    if size == 0:
        raise UnreadableFile("空文件（0 字节）")
    try:
        return _read(path)
    except (UnreadableFile, OSError):
        # Whatever the reader tripped over, a file that is gone is the message.
        if not path.exists():
            raise UnreadableFile("文件在读取时已不存在（被移走或删除）") from None
        raise


def _read(path: Path) -> list[Grid]:
    suffix = path.suffix.lower()
    if suffix in OTHER_SPREADSHEETS:
        raise UnreadableFile(f"{OTHER_SPREADSHEETS[suffix]}格式不受支持：请另存为 .xlsx")
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    family = sniff(head)
    if family == "zip":
        from .workbook import read_zip

        grids = read_zip(path)
    elif family == "ole2":
        from .xls import read_xls

        grids = read_xls(path)
    elif family == "html":
        from .html import read_html

        grids = read_html(path, head)
    elif family == "text":
        from .text import read_text

        grids = [read_text(path, "CSV" if suffix == ".csv" else "文本")]
    elif family == "xml2003":
        raise UnreadableFile("是 Excel 2003 XML 表格（SpreadsheetML），暂不支持：请在 Excel 中另存为 .xlsx")
    else:
        raise UnreadableFile(_not_a_table(suffix))
    expected = NAMED.get(suffix)
    if grids and expected and (family != expected or _zip_kind_differs(suffix, grids[0].kind)):
        grids[0].notes.insert(0, f"名为 {suffix}，实为{_what(family, grids[0])}")
    return grids


def _zip_kind_differs(suffix: str, kind: str) -> bool:
    return suffix in (".xlsx", ".xlsm", ".xlsb", ".ods") and kind not in ("", suffix[1:], "xlsm" if
                                                                           suffix == ".xlsx" else "")


def _what(family: str, grid: Grid) -> str:
    if family == "html":
        return f"网页表格（{grid.encoding}）"
    if family == "text":
        return f"文本表格（{grid.encoding}）"
    if family == "ole2":
        return "旧版 Excel 工作簿（.xls）"
    return f" {grid.kind} 工作簿"


def _not_a_table(suffix: str) -> str:
    if NAMED.get(suffix) == "text":
        return "不是文本文件（含二进制内容）"
    if suffix in NAMED:
        return f"不是有效的 {suffix[1:]} 文件（内容不是 Excel/WPS 工作簿，也不是网页或文本表格）"
    return f"不支持的文件类型 {suffix or '（无扩展名）'}（内容不是表格）"
