"""Year-on-year change (同比) as the brief and the dashboard write it: +3起（+14%）.

A previous year with no rows in the figure's ledger has no figure to compare
with: it is 无上年数据, never "last year 0". A ledger that was never imported is
未导入 (see :meth:`Figures.imported`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import queries
from .figures import figure_text
from .ledgers import BY_TABLE, INT

if TYPE_CHECKING:
    from .clock import Period
    from .figures import Figures

NO_PREVIOUS = "无上年数据"
NONE_YET = "本年尚无记录"  # a year (still running) with no rows in the figure's ledgers: never -100%
NOT_IMPORTED = "未导入"
UNCHANGED = "持平"


def change_text(value: Any, prev: Any, unit: str = "") -> str:
    """The change from ``prev`` to ``value``: +3起（+14%）, -2.5个百分点 for a rate, 持平.

    A percentage is added for counts and amounts when last year was not zero.
    """
    if not _number(value) or not _number(prev):
        return "—"
    diff = Decimal(str(value)) - Decimal(str(prev))
    if diff == 0:
        return UNCHANGED
    sign = "+" if diff > 0 else "-"
    if unit == "%":
        return f"{sign}{figure_text(abs(diff), '')}个百分点"
    text = f"{sign}{figure_text(abs(diff), unit)}"
    if prev and unit != "天":
        pct = abs(diff) / abs(Decimal(str(prev))) * 100
        text += f"（{sign}{_percent(pct)}%）"
    return text


def _percent(pct: Decimal) -> str:
    """Whole percents, one decimal below 1% (a +0.4% is not +0%)."""
    return f"{pct.quantize(Decimal('0.1')).normalize():f}" if pct < 1 else f"{pct.quantize(Decimal('1')):f}"


def _number(v: Any) -> bool:
    return isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)


_TABLE_NAMES = re.compile(r"\b(" + "|".join(map(re.escape, BY_TABLE)) + r")\b")


def tables_of(name: str) -> tuple[str, ...]:
    """The ledgers a named query reads (from its SQL)."""
    return tuple(dict.fromkeys(_TABLE_NAMES.findall(queries.get(name).sql)))


def years_with_rows(figures: Figures) -> dict[str, set[int]]:
    """For each ledger with a year column, the years that have rows (one query)."""
    parts = []
    for table, lg in BY_TABLE.items():
        if lg.year_column is None:
            continue
        col = lg.year_column
        expr = col if lg.column(col).type is INT else f"year({col})"
        parts.append(f"SELECT DISTINCT '{table}' AS t, {expr} AS y FROM {table} WHERE {col} IS NOT NULL")
    out: dict[str, set[int]] = {t: set() for t in BY_TABLE}
    with figures.cursor() as cur:
        for t, y in cur.execute(" UNION ALL ".join(parts)).fetchall():
            out[t].add(int(y))
    return out


def has_previous_year(figures: Figures, name: str, period: Period,
                      data_years: dict[str, set[int]] | None = None) -> bool:
    """Whether the ledgers behind ``name`` hold rows of the year before ``period`` (else 无上年数据)."""
    tables = tables_of(name)
    data_years = years_with_rows(figures) if data_years is None else data_years
    prev_year = period.year - 1
    # A roster (certificates) has no year of its own: it counts for any year the store has work in.
    return any(prev_year in data_years[t] if BY_TABLE[t].year_column else prev_year in figures.years
               for t in tables) if tables else prev_year in figures.years


def has_year(figures: Figures, name: str, period: Period,
             data_years: dict[str, set[int]] | None = None) -> bool:
    """Whether the ledgers behind ``name`` hold rows of ``period``'s year (else 本年尚无记录)."""
    tables = tables_of(name)
    data_years = years_with_rows(figures) if data_years is None else data_years
    return any(period.year in data_years[t] if BY_TABLE[t].year_column else period.year in figures.years
               for t in tables) if tables else period.year in figures.years


def same_period_note(period: Period) -> str:
    """'同比为与上年同期（1月1日至11月29日）相比' for a year still running; '' for a whole year."""
    if not period.is_partial:
        return ""
    return f"同比为与上年同期（1月1日至{period.as_of.month}月{period.as_of.day}日）相比"


@dataclass(frozen=True)
class YearOnYear:
    """A figure this year and last, and the change in words."""

    name: str
    label: str
    unit: str
    value: Any
    prev: Any
    text: str  # this year's value: 21起, or 未导入
    change: str  # +3起（+14%）, 持平, 无上年数据, 未导入


def year_on_year(figures: Figures, name: str, period: Period,
                 data_years: dict[str, set[int]] | None = None) -> YearOnYear:
    """One figure with its change since the previous year (judged as of that year's 31 December, or
    for a year still running, the same period of last year: see :meth:`Period.previous`)."""
    q = queries.get(name)
    tables = tables_of(name)
    if tables and not any(figures.imported(t) for t in tables):
        return YearOnYear(name, q.label, q.unit, None, None, NOT_IMPORTED, NOT_IMPORTED)
    fig = figures.figure(name, period)
    if fig.missing:  # not a number: no change to speak of either
        return YearOnYear(name, q.label, q.unit, None, None, fig.text, fig.text)
    if not has_year(figures, name, period, data_years):
        return YearOnYear(name, q.label, q.unit, fig.value, None, figure_text(fig.value, q.unit), NONE_YET)
    if not has_previous_year(figures, name, period, data_years):
        return YearOnYear(name, q.label, q.unit, fig.value, None, figure_text(fig.value, q.unit), NO_PREVIOUS)
    prev = figures.figure(name, period.previous()).value
    return YearOnYear(name, q.label, q.unit, fig.value, prev, figure_text(fig.value, q.unit),
                      change_text(fig.value, prev, q.unit))
