"""Reading exports: every file found, validated, and the rows of all of them reconciled by key.

``check_paths`` reads and validates the given files and folders and writes
nothing. :mod:`dashboard.library` keeps copies of the exports the store is built
from and calls :func:`read_export` for each new one; :func:`reconcile` then
settles records that several exports hold (identical ones counted once, a
conflict won by the export that takes precedence and reported).
"""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from .errors import DashError
from .headers import HeaderMatcher, ledger_from_name
from .ledgers import EXTRA, LEDGERS, PROVENANCE, Ledger
from .mask import mask_cell
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
    # (conflict, export whose value was kept, export whose row was rejected), exports by their
    # sheets' ``source``: a conflict concerns both exports
    conflict_keepers: list[tuple[Problem, str, str]] = field(default_factory=list)
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

    def add(self, result: FileResult) -> None:
        if result.unreadable is not None:
            self.unreadable.append(result.unreadable)
        self.sheets.extend(result.sheets)


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


def check_paths(dirs: list[Path], extra_aliases: dict | None = None, progress: Progress | None = None, *,
                today: date) -> Report:
    """Read and validate every export; nothing is written. ``today`` bounds plausible dates."""
    unreadable_dirs: list[tuple[Path, str]] = []
    files, ignored = discover(dirs, unreadable_dirs)
    report = Report(ignored=ignored)
    roots = [d if d.is_dir() else d.parent for d in dirs]
    for folder, why in unreadable_dirs:
        report.unreadable.append(Problem.for_file(label_for(folder, roots) + "/",
                                                  f"文件夹无法读取（{why}），其中的台账未导入"))
    results = read_exports([(path, label_for(path, roots)) for path in files], extra_aliases, today, progress)
    for i, result in enumerate(results):
        report.add(result.tag(f"#{i}"))  # two folders may both hold a file of one name
    reconcile(report, batch_ranks(results, [_mtime(p) for p in files]))
    return mask_report(report)  # values quoted in problems and notes are masked before shown or stored


def periods(result: FileResult) -> dict[str, list[str]]:
    """Per ledger, the first and last day of the rows' year of work (none for a roster)."""
    import polars as pl

    from .ledgers import INT

    spans: dict[str, list[str]] = {}
    for s in result.sheets:
        col = s.ledger.year_column
        if col is None or s.frame is None or col not in s.frame.columns or not s.frame.height:
            continue
        lo, hi = s.frame.select(pl.col(col).min().alias("lo"), pl.col(col).max().alias("hi")).row(0)
        if lo is None:
            continue
        if s.ledger.column(col).type is INT:
            lo, hi = date(int(lo), 1, 1), date(int(hi), 12, 31)
        a, b = lo.isoformat(), hi.isoformat()
        old = spans.get(s.ledger.table)
        spans[s.ledger.table] = [min(a, old[0]), max(b, old[1])] if old else [a, b]
    return spans


def batch_key(result: FileResult, mtime: float) -> tuple:
    """Precedence within one batch of exports: the later period, then the later file time."""
    return max((p[1] for p in periods(result).values()), default=""), mtime, result.label


def batch_ranks(results: list[FileResult], mtimes: list[float]) -> dict[str, int]:
    """Export (its sheets' ``source``) → rank (higher wins a conflict) for exports given together."""
    ordered = sorted(zip(results, mtimes), key=lambda rm: batch_key(*rm))
    return {s.source: i for i, (r, _) in enumerate(ordered) for s in r.sheets}


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@dataclass
class FileResult:
    """What one export file gave: its recognised sheets, or why it could not be read."""

    label: str
    sheets: list[SheetResult] = field(default_factory=list)
    unreadable: Problem | None = None

    @property
    def ledgers(self) -> list[str]:
        return list(dict.fromkeys(s.ledger.table for s in self.sheets))

    def tag(self, origin: str) -> FileResult:
        """Every sheet marked as coming from ``origin`` (an export's identity; names may repeat)."""
        for s in self.sheets:
            s.origin = origin
        return self


def read_exports(files: list[tuple[Path, str]], extra_aliases: dict | None, today: date,
                 progress: Progress | None = None) -> list[FileResult]:
    """Every (path, label) read and validated, in the order given.

    Files are read two at a time: the work is in polars, which releases the
    GIL, so a second thread keeps the second core busy. Results come back in
    file order, so reports and progress stay in order too.
    """
    matcher = HeaderMatcher(extra_aliases)
    total = sum(_size(p) for p, _ in files)
    done = 0
    out: list[FileResult] = []
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        results = pool.map(lambda f: read_export(f[0], f[1], matcher, today), files)
        for (path, label), result in zip(files, results):
            if progress:
                progress(done, total, label)
            out.append(result)
            done += _size(path)
    if progress:
        progress(total, total, "")
    return out


def read_export(path: Path, label: str, matcher: HeaderMatcher, today: date) -> FileResult:
    """One file read and validated; a file with no recognised sheet is unreadable, with the reason."""
    try:
        grids = read_file(path)
    except UnreadableFile as exc:
        return FileResult(label, unreadable=Problem.for_file(label, str(exc)))
    except OSError as exc:
        return FileResult(label, unreadable=Problem.for_file(label, f"无法读取：{exc.strerror or exc}"))
    hint = ledger_from_name(path.stem)
    results = [validate_grid(g, label, matcher, hint, today) for g in grids]
    recognised = [r for r in results if r.ledger is not None]
    notes = [n for g in grids for n in g.notes]
    if not recognised:
        reason = results[0].problems[0].reason if results else "没有数据"
        if grids and (grids[0].encoding or "").startswith("GB"):
            reason += _not_gbk_hint(grids[0])
        return FileResult(label, unreadable=Problem.for_file(label, "；".join([reason, *notes])))
    # Sheets without a header beside recognised ones are notes, not failures,
    # but never silent: a second ledger with a broken header would vanish.
    notes += [f"工作表「{r.sheet}」（{g.frame.height} 行）未导入：{r.problems[0].reason}"
              for g, r in zip(grids, results) if r.ledger is None]
    recognised[0].notes.extend(notes)
    return FileResult(label, recognised)


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


def key_frame(frame, lg: Ledger):
    """The key of every row of a frame (with stand-in columns where a key column is empty)."""
    return conform(frame, lg).select(_key_exprs(lg))


def _key_exprs(lg: Ledger):
    """The key as polars expressions: a column, or where it is empty the one that stands in for it."""
    import polars as pl

    fallback = dict(lg.key_fallback)
    return [(pl.coalesce(pl.col(k), pl.lit("\x00") + pl.col(fallback[k])) if k in fallback else pl.col(k)).alias(
        f"__key_{k}") for k in lg.key]


def reconcile(report: Report, ranks: dict[str, int] | None = None) -> None:
    """Records that several rows hold (the same key): an identical one is counted once and
    skipped; a conflicting one is rejected and reported beside the row kept.

    ``ranks`` gives each export's precedence, by its sheets' ``source`` (higher
    wins; the library: the export added later); the row kept is that of the
    export ranked highest, then the first one in it. Without ranks the first
    file read wins. Exports are told apart by ``source``, never by file name:
    a re-export often has the very name of the export it corrects.
    """
    import polars as pl

    order = sorted(range(len(report.sheets)), key=lambda i: -(ranks or {}).get(report.sheets[i].source, 0))
    by_ledger: dict[str, list[SheetResult]] = {}
    for s in (report.sheets[i] for i in order):
        if s.frame is not None and s.frame.height:
            by_ledger.setdefault(s.ledger.table, []).append(s)
    for table, sheets in by_ledger.items():
        lg = sheets[0].ledger
        frames = [conform(s.frame, lg).with_columns(pl.lit(i, dtype=pl.Int32).alias("__sheet"))
                  for i, s in enumerate(sheets)]
        allf = pl.concat(frames, how="vertical").with_columns(_key_exprs(lg)).with_row_index("__pos")
        key = [f"__key_{k}" for k in lg.key]
        dup = allf.filter(pl.struct(key).is_duplicated())
        if dup.height == 0:
            continue
        # Each later row of a key against the first one (the keeper), in columns:
        # no Python loop over rows except for conflicts, which are reported one by one.
        content = [*lg.column_names, EXTRA]
        first = pl.col("__pos") == pl.col("__pos").min().over(key)
        keepers = dup.filter(first).select(*key, *(pl.col(c).alias(f"__k_{c}") for c in content),
                                           pl.col("source_file").alias("__k_file"),
                                           pl.col("source_row").alias("__k_row"),
                                           pl.col("__sheet").alias("__k_sheet"))
        later = dup.filter(~first).join(keepers, on=key, how="left", nulls_equal=True).sort("__pos")
        differs = {c: ~pl.col(c).eq_missing(pl.col(f"__k_{c}")) for c in content}
        later = later.with_columns(__same=~pl.any_horizontal(list(differs.values())))
        for (idx,), rows in later.group_by("__sheet", maintain_order=True):
            _drop_repeats(report, sheets[idx], lg, rows, list(differs.items()), sheets)


def _drop_repeats(report: Report, s: SheetResult, lg: Ledger, rows, differs, sheets: list[SheetResult]) -> None:
    """Rows of one sheet whose key a row of higher precedence holds: skipped or rejected."""
    import polars as pl

    s.loaded -= rows.height
    s.frame = s.frame.filter(~pl.col("source_row").is_in(rows["source_row"].implode()))
    same = rows.filter(pl.col("__same"))
    if same.height:
        s.skipped["重复记录（与已导入的相同）"] += same.height
        report.duplicates[lg.table] += same.height
        # Dropped duplicates are counted in the summary; say once per sheet where they are.
        r0 = same.row(0, named=True)
        place = f"{s.how} " if s.sheet else ""
        s.notes.append(f"{place}{same.height} 行与已导入的记录完全相同，已跳过"
                       f"（如第{r0['source_row']}行，同 {r0['__k_file']} 第{r0['__k_row']}行）")
    diff = rows.filter(~pl.col("__same"))
    if not diff.height:
        return
    flags = diff.select(**{c: e for c, e in differs})
    for row, flag in zip(diff.iter_rows(named=True), flags.iter_rows()):
        key_text = _key_text(lg, row)
        where = f"{row['__k_file']} 第{row['__k_row']}行"
        if row["__k_file"] == s.file and sheets[row["__k_sheet"]].source != s.source:
            where = "另一份同名导出 " + where  # a re-export keeps its name: say it is not this file
        changes = "；".join(f"{_label_of(lg, c)}：本行「{_quoted(lg, c, row[c])}」，"
                           f"采用「{_quoted(lg, c, row['__k_' + c])}」"
                           for (c, _), f in zip(differs, flag) if f)
        p = Problem(s.file, s.sheet, row["source_row"], lg.column(lg.key[0]).label,
                    _quoted(lg, lg.key[0], row[lg.key[0]]),
                    f"{key_text} 与 {where} 是同一条记录但内容不同（{changes}）：采用 {where} 的值")
        s.rejected += 1
        s.problems.append(p)
        report.conflicts.append(p)
        report.conflict_keepers.append((p, sheets[row["__k_sheet"]].source, s.source))


def _key_text(lg: Ledger, row: dict) -> str:
    """案号=新环罚〔2024〕1号, or for a key column left empty the column standing in for it."""
    fallback = dict(lg.key_fallback)
    parts = []
    for k in lg.key:
        name = k if row[k] is not None or k not in fallback else fallback[k]
        parts.append(f"{lg.column(name).label}={_quoted(lg, name, row[name])}")
    return "、".join(parts)


def _label_of(lg: Ledger, column: str) -> str:
    return lg.column(column).label if column in lg.column_names else "其他列"


def _quoted(lg: Ledger, column: str, value: object) -> str:
    """A cell quoted in a report: a PII column's cell masked whole, by the column rule (mask_report
    only sees the message's text, where a name it knows can be part of a longer one)."""
    if value is not None and column in lg.column_names and lg.column(column).pii:
        return _shown(mask_cell(str(value)))
    return _shown(value)


def _shown(value: object) -> str:
    if value is None:
        return "（空）"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def conform(frame, lg: Ledger):
    """A frame with every declared column, in declaration order, typed as declared, then provenance
    and the extra columns (and any helper columns, named ``__…``)."""
    import polars as pl

    cols = []
    for c in (*lg.columns, *PROVENANCE):
        dt = c.type.polars() if c.name != "source_row" else pl.Int32
        cols.append(pl.col(c.name).cast(dt) if c.name in frame.columns else pl.lit(None, dtype=dt).alias(c.name))
    cols.append(pl.col(EXTRA).cast(pl.String) if EXTRA in frame.columns else pl.lit(None, dtype=pl.String).alias(EXTRA))
    helpers = [pl.col(c) for c in frame.columns if c.startswith("__")]
    return frame.select(cols + helpers)


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def label_for(path: Path, roots: list[Path]) -> str:
    """A file's name as the summary shows it: its path below the folder given, readable."""
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
