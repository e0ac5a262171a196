"""Figures for the dashboard and the drafts, read only through named queries.

One :class:`Figures` per open store. Every value comes from a named query in
``queries/``; the rows behind a value come from the same query, so a figure
and its drill-down can never disagree. Safe to use from worker threads: each
call takes its own DuckDB cursor.
"""

from __future__ import annotations

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
        """Built on first use: it reads every petitioner name, which a million-row store makes slow,
        and the home screen's figures and monthly trends never need it."""
        with self._masker_lock:
            if self._masker is None:
                self._masker = Masker.for_store(self._con, enabled=not self.unmask)
            return self._masker

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
             limit: int | None = None) -> queries.Result:
        """The rows behind a figure (or a table query's result), masked unless --unmask."""
        q = queries.get(name)
        params = self.params(q, year, as_of)
        cur = self._cursor()
        try:
            res = queries.rows(cur, q, params, limit)
        finally:
            cur.close()
        self._mask(res)
        return res

    def page(self, name: str, year: int, as_of: date | None = None, *, offset: int = 0, limit: int = 500,
             needle: str = "", sort: int | None = None, descending: bool = False) -> tuple[queries.Result, int]:
        """One page of the rows behind a figure, and how many rows match, all in SQL.

        ``needle`` filters on the text of every column (case-insensitive),
        ``sort`` orders by a column (blanks last; the remaining columns break
        ties, so pages never overlap) — both over every row behind the figure,
        not only the ones on screen. While masking is on, personal-data columns
        are not searched, so a filter cannot reveal a masked name or number.
        """
        from .mask import PII_COLUMNS

        q = queries.get(name)
        params = self.params(q, year, as_of)
        cur = self._cursor()
        try:
            cols = queries.rows(cur, q, params, 0).columns
            quoted = ['"' + c.replace('"', '""') + '"' for c in cols]
            where = ""
            if needle:
                hay = [qc for c, qc in zip(cols, quoted) if not (self.masker.enabled and c in PII_COLUMNS)]
                text = "concat_ws(' ', " + ", ".join(f"{qc}::VARCHAR" for qc in hay) + ")" if hay else "''"
                where = f" WHERE contains(lower({text}), lower($dash_needle))"
                params = {**params, "dash_needle": needle}
            base = f"SELECT * FROM ({q.sql}) AS behind{where}"
            order = ""
            if sort is not None and 0 <= sort < len(cols):
                ties = ", ".join(str(i + 1) for i in range(len(cols)) if i != sort)
                order = f" ORDER BY {quoted[sort]} {'DESC' if descending else 'ASC'} NULLS LAST" + (
                    f", {ties}" if ties else "")
            total = queries.rows(cur, replace(q, sql=f"SELECT count(*) FROM ({base}) AS matching"), params).rows[0][0]
            res = queries.rows(cur, replace(q, sql=f"{base}{order} LIMIT {int(limit)} OFFSET {int(offset)}"), params)
        finally:
            cur.close()
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
