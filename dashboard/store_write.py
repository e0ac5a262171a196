"""Writing a store: a complete new file beside the old one, renamed into place.

A crash at any point leaves the old store as it was, and readers (who open the
store read-only) are never blocked. The file is private to the user (0600, in
a 0700 folder when dash creates the folder), and an existing store keeps its
mode. What ``--db`` may point at is checked first: a link is written through to
its target; a device, a FIFO, a folder, or a file that is not a dash store is
refused, so a typo cannot overwrite a spreadsheet or /dev/null.

Fault injection (for the kill -9 tests in ``tests/hostile/``): with
``DASH_FAULT=<point>`` the process kills itself with SIGKILL at that point of
the write, with ``DASH_FAULT=<point>:stop`` it stops itself (SIGSTOP) so a test
can look around and then let it continue. Points, in order: ``mid_write`` (one
table written), ``after_tables``, ``before_rename`` (new file complete and
synced), ``after_rename`` (before temp files are cleaned up).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import store
from .clock import now
from .errors import DashError
from .ledgers import LEDGERS

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
# Each officer's certificate on a day (the roster keeps history: a renewal is a new row).
# The latest certificate issued by then; where the roster holds nothing issued by then,
# a renewal issued later stands in (a renewal means a certificate was held before it),
# a first certificate (新申领) issued later does not. Named queries and `dash query`
# users call it as certificates_at(DATE '2024-12-31').
CERTIFICATES_AT = """
CREATE MACRO certificates_at(d) AS TABLE
SELECT * EXCLUDE (__n) FROM (
    SELECT *, row_number() OVER (
        PARTITION BY staff_name
        ORDER BY (exam_on IS NULL OR exam_on <= d) DESC, valid_until DESC NULLS LAST,
                 exam_on DESC NULLS LAST, cert_no) AS __n
    FROM certificates
    WHERE exam_on IS NULL OR exam_on <= d OR exam_type IS DISTINCT FROM '新申领'
) WHERE __n = 1
"""


class StoreWriteError(DashError):
    """The store cannot be written where --db says; the old store is untouched."""


def target(db: Path) -> tuple[Path, str | None]:
    """The file a store write replaces, and a note for the user (a link written through).

    Refuses, with one line, what must never be replaced: a folder, a device or a
    FIFO, and a non-empty file that is not a dash store.
    """
    note = None
    if db.is_symlink():
        real = Path(os.path.realpath(db))
        note = f"--db {db} 是链接，已写入它指向的文件 {real}"
        db = real
    try:
        st = db.stat()
    except FileNotFoundError:
        return db, note
    except OSError as exc:
        raise StoreWriteError(f"无法使用数据库路径 {db}：{exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise StoreWriteError(f"数据库路径是一个目录：{db}；请用 --db 指定文件名，例如 {db / 'dash.duckdb'}")
    if not stat.S_ISREG(st.st_mode):
        raise StoreWriteError(f"--db 指向的不是普通文件（设备、管道等）：{db}；dash 不会替换它，请换一个数据库文件名")
    if st.st_size and not is_dash_store(db):
        raise StoreWriteError(f"--db 指向的文件不是 dash 数据库：{db}；为免覆盖它，请换一个数据库文件名（如 dash.duckdb）")
    return db, note


def is_dash_store(db: Path) -> bool:
    """Whether the file at ``db`` is a store dash wrote (or one of its damaged leftovers).

    A DuckDB file with dash's meta table is; so is any file beside a library of
    exports (a store damaged on disk is rebuilt, not refused), and a DuckDB file
    that cannot be opened at all (its damage is what the rebuild is for).
    """
    if (store.library_dir(db) / "manifest.json").is_file():
        return True
    try:
        with open(db, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    if head[8:12] != b"DUCK":
        return False
    import duckdb

    try:
        con = duckdb.connect(str(db), read_only=True, config=store.BASE_CONFIG)
    except duckdb.Error:
        return True
    try:
        return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?",
                                [store.META]).fetchall()[0][0])
    finally:
        con.close()


def make_private_dir(path: Path) -> None:
    """A folder for the store, created 0700 (an existing one is left as it is)."""
    if not path.exists():
        path.mkdir(parents=True, mode=PRIVATE_DIR, exist_ok=True)
        os.chmod(path, PRIVATE_DIR)


def _fault(point: str) -> None:
    """The DASH_FAULT hook (see the module docstring); does nothing unless asked."""
    want = os.environ.get("DASH_FAULT")
    if want and want.split(":")[0] == point:
        os.kill(os.getpid(), signal.SIGSTOP if want.endswith(":stop") else signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove_stale_temp(db: Path) -> None:
    """Temp files of writes that died (kill -9, power cut), known by their dead pid.

    Files of a write still running (its pid is alive) are left alone.
    """
    own = re.compile(re.escape(db.name) + r"\.(\d+)\.[^.]+\.tmp(?:\.wal)?$")
    for p in db.parent.iterdir():
        m = own.match(p.name) or re.match(r"dash-ingest-(\d+)-", p.name)
        if m is None or _alive(int(m.group(1))):
            continue
        try:
            shutil.rmtree(p) if p.is_dir() else p.unlink()
        except OSError:
            pass


Filler = Callable[[object, Path], None]


def write_store(db: Path, fill: Filler, meta: dict[str, str], keep_old: Callable[[Path], None] | None = None
                ) -> None:
    """Write a new store with ``fill(con, scratch)`` and rename it into place at ``db``.

    ``keep_old(db)`` runs just before the rename, while the old store is still in
    place (the library links it into its backups). Disk and permission errors are
    one line; the old store is untouched whenever the rename did not happen.
    """
    import duckdb

    try:
        _write(db, fill, meta, keep_old)
    except (OSError, duckdb.Error) as exc:
        why = getattr(exc, "strerror", None) or str(exc).strip().splitlines()[0]
        kept = "；原有数据库未改动" if db.exists() else ""
        raise StoreWriteError(f"无法写入数据库 {db}：{why}{kept}") from None


def _write(db: Path, fill: Filler, meta: dict[str, str], keep_old: Callable[[Path], None] | None) -> None:
    import duckdb

    make_private_dir(db.parent)
    _remove_stale_temp(db)
    mode = stat.S_IMODE(db.stat().st_mode) if db.exists() else PRIVATE_FILE
    # The pid in the names lets a later write clean up after one that was killed.
    fd, tmp_name = tempfile.mkstemp(prefix=f"{db.name}.{os.getpid()}.", suffix=".tmp", dir=db.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # duckdb wants to create the file itself
    scratch = Path(tempfile.mkdtemp(prefix=f"dash-ingest-{os.getpid()}-", dir=db.parent))
    try:
        con = store.quiet(duckdb.connect(str(tmp), config=store.BASE_CONFIG))
        try:
            for lg in LEDGERS:
                con.execute(store.ddl(lg))
            fill(con, scratch)
            for lg in LEDGERS:
                con.execute(store.view_ddl(lg))
            con.execute(CERTIFICATES_AT)
            _fault("after_tables")
            store.write_meta(con, {**meta, "schema_version": str(store.SCHEMA_VERSION),
                                   "ingested_at": now().isoformat()})
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.chmod(tmp, mode)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        _fault("before_rename")
        if keep_old is not None and db.exists():
            keep_old(db)
        os.replace(tmp, db)
        _fault("after_rename")
    finally:
        for p in (tmp, Path(str(tmp) + ".wal")):
            if p.exists():
                p.unlink()
        shutil.rmtree(scratch, ignore_errors=True)


def insert_frames(con, scratch: Path, table: str, frames: list, parquet_files: list[str] = ()) -> None:
    """Rows into a table: frames through one Parquet file, and Parquet files already in the
    table's shape as they are (DuckDB reads Parquet faster than row inserts)."""
    import polars as pl

    files = list(parquet_files)
    if frames:
        pq = scratch / f"{table}.parquet"
        pl.concat(frames).write_parquet(pq, compression="snappy", statistics=False)
        files.append(str(pq))
    if not files:
        return
    con.execute(f"INSERT INTO {table} SELECT * FROM read_parquet(?)", [files])
    _fault("mid_write")
