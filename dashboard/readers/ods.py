"""OpenDocument spreadsheets (.ods): content.xml read once with a streaming parser (expat).

Rows and cells carry repeat counts (``number-rows-repeated``): a value repeated
over a million rows is a million rows to the engine, so the used rectangle is
counted with the repeats. Merged cells are ``number-rows-spanned`` on the cell
holding the value; sheets hidden by their table style are not read.
"""

from __future__ import annotations

import xml.parsers.expat
import zipfile

from .grid import UnreadableFile
from .layout import MAX_SHEETS, SheetLayout
from .zipbook import Book, reading

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"


def _count(attrs: dict, name: str, cap: int = 1_048_576) -> int:
    try:
        return min(max(int(attrs.get(f"{_TABLE} {name}", "1")), 1), cap)
    except ValueError:
        return 1


class _Content:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.hidden_styles: set[str] = set()
        self.style: str | None = None
        self.sheet: SheetLayout | None = None
        self.row = self.col = 0
        self.row_repeat = 1
        self.max_row = self.max_col = -1
        self.depth = 0  # nested tables (in cells) are not sheets

    def start(self, name: str, attrs: dict) -> None:
        if name == f"{_STYLE} style":
            self.style = attrs.get(f"{_STYLE} name")
        elif name == f"{_STYLE} table-properties" and attrs.get(f"{_TABLE} display") == "false" and self.style:
            self.hidden_styles.add(self.style)
        elif name == f"{_TABLE} table":
            self.depth += 1
            if self.depth == 1:
                self._new_sheet(attrs)
        elif self.sheet is None or self.depth != 1:
            return
        elif name == f"{_TABLE} table-row":
            self.row_repeat = _count(attrs, "number-rows-repeated")
            self.col = 0
        elif name in (f"{_TABLE} table-cell", f"{_TABLE} covered-table-cell"):
            self._cell(attrs)

    def _new_sheet(self, attrs: dict) -> None:
        if len(self.book.sheets) >= MAX_SHEETS:
            raise UnreadableFile(f"工作簿含超过 {MAX_SHEETS} 个工作表，超出读取上限：文件异常，已跳过")
        visible = attrs.get(f"{_TABLE} style-name") not in self.hidden_styles
        self.sheet = SheetLayout(attrs.get(f"{_TABLE} name", ""), visible)
        self.book.sheets.append(self.sheet)
        self.row = self.col = 0
        self.max_row = self.max_col = -1

    def _cell(self, attrs: dict) -> None:
        repeat = _count(attrs, "number-columns-repeated", 16_384)
        if f"{_OFFICE} value-type" in attrs and self.sheet is not None:
            lay = self.sheet
            if lay.first_row is None:
                lay.first_row = self.row
            self.max_row = max(self.max_row, self.row + self.row_repeat - 1)
            self.max_col = max(self.max_col, self.col + repeat - 1)
            lay.extent = (self.max_row + 1, self.max_col + 1)
            down, across = _count(attrs, "number-rows-spanned"), _count(attrs, "number-columns-spanned")
            if down > 1 or across > 1:
                lay.merges.append((self.row, self.col, self.row + down - 1, self.col + across - 1))
        self.col += repeat

    def end(self, name: str) -> None:
        if name == f"{_TABLE} table":
            self.depth -= 1
        elif name == f"{_TABLE} table-row" and self.depth == 1:
            self.row += self.row_repeat


def inspect(zf: zipfile.ZipFile, kind: str, full: bool) -> Book:
    """Every sheet's layout from content.xml (always read whole: one part holds all sheets)."""
    book = Book("ods")
    content = _Content(book)
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = content.start
    parser.EndElementHandler = content.end
    with reading("ods ", "content.xml"), zf.open("content.xml") as fh:
        parser.ParseFile(fh)
    return book
