"""The one clock: what "today" is, and the period a year's figures are judged in.

"Today" is read once, at the edge (the CLI, the dashboard, a benchmark), from
``DASH_TODAY`` or the system date, and passed down as a :class:`Period`; nothing
below the edge asks the system for the date. That way the panels, the drafts
and ingest's "date in the future" check all agree on the same day, and tests
and demos can pin it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from .errors import DashError


class ClockError(DashError):
    """DASH_TODAY or --as-of is not a date."""


def today_from_env(env: Mapping[str, str] | None = None) -> date:
    """Today: ``DASH_TODAY`` (YYYY-MM-DD, for demos and deterministic tests) or the system date."""
    text = (os.environ if env is None else env).get("DASH_TODAY", "").strip()
    if text:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ClockError(f"DASH_TODAY 不是日期（应为 YYYY-MM-DD）：{text}") from None
    return date.today()


def now() -> datetime:
    """The wall-clock time, for timestamps of events (a store built, an export added)."""
    return datetime.now().replace(microsecond=0)


def parse_day(text: str, what: str = "--as-of") -> date:
    """A YYYY-MM-DD date typed by the user, or a one-line error naming the option."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ClockError(f"{what} 不是日期（应为 YYYY-MM-DD）：{text}") from None


@dataclass(frozen=True)
class Period:
    """A year of work, the day it is judged at, and today.

    Past years are judged as of 31 December; the current year as of today. An
    explicit ``as_of`` (``--as-of``) overrides that.
    """

    year: int
    as_of: date
    today: date

    @classmethod
    def of(cls, year: int, today: date, as_of: date | None = None) -> Period:
        end = date(year, 12, 31)
        return cls(year, as_of or (end if end < today else today), today)

    def previous(self) -> Period:
        """The year before, judged the same way: as of its 31 December when this year is judged
        at its end; for a year still running, as of the same day a year earlier (上年同期), so
        eleven months are never compared with twelve."""
        if self.as_of >= self.year_end:
            return Period.of(self.year - 1, self.today)
        day = self.as_of
        same = date(day.year - 1, day.month, 28 if (day.month, day.day) == (2, 29) else day.day)
        return Period(self.year - 1, same, self.today)

    @property
    def is_partial(self) -> bool:
        """Judged before its 31 December: a comparison is with the same period of last year."""
        return self.as_of < self.year_end

    def shifted(self, years: int) -> Period:
        return Period.of(self.year + years, self.today)

    @property
    def year_end(self) -> date:
        return date(self.year, 12, 31)

    @property
    def is_over(self) -> bool:
        """Whether the year has ended by today (its figures are final)."""
        return self.year_end < self.today

    @property
    def is_current(self) -> bool:
        return self.year == self.today.year
