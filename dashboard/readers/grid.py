"""The grid every reader produces, and the one error a reader raises.

A grid is a polars DataFrame whose columns are all strings, one DataFrame row
per sheet row, plus the sheet row number of its first row so that every cell
can be reported with the row number the user sees in Excel. Title rows, the
header and trailers stay in the grid: finding the header is the ingest's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# How far down a sheet the header may sit.
HEADER_SCAN_ROWS = 60


class UnreadableFile(Exception):
    """A file that cannot be read at all; the message says why, in Chinese, in one line."""


@dataclass
class Grid:
    sheet: str | None  # None for text and web-page tables
    frame: object  # polars.DataFrame of str columns c0, c1, …
    first_row: int  # sheet row number (1-based) of frame row 0
    encoding: str | None = None  # text and web pages only
    # (range, first sheet row, last sheet row) of cells merged down and filled
    merged: list[tuple[str, int, int]] = field(default_factory=list)
    # what the user should hear about the file besides its rows (hidden sheets …)
    notes: list[str] = field(default_factory=list)
    # the format read, as the user is told it (xlsx, xls, 网页表格 …); "" for plain csv
    kind: str = ""
    # delimited text: a row with more fields than the header has shifted cells
    delimited: bool = False

    @property
    def where(self) -> str:
        """Format and sheet (or encoding), as the summary names them."""
        place = f"工作表「{self.sheet}」" if self.sheet is not None else f"编码 {self.encoding}"
        return f"{self.kind} {place}" if self.kind else place


def column_name(index: int) -> str:
    """Excel's letters for a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """0-based column index of Excel column letters (A → 0)."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


