"""The store: one DuckDB file, written only by ingest, read read-only by all.

Ingest builds a complete new file beside the store and renames it into place,
so a crash leaves the old store as it was and readers never meet a lock.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from . import paths
from .errors import DashError
from .ledgers import LEDGERS, PROVENANCE, Ledger

SCHEMA_VERSION = 1
META = "_dash_meta"
FILES = "_dash_files"
PROBLEMS = "_dash_problems"

# What every connection gets: no extension downloads, ever.
BASE_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


class StoreError(DashError):
    """A store that is missing, corrupt or from another schema; the message says what to do."""


def resolve_db(db: str | os.PathLike | None) -> tuple[Path, bool]:
    """(path, explicit): --db, else DASH_DB, else the default in the user data dir."""
    if db:
        return Path(db), True
    env = os.environ.get("DASH_DB")
    if env:
        return Path(env), True
    return paths.default_db(), False


def connect(db: Path):
    """A read-only connection that cannot touch files outside the store."""
    import duckdb

    if not db.exists():
        raise StoreError(f"数据库不存在：{db}。先运行 dash ingest 目录 --db {db}")
    try:
        con = duckdb.connect(str(db), read_only=True, config={
            **BASE_CONFIG, "enable_external_access": False, "lock_configuration": True})
    except duckdb.Error as exc:
        raise StoreError(f"数据库无法打开：{db}：{str(exc).splitlines()[0]}。"
                         "文件可能已损坏：请重新运行 dash ingest 目录 重建") from None
    try:
        version = con.execute(f"SELECT value FROM {META} WHERE key = 'schema_version'").fetchall()
    except duckdb.Error:
        con.close()
        raise StoreError(f"{db} 不是 dash 的数据库（缺少元数据表）。请运行 dash ingest 目录 重建") from None
    if not version or int(version[0][0]) != SCHEMA_VERSION:
        con.close()
        found = version[0][0] if version else "?"
        raise StoreError(f"{db} 的结构版本为 {found}，当前需要 {SCHEMA_VERSION}。请运行 dash ingest 目录 重建")
    return con


def ensure_store(db: str | os.PathLike | None, quiet: bool = False) -> Path:
    """The store path, building it from the bundled sample data when there is none.

    Only the default location is built automatically; an explicit --db/DASH_DB
    that does not exist is the user's mistake and gets a message instead.
    """
    path, explicit = resolve_db(db)
    if path.exists() or explicit:
        return path
    from .ingest import ingest_paths

    src = paths.sample_data_dir()
    if not quiet:
        print(f"尚无数据库：用内置示例数据（{src}）建立 {path} …", file=sys.stderr)
    report = ingest_paths([src], path)
    if not quiet:
        print(f"已建立示例数据库：{report.loaded} 行，来自 {len(report.sheets)} 个表。", file=sys.stderr)
    return path


def ddl(lg: Ledger) -> str:
    cols = ", ".join(f'"{c.name}" {c.type}' for c in (*lg.columns, *PROVENANCE))
    return f"CREATE TABLE {lg.table} ({cols})"


def view_ddl(lg: Ledger) -> str:
    """A Chinese-named view with Chinese column names over one table."""
    cols = ", ".join(f'"{c.name}" AS "{c.label}"' for c in (*lg.columns, *PROVENANCE))
    return f'CREATE VIEW "{lg.label}" AS SELECT {cols} FROM {lg.table}'


def write_meta(con, items: dict[str, str]) -> None:
    con.execute(f"CREATE TABLE {META} (key TEXT PRIMARY KEY, value TEXT)")
    con.executemany(f"INSERT INTO {META} VALUES (?, ?)", [(k, str(v)) for k, v in items.items()])


def meta(con) -> dict[str, str]:
    return dict(con.execute(f"SELECT key, value FROM {META}").fetchall())


def years(con) -> list[int]:
    """Years that have rows in any ledger, ascending."""
    parts = []
    for lg in LEDGERS:
        col = lg.year_column
        expr = col if lg.column(col).type == "INT" else f"year({col})"
        parts.append(f"SELECT DISTINCT {expr} AS y FROM {lg.table} WHERE {col} IS NOT NULL")
    rows = con.execute(f"SELECT DISTINCT y FROM ({' UNION '.join(parts)}) ORDER BY y").fetchall()
    return [int(r[0]) for r in rows]


def default_as_of(year: int, today: date | None = None) -> date:
    """Past years are judged as of 31 December; the current year as of today."""
    today = today or date.today()
    end = date(year, 12, 31)
    return end if end < today else today
