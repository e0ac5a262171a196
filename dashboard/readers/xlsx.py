"""xlsx and xlsm: the workbook part, its relationships, and each worksheet's XML."""

from __future__ import annotations

import zipfile

from .layout import SheetLayout
from .sheetxml import scan_sheet
from .zipbook import Book, listed_sheets, reading


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
        with reading(f"工作表「{name}」"), zf.open(zf.getinfo(part)) as fh:
            scan_sheet(fh, layout, full)
    return book
