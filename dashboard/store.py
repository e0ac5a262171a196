"""The store: one DuckDB file, written only by ingest, read read-only by all.

Ingest builds a complete new file beside the store and renames it into place,
so a crash leaves the old store as it was and readers never meet a lock.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from . import paths
from .errors import DashError, first_line
from .ledgers import EXTRA, EXTRA_LABEL, INT, LEDGERS, PROVENANCE, Ledger

SCHEMA_VERSION = 2
META = "_dash_meta"
FILES = "_dash_files"
PROBLEMS = "_dash_problems"
# Per ledger and declared column: how many loaded rows came from exports whose header had the
# column and how many from exports without it (and which). Written at every rebuild.
COLUMNS = "_dash_columns"

# What every connection gets: no extension downloads, ever.
BASE_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def quiet(con):
    """No progress bar from DuckDB: it would print into the dashboard's screen or a command's output.

    A second connection to a store already open in this process shares its (locked) settings.
    """
    import duckdb

    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.Error:
        pass
    return con


class StoreError(DashError):
    """A store that is missing, corrupt or from another schema; the message says what to do."""


class OutdatedSampleStore(StoreError):
    """The default store, built from the bundled sample alone by an older dash: safe to build again."""


def library_dir(db: Path) -> Path:
    """The folder beside a store that holds its export library, backups and lock (dash.duckdb → dash.library)."""
    return db.with_name(db.stem + ".library")


def resolve_db(db: str | os.PathLike | None) -> tuple[Path, bool]:
    """(path, explicit): --db, else DASH_DB, else the default in the user data dir."""
    if db:
        return Path(db), True
    env = os.environ.get("DASH_DB")
    if env:
        return Path(env), True
    return paths.default_db(), False


def connect(db: Path, settings: dict[str, str] | None = None):
    """A read-only connection that cannot touch files outside the store.

    ``settings`` are more DuckDB settings fixed for the connection's life (``dash query``'s
    memory limit, spilling off).
    """
    import duckdb

    if not db.exists():
        raise StoreError(f"数据库不存在：{db}。先运行 dash ingest 目录 --db {db}")
    try:
        # DuckDB applies these in order; the configuration is locked once the progress bar is off.
        con = duckdb.connect(str(db), read_only=True, config={
            **BASE_CONFIG, "enable_external_access": False,
            **{k: v for k, v in (settings or {}).items() if k not in ("enable_external_access", "lock_configuration")}})
        quiet(con)
        if not con.execute("SELECT current_setting('lock_configuration')").fetchall()[0][0]:
            con.execute("SET lock_configuration = true")
    except duckdb.Error as exc:
        raise StoreError(f"数据库无法打开：{db}：{first_line(exc)}。文件可能已损坏：{rebuild_hint(db)}") from None
    try:
        meta_rows = dict(con.execute(f"SELECT key, value FROM {META}").fetchall())
    except duckdb.CatalogException:
        con.close()
        raise StoreError(f"{db} 不是 dash 的数据库（缺少元数据表）。{rebuild_hint(db)}") from None
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"数据库文件已损坏：{db}：{first_line(exc)}。{rebuild_hint(db)}") from None
    found = meta_rows.get("schema_version", "?")
    if found != str(SCHEMA_VERSION):
        con.close()
        if _sample_only(db, meta_rows.get("sources")):
            # Nothing of the user's is in it: the caller builds the sample store again.
            raise OutdatedSampleStore(f"{db} 是旧版 dash 的示例数据库（结构版本 {found}）")
        raise StoreError(f"{db} 的结构版本为 {found}，当前需要 {SCHEMA_VERSION}（由旧版 dash 建立）。"
                         + rebuild_hint(db, meta_rows.get("sources")))
    return con


def rebuild_hint(db: Path, sources: str | None = None) -> str:
    """The way out for a store that cannot be used: rebuild it from its library, or ingest again."""
    flag = "" if Path(db) == paths.default_db() else f" --db {shlex.quote(str(db))}"
    if (library_dir(Path(db)) / "manifest.json").is_file():
        return f"请运行 dash sources rebuild{flag} 从导出库重建（或 dash restore{flag} 恢复此前的数据库）"
    # Quoted only where the shell needs it: a Chinese folder name reads better bare.
    dirs = " ".join(shlex.quote(s) if any(c in s for c in " \t'\"$&;|<>()*?`\\") else s
                    for s in (sources or "").split(";") if s) or "目录"
    if Path(db) == paths.default_db():
        return f"请重新运行 dash ingest {dirs} 重建（或删除该文件，dash 会用内置示例数据重建）"
    return f"请重新运行 dash ingest {dirs}{flag} 重建"


# DuckDB's words for a store file that is damaged (as opposed to a query that is wrong).
_DAMAGE = ("Corrupt database file", "Could not read enough bytes", "not a valid DuckDB database",
           "does not match stored checksum")


def damaged(exc: BaseException, db: str | os.PathLike | None) -> StoreError | None:
    """A one-line :class:`StoreError` naming the store when ``exc`` says its file is damaged.

    Damage deep inside a file shows only when a query reads that block, long
    after the store opened fine; every command passes its errors through here.
    """
    if isinstance(exc, StoreError) or not any(w in str(exc) for w in _DAMAGE):
        return None
    path, _ = resolve_db(db)
    return StoreError(f"数据库文件已损坏：{path}：{first_line(exc)}。{rebuild_hint(path)}")


def built_from_sample(meta: dict[str, str]) -> bool:
    """Whether a store was built from the bundled sample data and nothing else (from its meta)."""
    if "sample" in meta:
        return meta["sample"] == "1"
    dirs = [s for s in (meta.get("sources") or "").split(";") if s]  # a store of schema 1
    sample = paths.sample_data_dir().resolve()
    return bool(dirs) and all(Path(d).resolve() == sample for d in dirs)


def _sample_only(db: Path, sources: str | None) -> bool:
    """Whether ``db`` is the default store and was built from the bundled sample data alone."""
    return Path(db) == paths.default_db() and built_from_sample({"sources": sources or ""})


def ddl(lg: Ledger) -> str:
    cols = ", ".join(f'"{c.name}" {c.type.sql}' for c in (*lg.columns, *PROVENANCE))
    return f'CREATE TABLE {lg.table} ({cols}, "{EXTRA}" JSON)'


def view_ddl(lg: Ledger) -> str:
    """A Chinese-named view with Chinese column names over one table."""
    cols = ", ".join(f'"{c.name}" AS "{c.label}"' for c in (*lg.columns, *PROVENANCE))
    return f'CREATE VIEW "{lg.label}" AS SELECT {cols}, "{EXTRA}" AS "{EXTRA_LABEL}" FROM {lg.table}'


def write_meta(con, items: dict[str, str]) -> None:
    con.execute(f"CREATE TABLE {META} (key TEXT PRIMARY KEY, value TEXT)")
    con.executemany(f"INSERT INTO {META} VALUES (?, ?)", [(k, str(v)) for k, v in items.items()])


def meta(con) -> dict[str, str]:
    return dict(con.execute(f"SELECT key, value FROM {META}").fetchall())


def columns(con) -> dict[str, dict[str, tuple[int, int, str]]] | None:
    """Per ledger with rows: column → (rows from exports that had it, rows from exports without it,
    the files without it). None for a store written before this was recorded."""
    import duckdb

    try:
        rows = con.execute(f"SELECT ledger, \"column\", rows_with, rows_without, files_without FROM {COLUMNS}"
                           ).fetchall()
    except duckdb.CatalogException:
        return None
    out: dict[str, dict[str, tuple[int, int, str]]] = {}
    for table, col, with_, without, files in rows:
        out.setdefault(table, {})[col] = (int(with_), int(without), files or "")
    return out


def row_counts(con) -> dict[str, int]:
    """Rows per canonical table."""
    sql = " UNION ALL ".join(f"SELECT '{lg.table}', count(*) FROM {lg.table}" for lg in LEDGERS)
    return {t: int(n) for t, n in con.execute(sql).fetchall()}


def years(con) -> list[int]:
    """Years that have rows in any ledger of the year's work (rosters don't count), ascending."""
    parts = []
    for lg in LEDGERS:
        col = lg.year_column
        if col is None:
            continue
        expr = col if lg.column(col).type is INT else f"year({col})"
        parts.append(f"SELECT DISTINCT {expr} AS y FROM {lg.table} WHERE {col} IS NOT NULL")
    rows = con.execute(f"SELECT DISTINCT y FROM ({' UNION '.join(parts)}) ORDER BY y").fetchall()
    return [int(r[0]) for r in rows]
