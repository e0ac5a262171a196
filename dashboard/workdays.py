"""Working days: the State Council's holiday and 调休 calendar, with the bureau's own additions.

A statutory clock counted in working days (a decision published within 7
working days) skips public holidays and counts the weekend days that are
worked instead (调休). The official arrangement comes from the maintained
``chinesecalendar`` package (it knows each year's 调休 Saturdays and says which
years it covers); ``dash.toml`` can add a year the package does not know yet or
correct a day::

    [calendar.2027]
    holidays = [2027-01-01, 2027-02-08]   # days off on a weekday
    workdays = [2027-02-07]               # weekend days worked (调休)

A year known to neither falls back to Monday–Friday, and :func:`fallback_note`
says so wherever such a clock is shown.

SQL gets the calendar as two list parameters bound at query time
(``$holidays``, ``$adjusted_workdays``): the store stays read-only, a change to
dash.toml applies at once without a re-ingest, and a new package release
needs no store rebuild. A day ``d`` is a working day in SQL when::

    list_contains($adjusted_workdays, d) OR (isodow(d) <= 5 AND NOT list_contains($holidays, d))
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from .output import year_span

# The named-query parameters that carry the calendar.
CALENDAR_PARAMS = ("holidays", "adjusted_workdays")


class YearArrangement(Protocol):
    """One year's additions from dash.toml (``config.CalendarYear``)."""

    holidays: tuple[date, ...]
    workdays: tuple[date, ...]


class DateList(list):
    """A list of dates bound as a SQL list parameter, shown by what it is rather than day by day
    (``--explain`` and ``dash query`` print a query's parameters)."""

    def __init__(self, days: Iterable[date], name: str) -> None:
        super().__init__(sorted(days))
        self.name = name

    def __str__(self) -> str:
        return f"{self.name}（{len(self)}天）"

    __repr__ = __str__


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are worked: Monday–Friday, less ``holidays``, plus ``adjusted_workdays``."""

    holidays: frozenset[date] = frozenset()  # days off that would otherwise be worked
    adjusted_workdays: frozenset[date] = frozenset()  # weekend days worked (调休)
    years: frozenset[int] = frozenset()  # years whose arrangement is known
    source: str = "周一至周五"

    def is_workday(self, day: date) -> bool:
        if day in self.adjusted_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself when ``n`` is 0)."""
        day = start
        while n > 0:
            day += timedelta(days=1)
            n -= self.is_workday(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: a decision of Friday published on Monday took 1."""
        return sum(self.is_workday(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))

    def missing(self, years: Iterable[int]) -> list[int]:
        """Those of ``years`` the calendar knows nothing about (counted Monday–Friday)."""
        return sorted({y for y in years if y not in self.years})

    def params(self) -> dict[str, DateList]:
        """The SQL list parameters: weekday holidays and worked weekend days."""
        off = (d for d in self.holidays if d.weekday() < 5)
        worked = (d for d in self.adjusted_workdays if d.weekday() >= 5)
        return {"holidays": DateList(off, f"{self.source}节假日"),
                "adjusted_workdays": DateList(worked, f"{self.source}调休上班日")}


@functools.cache
def official() -> WorkCalendar:
    """The State Council's arrangement for every year the installed ``chinesecalendar`` covers."""
    try:
        import chinese_calendar
    except ImportError:  # the dependency is declared; a broken install still counts Monday–Friday
        return WorkCalendar()
    holidays = frozenset(chinese_calendar.holidays)
    worked = frozenset(chinese_calendar.workdays)
    # The package lists every day it knows the status of; a year is covered when it lists holidays.
    years = frozenset(d.year for d in holidays)
    return WorkCalendar(holidays, worked, years, "国务院")


def build(extra: Mapping[str, YearArrangement] | None = None, base: WorkCalendar | None = None) -> WorkCalendar:
    """The official calendar with the bureau's ``[calendar.YEAR]`` tables laid over it.

    A day the bureau lists as a holiday is off even if the official calendar
    works it, and the other way round; a year with a table counts as known.
    """
    base = official() if base is None else base
    if not extra:
        return base
    off, worked = set(base.holidays), set(base.adjusted_workdays)
    for arrangement in extra.values():
        off.update(arrangement.holidays)
        off.difference_update(arrangement.workdays)
        worked.update(arrangement.workdays)
        worked.difference_update(arrangement.holidays)
    years = base.years | {int(y) for y in extra}
    return WorkCalendar(frozenset(off), frozenset(worked), frozenset(years), f"{base.source}+dash.toml")


def fallback_note(missing: Iterable[int]) -> str | None:
    """What a clock counted in working days must say when a year has no holiday calendar."""
    years = sorted(set(missing))
    if not years:
        return None
    first = years[0]
    return (f"{year_span(years)}年没有节假日安排数据，工作日按周一至周五计算"
            f"（可在 dash.toml 的 [calendar.{first}] 中补充 holidays / workdays）")


def uses_calendar(params: Iterable[str]) -> bool:
    return any(p in CALENDAR_PARAMS for p in params)


def years_touched(period: Any) -> list[int]:
    """The years a working-day clock of this period counts through: the year and that of its
    as-of day (decisions of earlier years still unpublished are far past any limit)."""
    return sorted({period.year, period.as_of.year})
