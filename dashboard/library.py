"""The export library: dash's own copy of every export the store is built from.

Beside each store (``dash.duckdb``) lies its library (``dash.library/``):

- ``manifest.json``: one entry per export: its name and where it came from,
  sha256, size, when it was added, the ledgers and period it holds, its rows
  read / loaded / skipped / rejected, and the rows it gives the store;
- ``exports/<id>/<name>``: the copy, so the store can always be rebuilt even
  when the original has been moved, edited or deleted;
- ``parsed/<id>-<fingerprint>/``: the rows as read (Parquet) and the report of
  reading them, so a rebuild re-reads only new files;
- ``backups/<time>/``: the last stores replaced, each with its manifest;
- ``lock``: held while a store is written, so two ingests never interleave.

Everything here is private to the user: files 0600, folders 0700.
"""

from __future__ import annotations

import dataclasses
import errno
import fcntl
import hashlib
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import store
from .errors import DashError
from .ingest import FileResult, conform
from .ledgers import BY_TABLE
from .store_write import PRIVATE_FILE, make_private_dir
from .validate import Problem, SheetResult

MANIFEST_VERSION = 1
# Bump when reading or validation changes what a cached parse would hold.
PARSE_VERSION = "4"
BACKUPS_KEPT = 5
LOCK_WAIT_SECONDS = 5.0


class LibraryError(DashError):
    """The library cannot be used as asked (busy, unreadable, an unknown export)."""


@dataclass
class Export:
    """One export in the library (a manifest entry)."""

    id: str
    sha256: str
    name: str  # as the user reads it
    original: str  # the path it was added from
    size: int
    mtime: str  # the original file's modification time
    added: str
    seq: int  # order of precedence: a higher number wins a conflict
    sample: bool = False  # one of the bundled sample exports
    ledgers: list[str] = field(default_factory=list)
    periods: dict[str, list[str]] = field(default_factory=dict)  # ledger -> [first, last] day
    read: int = 0
    loaded: int = 0
    skipped: int = 0
    rejected: int = 0
    stored: int = 0  # rows it gives the store once reconciled with the others
    superseded_by: str | None = None

    @property
    def active(self) -> bool:
        return self.superseded_by is None

    @property
    def period_text(self) -> str:
        spans = {tuple(v) for v in self.periods.values()}
        if not spans:
            return "—"
        first, last = min(a for a, _ in spans), max(b for _, b in spans)
        return first if first == last else f"{first} 至 {last}"

    @property
    def ledger_labels(self) -> str:
        return "、".join(BY_TABLE[t].label for t in self.ledgers if t in BY_TABLE) or "—"

    def covers(self, other: Export) -> bool:
        """Whether this export holds every ledger of ``other`` over at least its period."""
        if not other.ledgers or not set(other.ledgers) <= set(self.ledgers):
            return False
        for table in other.ledgers:
            mine, theirs = self.periods.get(table), other.periods.get(table)
            if not mine or not theirs or not (mine[0] <= theirs[0] and theirs[1] <= mine[1]):
                return False
        return True


@dataclass(frozen=True)
class Backup:
    """A store replaced by a later one, kept with its manifest."""

    path: Path  # its folder
    when: str  # YYYY-MM-DD HH:MM:SS

    @property
    def store(self) -> Path:
        return self.path / "store.duckdb"

    @property
    def manifest(self) -> Path:
        return self.path / "manifest.json"


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _write_private(path: Path, data: bytes) -> None:
    """``data`` to ``path`` atomically, readable by the user only."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


class Library:
    """The library of one store."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.dir = store.library_dir(db)
        self.manifest_path = self.dir / "manifest.json"
        self.exports_dir = self.dir / "exports"
        self.parsed_dir = self.dir / "parsed"
        self.backups_dir = self.dir / "backups"
        # What this run added (copies, parsed rows): taken out again if the run is refused.
        self._added: list[Path] = []

    @property
    def exists(self) -> bool:
        return self.manifest_path.is_file()

    # ---------------------------------------------------------------- manifest

    def load(self) -> list[Export]:
        if not self.manifest_path.is_file():
            return []
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            return [Export(**e) for e in data["exports"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise LibraryError(f"导出库清单无法读取：{self.manifest_path}：{exc}") from None

    def manifest_bytes(self, exports: list[Export]) -> bytes:
        data = {"version": MANIFEST_VERSION, "exports": [dataclasses.asdict(e) for e in exports]}
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

    def save(self, exports: list[Export]) -> None:
        self._ensure_dirs()
        _write_private(self.manifest_path, self.manifest_bytes(exports))

    def _ensure_dirs(self) -> None:
        for d in (self.dir, self.exports_dir, self.parsed_dir, self.backups_dir):
            make_private_dir(d)

    # ---------------------------------------------------------------- lock

    @contextmanager
    def locked(self, wait: float | None = None) -> Iterator[None]:
        """Held while the store and library are changed: a second ingest waits, then says who holds it."""
        if wait is None:  # DASH_LOCK_WAIT: a longer wait where ingests are scheduled side by side
            try:
                wait = float(os.environ.get("DASH_LOCK_WAIT", "") or LOCK_WAIT_SECONDS)
            except ValueError:
                wait = LOCK_WAIT_SECONDS
        make_private_dir(self.db.parent)
        self._ensure_dirs()
        path = self.dir / "lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        try:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() >= deadline:
                        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                        raise LibraryError(f"另一个 dash 进程（pid {holder}）正在写入数据库 {self.db}；"
                                           "请等它完成后再试") from None
                    time.sleep(0.1)
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    # ---------------------------------------------------------------- copies

    def copy_path(self, export: Export) -> Path:
        return self.exports_dir / export.id / Path(export.name).name

    def copy_in(self, source: Path, export: Export) -> None:
        """The library's own copy of an export (the original may later move or change)."""
        dest = self.copy_path(export)
        self._note_added(dest.parent if not dest.parent.exists() else dest)
        make_private_dir(dest.parent)
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
        shutil.copyfile(source, tmp)
        os.chmod(tmp, PRIVATE_FILE)
        os.replace(tmp, dest)

    def _note_added(self, path: Path) -> None:
        if not path.exists() and not path.is_symlink():
            self._added.append(path)

    def undo_additions(self) -> None:
        """Take out what this run added (a refused ingest leaves the library as it found it)."""
        for path in reversed(self._added):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        self._added.clear()

    def keep_additions(self) -> None:
        """What this run added is part of the library now (the store built from it is in place)."""
        self._added.clear()

    # ---------------------------------------------------------------- parsed rows

    def _parsed(self, export: Export, fingerprint: str) -> Path:
        return self.parsed_dir / f"{export.id}-{fingerprint}"

    def cached(self, export: Export, fingerprint: str, today: date) -> FileResult | None:
        """The export as read before (None when it must be read again)."""
        folder = self._parsed(export, fingerprint)
        try:
            info = json.loads((folder / "result.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        # Rows rejected as dated in the future may have become valid since.
        if info.get("future_rejects") and info.get("today") != today.isoformat():
            return None
        try:
            return _result_from(info, folder, export.name)
        except (OSError, KeyError, ValueError):
            return None

    def cache(self, export: Export, fingerprint: str, result: FileResult, today: date) -> None:
        folder = self._parsed(export, fingerprint)
        self._note_added(folder)
        tmp = folder.with_name(folder.name + f".{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        make_private_dir(tmp)
        sheets = []
        for i, s in enumerate(result.sheets):
            if s.frame is not None:
                # In the table's own shape, so that a store is filled straight from this file. It is
                # only ever read whole: no column statistics (they cost time to write, nothing else).
                s.frame = conform(s.frame, s.ledger)
                s.frame.write_parquet(tmp / f"sheet{i}.parquet", compression="snappy", statistics=False)
                os.chmod(tmp / f"sheet{i}.parquet", PRIVATE_FILE)
            sheets.append(_sheet_info(s, i))
        future = any("日期晚于今天" in p.reason for s in result.sheets for p in s.problems)
        info = {"today": today.isoformat(), "future_rejects": future, "sheets": sheets}
        _write_private(tmp / "result.json", json.dumps(info, ensure_ascii=False).encode("utf-8"))
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)
        for i, s in enumerate(result.sheets):
            if s.frame is not None:
                s.stored_at = (str(folder / f"sheet{i}.parquet"), s.frame.height)

    # ---------------------------------------------------------------- backups

    def backups(self) -> list[Backup]:
        """The kept stores, newest first (folders are named NNNNNN-YYYY-MM-DDTHHMMSS, numbered in order)."""
        if not self.backups_dir.is_dir():
            return []
        out = []
        for d in self.backups_dir.iterdir():
            seq, _, stamp = d.name.partition("-")
            if seq.isdigit() and (d / "store.duckdb").is_file():
                out.append((int(seq), Backup(d, f"{stamp[:10]} {stamp[11:13]}:{stamp[13:15]}:{stamp[15:17]}")))
        return [b for _, b in sorted(out, key=lambda sb: sb[0], reverse=True)]

    def keep(self, db: Path, manifest: bytes, stamp: str) -> None:
        """The store about to be replaced (and the manifest it was built from), into the backups.

        A hard link costs nothing: stores are never changed in place, only replaced.
        Backups are numbered, not only timed: several can be made within one second.
        """
        kept = self.backups()
        seq = int(kept[0].path.name.partition("-")[0]) + 1 if kept else 1
        folder = self.backups_dir / f"{seq:06d}-{stamp}"
        make_private_dir(folder)
        try:
            os.link(db, folder / "store.duckdb")
        except OSError:
            shutil.copyfile(db, folder / "store.duckdb")
            os.chmod(folder / "store.duckdb", PRIVATE_FILE)
        _write_private(folder / "manifest.json", manifest)
        for old in self.backups()[BACKUPS_KEPT:]:
            shutil.rmtree(old.path, ignore_errors=True)

    # ---------------------------------------------------------------- clean-up

    def collect_garbage(self, exports: list[Export]) -> None:
        """Copies and parsed rows no manifest refers to any more (the current one or a kept backup's)."""
        wanted = {e.id for e in exports}
        for b in self.backups():
            try:
                wanted |= {e["id"] for e in json.loads(b.manifest.read_text(encoding="utf-8"))["exports"]}
            except (OSError, ValueError, KeyError):
                return  # unsure what a backup needs: keep everything
        for folder, name_of in ((self.exports_dir, lambda n: n), (self.parsed_dir, lambda n: n.split("-")[0])):
            if not folder.is_dir():
                continue
            for p in folder.iterdir():
                if name_of(p.name) not in wanted and not p.name.endswith(".tmp"):
                    shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.dir.rglob("*") if p.is_file()) if self.dir.is_dir() else 0


def _sheet_info(s: SheetResult, i: int) -> dict:
    return {"file": s.file, "sheet": s.sheet, "how": s.how, "ledger": s.ledger.table,
            "header_row": s.header_row, "read": s.read, "loaded": s.loaded, "skipped": dict(s.skipped),
            "rejected": s.rejected, "notes": s.notes, "frame": f"sheet{i}.parquet" if s.frame is not None else None,
            "problems": [dataclasses.asdict(p) for p in s.problems], "personal": s.personal,
            "columns": s.columns}


def _result_from(info: dict, folder: Path, label: str) -> FileResult:
    """A cached read, under the label the export has now."""
    import polars as pl

    sheets = []
    for d in info["sheets"]:
        frame = pl.read_parquet(folder / d["frame"]) if d["frame"] else None
        stored_at = (str(folder / d["frame"]), frame.height) if frame is not None else None
        if frame is not None and d["file"] != label:
            frame = frame.with_columns(pl.lit(label).alias("source_file"))
            stored_at = None  # the file says another name
        problems = [Problem(**{**p, "file": label if p["file"] == d["file"] else p["file"]}) for p in d["problems"]]
        sheets.append(SheetResult(label, d["sheet"], d["how"], BY_TABLE[d["ledger"]], d["header_row"], d["read"],
                                  d["loaded"], Counter(d["skipped"]), d["rejected"], problems, list(d["notes"]),
                                  frame, list(d.get("personal", [])), stored_at, list(d["columns"])))
    return FileResult(label, sheets)


def fingerprint(aliases: dict | None) -> str:
    """What a cached read depends on besides the file: dash's reading rules and the configured aliases."""
    text = json.dumps([PARSE_VERSION, store.SCHEMA_VERSION, aliases or {}], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
