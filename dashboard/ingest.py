"""Ingest: read every export in the given folders, validate, and replace the store.

``check_paths`` does the reading and validation only; ``ingest_paths`` also
writes a new store file and renames it into place.

Fault injection (for the kill -9 tests in ``tests/hostile/``): with
``DASH_FAULT=<point>`` the process kills itself with SIGKILL at that point of
the store write, with ``DASH_FAULT=<point>:stop`` it stops itself (SIGSTOP) so
a test can look around and then let it continue. Points, in order:
``mid_write`` (one table written), ``after_tables``, ``before_rename`` (new file
complete and synced), ``after_rename`` (before temp files are cleaned up).
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable

from .errors import DashError
from .headers import HeaderMatcher, ledger_from_name
from .ledgers import LEDGERS, PROVENANCE, Ledger
from .personal import mask_report
from .readers import OTHER_SPREADSHEETS, SUPPORTED, UnreadableFile, read_file
from .validate import Problem, SheetResult, validate_grid

Progress = Callable[[int, int, str], None]


class IngestError(DashError):
    """A user mistake that stops the whole ingest (e.g. a missing folder)."""


@dataclass
class Report:
    sheets: list[SheetResult] = field(default_factory=list)
    unreadable: list[Problem] = field(default_factory=list)
    # rows dropped or rejected by the cross-file key check, per ledger
    duplicates: Counter = field(default_factory=Counter)
    conflicts: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files that are not exports (by extension)

    @property
    def read(self) -> int:
        return sum(s.read for s in self.sheets)

    @property
    def loaded(self) -> int:
        return sum(s.loaded for s in self.sheets)

    @property
    def skipped(self) -> int:
        return sum(s.skipped_total for s in self.sheets)

    @property
    def rejected(self) -> int:
        return sum(s.rejected for s in self.sheets)

    @property
    def problems(self) -> list[Problem]:
        return [*self.unreadable, *(p for s in self.sheets for p in s.problems)]

    @property
    def has_problems(self) -> bool:
        return bool(self.unreadable or self.rejected or any(s.ledger is None for s in self.sheets))

    def per_ledger(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for s in self.sheets:
            if s.ledger is None:
                continue
            d = out.setdefault(s.ledger.table, {"read": 0, "loaded": 0, "skipped": 0, "rejected": 0})
            d["read"] += s.read
            d["loaded"] += s.loaded
            d["skipped"] += s.skipped_total
            d["rejected"] += s.rejected
        return out

    def balanced(self) -> bool:
        return all(s.read == s.loaded + s.skipped_total + s.rejected for s in self.sheets)


def _walk(root: Path, unreadable: list[tuple[Path, str]]) -> list[Path]:
    """Every path below ``root``, following linked folders once each (a link loop ends),
    and naming the folders that cannot be read instead of passing over them."""
    out: list[Path] = []
    seen: set[str] = set()

    def failed(err: OSError) -> None:
        unreadable.append((Path(err.filename or root), err.strerror or str(err)))

    for here, subdirs, names in os.walk(root, followlinks=True, onerror=failed):
        real = os.path.realpath(here)
        if real in seen:
            subdirs[:] = []  # a folder reached again through a link: already read
            continue
        seen.add(real)
        subdirs[:] = [s for s in subdirs if not s.startswith((".", "__MACOSX"))]
        out.extend(Path(here) / n for n in names)
    return out


def discover(dirs: list[Path], unreadable: list[tuple[Path, str]] | None = None
             ) -> tuple[list[Path], list[str]]:
    """Export files below the given folders (or the given files), sorted for a stable order.

    Folders that could not be read are added to ``unreadable`` (path, reason)."""
    files: list[Path] = []
    ignored: list[str] = []
    unreadable = unreadable if unreadable is not None else []
    for d in dirs:
        if not d.exists():
            raise IngestError(f"目录不存在：{d}")
        if d.is_file():
            files.append(d)
            continue
        for p in sorted(_walk(d, unreadable)):
            if p.name.startswith((".", "~$")):
                continue
            if not p.is_file() and not (p.is_symlink() and not p.exists()):
                continue  # a broken link to an export is kept, so that it is reported
            if p.suffix.lower() in SUPPORTED or p.suffix.lower() in OTHER_SPREADSHEETS:
                files.append(p)
            elif p.suffix.lower() not in (".md", ".py", ".toml", ".json"):
                ignored.append(str(p))
    return files, ignored


def check_paths(dirs: list[Path], extra_aliases: dict | None = None, progress: Progress | None = None,
                today: date | None = None) -> Report:
    """Read and validate every export; nothing is written."""
    today = today or date.today()
    unreadable_dirs: list[tuple[Path, str]] = []
    files, ignored = discover(dirs, unreadable_dirs)
    report = Report(ignored=ignored)
    roots = [d if d.is_dir() else d.parent for d in dirs]
    for folder, why in unreadable_dirs:
        report.unreadable.append(Problem(_label(folder, roots) + "/", None, None, None, None,
                                         f"文件夹无法读取（{why}），其中的台账未导入"))
    matcher = HeaderMatcher(extra_aliases)
    total = sum(_size(p) for p in files)
    done = 0
    labels = [_label(path, roots) for path in files]
    # Files are read and validated two at a time: the work is in polars, which
    # releases the GIL, so a second thread keeps the second core busy. Results
    # are taken in file order, so reports and progress stay in order too.
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        outcomes = pool.map(lambda pl_: _read_validate(pl_[0], pl_[1], matcher, today), zip(files, labels))
        for path, label, (grids, results, failure) in zip(files, labels, outcomes):
            if progress:
                progress(done, total, label)
            if failure is not None:
                report.unreadable.append(failure)
            else:
                _collect(report, label, grids, results)
            done += _size(path)
    if progress:
        progress(total, total, "")
    _dedupe(report)
    return mask_report(report)  # values quoted in problems and notes are masked before shown or stored


def _read_validate(path: Path, label: str, matcher: HeaderMatcher, today: date):
    """(grids, sheet results, None) for one file, or (None, None, problem) when it cannot be read."""
    try:
        grids = read_file(path)
    except UnreadableFile as exc:
        return None, None, Problem(label, None, None, None, None, str(exc))
    except OSError as exc:
        return None, None, Problem(label, None, None, None, None, f"无法读取：{exc.strerror or exc}")
    hint = ledger_from_name(path.stem)
    return grids, [validate_grid(g, label, matcher, hint, today) for g in grids], None


def _collect(report: Report, label: str, grids, results: list[SheetResult]) -> None:
    """One read file's sheets into the report; a file with no recognised sheet is unreadable."""
    recognised = [r for r in results if r.ledger is not None]
    notes = [n for g in grids for n in g.notes]
    if not recognised:
        reason = results[0].problems[0].reason if results else "没有数据"
        if grids and (grids[0].encoding or "").startswith("GB"):
            reason += _not_gbk_hint(grids[0])
        report.unreadable.append(Problem(label, None, None, None, None, "；".join([reason, *notes])))
        return
    # Sheets without a header beside recognised ones are notes, not failures,
    # but never silent: a second ledger with a broken header would vanish.
    notes += [f"工作表「{r.sheet}」（{g.frame.height} 行）未导入：{r.problems[0].reason}"
              for g, r in zip(grids, results) if r.ledger is None]
    recognised[0].notes.extend(notes)
    report.sheets.extend(recognised)


def _not_gbk_hint(grid) -> str:
    """What to say about the encoding of a csv that decoded as GBK but has no header.

    Chinese text in GBK is almost all GB2312 characters (both bytes 0xA1–0xFE);
    Western (Windows-1252), Big5 or Shift-JIS bytes read as GBK are mostly not.
    """
    enc = grid.encoding.split("，")[0]
    text = "".join(cell for row in grid.frame.head(60).iter_rows() for cell in row if cell)
    chars = [ch for ch in text if ord(ch) > 0x7F]
    rare = sum(1 for ch in chars if ch.encode("gb2312", "replace") == b"?")
    if chars and rare * 2 > len(chars):
        return (f"（无法识别的编码：按 {enc} 解码多为乱码，可能是 Windows-1252、Big5、Shift-JIS 等其他编码；"
                "请另存为 UTF-8 后重试）")
    return f"（按 {enc} 解码；若文件是 Big5、Shift-JIS 等其他编码，请另存为 UTF-8 后重试）"


def _dedupe(report: Report) -> None:
    """Drop identical duplicates of a natural key; reject conflicting ones (first wins)."""
    import polars as pl

    by_ledger: dict[str, list[SheetResult]] = {}
    for s in report.sheets:
        if s.frame is not None and s.frame.height:
            by_ledger.setdefault(s.ledger.table, []).append(s)
    for table, sheets in by_ledger.items():
        lg = sheets[0].ledger
        key = list(lg.key)
        frames = [s.frame.with_columns(pl.lit(i, dtype=pl.Int32).alias("__sheet"))
                  for i, s in enumerate(sheets)]
        allf = pl.concat([_conform(f, lg) for f in frames], how="vertical")
        allf = allf.with_row_index("__pos")
        dup = allf.filter(pl.struct(key).is_duplicated())
        if dup.height == 0:
            continue
        # Each later row of a key against the first one (the keeper), in columns:
        # no Python loop over rows except for conflicts, which are reported one by one.
        content = list(lg.column_names)
        first = pl.col("__pos") == pl.col("__pos").min().over(key)
        keepers = dup.filter(first).select(*key, *(pl.col(c).alias(f"__k_{c}") for c in content),
                                           pl.col("source_file").alias("__k_file"),
                                           pl.col("source_row").alias("__k_row"))
        later = dup.filter(~first).join(keepers, on=key, how="left", nulls_equal=True).sort("__pos")
        differs = {c: ~pl.col(c).eq_missing(pl.col(f"__k_{c}")) for c in content}
        later = later.with_columns(__same=~pl.any_horizontal(list(differs.values())))
        for (idx,), rows in later.group_by("__sheet", maintain_order=True):
            s = sheets[idx]
            s.loaded -= rows.height
            s.frame = s.frame.filter(~pl.col("source_row").is_in(rows["source_row"].implode()))
            same = rows.filter(pl.col("__same"))
            if same.height:
                s.skipped["重复记录（与已导入的相同）"] += same.height
                report.duplicates[table] += same.height
                # Dropped duplicates are counted in the summary; say once per sheet where they are.
                r0 = same.row(0, named=True)
                place = f"{s.how} " if s.sheet else ""
                s.notes.append(f"{place}{same.height} 行与已导入的记录完全相同，已跳过"
                               f"（如第{r0['source_row']}行，同 {r0['__k_file']} 第{r0['__k_row']}行）")
            diff = rows.filter(~pl.col("__same"))
            if not diff.height:
                continue
            flags = diff.select(**{c: e for c, e in differs.items()})
            for row, flag in zip(diff.iter_rows(named=True), flags.iter_rows()):
                key_text = "、".join(f"{lg.column(k).label}={row[k]}" for k in key)
                where = f"{row['__k_file']} 第{row['__k_row']}行"
                cols = "、".join(lg.column(c).label for c, f in zip(content, flag) if f)
                p = Problem(s.file, s.sheet, row["source_row"], lg.column(key[0]).label, str(row[key[0]]),
                            f"{key_text} 与 {where} 重复但内容不同（{cols}）：保留先读到的一条")
                s.rejected += 1
                s.problems.append(p)
                report.conflicts.append(p)


def _conform(frame, lg: Ledger):
    """A frame with every declared column, in declaration order, typed as declared."""
    import polars as pl

    from .ledgers import BOOL, DATE, DECIMAL, INT

    dtypes = {"TEXT": pl.String, DATE: pl.Date, INT: pl.Int64, DECIMAL: pl.Decimal(14, 2), BOOL: pl.Boolean}
    cols = []
    for c in (*lg.columns, *PROVENANCE):
        dt = dtypes[c.type] if c.name != "source_row" else pl.Int32
        cols.append(pl.col(c.name).cast(dt) if c.name in frame.columns else pl.lit(None, dtype=dt).alias(c.name))
    extra = [pl.col(c) for c in frame.columns if c.startswith("__")]
    return frame.select(cols + extra)


def ingest_paths(dirs: list[Path], db: Path, extra_aliases: dict | None = None,
                 progress: Progress | None = None, strict: bool = False,
                 today: date | None = None) -> Report:
    """Validate, then atomically replace the store at ``db`` with what loaded."""
    if db.is_dir():
        raise IngestError(f"数据库路径是一个目录：{db}；请用 --db 指定文件名，例如 {db / 'dash.duckdb'}")
    _refuse_to_overwrite_a_document(db)
    report = check_paths(dirs, extra_aliases, progress, today)
    if strict and report.has_problems:
        return report
    write_store(report, db, [str(d) for d in dirs])
    return report


# Files a --db typo could point at that are surely not a store (an export, a report).
_DOCUMENT_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv", ".txt", ".tsv", ".doc", ".docx",
                      ".wps", ".pdf", ".md", ".toml", ".json", ".py", ".sql", ".zip"}
_DOCUMENT_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")


def _refuse_to_overwrite_a_document(db: Path) -> None:
    """Ingest replaces the file at --db; never when that file is a spreadsheet or document.

    A damaged store (random bytes, truncated) is still replaced: re-ingesting is its way out.
    """
    if not db.is_file():
        return
    try:
        with open(db, "rb") as fh:
            head = fh.read(8)
    except OSError:
        return  # the write will say what is wrong
    if db.suffix.lower() in _DOCUMENT_SUFFIXES or head.startswith(_DOCUMENT_MAGIC):
        raise IngestError(f"--db 指向的文件不是 dash 数据库，而像是一份文档或台账：{db}；"
                          "为免覆盖它，请换一个数据库文件名（如 dash.duckdb）")


def _fault(point: str) -> None:
    """The DASH_FAULT hook (see the module docstring); does nothing unless asked."""
    want = os.environ.get("DASH_FAULT")
    if want and want.split(":")[0] == point:
        import signal

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
    """Temp files of ingests that died (kill -9, power cut), known by their dead pid.

    Files of an ingest still running (its pid is alive) are left alone.
    """
    import re
    import shutil

    own = re.compile(re.escape(db.name) + r"\.(\d+)\.[^.]+\.tmp(?:\.wal)?$")
    for p in db.parent.iterdir():
        m = own.match(p.name) or re.match(r"dash-ingest-(\d+)-", p.name)
        if m is None or _alive(int(m.group(1))):
            continue
        try:
            shutil.rmtree(p) if p.is_dir() else p.unlink()
        except OSError:
            pass


def write_store(report: Report, db: Path, sources: list[str]) -> None:
    """Write the new store beside ``db`` and rename it into place.

    Disk and permission errors become one-line :class:`IngestError` messages;
    the old store is untouched whenever the rename did not happen.
    """
    import duckdb

    try:
        _write_store(report, db, sources)
    except (OSError, duckdb.Error) as exc:
        why = getattr(exc, "strerror", None) or str(exc).strip().splitlines()[0]
        kept = "；原有数据库未改动" if db.exists() else ""
        raise IngestError(f"无法写入数据库 {db}：{why}{kept}") from None


def _write_store(report: Report, db: Path, sources: list[str]) -> None:
    import duckdb
    import polars as pl

    from . import store

    db.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temp(db)
    # The pid in the names lets a later ingest clean up after one that was killed.
    fd, tmp_name = tempfile.mkstemp(prefix=f"{db.name}.{os.getpid()}.", suffix=".tmp", dir=db.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # duckdb wants to create the file itself
    scratch = tempfile.mkdtemp(prefix=f"dash-ingest-{os.getpid()}-", dir=db.parent)
    try:
        con = duckdb.connect(str(tmp), config=store.BASE_CONFIG)
        try:
            for lg in LEDGERS:
                con.execute(store.ddl(lg))
                frames = [_conform(s.frame, lg) for s in report.sheets
                          if s.ledger is lg and s.frame is not None and s.frame.height]
                if frames:
                    pq = Path(scratch) / f"{lg.table}.parquet"
                    pl.concat(frames).write_parquet(pq)
                    con.execute(f"INSERT INTO {lg.table} SELECT * FROM read_parquet(?)", [str(pq)])
                    _fault("mid_write")
                con.execute(store.view_ddl(lg))
            _fault("after_tables")
            _write_reports(con, report)
            store.write_meta(con, {
                "schema_version": store.SCHEMA_VERSION,
                "ingested_at": datetime.now().isoformat(timespec="seconds"),
                "sources": ";".join(sources),
                "rows_loaded": report.loaded,
            })
            con.execute("CHECKPOINT")
        finally:
            con.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        _fault("before_rename")
        os.replace(tmp, db)
        _fault("after_rename")
    finally:
        for p in (tmp, Path(str(tmp) + ".wal")):
            if p.exists():
                p.unlink()
        for p in Path(scratch).glob("*"):
            p.unlink()
        os.rmdir(scratch)


def _write_reports(con, report: Report) -> None:
    from . import store

    con.execute(f"CREATE TABLE {store.FILES} (file TEXT, sheet TEXT, ledger TEXT, how TEXT, header_row INT,"
                " rows_read INT, loaded INT, skipped INT, rejected INT)")
    files = [(s.file, s.sheet, s.ledger.table, s.how, s.header_row, s.read, s.loaded, s.skipped_total, s.rejected)
             for s in report.sheets]
    if files:
        con.executemany(f"INSERT INTO {store.FILES} VALUES (?,?,?,?,?,?,?,?,?)", files)
    con.execute(f"CREATE TABLE {store.PROBLEMS} (file TEXT, sheet TEXT, row INT, col TEXT, value TEXT,"
                " reason TEXT)")
    rows = [(p.file, p.sheet, p.row, p.column, p.value, p.reason) for p in report.problems]
    if rows:
        con.executemany(f"INSERT INTO {store.PROBLEMS} VALUES (?,?,?,?,?,?)", rows)


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def _label(path: Path, roots: list[Path]) -> str:
    for r in roots:
        try:
            return readable_name(str(path.relative_to(r)))
        except ValueError:
            continue
    return readable_name(path.name)


def readable_name(name: str) -> str:
    """A file name as the user would read it: GBK bytes left in a name by a zip made on
    Windows are decoded as GBK, not shown as escapes (nor refused by the store)."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")
