"""What a workbook's own records say about a sheet, beyond what the engine reads.

The engine (calamine, through fastexcel) reads values fast but drops a few
things the user must not lose: where the used area starts (it trims leading
empty rows), cells merged down over several rows (the value sits in the top
row only), Excel error values and formulas saved without a value (both read as
empty). Each format's scanner fills a :class:`SheetLayout` from the file's own
records; :func:`apply_layout` puts those things back into the grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .grid import column_name

# Limits a workbook must keep before the engine is given it (issue: a 5 KB file
# with one value at XFD1048576 made the engine ask for 512 GB and abort). The
# engine holds every cell of the used rectangle, about 50 bytes each.
MAX_CELLS = 20_000_000  # ≈ 1 GB in the engine: 200,000 rows × 100 columns
MAX_SHEETS = 200
MAX_PART_BYTES = 500 * 1024 * 1024  # one inflated part of a zip workbook
MAX_RATIO = 100  # inflated : compressed, for parts over RATIO_FLOOR
RATIO_FLOOR = 10 * 1024 * 1024


@dataclass
class SheetLayout:
    """One sheet as its records describe it (rows and columns 0-based)."""

    name: str
    visible: bool = True
    first_row: int | None = None  # first row holding a value; None: no value seen
    # (first row, first column, last row, last column) of each merged range
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    # (row, column) -> text the engine reads as empty: #REF!, =SUM(…)
    patches: dict[tuple[int, int], str] = field(default_factory=dict)
    # used rectangle (rows, columns) from the cells themselves; None when not scanned
    extent: tuple[int, int] | None = None
    declared: tuple[int, int] | None = None  # what the sheet's dimension record claims
    far_cell: str = ""  # the reference of the cell farthest out, for the message


def cell_ref(row: int, col: int) -> str:
    return f"{column_name(col)}{row + 1}"


def too_large(layout: SheetLayout) -> str | None:
    """Why the sheet must not reach the engine, or None."""
    for what, size in (("声明的数据范围", layout.declared), ("实际单元格范围", layout.extent)):
        if size is None:
            continue
        rows, cols = size
        if rows * cols > MAX_CELLS:
            far = f"（最远的单元格 {layout.far_cell}）" if layout.far_cell and what.startswith("实际") else ""
            return (f"工作表「{layout.name}」{what}达 {rows:,} 行 × {cols:,} 列{far}，"
                    f"超出读取上限（{MAX_CELLS // 10_000:,} 万个单元格）：请删除远处的空白或无用单元格后重新保存")
    return None


def apply_layout(frame, layout: SheetLayout, first_col: int) -> tuple[object, list[tuple[str, int, int]]]:
    """The frame with patches and merged-down values put back, and the merged ranges filled.

    ``first_col`` is the sheet column of frame column 0; the frame's row 0 is
    ``layout.first_row``. Only merges spanning several rows are filled, down
    the merge's first column (where the engine put the value); a merge across
    columns of one row (a title) is left as it is.
    """
    import polars as pl

    top_row = layout.first_row or 0
    columns: dict[int, list] = {}

    def values_of(c: int) -> list:
        if c not in columns:
            columns[c] = frame.get_column(frame.columns[c]).to_list()
        return columns[c]

    for (row, col), text in layout.patches.items():
        c, r = col - first_col, row - top_row
        if 0 <= c < frame.width and 0 <= r < frame.height:
            values_of(c)[r] = text
    merged: list[tuple[str, int, int]] = []
    for r1, c1, r2, c2 in layout.merges:
        top, bottom, c = r1 - top_row, r2 - top_row, c1 - first_col
        if bottom <= top or top < 0 or not 0 <= c < frame.width or top >= frame.height:
            continue
        vals = values_of(c)
        value = vals[top]
        if value is None:
            continue
        filled = False
        for r in range(top + 1, min(bottom, frame.height - 1) + 1):
            if vals[r] is None:
                vals[r] = value
                filled = True
        if filled:
            merged.append((f"{cell_ref(r1, c1)}:{cell_ref(r2, c2)}", r1 + 1, r2 + 1))
    if not columns:
        return frame, merged
    return frame.with_columns(
        pl.Series(frame.columns[c], vals, dtype=pl.String) for c, vals in columns.items()), merged
