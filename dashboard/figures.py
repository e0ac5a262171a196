"""Figures for the dashboard and the drafts, read only through named queries.

One :class:`Figures` per open store. Every value comes from a named query in
``queries/``; the rows behind a value come from the same query, so a figure
and its drill-down can never disagree. Safe to use from worker threads: each
call takes its own DuckDB cursor.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import queries, store
from .config import Config
from .mask import Masker


@dataclass(frozen=True)
class Figure:
    """One figure's value with everything needed to trace it."""

    name: str
    label: str
    unit: str
    value: Any
    rows: int  # number of rows behind the value
    params: dict[str, Any]

    @property
    def text(self) -> str:
        return format_value(self.value, self.unit)


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


class Figures:
    """Figure values and their rows for one store."""

    def __init__(self, db: Path, config: Config, unmask: bool = False):
        self.db = Path(db)
        self.config = config
        self.unmask = unmask
        self._con = store.connect(self.db)
        self._lock = threading.Lock()
        self._masker: Masker | None = None
        self._masker_lock = threading.Lock()  # not self._lock: building it must not hold up queries
        self.meta = store.meta(self._con)
        self.years = store.years(self._con)

    @property
    def masker(self) -> Masker:
        """Reads the store's personal values on first need (through its own cursor, so a
        worker thread may trigger it): the home screen's figures and trends never need them."""
        with self._masker_lock:
            if self._masker is None:
                self._masker = Masker(enabled=False) if self.unmask else Masker(loader=self._personal_values)
            return self._masker

    def _personal_values(self):
        from .personal import store_values

        cur = self._cursor()
        try:
            return store_values(cur)
        finally:
            cur.close()

    def _mask(self, res: queries.Result) -> None:
        """Mask a result in place; rows with no text and no personal-data column need no masker."""
        from .mask import PII_COLUMNS

        if self.unmask:
            return
        if any(c in PII_COLUMNS for c in res.columns) or any(isinstance(v, str) for r in res.rows for v in r):
            res.rows = self.masker.rows(res.columns, res.rows)

    def close(self) -> None:
        self._con.close()

    def _cursor(self):
        with self._lock:
            return self._con.cursor()

    def params(self, q: queries.Query, year: int | None, as_of: date | None = None,
               extra: dict[str, Any] | None = None) -> dict[str, Any]:
        return queries.bind(q.params, year, as_of, self.config.query_params, extra or {})

    def figure(self, name: str, year: int, as_of: date | None = None) -> Figure:
        q = queries.get(name)
        if not q.is_figure:
            raise queries.QueryError(f"{name} 不是指标查询")
        params = self.params(q, year, as_of)
        cur = self._cursor()
        try:
            value, n = queries.figure(cur, q, params)
        finally:
            cur.close()
        return Figure(q.name, q.label, q.unit, value, n, params)

    def rows(self, name: str, year: int, as_of: date | None = None,
             limit: int | None = None, *, masked: bool = True) -> queries.Result:
        """The rows behind a figure (or a table query's result), masked unless --unmask.

        ``masked=False`` is for a caller that masks each value it uses itself
        (the drafts read one or two columns of thousands of rows).
        """
        q = queries.get(name)
        params = self.params(q, year, as_of)
        cur = self._cursor()
        try:
            res = queries.rows(cur, q, params, limit)
        finally:
            cur.close()
        if masked:
            self._mask(res)
        return res

    def page(self, name: str, year: int, as_of: date | None = None, *, offset: int = 0, limit: int = 500,
             needle: str = "", sort: int | None = None, descending: bool = False) -> tuple[queries.Result, int]:
        """One page of the rows behind a figure, and how many rows match.

        ``needle`` filters on the text of every column (case-insensitive),
        ``sort`` orders by a column (blanks last; the remaining columns break
        ties, so pages never overlap) — both over every row behind the figure,
        not only the ones on screen, in SQL.

        While masking is on, the filter and a sort on a personal-data column
        work on what the screen shows, the masked text: SQL narrows the rows to
        those whose raw text holds the needle, then the masked rows are checked
        and sorted here. Otherwise typing a name or a phone into the filter
        would tell which rows hold it, and sorting by a masked column would
        reveal the order of the hidden values.
        """
        from .mask import PII_COLUMNS

        q = queries.get(name)
        params = self.params(q, year, as_of)
        masked = not self.unmask
        cur = self._cursor()
        try:
            cols = queries.rows(cur, q, params, 0).columns
            quoted = ['"' + c.replace('"', '""') + '"' for c in cols]
            where = ""
            if needle and not (masked and "*" in needle):  # a masked value's '*' is not in the raw text
                text = "concat_ws(' ', " + ", ".join(f"{qc}::VARCHAR" for qc in quoted) + ")"
                where = f" WHERE contains(lower({text}), lower($dash_needle))"
                params = {**params, "dash_needle": needle}
            base = f"SELECT * FROM ({q.sql}) AS behind{where}"
            sort = sort if sort is not None and 0 <= sort < len(cols) else None
            by_masked = masked and sort is not None and cols[sort] in PII_COLUMNS
            ties = ", ".join(str(i + 1) for i in range(len(cols)) if i != sort)
            if sort is None:
                order = ""
            elif by_masked:  # sorted here, on the masked text; SQL only fixes the order of ties
                order = f" ORDER BY {ties}" if ties else ""
            else:
                order = (f" ORDER BY {quoted[sort]} {'DESC' if descending else 'ASC'} NULLS LAST"
                         + (f", {ties}" if ties else ""))
            if masked and (needle or by_masked):
                res = queries.rows(cur, replace(q, sql=f"{base}{order}"), params)
            else:
                total = queries.rows(cur, replace(q, sql=f"SELECT count(*) FROM ({base}) AS matching"),
                                     params).rows[0][0]
                res = queries.rows(cur, replace(q, sql=f"{base}{order} LIMIT {int(limit)} OFFSET {int(offset)}"),
                                   params)
        finally:
            cur.close()
        if not (masked and (needle or by_masked)):
            self._mask(res)
            res.truncated = offset + len(res.rows) < total
            return res, total
        # Masked: filter and sort on the masked text, masking no more than needed.
        rows, key_of = res.rows, (lambda v: v)
        if needle:
            low = needle.lower()
            rows = [r for r in self.masker.rows(cols, rows)
                    if low in " ".join("" if v is None else str(v) for v in r).lower()]
        elif by_masked:
            key_of = functools.partial(self.masker.value, cols[sort])
        if by_masked:
            keyed = [(key_of(r[sort]), r) for r in rows]
            rows = ([r for k, r in sorted(((k, r) for k, r in keyed if k not in (None, "")),
                                          key=lambda kr: str(kr[0]), reverse=descending)]
                    + [r for k, r in keyed if k in (None, "")])
        total = len(rows)
        res.rows = rows[offset:offset + limit]
        if not needle:
            self._mask(res)
        res.truncated = offset + len(res.rows) < total
        return res, total

    def sql(self, sql: str, params: dict[str, Any] | None = None) -> queries.Result:
        cur = self._cursor()
        try:
            res = queries.run_sql(cur, sql, params)
        finally:
            cur.close()
        self._mask(res)
        return res
