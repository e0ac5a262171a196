"""Figures for the dashboard and the drafts, read only through named queries.

One :class:`Figures` per open store. Every value comes from a named query in
``queries/``; the rows behind a value come from the same query, so a figure
and its drill-down can never disagree. Safe to use from worker threads: each
call takes its own DuckDB cursor.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import queries, store, workdays
from .clock import Period
from .config import Config
from .ledgers import EXTRA
from .mask import PII_COLUMNS, Masker
from .personal import store_values


@dataclass(frozen=True)
class Figure:
    """One figure's value with everything needed to trace it."""

    name: str
    label: str
    unit: str
    value: Any
    rows: int  # number of rows behind the value
    params: dict[str, Any]
    # Labels of the columns the figure needs that no loaded export had: then it is not a number
    # (value None), and every surface says which column is missing.
    missing: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return no_column_text(self.missing) if self.missing else format_value(self.value, self.unit)


def no_column_text(labels: tuple[str, ...] | list[str]) -> str:
    """What a figure whose columns the exports lack shows instead of a number: 无「公示日期」列."""
    return "无" + "".join(f"「{label}」" for label in labels) + "列"


def format_value(value: Any, unit: str = "") -> str:
    """A figure as the report writes it: 58.16万元, 100%, 21 (unit appended where short)."""
    if value is None:
        return "—"
    if unit == "元" and isinstance(value, (int, float, Decimal)):
        wan = Decimal(value) / Decimal(10000)
        return f"{wan.quantize(Decimal('0.01')).normalize():f}万元"
    if isinstance(value, float):
        value = round(value, 1)
        return f"{int(value)}" if value == int(value) else f"{value}"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def no_data_note(year: int, years: list[int]) -> str:
    """What a year without records says: 2030年无数据（有数据的年度：2023–2025）."""
    from .output import year_span

    have = f"有数据的年度：{year_span(years)}" if years else "数据库中还没有任何年度的记录"
    return f"{year}年无数据（{have}）"


CLOCK_COLUMNS = ("超期天数", "剩余天数")  # what every alert's rows call days past and before the due date


def reading_order(q: queries.Query, columns: list[str]) -> list[int]:
    """Column indices in reading order for the rows behind a figure: what the record is, whose,
    its due date and days overdue or left first (as the query's header names them), then the rest
    as the SQL has them, the columns the contract does not know, and personal data last."""
    head_names = [*q.listed("what"), *q.listed("whose"), *q.listed("who"), *q.listed("due"), *CLOCK_COLUMNS]
    head = [columns.index(n) for n in dict.fromkeys(head_names) if n in columns]
    # The columns the contract does not know, then personal data, come last.
    tail = [i for i, c in enumerate(columns) if c == EXTRA and i not in head]
    tail += [i for i, c in enumerate(columns) if c in PII_COLUMNS and i not in head]
    return head + [i for i in range(len(columns)) if i not in head and i not in tail] + tail


WAN = 10_000  # from here on a count reads as 万 on a screen: 18.27万人次


def figure_text(value: Any, unit: str = "") -> str:
    """A figure with its unit as a screen or a brief shows it: 21起, 58.16万元, 100%, 18.27万人次.

    Counts of 10,000 and more are grouped in 万 (two decimals at most), so a
    projector shows 18.27万人次 rather than 182732人次; rates and days are not.
    """
    if value is None:
        return "—"
    if unit == "元":
        return format_value(value, unit)
    if (isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and abs(value) >= WAN
            and unit not in ("%", "天")):
        wan = (Decimal(str(value)) / WAN).quantize(Decimal("0.01")).normalize()
        return f"{wan:f}万{unit}"
    return format_value(value, unit) + unit


@dataclass(frozen=True)
class RowView:
    """Which rows of a figure to show: a page, under a filter and a sort.

    ``needle`` filters on the text of every column (case-insensitive); ``sort``
    orders by a column index (blanks last; the other columns break ties, so
    pages never overlap), descending when asked.
    """

    offset: int = 0
    limit: int = 500
    needle: str = ""
    sort: int | None = None
    descending: bool = False


class Figures:
    """Figure values and their rows for one store."""

    def __init__(self, db: Path, config: Config, unmask: bool = False, con=None):
        self.db = Path(db)
        self.config = config
        self.unmask = unmask
        self._con = con if con is not None else store.connect(self.db)
        self._lock = threading.Lock()
        self._open: set[Any] = set()  # cursors in use, so close() can stop their queries
        self._masker: Masker | None = None
        self._masker_lock = threading.Lock()  # not self._lock: building it must not hold up queries
        self.meta = store.meta(self._con)

    @functools.cached_property
    def row_counts(self) -> dict[str, int]:
        """Rows per canonical table (read on first need)."""
        with self.cursor() as cur:
            return store.row_counts(cur)

    def imported(self, table: str) -> bool:
        """Whether any export of this ledger has been loaded: a ledger with no rows at all is
        未导入 on every surface, never a zero (a real zero needs the ledger to be there)."""
        return self.row_counts.get(table, 0) > 0

    @functools.cached_property
    def columns(self) -> dict[str, dict[str, tuple[int, int, str]]] | None:
        """Per ledger: column → (rows from exports that had it, rows from exports without it, those
        files), as recorded at the rebuild; None for a store written before this was recorded."""
        with self.cursor() as cur:
            return store.columns(cur)

    def has_column(self, table: str, column: str) -> bool:
        """Whether any loaded export of this ledger had the column (a ledger with no rows, or a
        store that did not record it, counts as having it: that is 未导入, or unknown)."""
        info = (self.columns or {}).get(table)
        if not info or column not in info or not self.imported(table):
            return True
        return info[column][0] > 0

    def _lacking(self, name: str) -> dict[str, list[str]]:
        """Ledger label → labels of the columns ``name`` needs that no loaded export of it had."""
        from .ledgers import BY_TABLE

        lacking: dict[str, list[str]] = {}
        for t, c in queries.get(name).needs:
            if not self.has_column(t, c):
                lacking.setdefault(BY_TABLE[t].label, []).append(BY_TABLE[t].column(c).label)
        return lacking

    def missing(self, name: str) -> tuple[str, ...]:
        """Labels of the columns ``name`` needs that no loaded export of their ledger had."""
        return tuple(dict.fromkeys(c for cols in self._lacking(name).values() for c in cols))

    def missing_note(self, name: str) -> str | None:
        """The line a command prints about a figure whose needed columns no export had (None if none)."""
        lacking = self._lacking(name)
        if not lacking:
            return None
        q = queries.get(name)
        where = "；".join(f"{lg}的导出没有" + "、".join(f"「{c}」" for c in cols) + "列" for lg, cols in lacking.items())
        return f"注意：{where}，「{q.label}」无法计算，值留空（不是0）；请导出含该列的台账后重新导入"

    @functools.cached_property
    def years(self) -> list[int]:
        """Years with records of work, ascending (read on first need: a figure needs none)."""
        with self.cursor() as cur:
            return store.years(cur)

    @property
    def masker(self) -> Masker:
        """Reads the store's personal values on first need (through its own cursor, so a
        worker thread may trigger it): the home screen's figures and trends never need them."""
        with self._masker_lock:
            if self._masker is None:
                self._masker = Masker(enabled=False) if self.unmask else Masker(loader=self._personal_values)
            return self._masker

    def _personal_values(self):
        with self.cursor() as cur:
            return store_values(cur)

    def _mask(self, res: queries.Result) -> None:
        """Mask a result in place; rows with no text and no personal-data column need no masker."""
        if self.unmask:
            return
        if any(c in PII_COLUMNS for c in res.columns) or any(isinstance(v, str) for r in res.rows for v in r):
            res.rows = self.masker.rows(res.columns, res.rows)

    def close(self) -> None:
        """Close the store. Queries still running (quitting, or a browser tab closed, while a
        worker reads) are stopped first; the connection is then closed as soon as it is free."""
        import time

        import duckdb

        for _ in range(100):
            with self._lock:
                running = list(self._open)
            for cur in running:  # again each time: a statement may have started since
                cur.interrupt()
            try:
                self._con.close()
                return
            except duckdb.ResourceInUseException:
                time.sleep(0.02)  # an interrupted statement is still unwinding
        # Still busy after 2 s: the process is ending or the store is being reopened; its
        # handle goes with the connection object. Nothing is written, so nothing is lost.

    @contextmanager
    def cursor(self) -> Iterator[Any]:
        """A cursor of its own for one piece of work (worker threads share the connection)."""
        with self._lock:
            cur = self._con.cursor()
            self._open.add(cur)
        try:
            yield cur
        finally:
            with self._lock:
                self._open.discard(cur)
            try:
                cur.close()
            except Exception as exc:  # noqa: BLE001 - only DuckDB's own error is expected here
                import duckdb

                if not isinstance(exc, duckdb.Error):  # the store was closed under it (close() above)
                    raise

    @functools.cached_property
    def calendar(self) -> workdays.WorkCalendar:
        """The working-day calendar: the official holidays and 调休, with dash.toml's [calendar]."""
        return workdays.build(self.config.calendar)

    def params(self, q: queries.Query, period: Period | None, extra: dict[str, Any] | None = None
               ) -> dict[str, Any]:
        clocks: dict[str, Any] = self.config.query_params
        if workdays.uses_calendar(q.params):  # the calendar is read only by the clocks that count working days
            clocks = {**clocks, **self.calendar.params()}
        return queries.bind(q.params, period, clocks, extra or {})

    def calendar_note(self, name: str, period: Period) -> str | None:
        """For a figure counted in working days: the note that a year it counts through has no
        holiday calendar and is counted Monday–Friday (None when every year is known)."""
        if not workdays.uses_calendar(queries.get(name).params):
            return None
        return workdays.fallback_note(self.calendar.missing(workdays.years_touched(period)))

    def figure(self, name: str, period: Period) -> Figure:
        q = queries.get(name)
        if not q.is_figure:
            raise queries.QueryError(f"{name} 不是指标查询")
        params = self.params(q, period)
        missing = self.missing(name)
        if missing:  # not a number: a zero here would be the missing column's, not the bureau's
            return Figure(q.name, q.label, q.unit, None, 0, params, missing)
        with self.cursor() as cur:
            value, n = queries.figure(cur, q, params)
        return Figure(q.name, q.label, q.unit, value, n, params)

    def rows(self, name: str, period: Period, limit: int | None = None, *, masked: bool = True
             ) -> queries.Result:
        """The rows behind a figure (or a table query's result), masked unless --unmask.

        ``masked=False`` is for a caller that masks each value it uses itself
        (the drafts read one or two columns of thousands of rows).
        """
        q = queries.get(name)
        with self.cursor() as cur:
            res = queries.rows(cur, q, self.params(q, period), limit)
        if masked:
            self._mask(res)
        return res

    def page(self, name: str, period: Period, view: RowView = RowView()) -> tuple[queries.Result, int]:
        """One page of the rows behind a figure, and how many rows match the filter.

        Filter and sort run over every row behind the figure, not only those on
        screen. While masking is on, a filter and a sort on a personal-data
        column work on what the screen shows, the masked text: otherwise typing
        a name or a phone into the filter would tell which rows hold it, and
        sorting by a masked column would reveal the order of the hidden values.
        """
        q = queries.get(name)
        params = self.params(q, period)
        with self.cursor() as cur:
            cols = queries.rows(cur, q, params, 0).columns
            sort = view.sort if view.sort is not None and 0 <= view.sort < len(cols) else None
            view = replace(view, sort=sort)
            by_masked = not self.unmask and sort is not None and cols[sort] in PII_COLUMNS
            if not self.unmask and (view.needle or by_masked):
                return self._page_masked(cur, q, params, cols, view, by_masked)
            return self._page_in_sql(cur, q, params, cols, view)

    @staticmethod
    def _narrowed(q: queries.Query, params: dict[str, Any], cols: list[str], needle: str,
                  masked: bool) -> tuple[str, dict[str, Any]]:
        """The figure's SQL narrowed to rows whose raw text holds ``needle``."""
        where = ""
        if needle and not (masked and "*" in needle):  # a masked value's '*' is not in the raw text
            text = "concat_ws(' ', " + ", ".join(f"{_quote(c)}::VARCHAR" for c in cols) + ")"
            where = f" WHERE contains(lower({text}), lower($dash_needle))"
            params = {**params, "dash_needle": needle}
        return f"SELECT * FROM ({q.sql}) AS behind{where}", params

    def _page_in_sql(self, cur, q, params, cols, view: RowView) -> tuple[queries.Result, int]:
        base, params = self._narrowed(q, params, cols, view.needle, masked=not self.unmask)
        order = ""
        if view.sort is not None:
            ties = ", ".join(str(i + 1) for i in range(len(cols)) if i != view.sort)
            order = (f" ORDER BY {_quote(cols[view.sort])} {'DESC' if view.descending else 'ASC'} NULLS LAST"
                     + (f", {ties}" if ties else ""))
        total = queries.rows(cur, replace(q, sql=f"SELECT count(*) FROM ({base}) AS matching"), params).rows[0][0]
        res = queries.rows(cur, replace(q, sql=f"{base}{order} LIMIT {int(view.limit)} OFFSET {int(view.offset)}"),
                           params)
        self._mask(res)
        res.truncated = view.offset + len(res.rows) < total
        return res, total

    def _page_masked(self, cur, q, params, cols, view: RowView, by_masked: bool) -> tuple[queries.Result, int]:
        """Filter and sort on the masked text: SQL narrows by the raw text, the rest is done here."""
        base, params = self._narrowed(q, params, cols, view.needle, masked=True)
        ties = ", ".join(str(i + 1) for i in range(len(cols)) if i != view.sort)
        order = f" ORDER BY {ties}" if by_masked and ties else ""  # SQL only fixes the order of ties
        res = queries.rows(cur, replace(q, sql=f"{base}{order}"), params)
        rows = res.rows
        if view.needle:
            low = view.needle.lower()
            rows = [r for r in self.masker.rows(cols, rows)
                    if low in " ".join("" if v is None else str(v) for v in r).lower()]
        if by_masked:
            key_of = (lambda v: v) if view.needle else functools.partial(self.masker.value, cols[view.sort])
            keyed = [(key_of(r[view.sort]), r) for r in rows]
            rows = ([r for k, r in sorted(((k, r) for k, r in keyed if k not in (None, "")),
                                          key=lambda kr: str(kr[0]), reverse=view.descending)]
                    + [r for k, r in keyed if k in (None, "")])
        total = len(rows)
        res.rows = rows[view.offset:view.offset + view.limit]
        if not view.needle:
            self._mask(res)
        res.truncated = view.offset + len(res.rows) < total
        return res, total

    def sql(self, sql: str, params: dict[str, Any] | None = None) -> queries.Result:
        with self.cursor() as cur:
            res = queries.run_sql(cur, sql, params)
        self._mask(res)
        return res


def _quote(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'
