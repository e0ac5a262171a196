"""The to-do list (待办): every row of every alert, across all areas, in one list.

Built only from the alert queries the areas declare (``-- alert: yes``), so the
list and the panels' alert counts can never disagree. Each alert query says in
its header how to read its rows::

    -- due: 办理期限              the column holding the row's due date
    -- what: petition_no, subject  what the record is (joined as its text)
    -- whose: handler_unit         the unit in charge (the first column present and filled)
    -- who: handler                the person in charge (likewise)
    -- settled: replied_on         for alerts that also count rows settled late

Columns a ledger does not have (yet) are skipped, so a ledger that gains a
承办股室 column shows it without a change here. An alert without ``due`` (the
study target: its rows are the meetings held, not things to do) becomes one
item while it fires, due at the end of the year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import areas, queries
from .figures import figure_text
from .ledgers import LEDGERS, Ledger

if TYPE_CHECKING:
    from .clock import Period
    from .figures import Figures

NO_UNIT = "未指定"  # the unit of items whose ledger names none


@dataclass(frozen=True)
class TodoItem:
    """One thing to act on: what, whose, by when, and how to open its record."""

    area: str  # the panel key: petitions
    alert: str  # the alert query: petitions_overdue
    label: str  # the alert's label: 超期未办结
    record: str  # what the record is: XT20250101 某石材厂
    unit: str | None  # 承办股室 / 责任股室 / 股室, where the ledger has one
    person: str | None  # 承办人 / 执法人员 / 姓名
    due_on: date | None
    days_overdue: int | None  # days past the due date; for a settled item, how late it was settled
    days_left: int | None  # days until the due date (0: due on the as-of day), while not yet overdue
    key: dict[str, Any] = field(default_factory=dict, hash=False)  # the record's natural key
    settled_on: date | None = None  # set for rows the alert counts although settled (late)

    @property
    def area_title(self) -> str:
        return areas.title(self.area)

    @property
    def is_open(self) -> bool:
        return self.settled_on is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.days_overdue is not None and self.days_overdue > 0

    @property
    def unit_or_none(self) -> str:
        """The unit, or 未指定 when the ledger names none: what the list is grouped by."""
        return self.unit or NO_UNIT

    @property
    def when(self) -> str:
        """The clock in words: 超期12天, 剩3天, 当日到期, 已办结（超期5天）, 无期限."""
        if self.settled_on is not None:
            return f"已办结（超期{self.days_overdue}天）" if self.days_overdue else "已办结"
        if self.days_overdue is not None:
            return f"超期{self.days_overdue}天"
        if self.days_left is not None:
            return "当日到期" if self.days_left == 0 else f"剩{self.days_left}天"
        return "无期限"

    def urgency(self) -> tuple:
        """Sort key: open and overdue (most overdue first), open without a due date, open and
        not yet due (soonest first), then those already settled late."""
        if not self.is_open:
            rank: tuple = (3, -(self.days_overdue or 0))
        elif self.days_overdue is not None:
            rank = (0, -self.days_overdue)
        elif self.due_on is None:
            rank = (1, 0)
        else:
            rank = (2, self.days_left or 0)
        return (*rank, _AREA_ORDER.get(self.area, 99), self.alert, self.record)


_AREA_ORDER = {a.key: i for i, a in enumerate(areas.AREAS)}


def todo_items(figures: Figures, period: Period, unit: str | None = None) -> list[TodoItem]:
    """Every alert row of every area as of ``period.as_of`` with something still to do (open and
    overdue, or open and due soon), most urgent first. Rows an alert counts although they were
    settled (late) are not to-do: the areas' figures report them.

    ``unit`` keeps only that unit's items (``NO_UNIT`` for those without one).
    A failing alert query raises; a screen that wants the rest regardless
    calls :func:`alert_items` per alert.
    """
    items = [item for q in areas.alert_queries() for item in alert_items(figures, q.name, period) if item.is_open]
    if unit is not None:
        items = [i for i in items if i.unit_or_none == unit]
    return sorted(items, key=TodoItem.urgency)


def alert_items(figures: Figures, name: str, period: Period, masked: bool = True) -> list[TodoItem]:
    """The items of one alert query, those settled late included (:func:`todo_items` leaves them out).

    ``masked=False`` only for a caller that counts the items and shows none of their text (reading
    a large store's personal values for the masker is not free: 0.6 s at a million rows).
    """
    q = queries.get(name)
    if figures.missing(name):  # built on a column no export had: nothing to act on can be told
        return []
    if "due" not in q.meta:
        return _summary_item(figures, q, period)
    res = figures.rows(name, period, masked=masked)
    cols = list(res.columns)
    index = {c: i for i, c in enumerate(cols)}
    due_i = index.get(q.meta["due"].strip())
    settled_i = index.get(q.meta.get("settled", "").strip())
    what = [index[c] for c in q.listed("what") if c in index]
    whose = [index[c] for c in q.listed("whose") if c in index]
    who = [index[c] for c in q.listed("who") if c in index]
    key_cols = [c for c in (_ledger_of(cols).key if _ledger_of(cols) else ()) if c in index]
    out = []
    for row in res.rows:
        due = _day(row[due_i]) if due_i is not None else None
        settled = _day(row[settled_i]) if settled_i is not None else None
        if settled is not None and settled > period.as_of:
            settled = None  # settled after the as-of day: still open then
        overdue, left = _clock(due, settled or period.as_of)
        if settled is not None:
            left = None
        out.append(TodoItem(
            area=q.panel, alert=q.name, label=q.label,
            record=" ".join(_text(row[i]) for i in what if _text(row[i])) or q.label,
            unit=_first(row, whose), person=_first(row, who), due_on=due,
            days_overdue=overdue, days_left=left,
            key={c: row[index[c]] for c in key_cols}, settled_on=settled))
    return out


def _summary_item(figures: Figures, q: queries.Query, period: Period) -> list[TodoItem]:
    """An alert whose value is not a count of rows to act on: one item while it fires."""
    fig = figures.figure(q.name, period)
    if not isinstance(fig.value, (int, float, Decimal)) or fig.value <= 0:
        return []
    due = date(period.as_of.year, 12, 31)
    overdue, left = _clock(due, period.as_of)
    return [TodoItem(area=q.panel, alert=q.name, label=q.label, record=f"{q.label}{figure_text(fig.value, q.unit)}",
                     unit=None, person=None, due_on=due, days_overdue=overdue, days_left=left)]


def by_unit(items: list[TodoItem]) -> dict[str, list[TodoItem]]:
    """Items grouped by unit, keeping their order; units in the order of their most urgent
    item, those without a unit (未指定) last."""
    groups: dict[str, list[TodoItem]] = {}
    for item in items:
        groups.setdefault(item.unit_or_none, []).append(item)
    if NO_UNIT in groups:
        groups[NO_UNIT] = groups.pop(NO_UNIT)
    return groups


@dataclass(frozen=True)
class UnitCount:
    """How many items a unit has, by state: the meeting brief's 待办 by unit."""

    unit: str
    overdue: int  # open and past due
    due_soon: int  # open, not yet due (or with no due date)

    @property
    def total(self) -> int:
        return self.overdue + self.due_soon


def unit_counts(items: list[TodoItem]) -> list[UnitCount]:
    """Counts per unit of the open items, in :func:`by_unit` order."""
    out = []
    for unit, group in by_unit([i for i in items if i.is_open]).items():
        overdue = sum(i.is_overdue for i in group)
        out.append(UnitCount(unit, overdue, len(group) - overdue))
    return out


def units(items: list[TodoItem]) -> list[str]:
    """The units the items name, for a filter: in :func:`by_unit` order."""
    return list(by_unit(items))


def find_record(figures: Figures, item: TodoItem, period: Period) -> tuple[list[str], tuple] | None:
    """The record behind an item (its alert query's row with the item's key), for a record screen;
    None for an item that stands for no single record."""
    if not item.key:
        return None
    res = figures.rows(item.alert, period)
    cols = list(res.columns)
    for row in res.rows:
        if all(row[cols.index(c)] == v for c, v in item.key.items()):
            return cols, row
    return None


def _ledger_of(columns: list[str]) -> Ledger | None:
    """The ledger the rows come from: the one whose columns the result holds most of."""
    have = set(columns)
    best, best_n = None, 0
    for lg in LEDGERS:
        if not set(lg.key) <= have:
            continue
        n = len(have & set(lg.column_names))
        if n > best_n:
            best, best_n = lg, n
    return best


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _clock(due: date | None, on: date) -> tuple[int | None, int | None]:
    """(days overdue, days left) of a due date seen on a day; one of them is None."""
    if due is None:
        return None, None
    past = (on - due).days
    return (past, None) if past > 0 else (None, -past)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _first(row: tuple, indices: list[int]) -> str | None:
    for i in indices:
        text = _text(row[i])
        if text:
            return text
    return None
