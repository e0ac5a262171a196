"""xlsx and xlsm: the workbook part, its relationships, and each worksheet's XML."""

from __future__ import annotations

import xml.parsers.expat
import zipfile

from ..errors import first_line
from .grid import UnreadableFile
from .layout import SheetLayout
from .sheetxml import scan_sheet
from .zipbook import Book, listed_sheets


def inspect(zf: zipfile.ZipFile, kind: str, full: bool) -> Book:
    """Every sheet's layout, read from the open zip (which is not reopened)."""
    workbook = "xl/workbook.xml" if "xl/workbook.xml" in zf.NameToInfo else next(
        n for n in zf.namelist() if n.lower().endswith("workbook.xml"))
    book = Book(kind)
    for name, visible, part in listed_sheets(zf, workbook, "sheet"):
        layout = SheetLayout(name, visible)
        book.sheets.append(layout)
        if not visible or part is None or part not in zf.NameToInfo or "chartsheets/" in part:
            continue  # hidden, or a chart: the engine is not asked for its cells
        info = zf.getinfo(part)
        try:
            with zf.open(info) as fh:
                scan_sheet(fh, layout, full)
        except xml.parsers.expat.ExpatError as exc:
            raise UnreadableFile(f"工作表「{name}」的内容已损坏（XML 第 {exc.lineno} 行：{first_line(exc)}）") from None
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            if isinstance(exc, FileNotFoundError):
                raise
            raise UnreadableFile(f"工作表「{name}」无法解压（文件损坏或不完整）：{first_line(exc)}") from None
    return book
