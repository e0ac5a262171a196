"""Figures for the dashboard and the drafts, read only through named queries.

One :class:`Figures` per open store. Every value comes from a named query in
``queries/``; the rows behind a value come from the same query, so a figure
and its drill-down can never disagree. Safe to use from worker threads: each
call takes its own DuckDB cursor.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
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
        self.masker = Masker.for_store(self._con, enabled=not unmask)
        self.meta = store.meta(self._con)
        self.years = store.years(self._con)

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
        res.rows = self.masker.rows(res.columns, res.rows)
        return res

    def sql(self, sql: str, params: dict[str, Any] | None = None) -> queries.Result:
        cur = self._cursor()
        try:
            res = queries.run_sql(cur, sql, params)
        finally:
            cur.close()
        res.rows = self.masker.rows(res.columns, res.rows)
        return res
