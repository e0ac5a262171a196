"""Zip workbooks end to end: check the zip, read each format's records, load with the engine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from zipfile import ZipFile

from .grid import Grid, UnreadableFile
from .zipbook import Book, check_limits, is_large, kind_of, open_zip


def read_zip(path: Path) -> list[Grid]:
    """The grids of an xlsx, xlsm, xlsb or ods, checked before the engine reads it."""
    from . import engine

    with open_zip(path) as zf:
        kind = kind_of(zf)
        inspect = _inspector(kind)
        # A sheet too large to check cell by cell first is read by the engine in a child
        # process (which may die alone), started now so that it works while the checks run.
        child = engine.Child(path) if is_large(zf) else None
        try:
            book = inspect(zf, kind, child is None)
            check_limits(book)
        except BaseException:
            if child is not None:
                child.cancel()
            raise
    return finish(book, engine.load(path, book, child))


def _inspector(kind: str) -> Callable[[ZipFile, str, bool], Book]:
    """The reader of a zip workbook's own records, by kind."""
    if kind in ("xlsx", "xlsm"):
        from .xlsx import inspect
    elif kind == "xlsb":
        from .xlsb import inspect
    elif kind == "ods":
        from .ods import inspect
    else:
        raise UnreadableFile("是压缩包（zip），其中没有 Excel、WPS 或 OpenDocument 工作簿")
    return inspect


def finish(book: Book, grids: list[Grid]) -> list[Grid]:
    """Say which sheets were hidden (never silently passed over); no sheet with data is an error."""
    hidden = [s.name for s in book.sheets if not s.visible]
    note = "隐藏的工作表未读取：" + "、".join(f"「{n}」" for n in hidden) if hidden else ""
    if not grids:
        raise UnreadableFile("工作簿中没有含数据的工作表（空白或只有图表）" + (f"；{note}" if note else ""))
    if note:
        grids[0].notes.append(note)
    grids[0].notes[:0] = book.notes
    return grids
