"""The exports a store is built from: adding, replacing, removing, rebuilding, restoring.

Loading a file adds it: ``dash ingest FILE`` copies the export into the store's
library and rebuilds the store from every export there, so this month's
petitions never empty the case ledger. Nothing is lost silently:

- an identical file is recognised and not added twice;
- a newer export that holds every record of an older one over at least its
  period supersedes it (both are named); one that lacks some of the older
  export's records does not, and both stay;
- where exports disagree about a record, the one added later wins (in one
  batch: the later period, then the later file time) and the other value is
  reported with its file, row and column;
- ``--replace`` makes the library exactly the given files, and refuses to leave
  a ledger that has rows with none unless ``--allow-empty`` is given; a store is
  never written without a single row.

The previous five stores are kept (:func:`restore` puts one back).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
import json
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from . import paths, store, store_write
from .clock import now
from .ingest import (FileResult, IngestError, Progress, Report, batch_key, conform, discover, label_for, periods,
                     read_export, read_exports, readable_name, reconcile)
from .headers import HeaderMatcher
from .ledgers import BY_TABLE, LEDGERS
from .personal import mask_report
from .library import Backup, Export, Library, LibraryError, fingerprint, sha256_of
from .validate import Problem


@dataclass
class Outcome:
    """What an ingest (or a removal, a rebuild) did, for the summary."""

    db: Path
    report: Report  # every export of the store, reconciled
    batch: list[str] = field(default_factory=list)  # labels of the files given this time
    # ids of the exports given this time: an export is known by its id, never by its file name
    # (a corrected re-export often has the very name of the export it corrects)
    batch_ids: set[str] = field(default_factory=set)
    added: list[Export] = field(default_factory=list)
    known: list[tuple[str, Export]] = field(default_factory=list)  # given, already in the library
    superseded: list[tuple[Export, Export]] = field(default_factory=list)  # (older, newer)
    kept_both: list[tuple[Export, Export, int]] = field(default_factory=list)  # (older, newer, records only older has)
    dropped: list[Export] = field(default_factory=list)  # taken out (removed, replaced, the sample)
    notes: list[str] = field(default_factory=list)
    written: bool = False
    exports: list[Export] = field(default_factory=list)  # the library after this

    def batch_report(self) -> Report:
        """The part of the report about the files given this time."""
        ids = self.batch_ids
        out = Report(ignored=self.report.ignored, duplicates=self.report.duplicates)
        out.sheets = [s for s in self.report.sheets if s.source in ids]
        out.unreadable = list(self.report.unreadable)
        out.conflicts = [p for p, _, loser in self.report.conflict_keepers if loser in ids]
        return out

    def conflicts_elsewhere(self) -> list:
        """Conflicts this batch's exports won against rows of other exports in the library."""
        ids = self.batch_ids
        return [p for p, keeper, loser in self.report.conflict_keepers if keeper in ids and loser not in ids]


@dataclass(frozen=True)
class _Given:
    path: Path
    label: str
    sha: str | None  # None: the file could not be read at all


# ------------------------------------------------------------------ entry points


def ingest(paths_: Sequence[Path], db: Path, *, today: date, aliases: dict | None = None, replace: bool = False,
           allow_empty: bool = False, strict: bool = False, progress: Progress | None = None) -> Outcome:
    """Add the exports found in ``paths_`` to the library of ``db`` (``replace``: make it exactly them)
    and rebuild the store from the whole library."""
    db, link_note = store_write.target(Path(db))
    unreadable_dirs: list[tuple[Path, str]] = []
    files, ignored = discover(list(paths_), unreadable_dirs)
    if not files:
        where = "、".join(str(p) for p in paths_)
        raise IngestError(f"没有找到台账导出文件：{where}（可导入 .xlsx、.csv 等）；数据库未改动")
    roots = [p if p.is_dir() else p.parent for p in paths_]
    given = [_Given(p, label_for(p, roots), _sha_or_none(p)) for p in files]
    lib = Library(db)
    with lib.locked():
        try:
            out = _ingest(lib, given, today, aliases, replace, allow_empty, strict, progress)
        finally:
            lib.undo_additions()  # refused, or nothing written: the library stays as it was
    out.report.ignored = ignored
    for folder, why in unreadable_dirs:
        out.report.unreadable.append(Problem.for_file(label_for(folder, roots) + "/",
                                                      f"文件夹无法读取（{why}），其中的台账未导入"))
    if link_note:
        out.notes.insert(0, link_note)
    return out


def remove(db: Path, names: Sequence[str], *, today: date, aliases: dict | None = None,
           allow_empty: bool = False) -> Outcome:
    """Take exports out of the library (by name or id) and rebuild the store without them."""
    db, _ = store_write.target(Path(db))
    lib = Library(db)
    with lib.locked():
        current = lib.load()
        gone = [_find(current, name) for name in names]
        ids = {e.id for e in gone}
        keep = [e for e in current if e.active and e.id not in ids]
        # What a removed export had superseded comes back: its records were only covered.
        back = [e for e in current if not e.active and e.superseded_by in ids and e.id not in ids]
        for e in back:
            e.superseded_by = None
        out = Outcome(db, Report(), dropped=gone)
        if back:
            out.notes.append("恢复使用被它取代的导出：" + "、".join(e.name for e in back))
        others = [e for e in current if not e.active and e not in back and e.id not in ids]
        return _rebuild(lib, current, keep + back, today, aliases, allow_empty, out, superseded=others)


def rebuild(db: Path, *, today: date, aliases: dict | None = None) -> Outcome:
    """The store built again from its library (after changing aliases in dash.toml, or a damaged store)."""
    db, _ = store_write.target(Path(db))
    lib = Library(db)
    if not lib.exists:
        raise LibraryError(f"{db} 旁没有导出库（{lib.dir}），无法重建；请用 dash ingest 目录 --db {db} 导入")
    with lib.locked():
        current = lib.load()
        return _rebuild(lib, current, [e for e in current if e.active], today, aliases, True, Outcome(db, Report()),
                        superseded=[e for e in current if not e.active])


def restore(db: Path, which: str) -> Backup:
    """Put a kept store back (``which``: its number in :func:`backups`, or the start of its time).

    The store it replaces is kept in turn, so a restore can itself be undone.
    """
    db, _ = store_write.target(Path(db))
    lib = Library(db)
    with lib.locked():
        kept = lib.backups()
        chosen = _pick_backup(kept, which)
        current = lib.manifest_path.read_bytes() if lib.exists else lib.manifest_bytes([])
        tmp = db.with_name(f"{db.name}.{os.getpid()}.restore.tmp")
        try:
            shutil.copyfile(chosen.store, tmp)
            os.chmod(tmp, store_write.PRIVATE_FILE)
            manifest = chosen.manifest.read_bytes()
            if db.exists():
                lib.keep(db, current, _stamp())
            os.replace(tmp, db)
        finally:
            tmp.unlink(missing_ok=True)
        lib.save([Export(**e) for e in json.loads(manifest)["exports"]])
    return chosen


def backups(db: Path) -> list[Backup]:
    return Library(store_write.target(Path(db))[0]).backups()


def ingest_paths(dirs: Sequence[Path], db: Path, extra_aliases: dict | None = None,
                 progress: Progress | None = None, strict: bool = False, *, today: date) -> Report:
    """The store made of exactly these exports (a fresh build; ledgers may end up empty)."""
    out = ingest(dirs, db, today=today, aliases=extra_aliases, replace=True, allow_empty=True, strict=strict,
                 progress=progress)
    return out.report


# ------------------------------------------------------------------ the work, under the lock


def _sha_or_none(path: Path) -> str | None:
    try:
        return sha256_of(path)
    except OSError:
        return None


def _ingest(lib: Library, given: list[_Given], today: date, aliases: dict | None, replace_all: bool,
            allow_empty: bool, strict: bool, progress: Progress | None) -> Outcome:
    current = lib.load()
    active = [e for e in current if e.active]
    by_sha = {e.sha256: e for e in active}
    out = Outcome(lib.db, Report(), batch=[g.label for g in given], batch_ids={_id(g) for g in given})
    fp = fingerprint(aliases)
    seen: set[str] = set()
    fresh: list[_Given] = []
    for g in given:
        if g.sha is not None and g.sha in by_sha:
            out.known.append((g.label, by_sha[g.sha]))
        elif g.sha is not None and g.sha in seen:
            out.notes.append(f"{g.label} 与本次另一个文件内容完全相同，只导入一次")
        else:
            fresh.append(g)
            if g.sha:
                seen.add(g.sha)
    results = _read(lib, fresh, fp, aliases, today, progress)
    unreadable = [r.unreadable for r in results.values() if r.unreadable is not None]
    added = _new_exports(fresh, results, current)
    out.added = added
    if strict and (unreadable or any(s.rejected for e in added for s in results[e.id].sheets)):
        out.report = _report([results[e.id] for e in added], unreadable)
        return out
    if not added and not replace_all:
        if unreadable:
            names = "、".join(p.file for p in unreadable)
            out.report = _report([], unreadable)
            raise NothingToLoad(out, f"没有可导入的台账：{names} 无法读取；数据库未改动")
        out.notes.append("给出的文件都已在导出库中，数据库未改动")
        out.report = _report([], [])
        out.exports = current
        return out
    if replace_all:
        keep = [e for _, e in out.known] + added
        out.dropped = [e for e in active if e not in keep]
    else:
        keep = active + added
        if active and all(e.sample for e in active) and any(not e.sample for e in added):
            out.dropped = list(active)  # the bundled sample makes way for the bureau's own exports
            keep = added
            out.notes.append("导出库中原来只有内置示例数据，已移出，改为只用本次导入的台账")
        _supersede(lib, keep, added, results, fp, today, aliases, out)
    # A file identical to a superseded export is that export added again: one entry (its id), now the latest.
    again = {e.id for e in added}
    for e in current:
        if not e.active and e.id in again:
            out.notes.append(f"{e.name} 曾被较新的导出取代，现重新加入导出库，以它为准")
    superseded = [e for e in current if not e.active and e not in out.dropped and e.id not in again]
    out = _rebuild(lib, current, keep, today, aliases, allow_empty, out, results, superseded, unreadable)
    return out


class NothingToLoad(IngestError):
    """Nothing would be left to load; carries the outcome so the summary can still be shown."""

    def __init__(self, outcome: Outcome, message: str) -> None:
        super().__init__(message)
        self.outcome = outcome


def _read(lib: Library, files: list[_Given], fp: str, aliases: dict | None, today: date,
          progress: Progress | None) -> dict[str, FileResult]:
    """Each new file read (or taken from a read cached under its id): id → result."""
    out: dict[str, FileResult] = {}
    todo: list[_Given] = []
    for g in files:
        cached = lib.cached(_stub(g), fp, today) if g.sha else None
        if cached is not None:
            out[_id(g)] = cached.tag(_id(g))
            if not lib.copy_path(_stub(g)).is_file():
                # read before under another name (an export removed, kept for a backup): the copy
                # under this name is what a later rebuild reads
                lib.copy_in(g.path, _stub(g))
        else:
            todo.append(g)
    # New files are read from the library's copy, made first: what is read is what is kept,
    # even if the original is saved again meanwhile.
    sources = []
    for g in todo:
        source = g.path
        if g.sha:
            stub = _stub(g)
            lib.copy_in(g.path, stub)
            source = lib.copy_path(stub)
        sources.append((source, g.label))
    for g, result in zip(todo, read_exports(sources, aliases, today, progress)):
        out[_id(g)] = result.tag(_id(g))
        if g.sha and result.unreadable is None:
            lib.cache(_stub(g), fp, result, today)
    return out


def _id(g: _Given) -> str:
    return g.sha[:16] if g.sha else f"unreadable:{g.label}"


def _stub(g: _Given) -> Export:
    return Export(_id(g), g.sha or "", g.label, str(g.path), 0, "", "", 0)


def _new_exports(fresh: list[_Given], results: dict[str, FileResult], current: list[Export]) -> list[Export]:
    """Manifest entries for the readable new files, numbered in order of precedence."""
    sample = paths.sample_data_dir().resolve()
    stamp = now().isoformat()
    made = []
    for g in fresh:
        r = results[_id(g)]
        if r.unreadable is not None or g.sha is None:
            continue
        st = g.path.stat()
        e = Export(_id(g), g.sha, g.label, readable_name(str(g.path.resolve())), st.st_size,
                   datetime.fromtimestamp(st.st_mtime).replace(microsecond=0).isoformat(), stamp, 0,
                   sample=g.path.resolve().is_relative_to(sample), ledgers=r.ledgers, periods=periods(r))
        e.read = sum(s.read for s in r.sheets)
        e.loaded = sum(s.loaded for s in r.sheets)
        e.skipped = sum(s.skipped_total for s in r.sheets)
        e.rejected = sum(s.rejected for s in r.sheets)
        made.append(e)
    # Within one batch the later period takes precedence, then the later file time.
    made.sort(key=lambda e: batch_key(results[e.id], datetime.fromisoformat(e.mtime).timestamp()))
    base = max((e.seq for e in current), default=0)
    for i, e in enumerate(made, 1):
        e.seq = base + i
    return made


def _supersede(lib: Library, keep: list[Export], added: list[Export], results: dict[str, FileResult], fp: str,
               today: date, aliases: dict | None, out: Outcome) -> None:
    """Older exports whose every record a newer one holds, over at least their period, step aside."""
    for new in added:
        for old in [e for e in keep if e not in added and new.covers(e)]:
            missing = _records_missing(_result(lib, old, results, fp, today, aliases), results[new.id])
            if missing:
                out.kept_both.append((old, new, missing))
                continue
            old.superseded_by = new.id
            keep.remove(old)
            out.superseded.append((old, new))


def _records_missing(older: FileResult, newer: FileResult) -> int:
    """Records (by key) the older export has and the newer one lacks."""
    import polars as pl

    from .ingest import key_frame

    missing = 0
    for table in older.ledgers:
        lg = BY_TABLE[table]
        a = [key_frame(s.frame, lg) for s in older.sheets if s.ledger is lg and s.frame is not None]
        b = [key_frame(s.frame, lg) for s in newer.sheets if s.ledger is lg and s.frame is not None]
        if not a:
            continue
        if not b:
            return sum(f.height for f in a)
        keys = list(a[0].columns)
        missing += pl.concat(a).unique().join(pl.concat(b).unique(), on=keys, how="anti", nulls_equal=True).height
    return missing


def _result(lib: Library, e: Export, results: dict[str, FileResult], fp: str, today: date,
            aliases: dict | None) -> FileResult:
    """An export's rows: read this time, cached, or read again from the library's copy."""
    if e.id in results:
        return results[e.id]
    cached = lib.cached(e, fp, today)
    if cached is None:
        copy = lib.copy_path(e)
        if not copy.is_file():
            raise LibraryError(f"导出库中缺少文件 {copy}（{e.name}）；可用 dash sources remove {e.id} 移出后重新导入")
        cached = read_export(copy, e.name, HeaderMatcher(aliases), today)
        if cached.unreadable is None:
            lib.cache(e, fp, cached, today)
    results[e.id] = cached.tag(e.id)
    return cached


def _report(results: list[FileResult], unreadable: list[Problem]) -> Report:
    report = Report()
    for r in results:
        report.add(r)
    report.unreadable.extend(unreadable)
    return report


def _rebuild(lib: Library, current: list[Export], keep: list[Export], today: date, aliases: dict | None,
             allow_empty: bool, out: Outcome, results: dict[str, FileResult] | None = None,
             superseded: list[Export] | None = None, unreadable: list[Problem] | None = None) -> Outcome:
    """Reconcile every kept export and write the store and the manifest."""
    results = dict(results or {})
    fp = fingerprint(aliases)
    ordered = sorted(keep, key=lambda e: (e.ledgers[:1], e.name))  # the summary lists them by ledger, name
    report = _report([_result(lib, e, results, fp, today, aliases) for e in ordered], unreadable or [])
    reconcile(report, {e.id: e.seq for e in keep})  # the export added later wins (by id: names repeat)
    mask_report(report)  # values quoted in problems and notes, masked before they are stored or shown
    out.report = report
    per_ledger = report.per_ledger()
    # The bundled sample making way is meant to empty ledgers; anything else emptying one is not.
    before = {t for e in current if e.active and not (e.sample and e in out.dropped) for t in e.ledgers if e.stored}
    after = {t for t, d in per_ledger.items() if d["loaded"]}
    if not after:
        raise NothingToLoad(out, "这样做之后数据库将没有任何记录；数据库未改动")
    vanish = sorted(before - after)
    if vanish and not allow_empty:
        labels = "、".join(BY_TABLE[t].label for t in vanish)
        raise IngestError(f"这样做之后 {labels} 将没有任何记录（现在有）；数据库未改动。"
                          "确需如此，请加 --allow-empty")
    stored: dict[str, int] = {}
    for s in report.sheets:
        stored[s.source] = stored.get(s.source, 0) + s.loaded
    for e in keep:
        e.stored = stored.get(e.id, 0)
    listed = {e.id: e for e in [*keep, *(superseded or []), *(old for old, _ in out.superseded)]}
    exports = sorted(listed.values(), key=lambda e: e.seq)
    previous = lib.manifest_path.read_bytes() if lib.exists else lib.manifest_bytes([])
    stamp = _stamp()
    store_write.write_store(lib.db, lambda con, scratch: _fill(con, scratch, report),
                            {"exports": str(len(keep)), "sample": "1" if keep and all(e.sample for e in keep) else "0",
                             "rows_loaded": str(report.loaded), "library": str(lib.dir)},
                            keep_old=lambda db: lib.keep(db, previous, stamp))
    lib.keep_additions()  # the new store is in place: the copies it was built from stay
    lib.save(exports)
    lib.collect_garbage(exports)
    out.written = True
    out.exports = exports
    return out


def _fill(con, scratch: Path, report: Report) -> None:
    """Every ledger's rows into the new store: straight from the library's Parquet where a sheet's
    rows are all still there, else from the reconciled frame."""
    from .store_write import insert_frames

    for lg in LEDGERS:
        sheets = [s for s in report.sheets if s.ledger is lg and s.frame is not None and s.frame.height]
        as_read = [s.stored_at[0] for s in sheets if s.stored_at and s.stored_at[1] == s.frame.height]
        frames = [conform(s.frame, lg) for s in sheets if not (s.stored_at and s.stored_at[1] == s.frame.height)]
        insert_frames(con, scratch, lg.table, frames, as_read)
    _write_reports(con, report)


def _write_reports(con, report: Report) -> None:
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
    _write_columns(con, report)


def _write_columns(con, report: Report) -> None:
    """Which declared columns the loaded exports had, per ledger: counted by the rows each sheet
    contributes, so a figure can tell a column no export had (its figures are not numbers) from
    one some exports lack (the rows from those are named)."""
    con.execute(f'CREATE TABLE {store.COLUMNS} (ledger TEXT, "column" TEXT, rows_with BIGINT, rows_without BIGINT,'
                " files_without TEXT)")
    out = []
    for lg in LEDGERS:
        sheets = [s for s in report.sheets if s.ledger is lg and s.loaded]
        if not sheets:
            continue
        for c in lg.columns:
            having = sum(s.loaded for s in sheets if c.name in s.columns)
            lacking = [s for s in sheets if c.name not in s.columns]
            files = "；".join(dict.fromkeys(s.file for s in lacking))
            out.append((lg.table, c.name, having, sum(s.loaded for s in lacking), files))
    if out:
        con.executemany(f"INSERT INTO {store.COLUMNS} VALUES (?,?,?,?,?)", out)


def _stamp() -> str:
    return now().strftime("%Y-%m-%dT%H%M%S")


def _find(exports: list[Export], name: str) -> Export:
    """An export by id (or the start of it) or by file name."""
    hits = [e for e in exports if e.id.startswith(name) or e.name == name or Path(e.name).name == name]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise LibraryError(f"导出库中没有 {name}；dash sources 列出全部导出")
    ids = "、".join(f"{e.id[:8]}（{e.name}）" for e in hits)
    raise LibraryError(f"{name} 对应多个导出：{ids}；请用编号")


def _pick_backup(kept: list[Backup], which: str) -> Backup:
    if not kept:
        raise LibraryError("没有保留的旧数据库可以恢复")
    if which.isdigit() and 1 <= int(which) <= len(kept):
        return kept[int(which) - 1]
    hits = [b for b in kept if b.when.startswith(which) or b.path.name.startswith(which)]
    if len(hits) == 1:
        return hits[0]
    listed = "、".join(f"{i}（{b.when}）" for i, b in enumerate(kept, 1))
    raise LibraryError(f"找不到要恢复的数据库 {which}；可选：{listed}")


def store_age(db: Path) -> str | None:
    """When the store was built, from its meta (None when there is no readable store)."""
    if not db.exists():
        return None
    try:
        con = store.connect(db)
    except store.StoreError:
        return None
    try:
        meta = store.meta(con)
    finally:
        con.close()
    return meta.get("ingested_at")


__all__ = ["NothingToLoad", "Outcome", "backups", "ingest", "ingest_paths", "rebuild", "remove", "restore", "store_age"]
