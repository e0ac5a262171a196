"""Which columns of a figure's rows come first, and how wide each is.

The director reads a row for what it is, whose it is and where its clock
stands. An alert query says so in its header (``-- what:``, ``-- whose:``,
``-- due:``), and its rows are shown as ``dash query --rows`` prints them
(:func:`dashboard.figures.reading_order`). Other queries are ordered from the
ledger: the record's key, what and who, then the clock (deadlines and the days
a query computes: 已过天数, 办理天数 …), the rest as the ledger declares it, and
last the personal data (masked anyway) and where the row came from. The roles
below are by column name, the same across ledgers (``subject`` is 被投诉对象
wherever it appears).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ... import queries
from ...figures import reading_order
from ...ledgers import DATE, EXTRA, LEDGERS, PROVENANCE, Ledger
from ...output import fmt_value
from ..text import cell_width, clip

WHAT = ("party", "subject", "project_name", "problem", "title", "theme", "meeting_type", "duty_type",
        "kind", "item_type")
WHO = ("officers", "owner", "unit", "staff_name", "applicant", "reviewer", "organizer")
CELL_MAX = 36  # cells per table cell; the record screen shows everything


def ledger_of(columns: Sequence[str]) -> Ledger | None:
    """The ledger whose columns the result shares most (a ``SELECT *`` of it, plus computed columns)."""
    names = set(columns)
    best, best_n = None, 1
    for lg in LEDGERS:
        n = len(names & set(lg.column_names))
        if n > best_n:
            best, best_n = lg, n
    return best


def display_order(query: str, columns: Sequence[str]) -> list[int]:
    """Indexes of ``columns`` in the order they are shown: key, what, who, clock, rest, personal, source."""
    try:
        q = queries.get(query)
    except Exception:  # noqa: BLE001 - an unknown query has no header to read
        q = None
    if q is not None and any(q.listed(k) for k in ("what", "whose", "who", "due")):
        return reading_order(q, list(columns))
    lg = ledger_of(columns)
    if lg is None:
        return list(range(len(columns)))
    declared = set(lg.column_names)
    provenance = {c.name for c in PROVENANCE}
    personal = set(lg.pii_columns)
    deadlines = {c.name for c in lg.columns if c.type is DATE and c.future_ok}
    lead = [*lg.key, *(c for c in WHAT if c in declared), *(c for c in WHO if c in declared)]

    def rank(i: int) -> tuple[int, int]:
        name = columns[i]
        if name in lead:
            return 0, lead.index(name)
        if name == EXTRA:
            return 2, len(columns) + i  # the columns the contract does not know: after those it knows
        if name not in declared and name not in provenance or name in deadlines:
            return 1, i  # the clock: computed by the query, or a deadline
        if name in personal:
            return 3, i
        if name in provenance:
            return 4, i
        return 2, i

    return sorted(range(len(columns)), key=rank)


def widths(labels: Sequence[str], rows: Sequence[Sequence[Any]], order: Sequence[int],
           before: Sequence[int] = ()) -> list[int]:
    """Each shown column's width in cells: its label, its widest cell (at most ``CELL_MAX``),
    and never narrower than it was (``before``), so columns do not jump as pages load."""
    out = []
    for n, i in enumerate(order):
        w = max([cell_width(labels[i]), *(min(CELL_MAX, cell_width(fmt_value(r[i]))) for r in rows)])
        out.append(max(w, before[n] if n < len(before) else 0))
    return out
