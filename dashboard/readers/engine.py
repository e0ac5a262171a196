"""The spreadsheet engine (calamine, through fastexcel), in this process or in a child.

A workbook whose every cell was checked is read here. One whose sheets were
too large to check cell by cell is read by ``python -m dashboard.readers.child``:
if the engine aborts there (a Rust panic or a failed allocation ends the whole
process), this process reports the file and goes on with the others.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import broken_reason, first_line
from .grid import Grid, UnreadableFile
from .layout import SheetLayout, apply_layout
from .zipbook import Book

# The child may use this much address space: an allocation beyond it fails there.
CHILD_MEMORY = 8 * 1024**3


def source(path: Path) -> str | bytes:
    """The path for the Rust reader, or the file's bytes when the name is not valid UTF-8
    (a zip made on Windows unpacked on Linux leaves GBK bytes in file names)."""
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return path.read_bytes()
    return name


def _is_empty(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "empty" in text or "no data" in text


def load_frames(src: str | bytes, names: list[str]) -> list[tuple[str, object, int] | tuple[str, None, str]]:
    """(name, frame with columns c0…, first sheet column) per sheet with data, or
    (name, None, reason) for a sheet the engine refused. Runs in either process."""
    import fastexcel

    reader = fastexcel.read_excel(src)
    out: list = []
    for name in names:
        try:
            sheet = reader.load_sheet(name, header_row=None, dtypes="string")
            frame = sheet.to_polars()
            columns = sheet.available_columns()
        except Exception as exc:  # noqa: BLE001 (calamine, arrow and polars errors share no base)
            if not _is_empty(exc):
                out.append((name, None, first_line(exc)))
            continue
        if frame.height == 0 or frame.width == 0:
            continue
        first_col = columns[0].absolute_index if columns else 0
        out.append((name, frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)}), first_col))
    return out


class Child:
    """The engine reading a workbook in a child process, started before the checks run
    (a large workbook's own records take as long to read as the engine needs)."""

    def __init__(self, path: Path) -> None:
        self.tmp = tempfile.TemporaryDirectory(prefix="dash-read-")
        cmd = [sys.executable, "-m", "dashboard.readers.child", os.fsencode(path), self.tmp.name]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env={**os.environ, "PYTHONPATH": _package_root()})

    def cancel(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()
        self.tmp.cleanup()

    def result(self) -> list:
        import polars as pl

        try:
            try:
                out, err = self.proc.communicate()
            except BaseException:  # interrupted: the child must not outlive the read
                self.proc.kill()
                self.proc.wait()
                raise
            if self.proc.returncode != 0:
                raise UnreadableFile(_child_failure(self.proc.returncode, err))
            frames = []
            for line in out.decode("utf-8").splitlines():
                item = json.loads(line)
                if "reason" in item:
                    frames.append((item["name"], None, item["reason"]))
                else:
                    data = (Path(self.tmp.name) / item["file"]).read_bytes()
                    frames.append((item["name"], pl.read_ipc(io.BytesIO(data)), item["first_col"]))
            return frames
        finally:
            self.tmp.cleanup()


def _package_root() -> str:
    root = str(Path(__file__).resolve().parents[2])
    return os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)


def _child_failure(code: int, stderr: bytes) -> str:
    if code < 0:
        try:
            sig = signal.Signals(-code).name
        except ValueError:
            sig = str(-code)
        return f"读取时表格引擎异常终止（{sig}）：文件已损坏，或含有超大的数据范围；请在 Excel 中打开后另存再试"
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    why = lines[-1][:200] if lines else f"退出码 {code}"
    if "memory allocation" in why or "MemoryError" in why:
        return "读取时表格引擎内存不足：文件含有超大的数据范围；请删除无用的行列后另存再试"
    return f"读取时表格引擎出错：{why}"


def load(path: Path, book: Book, child: Child | None = None) -> list[Grid]:
    """The grids of a checked workbook: one per visible sheet holding data (read by ``child``
    when one was started for it)."""
    wanted = [s for s in book.sheets if s.visible and s.first_row is not None]
    by_name = {s.name: s for s in wanted}
    names = list(by_name)
    if not names:
        if child is not None:
            child.cancel()
        return []
    if child is not None:
        loaded = [item for item in child.result() if item[0] in by_name]
    else:
        try:
            loaded = load_frames(source(path), names)
        except Exception as exc:  # noqa: BLE001 (as above: any engine error is this file's reason)
            raise UnreadableFile(f"{book.kind} 无法打开（文件损坏或不完整）：{broken_reason(exc)}") from None
        except BaseException as exc:  # a Rust panic arrives as pyo3's PanicException
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            raise UnreadableFile(f"读取时表格引擎出错（文件已损坏）：{first_line(exc)}") from None
    grids = []
    for name, frame, extra in loaded:
        if frame is None:
            raise UnreadableFile(f"工作表「{name}」无法读取：{extra}")
        layout: SheetLayout = by_name[name]
        frame, merged = apply_layout(frame, layout, extra)
        grids.append(Grid(name, frame, (layout.first_row or 0) + 1, merged=merged, kind=book.kind))
    return grids
