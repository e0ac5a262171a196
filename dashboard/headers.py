"""Header normalisation and matching header rows to ledgers.

Real exports name the same column many ways (案号 / 案件编号, full-width
brackets, units, line breaks inside a cell). Everything here is derived from
the declarations in :mod:`dashboard.ledgers` plus extra aliases from config.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from .ledgers import LEDGERS, Ledger
from .values import MONEY_UNITS

# Whitespace, and the zero-width characters web systems leave inside header cells.
_SPACE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")
# A cell without a letter (CJK or Latin) cannot name a column: numbers and dates.
_WORDY = re.compile(r"[^\W\d_]")
_UNIT = re.compile(r"[(（\[【]([^()（）\[\]【】]*)[)）\]】]$")
_MARKS = "*＊※"
# Headers of numbering columns that carry no data.
SERIAL_HEADERS = {"序号", "编号序号", "no", "no.", "序"}

# Words that start rows which are not records.
TOTAL_WORDS = ("合计", "总计", "小计", "共计", "累计")
FOOTER_WORDS = ("制表人", "制表", "审核人", "填报人", "填报日期", "填报单位", "负责人", "单位负责人",
                "统计人", "复核人", "制表日期", "备注", "说明", "注：", "注:")


def normalise(text: object) -> str:
    """Canonical form of a header cell: NFKC, no whitespace, no marks, lower case."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = _SPACE.sub("", s)
    return s.strip(_MARKS).lower()


# 罚款金额/万元, 罚款金额-万元, 罚款金额,单位:万元 (normalised: NFKC, no spaces).
_SEP_UNIT = re.compile(r"[/\\|,，:;；_\-]((?:单位:?)?(?:人民币)?(?:亿元|百万元|万元|千元|元|万|亿))$")


def unit_scale(unit: str) -> Decimal | None:
    """``单位:万元`` / ``人民币万元`` / ``万`` → 10000; None for what is not a money unit."""
    u = unit.removeprefix("单位").lstrip(":").removeprefix("人民币").removeprefix("rmb").removesuffix("人民币")
    return MONEY_UNITS.get(u)


def bracket_unit(header: str) -> str | None:
    """The text of a trailing bracket (``罚款金额(美元)`` → ``美元``), or None."""
    m = _UNIT.search(header)
    return m.group(1) if m else None


def split_unit(header: str) -> tuple[str, Decimal | None]:
    """``罚款金额(万元)`` → (``罚款金额``, 10000). Takes a normalised header.

    Any trailing bracket is taken off the base (``立案日期(年月日)`` still names 立案日期);
    the scale is set only when the bracket or a separated suffix is a money unit.
    """
    m = _UNIT.search(header)
    if m:
        return header[: m.start()], unit_scale(m.group(1))
    m = _SEP_UNIT.search(header)
    if m:
        return header[: m.start()], unit_scale(m.group(1))
    if header.endswith("万元"):
        return header[:-2], Decimal(10000)
    return header, None


@dataclass(frozen=True)
class HeaderMatch:
    """How one header row maps onto a ledger."""

    ledger: Ledger
    # column index in the sheet -> canonical column name
    columns: dict[int, str]
    # canonical column -> scale (万元 columns)
    scales: dict[str, Decimal]
    # sheet column index -> header text, for columns that map to nothing
    unknown: dict[int, str]
    # canonical column -> every sheet header that claimed it (when > 1)
    clashes: dict[str, list[str]]

    @property
    def score(self) -> int:
        return len(self.columns)

    @property
    def missing_required(self) -> list[str]:
        have = set(self.columns.values())
        return [c.label for c in self.ledger.required if c.name not in have]


def alias_table(ledger: Ledger, extra: dict[str, list[str]] | None = None) -> dict[str, str]:
    """Normalised header → canonical column, for one ledger."""
    table: dict[str, str] = {}
    for col in ledger.columns:
        names = (col.name, col.label, *col.aliases, *((extra or {}).get(col.name, ())))
        for name in names:
            key = normalise(name)
            table.setdefault(key, col.name)
            base, _ = split_unit(key)
            table.setdefault(base, col.name)
    return table


class HeaderMatcher:
    """Matches header rows against every ledger; built once per ingest."""

    def __init__(self, extra_aliases: dict[str, dict[str, list[str]]] | None = None):
        extra_aliases = extra_aliases or {}
        self.tables = {lg.table: alias_table(lg, extra_aliases.get(lg.table)) for lg in LEDGERS}
        # normalised header -> {table: column}, to find in one pass which ledgers a row can fit
        self.index: dict[str, dict[str, str]] = {}
        for table, names in self.tables.items():
            for key, name in names.items():
                self.index.setdefault(key, {})[table] = name

    def _candidates(self, cells: list[object]) -> list[Ledger]:
        """Ledgers of which the row names at least two columns (cheap: one lookup per cell).

        Sheets can be 20,000 columns wide and every one of the first 60 rows is
        tried as the header, so the full :meth:`match` runs only for these.
        """
        hits: dict[str, set[str]] = {}
        for raw in cells:
            if raw is None:
                continue
            text = raw if isinstance(raw, str) else str(raw)
            if not _WORDY.search(text):
                continue
            key = normalise(text)
            base, _ = split_unit(key)
            found = dict(self.index.get(key, {}))
            for table, name in self.index.get(base, {}).items():
                found.setdefault(table, name)
            for table, name in found.items():
                hits.setdefault(table, set()).add(name)
        return [lg for lg in LEDGERS if len(hits.get(lg.table, ())) >= 2]

    def match(self, cells: list[object], ledger: Ledger) -> HeaderMatch:
        table = self.tables[ledger.table]
        columns: dict[int, str] = {}
        scales: dict[str, Decimal] = {}
        unknown: dict[int, str] = {}
        claimed: dict[str, list[str]] = {}
        for i, raw in enumerate(cells):
            key = normalise(raw)
            if not key:
                continue
            base, scale = split_unit(key)
            name = table.get(key) or table.get(base)
            if name is not None and table.get(key) is None and scale is None and bracket_unit(key) \
                    and ledger.column(name).money:
                name = None  # 罚款金额(美元): a unit dash cannot turn into yuan is not loaded as yuan
            if name is None:
                if key not in SERIAL_HEADERS:
                    unknown[i] = str(raw).strip()
                continue
            claimed.setdefault(name, []).append(str(raw).strip())
            if name in columns.values():
                # The first column that claims a field wins, unless this one is the field's
                # own label and the first only an alias (处罚决定书文号 before 案号).
                held = next(j for j, n in columns.items() if n == name)
                own = {normalise(ledger.column(name).label), normalise(name)}
                held_key = normalise(cells[held])
                if not own & {key, base} or own & {held_key, split_unit(held_key)[0]}:
                    continue
                del columns[held]
                scales.pop(name, None)
                claimed[name].insert(0, claimed[name].pop())  # the column used comes first
            columns[i] = name
            if scale is not None:
                scales[name] = scale
        clashes = {k: v for k, v in claimed.items() if len(v) > 1}
        return HeaderMatch(ledger, columns, scales, unknown, clashes)

    def best(self, cells: list[object], hint: Ledger | None = None) -> HeaderMatch | None:
        """The ledger this header row fits best, or None if it fits none.

        A row fits when it names at least two columns and every required one
        (a file-name hint lowers the bar to one missing required column so that
        the user hears "required column missing" rather than "unknown file").
        """
        best: HeaderMatch | None = None
        for lg in self._candidates(cells):
            m = self.match(cells, lg)
            if m.score < 2:
                continue
            rank = (len(m.missing_required) == 0, m.score + (2 if lg is hint else 0))
            if best is None or rank > (len(best.missing_required) == 0,
                                       best.score + (2 if best.ledger is hint else 0)):
                best = m
        if best is None:
            return None
        if best.missing_required and best.ledger is not hint and best.score < 3:
            return None
        return best


def ledger_from_name(file_name: str) -> Ledger | None:
    """The ledger a file's name points at (longest matching hint wins)."""
    name = normalise(file_name)
    found: tuple[int, Ledger] | None = None
    for lg in LEDGERS:
        for hint in (lg.label, *lg.file_hints):
            h = normalise(hint)
            if h and h in name and (found is None or len(h) > found[0]):
                found = (len(h), lg)
    return found[1] if found else None
