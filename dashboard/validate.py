"""Turning one sheet grid into loaded rows, skipped rows and rejected rows.

Every data row below the header ends in exactly one of loaded / skipped /
rejected; :class:`SheetResult` keeps the counts and the reasons.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from . import values
from .headers import (FOOTER_WORDS, SERIAL_HEADERS, TOTAL_WORDS, HeaderMatch, HeaderMatcher, normalise,
                      split_unit)
from .ledgers import BOOL, DATE, EXTRA, EXTRA_LABEL, TEXT, Column, Ledger
from .readers import HEADER_SCAN_ROWS

if TYPE_CHECKING:
    import polars as pl

    from .readers import Grid

EARLIEST = date(2000, 1, 1)
EXCEL_ERRORS = ("#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                "#GETTING_DATA", "#ERROR")
# Page footers printed into exports: 第1页 共3页, 共3页 第1页, 第 1/3 页.
_PAGE_FOOTER = r"^(?:第[0-9]+页|共[0-9]+页|第[0-9]+/[0-9]+页)"
# A lead cell that is only a total word (合计, 总计：, 小计（3件）) or a footer label with its colon
# (制表人：张三) marks a row that is not a record even when every required cell is filled: in a
# ledger with one required column (certificates: 姓名) the word itself fills it.
_TOTAL_LABEL = r"^\s*(?:" + "|".join(TOTAL_WORDS) + r")(?:\s*$|\s*[:：(（]|\s+\d)"
_FOOTER_LABEL = r"^\s*(?:" + "|".join(sorted({w.rstrip(":：") for w in FOOTER_WORDS})) + r")\s*[:：]"


@dataclass
class Problem:
    """One reported problem: a rejected cell, a skipped file, a note."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    reason: str

    @classmethod
    def for_file(cls, file: str, reason: str, sheet: str | None = None) -> Problem:
        """A problem with a whole file (or sheet), not with one of its cells."""
        return cls(file, sheet, None, None, None, reason)

    def line(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"工作表「{self.sheet}」")
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(f"列「{self.column}」")
        val = f" 值「{self.value}」" if self.value not in (None, "") else ""
        return " ".join(where) + f"{val}：{self.reason}"


@dataclass
class SheetResult:
    file: str
    sheet: str | None
    how: str
    ledger: Ledger | None = None
    header_row: int | None = None
    read: int = 0
    loaded: int = 0
    skipped: Counter = field(default_factory=Counter)
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    frame: pl.DataFrame | None = None  # loaded rows, canonical columns + provenance
    personal: list[str] = field(default_factory=list)  # PII cells of rejected rows, for masking the report
    # (Parquet file, rows) where these rows lie as read, in the table's shape (the library's cache):
    # while the frame still has those rows, the store is filled from the file itself.
    stored_at: tuple[str, int] | None = None
    # Which export these rows came from (the library's id): files of one name are still told apart.
    origin: str | None = None
    # The declared columns this sheet's header had (in declaration order): a column the export
    # lacks is not an empty one, and the figures that need it say so instead of counting zero.
    columns: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        """The identity of the export this sheet belongs to: its origin, else its file label."""
        return self.origin or self.file

    @property
    def missing_optional(self) -> list[str]:
        """The declared optional columns this sheet's header did not have."""
        if self.ledger is None:
            return []
        have = set(self.columns)
        return [c.name for c in self.ledger.columns if not c.required and c.name not in have]

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


def find_header(grid: Grid, matcher: HeaderMatcher, hint: Ledger | None) -> tuple[int, HeaderMatch] | None:
    """The grid row (0-based) that is the header, with its mapping."""
    best: tuple[int, HeaderMatch] | None = None
    for i, row in enumerate(grid.frame.head(HEADER_SCAN_ROWS).iter_rows()):
        m = matcher.best(list(row), hint)
        if m is None:
            continue
        if best is None or (not m.missing_required, m.score) > (not best[1].missing_required, best[1].score):
            best = (i, m)
    return best


def _two_row_header(grid: Grid, hdr: int, match: HeaderMatch, matcher: HeaderMatcher
                    ) -> tuple[Grid, HeaderMatch] | None:
    """A header over two rows: a group label merged across (处罚决定) above its columns
    (决定日期 | 罚款金额). When the row under the header names columns the header row does
    not, and holds nothing but column names, the two rows are read as one header, written
    into the lower row (so data rows keep their Excel row numbers). None otherwise."""
    import polars as pl

    if hdr + 1 >= grid.frame.height:
        return None
    top, sub = list(grid.frame.row(hdr)), list(grid.frame.row(hdr + 1))
    table = matcher.tables[match.ledger.table]
    known = set(match.columns.values())

    def named(cell: object) -> str | None:
        key = normalise(cell)
        return table.get(key) or table.get(split_unit(key)[0]) if key else None

    group, groups = None, []  # the group label over each column (merged across: the leftmost cell)
    for cell in top:
        group = cell if normalise(cell) else group
        groups.append(group)
    texts: dict[int, str] = {}  # sub-header as it names a column: 决定日期, or 处罚决定 + 日期
    for i, cell in enumerate(sub):
        if not normalise(cell):
            continue
        for text in (str(cell), f"{groups[i] or ''}{cell}"):
            if named(text) not in (None, *known):
                texts[i] = text
                break
        else:
            if named(cell) is None and normalise(cell) != normalise(top[i]):
                return None  # a data row has values that name no column
    if not texts:
        return None
    combined = [texts.get(i, top[i]) for i in range(len(top))]
    better = matcher.match(combined, match.ledger)
    if better.score <= match.score:
        return None
    row = pl.DataFrame([combined], schema=grid.frame.schema, orient="row")
    frame = pl.concat([grid.frame.slice(0, hdr + 1), row, grid.frame.slice(hdr + 2)])
    return dataclasses.replace(grid, frame=frame), better


def _starts(expr: pl.Expr, words: tuple[str, ...]) -> pl.Expr:
    """Whether the text starts with any of the (normalised) words: one regex."""
    return expr.str.contains("^(?:" + "|".join(re.escape(normalise(w)) for w in words) + ")").fill_null(False)


@dataclass
class SheetContext:
    """One sheet being validated: where its header is, how it maps, and what was found so far."""

    grid: Grid
    file: str
    hdr: int  # grid row of the header
    match: HeaderMatch
    frame: pl.DataFrame  # the rows below the header
    first: int  # sheet row number of frame row 0
    skip_mask: pl.Series | None = None  # rows skipped as not records (blank, 合计, 表尾 …)
    bad: dict[int, list[Problem]] = field(default_factory=dict)  # frame row -> its problems

    @property
    def ledger(self) -> Ledger:
        return self.match.ledger

    def header_text(self, index: int) -> str:
        return _header_text(self.grid.frame.row(self.hdr)[index])

    def reject(self, i: int, column: str | None, value: object, reason: str) -> None:
        self.bad.setdefault(i, []).append(Problem(self.file, self.grid.sheet, self.first + i, column,
                                                  _cell(value), reason))


def validate_grid(grid: Grid, file_label: str, matcher: HeaderMatcher, hint: Ledger | None,
                  today: date) -> SheetResult:
    """Validate one grid; the result holds the loaded frame and every problem."""
    res = SheetResult(file_label, grid.sheet, grid.where)
    found = find_header(grid, matcher, hint)
    if found is None:
        res.problems.append(Problem.for_file(file_label, "找不到可识别的表头（前 60 行中没有与任何台账对应的列名）",
                                             grid.sheet))
        return res
    ctx = _context(grid, file_label, found, matcher, res)
    n = res.read = ctx.frame.height
    if n == 0:
        res.notes.append("只有表头，没有数据行")
        return res
    if ctx.match.missing_required:
        reason = "缺少必填列：" + "、".join(ctx.match.missing_required) + f"；本表 {n} 行均未导入"
        res.problems.append(Problem.for_file(file_label, reason, grid.sheet))
        res.rejected = n
        return res
    kinds = _classify(ctx.frame, grid, ctx.hdr, ctx.match, ctx.ledger)
    ctx.skip_mask = kinds.is_not_null()
    for reason, count in kinds.drop_nulls().value_counts().iter_rows():
        res.skipped[reason] = count
    out = _parse_columns(ctx, res.notes)
    res.notes.extend(suggest_aliases(ctx))
    extra = _extra_column(ctx)
    if extra is not None:
        out = out.with_columns(extra)
    _check_rules(ctx, out, today)
    if grid.delimited:
        _ragged_rows(ctx)
    _finish(ctx, out, res)
    return res


def _context(grid: Grid, file_label: str, found: tuple[int, HeaderMatch], matcher: HeaderMatcher,
             res: SheetResult) -> SheetContext:
    """Where the data starts, with the notes the user hears about the header."""
    hdr, match = found
    two = _two_row_header(grid, hdr, match, matcher)
    if two is not None:
        grid, match = two
        hdr += 1
        res.notes.append(f"表头占两行（第{grid.first_row + hdr - 1}、{grid.first_row + hdr}行），已按下层列名合并")
    lg = match.ledger
    res.ledger, res.header_row = lg, grid.first_row + hdr
    res.columns = [c.name for c in lg.columns if c.name in set(match.columns.values())]
    for col, names in match.clashes.items():
        res.notes.append(f"多列对应同一字段「{lg.column(col).label}」：{'、'.join(names)}；使用「{names[0]}」")
    if match.unknown:
        names = list(match.unknown.values())
        more = f" 等共 {len(names)} 列" if len(names) > 20 else ""
        res.notes.append(f"未识别的列（原样保存在「{EXTRA_LABEL}」{EXTRA} 中，可用 {EXTRA}->>'列名' 查询）："
                         + "、".join(names[:20]) + more)
    filled = [ref for ref, _, last in grid.merged if last > res.header_row]
    if filled:
        more = f" 等共 {len(filled)} 处" if len(filled) > 10 else ""
        res.notes.append("合并单元格的值已填入所合并的每一行：" + "、".join(filled[:10]) + more)
    return SheetContext(grid, file_label, hdr, match, grid.frame.slice(hdr + 1), grid.first_row + hdr + 1)


def _flag_column(col: Column, header_text: str) -> bool:
    """Whether a date column's header is that of a 是/否 column standing for the date."""
    return normalise(header_text) in {normalise(h) for h in col.flag_headers}


def _parse_columns(ctx: SheetContext, notes: list[str]) -> pl.DataFrame:
    """Every mapped column parsed to its type; bad cells are recorded as the row's problems."""
    import polars as pl

    lg, skip_mask = ctx.ledger, ctx.skip_mask
    parsed: dict[str, pl.Series] = {}
    flagged: tuple[Column, pl.Series] | None = None
    for idx, name in ctx.match.columns.items():
        col = lg.column(name)
        raw = ctx.frame.get_column(ctx.frame.columns[idx])
        header_text = ctx.header_text(idx)
        as_flag = col.type is DATE and _flag_column(col, header_text)
        kind = BOOL if as_flag else col.type
        series, errors = values.parse_column(raw, kind.value, ctx.match.scales.get(name, Decimal(1)))
        _not_data(raw, errors)
        if col.choices:
            series = _unify(series, col, header_text, skip_mask, notes)
        if name in lg.key_columns and col.type is TEXT:
            series = _fold_key(series, header_text, notes)
        if as_flag:
            notes.append(f"「{header_text}」为是/否列：审核日期取决定日期")
            flagged = (col, series)
        else:
            parsed[name] = series.alias(name)
        for i, reason in errors.items():
            if str(raw[i]).strip().startswith(EXCEL_ERRORS):
                reason = f"Excel 公式错误值 {str(raw[i]).strip()}：请在源表中修正公式后重新导出"
            if not skip_mask[i]:
                ctx.reject(i, header_text, raw[i], reason)
    out = pl.DataFrame(list(parsed.values()))
    if flagged is not None:
        col, flag = flagged
        # A 是 row is dated by the first of the columns the declaration names that it has.
        dates = [pl.col(c) for c in col.flag_date_from if c in out.columns]
        when = pl.coalesce(dates) if dates else pl.lit(None, dtype=pl.Date)
        out = out.with_columns(pl.when(pl.lit(flag)).then(when).otherwise(None).alias(col.name))
    return out


def _finish(ctx: SheetContext, out: pl.DataFrame, res: SheetResult) -> None:
    """Rows rejected and skipped left out; the loaded frame with its provenance."""
    import polars as pl

    n = ctx.frame.height
    rejected = sorted(ctx.bad)
    res.rejected = len(rejected)
    for i in rejected:
        res.problems.extend(ctx.bad[i])
    # The PII cells of rejected rows: not loaded, but their values must still be masked in the report.
    res.personal = [str(v) for idx, name in ctx.match.columns.items() if ctx.ledger.column(name).pii
                    for v in ctx.frame.get_column(ctx.frame.columns[idx]).gather(rejected).to_list() if v
                    ] if rejected else []
    keep = ~ctx.skip_mask
    if rejected:
        keep = keep & ~pl.Series(range(n)).is_in(rejected)
    out = out.with_columns(
        pl.lit(ctx.file).alias("source_file"),
        (pl.int_range(0, n, dtype=pl.Int32) + ctx.first).alias("source_row"),
    ).filter(keep)
    res.loaded = out.height
    res.frame = out


def _lead_column(match: HeaderMatch, lg: Ledger) -> int:
    """The sheet column that names a record: the first key column present, else the first required one
    (a roster without certificate numbers is keyed by name)."""
    index = {name: i for i, name in match.columns.items()}
    for name in (*lg.key, *(c.name for c in lg.required)):
        if name in index:
            return index[name]
    return min(index.values())


def _classify(frame: pl.DataFrame, grid: Grid, hdr: int, match: HeaderMatch, lg: Ledger) -> pl.Series:
    """Per row: why it is skipped (空行, 合计行, 表尾行, 重复的表头行), or null for a data row.

    Blank, total and footer rows all leave a required cell empty, and a repeated
    header repeats the key column's header; only those candidate rows (few) get
    the full look, so a million data rows cost two cheap column scans.
    """
    import polars as pl

    cols = frame.columns
    n = frame.height
    key_idx = _lead_column(match, lg)
    req_idx = [i for i, name in match.columns.items() if lg.column(name).required]
    has_text = {i: pl.col(cols[i]).str.contains(r"\S").fill_null(False) for i in req_idx}
    key_norm = pl.col(cols[key_idx]).str.replace_all(r"\s+", "")
    repeated = (key_norm == normalise(grid.frame.row(hdr)[key_idx])).fill_null(False)
    req_empty = pl.any_horizontal([~has_text[i] for i in req_idx]) if req_idx else pl.lit(True)
    # Totals and footers are written where a record's name goes: the first column, the key, a required column.
    lead = sorted({0, key_idx, *req_idx})

    def labelled(pattern: str) -> pl.Expr:
        return pl.any_horizontal([pl.col(cols[i]).str.contains(pattern).fill_null(False) for i in lead])

    pre = frame.select(req_empty.alias("req_empty"), repeated.alias("repeated"),
                       labelled(_TOTAL_LABEL).alias("total_label"), labelled(_FOOTER_LABEL).alias("footer_label"))
    cand = (pre["req_empty"] | pre["repeated"] | pre["total_label"] | pre["footer_label"]).arg_true()
    kinds = pl.Series("k", [None] * n, dtype=pl.String)
    if not len(cand):
        return kinds
    sub = frame.gather(cand)
    # Only the leading columns and the mapped ones are looked at cell by cell:
    # totals and footers start at the left, and a frame may be 20,000 columns wide.
    looked = sorted(set(range(min(8, len(cols)))) | set(match.columns))
    norm = {i: pl.col(cols[i]).str.replace_all(r"\s+", "") for i in looked}
    nonempty = {i: pl.col(cols[i]).is_not_null() & (norm[i] != "") for i in looked}
    first_cell = pl.coalesce([pl.when(nonempty[i]).then(norm[i]) for i in looked[:8]])
    # A row that holds only a pre-filled 序号 is blank too (templates numbered to 100).
    header = grid.frame.row(hdr)
    serial = [c for i, c in enumerate(cols) if normalise(header[i]) in SERIAL_HEADERS]
    content = [c for c in cols if c not in serial] or cols
    blank = pl.concat_str([pl.col(c) for c in content], separator="", ignore_nulls=True).str.strip_chars() == ""
    for c in serial if content is not cols else ():
        blank = blank & pl.col(c).str.contains(r"^\s*\d*(\.0)?\s*$").fill_null(True)
    # Two steps: the first cell is computed once, then matched (polars would
    # otherwise evaluate the coalesce again for every word).
    facts = sub.select(first_cell.alias("first"), blank.alias("blank")).with_columns(
        pre[c].gather(cand).alias(c) for c in ("req_empty", "repeated", "total_label", "footer_label"))
    first_col = pl.col("first")
    kind = (
        pl.when(pl.col("blank")).then(pl.lit("空行"))
        .when((_starts(first_col, TOTAL_WORDS) & pl.col("req_empty")) | pl.col("total_label"))
        .then(pl.lit("合计行"))
        .when(((_starts(first_col, FOOTER_WORDS) | first_col.str.contains(_PAGE_FOOTER).fill_null(False))
               & pl.col("req_empty")) | pl.col("footer_label")).then(pl.lit("表尾行"))
        .when(pl.col("repeated")).then(pl.lit("重复的表头行"))
        .otherwise(pl.lit(None))
    )
    return kinds.scatter(cand, facts.select(kind.alias("k"))["k"])


def _not_data(raw: pl.Series, errors: dict[int, str]) -> None:
    """Excel error values and formulas without a saved result, in a column of any type.

    A ``#REF!`` must not load as a party's name, nor ``=B2`` as a summary. The
    reader turns formulas that were never calculated into ``=formula``.
    """
    candidates = raw.str.contains(r"^\s*[=#]").fill_null(False)
    if not candidates.any():
        return
    for i in candidates.arg_true().to_list():
        text = raw[i].strip()
        if text in EXCEL_ERRORS:
            errors.setdefault(i, text)  # the caller words the reason
        elif text.startswith("=") and len(text) > 1:
            errors[i] = ("单元格是公式而不是值（文件未经 Excel 计算保存，或 CSV 中写入了公式）："
                         "请在 Excel 中打开并保存后重新导出")


def _check_rules(ctx: SheetContext, out: pl.DataFrame, today: date) -> None:
    """Required values, non-negative numbers, plausible dates, dates in the declared order."""
    lg = ctx.ledger
    index_of = {name: i for i, name in ctx.match.columns.items()}

    def flag(mask: pl.Series, name: str, reason_for) -> None:
        i_col = index_of.get(name)
        header = ctx.header_text(i_col) if i_col is not None else None
        raw = ctx.frame.get_column(ctx.frame.columns[i_col]) if i_col is not None else None
        for i in mask.arg_true().to_list():
            if ctx.skip_mask[i] or any(p.column == header for p in ctx.bad.get(i, [])):
                continue
            ctx.reject(i, header, raw[i] if raw is not None else None, reason_for(i))

    for col in lg.columns:
        if col.name not in out.columns:
            continue
        s = out.get_column(col.name)
        if col.required and col.name in index_of:
            raw = ctx.frame.get_column(ctx.frame.columns[index_of[col.name]])
            empty = s.is_null() & (raw.is_null() | (raw.str.strip_chars() == ""))
            flag(empty, col.name, lambda i: "必填项为空")
        if col.non_negative:
            flag(s.is_not_null() & (s < 0), col.name, lambda i: "不能为负数")
        if col.type is DATE:
            flag(s.is_not_null() & (s < EARLIEST), col.name, lambda i: "日期早于 2000 年，不可信")
            if not col.future_ok:
                flag(s.is_not_null() & (s > today), col.name, lambda i: f"日期晚于今天（{today.isoformat()}）")
    for early, late in lg.order:
        if early in out.columns and late in out.columns:
            a, b = out.get_column(early), out.get_column(late)
            mask = a.is_not_null() & b.is_not_null() & (b < a)
            label_a = lg.column(early).label
            flag(mask, late, lambda i, a=a, la=label_a: f"早于{la}（{a[i].isoformat()}）")


def _unify(series, col, header_text: str, skip_mask, notes: list[str]):
    """Write each value the way the queries count it; say what was changed and what is unknown."""
    series, mapping, unknown = values.unify_choices(series.set(skip_mask, None) if skip_mask.any() else series,
                                                    col.choices)
    if mapping:
        shown = "、".join(f"{a}→{b}" for a, b in list(mapping.items())[:6])
        notes.append(f"「{header_text}」的写法已统一：{shown}" + (" 等" if len(mapping) > 6 else ""))
    if unknown:
        known = "、".join(c for c, _ in col.choices)
        shown = "、".join(f"{v}（{n}行）" for v, n in list(unknown.items())[:6])
        notes.append(f"「{header_text}」有约定之外的取值：{shown}" + (" 等" if len(unknown) > 6 else "")
                     + f"；已原样导入，按{known}统计的数字不计入这些行")
    return series


def _fold_key(series, header_text: str, notes: list[str]):
    """A record's key written one way: full-width digits and letters folded, spaces removed,
    so 新环罚〔2024〕２号 and 新环罚〔2024〕 2号 are the same case as 新环罚〔2024〕2号.
    Brackets are kept as written (〔〕 and （） are part of how a 文号 is printed)."""
    folded = values.fold_width_column(series).str.replace_all(r"\s+", "")
    changed = int((folded != series).fill_null(False).sum())
    if changed:
        notes.append(f"「{header_text}」{changed} 行的全角数字字母或空格已统一，以便识别同一条记录")
    return folded


def _ragged_rows(ctx: SheetContext) -> None:
    """CSV rows with more fields than the header: an unquoted comma (5,800.00) has shifted
    every cell after it, so the row is rejected rather than loaded with wrong values."""
    import polars as pl

    frame, header = ctx.frame, ctx.grid.frame.row(ctx.hdr)
    last = max((i for i, v in enumerate(header) if v is not None and str(v).strip()), default=-1)
    beyond = frame.columns[last + 1:]
    if not beyond:
        return
    extra = pl.any_horizontal([pl.col(c).str.contains(r"\S").fill_null(False) for c in beyond])
    for i in frame.select(extra.alias("x"))["x"].arg_true().to_list():
        if ctx.skip_mask[i]:
            continue
        fields = [v for v in frame.row(i) if v is not None]
        over = [str(v) for v in frame.row(i)[last + 1:] if v is not None and str(v).strip()]
        ctx.reject(i, None, ",".join(over),
                   f"该行比表头多出字段（表头 {last + 1} 列，该行至少 {max(len(fields), last + 2)} 个字段），"
                   "多半是数字或文字中有未加引号的逗号，各列已错位：整行未导入，请在源表中修正后重新导出")


def _extra_column(ctx: SheetContext) -> pl.Series | None:
    """The columns the contract does not know, per row as JSON {原列名: 值}: nothing is dropped.

    Headerless columns that hold data are kept too, named by their place. A row
    with none of them filled gets NULL rather than an object of nulls.
    """
    import polars as pl

    header = ctx.grid.frame.row(ctx.hdr)
    last = max((i for i, v in enumerate(header) if v is not None and str(v).strip()), default=-1)
    names: dict[str, str] = {}
    for i, col in enumerate(ctx.frame.columns):
        if i in ctx.match.columns:
            continue
        if i in ctx.match.unknown:
            names[col] = ctx.match.unknown[i]
        elif (header[i] is None or not str(header[i]).strip()) and (not ctx.grid.delimited or i <= last):
            if ctx.frame.get_column(col).str.contains(r"\S").any():
                names[col] = f"（无表头）第{i + 1}列"
    if not names:
        return None
    seen: dict[str, int] = {}
    shown: dict[str, str] = {}
    for col, name in names.items():
        seen[name] = seen.get(name, 0) + 1
        shown[col] = name if seen[name] == 1 else f"{name}（{seen[name]}）"
    if len(shown) <= WIDE_EXTRA:
        fields = [pl.when(pl.col(c).str.strip_chars() != "").then(pl.col(c).str.strip_chars()).alias(n)
                  for c, n in shown.items()]
        blank = pl.all_horizontal([f.is_null() for f in fields])
        encoded = pl.when(~blank).then(pl.struct(fields).struct.json_encode())
        return ctx.frame.select(encoded.alias(EXTRA)).to_series()
    return _extra_long(ctx.frame, shown)


# Beyond this many extra columns, one expression per column costs more than going through long form.
WIDE_EXTRA = 64


def _extra_long(frame: pl.DataFrame, shown: dict[str, str]) -> pl.Series:
    """The extra JSON of a very wide sheet: unpivoted, the filled cells encoded, gathered per row."""
    import polars as pl

    def quoted(expr: pl.Expr) -> pl.Expr:  # a JSON string literal of a text, escapes and all
        return pl.struct(expr.alias("s")).struct.json_encode().str.slice(5).str.strip_suffix("}")

    long = (frame.select([pl.col(c).alias(n) for c, n in shown.items()]).with_row_index("__r")
            .unpivot(index="__r", variable_name="k", value_name="v")
            .with_columns(pl.col("v").str.strip_chars())
            .filter(pl.col("v").is_not_null() & (pl.col("v") != "")))
    pairs = long.select("__r", (quoted(pl.col("k")) + ":" + quoted(pl.col("v"))).alias("kv"))
    rows = pairs.group_by("__r", maintain_order=True).agg(
        (pl.lit("{") + pl.col("kv").str.join(",") + pl.lit("}")).alias(EXTRA))
    index = pl.DataFrame({"__r": pl.int_range(0, frame.height, dtype=pl.UInt32, eager=True)})
    return index.join(rows, on="__r", how="left").sort("__r").get_column(EXTRA)


# Near-miss headers are looked for among this many unknown ones: a sheet of 20,000 stray
# columns is not a spelling question.
SUGGEST_LIMIT = 200


def suggest_aliases(ctx: SheetContext) -> list[str]:
    """Notes for unknown headers that are probably a known column spelled another way.

    Never mapped silently: the note names the likely column and the dash.toml line
    that maps it. A header counts as close when it shares most of its characters
    with a name of a column this sheet does not fill; for a dated, money or number
    column the values must also read as that type.
    """
    lg = ctx.ledger
    taken = set(ctx.match.columns.values())
    candidates = [(col, [normalise(n) for n in (col.label, *col.aliases)]) for col in lg.columns
                  if col.name not in taken]
    alphabet = {ch for _, names in candidates for n in names for ch in n}
    columns = ctx.frame.columns
    notes: list[str] = []
    for i, text in list(ctx.match.unknown.items())[:SUGGEST_LIMIT]:
        key = normalise(text)
        if len(key) < 2 or not alphabet & set(key):
            continue
        col = _closest(key, candidates, ctx.frame.get_column(columns[i]))
        if col is not None:
            notes.append(f"「{text}」可能就是「{col.label}」：若是，在 dash.toml 中写 [aliases.{lg.table}] "
                         f'{col.name} = ["{text}"] 后重新导入')
    return notes


def _shared(a: str, b: str) -> float:
    """Characters two names share, as a share of the longer one."""
    common = Counter(a) & Counter(b)
    return sum(common.values()) / max(len(a), len(b))


def _closest(key: str, candidates: list[tuple[Column, list[str]]], raw: pl.Series) -> Column | None:
    """The column whose names ``key`` (a normalised header) comes closest to, if close enough."""
    best: tuple[float, Column] | None = None
    sample: list | None = None
    for col, names in candidates:
        score = max(_shared(key, n) for n in names if n)
        if col.type is TEXT or col.type is BOOL:
            if score < 0.67:
                continue
        elif score < 0.5:
            continue
        else:
            if sample is None:
                sample = [v for v in raw.drop_nulls().head(200).to_list() if str(v).strip()]
            if not sample or sum(not isinstance(col.type.parse(v), values.Bad) for v in sample) < 0.8 * len(sample):
                continue
        if best is None or score > best[0]:
            best = (score, col)
    return best[1] if best else None


def _header_text(v: object) -> str:
    """A header cell as the user would name it: line breaks and runs of spaces folded."""
    return " ".join(str(v).split())


def _cell(v: object) -> str | None:
    if v is None:
        return None
    s = str(v)
    return s if len(s) <= 60 else s[:57] + "…"
