"""Named queries: ``queries/*.sql``, one definition per figure.

A file holds one or more blocks, each starting with a header of ``-- key: value``
lines::

    -- name: cases_filed
    -- label: 查处环境违法行为
    -- unit: 起
    -- value: count(*)
    -- panel: enforcement
    -- doc: 立案日期在该年度内的案件。
    SELECT * FROM enforcement_cases WHERE year(filed_on) = $year

``-- needs: published_on, fully_recorded`` names the optional columns of its
ledger a figure depends on (``table.column`` where the SQL reads two ledgers
that both declare it): where no loaded export had such a column, the figure is
not a number (it would be a zero, or an alert, that the data cannot support),
and every surface says the column is missing instead.

A block with ``value`` is a *figure*: its SQL selects the rows behind the figure
and ``value`` aggregates them, so a figure and its drill-down rows can never
disagree. A block without ``value`` is a *table* (a breakdown) shown as is.
Parameters are DuckDB named parameters (``$year``, ``$as_of``, clocks from the
config); they are found in the SQL itself.
"""

from __future__ import annotations

import difflib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import paths
from .clock import Period
from .errors import DashError

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_HEADER = re.compile(r"^--\s*([a-z_]+)\s*:\s*(.*)$")


class QueryError(DashError):
    """Unknown query, missing parameter, refused or failing SQL; one clear line."""


class QueryLimit(QueryError):
    """A statement stopped by a limit: the message is dash's own words and quotes no data."""


class QueryInterrupted(QueryLimit):
    """A statement stopped by ``interrupt()`` (the time limit's timer)."""


class QueryTimeout(QueryLimit):
    """A statement that ran past its time limit and was stopped."""


@dataclass(frozen=True)
class Query:
    name: str
    label: str
    sql: str
    file: str
    value: str | None = None
    unit: str = ""
    panel: str = ""
    doc: str = ""
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def params(self) -> list[str]:
        seen: list[str] = []
        for p in _PARAM.findall(self.sql + " " + (self.value or "")):
            if p not in seen:
                seen.append(p)
        return seen

    @property
    def is_figure(self) -> bool:
        return self.value is not None

    def listed(self, key: str) -> list[str]:
        """A header that lists column names (``-- what: case_no, party``), as a list."""
        return [n.strip() for n in self.meta.get(key, "").split(",") if n.strip()]

    @property
    def needs(self) -> list[tuple[str, str]]:
        """(table, column) of every optional column the figure depends on (its ``needs`` header)."""
        return [_resolve_need(self, n) for n in self.listed("needs")]

    def value_sql(self) -> str:
        return f"SELECT {self.value} AS value, count(*) AS n FROM ({self.sql}) AS rows_behind"


def parse_file(path: Path) -> list[Query]:
    """All query blocks of one .sql file."""
    out: list[Query] = []
    header: dict[str, str] = {}
    body: list[str] = []

    def flush() -> None:
        if "name" in header:
            # Comment lines after a block's SQL introduce the next block: not part of this query
            # (its SQL is wrapped in a subquery, where a trailing comment would hide the closing bracket).
            while body and (not body[-1].strip() or body[-1].lstrip().startswith("--")):
                body.pop()
            sql = "\n".join(body).strip().rstrip(";").strip()
            out.append(Query(
                name=header["name"], label=header.get("label", header["name"]), sql=sql, file=path.name,
                value=header.get("value"), unit=header.get("unit", ""), panel=header.get("panel", ""),
                doc=header.get("doc", ""), meta=dict(header)))

    in_header = False
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _HEADER.match(line.strip())
        if m and m.group(1) == "name":
            flush()
            header, body, in_header = {"name": m.group(2).strip()}, [], True
            continue
        if in_header and m:
            key, val = m.group(1), m.group(2).strip()
            header[key] = (header[key] + " " + val) if key == "doc" and key in header else val
            continue
        in_header = False
        if header:
            body.append(line)
    flush()
    return out


def tables_read(sql: str) -> list[str]:
    """The canonical tables a query's SQL reads, in the order it names them (``certificates_at(d)``
    reads certificates)."""
    from .ledgers import BY_TABLE

    return list(dict.fromkeys(re.findall(r"\b(" + "|".join(map(re.escape, BY_TABLE)) + r")(?:_at)?\b", sql)))


def _resolve_need(q: Query, need: str) -> tuple[str, str]:
    from .ledgers import BY_TABLE

    table, _, column = need.rpartition(".")
    tables = [table] if table else tables_read(q.sql)
    hits = [t for t in tables if t in BY_TABLE and column in BY_TABLE[t].column_names]
    if len(hits) != 1:
        raise QueryError(f"{q.file} 中 {q.name} 的 needs「{need}」对应不到它所读台账中唯一的一列"
                         + ("（请写成 表名.列名）" if hits else ""))
    if BY_TABLE[hits[0]].column(column).required:
        raise QueryError(f"{q.file} 中 {q.name} 的 needs「{need}」是必填列，无须声明")
    return hits[0], column


_CACHE: dict[str, dict[str, Query]] = {}


def catalogue(directory: Path | None = None) -> dict[str, Query]:
    """Every named query, by name (files read once per process)."""
    directory = directory or paths.queries_dir()
    key = str(directory)
    if key not in _CACHE:
        found: dict[str, Query] = {}
        for f in sorted(directory.glob("*.sql")):
            for q in parse_file(f):
                if q.name in found:
                    raise QueryError(f"查询名重复：{q.name}（{found[q.name].file} 与 {f.name}）")
                q.needs  # an unresolvable needs header is refused when the queries are read
                found[q.name] = q
        _CACHE[key] = found
    return _CACHE[key]


def needed_columns() -> dict[str, set[str]]:
    """Per ledger, the optional columns some figure needs (what an export should not lack)."""
    out: dict[str, set[str]] = {}
    for q in catalogue().values():
        for table, column in q.needs:
            out.setdefault(table, set()).add(column)
    return out


def get(name: str) -> Query:
    cat = catalogue()
    if name in cat:
        return cat[name]
    close = difflib.get_close_matches(name, list(cat), n=3, cutoff=0.5)
    hint = f"；是不是：{'、'.join(close)}" if close else "；dash query --list 查看全部"
    raise QueryError(f"没有名为 {name} 的查询{hint}")


def lookup(text: str) -> Query:
    """A query by its name or by its Chinese label (超期未办结), as the user types it."""
    cat = catalogue()
    if text in cat:
        return cat[text]
    wanted = text.strip()
    for q in cat.values():
        if q.label == wanted:
            return q
    import difflib

    by_label = {q.label: q.name for q in cat.values()}
    close = difflib.get_close_matches(wanted, [*cat, *by_label], n=3, cutoff=0.5)
    hint = f"；是不是：{'、'.join(close)}" if close else "；dash query --list 查看全部"
    raise QueryError(f"没有名为 {text} 的查询{hint}")


def bind(q_params: list[str], period: Period | None, clocks: dict[str, Any], extra: dict[str, str]
         ) -> dict[str, Any]:
    """Values for the parameters a query uses: the period's year and as-of date, clocks, --param overrides."""
    given: dict[str, Any] = dict(clocks)
    if period is not None:
        given["year"] = period.year
        given["as_of"] = period.as_of
    given.update(extra)
    if "as_of" in given and isinstance(given["as_of"], str):
        try:
            given["as_of"] = date.fromisoformat(given["as_of"])
        except ValueError:
            raise QueryError(f"as_of 不是日期（应为 YYYY-MM-DD）：{given['as_of']}") from None
    if "year" in given and isinstance(given["year"], str):
        if not given["year"].isdigit():
            raise QueryError(f"year 不是年份：{given['year']}")
        given["year"] = int(given["year"])
    if "prev_year" in q_params and "year" in given:
        given["prev_year"] = given["year"] - 1
    missing = [p for p in q_params if p not in given]
    if missing:
        raise QueryError("缺少参数：" + "、".join(missing) + "（用 --year 或 --param 名称=值）")
    return {p: given[p] for p in q_params}


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple]
    truncated: bool = False


def run_sql(con, sql: str, params: dict[str, Any] | None = None, limit: int | None = None) -> Result:
    """Run SQL read-only; fetch at most ``limit`` rows (one probe row tells truncation)."""
    import duckdb

    try:
        if limit is None:
            cur = con.execute(sql, params or {})
            rows = cur.fetchall()
            cols = [d[0] for d in cur.description]
            return Result(cols, rows)
        cur = con.execute(f"SELECT * FROM ({sql}) AS q LIMIT {int(limit) + 1}", params or {})
        rows = cur.fetchall()
        cols = [d[0] for d in cur.description]
        return Result(cols, rows[:limit], len(rows) > limit)
    except (duckdb.Error, RuntimeError) as exc:
        raise _query_error(exc) from None


# Rows fetched from DuckDB at a time when a result is streamed.
BATCH_ROWS = 2048


class Stream:
    """A statement's rows, handed over a batch at a time (never all in memory at once).

    At most ``limit`` rows come out; :attr:`truncated` tells, once the batches are
    exhausted, whether there were more.
    """

    def __init__(self, cur, limit: int | None = None, batch: int = BATCH_ROWS) -> None:
        self._cur = cur
        self.columns: list[str] = [d[0] for d in cur.description]
        self.limit = limit
        self.batch = batch
        self.truncated = False

    def batches(self) -> Iterator[list[tuple]]:
        import duckdb

        sent = 0
        while True:
            size = self.batch if self.limit is None else min(self.batch, self.limit - sent + 1)
            try:
                rows = self._cur.fetchmany(size)
            except (duckdb.Error, RuntimeError) as exc:
                raise _query_error(exc) from None
            if not rows:
                return
            if self.limit is not None and sent + len(rows) > self.limit:
                self.truncated = True
                if sent < self.limit:
                    yield rows[: self.limit - sent]
                return
            sent += len(rows)
            yield rows


def stream_sql(con, sql: str, params: dict[str, Any] | None = None, limit: int | None = None) -> Stream:
    """Start SQL read-only and return its rows as a :class:`Stream` (at most ``limit`` of them)."""
    import duckdb

    try:
        cur = con.execute(sql, params or {})
    except (duckdb.Error, RuntimeError) as exc:
        raise _query_error(exc) from None
    return Stream(cur, limit)


def stream_rows(con, q: Query, params: dict[str, Any], limit: int | None = None) -> Stream:
    """The rows behind a figure, or a table query's result, as a :class:`Stream`."""
    used = set(_PARAM.findall(q.sql))
    return stream_sql(con, q.sql, {k: v for k, v in params.items() if k in used}, limit)


@contextmanager
def time_limit(con, seconds: float | None) -> Iterator[None]:
    """Stop the statement running on ``con`` after ``seconds`` (DuckDB has no such setting), or at Ctrl-C.

    A timer thread calls ``con.interrupt()``; the interrupted statement raises
    :class:`QueryTimeout` here. Ctrl-C while DuckDB works comes out as KeyboardInterrupt
    at once (see :func:`_interrupt_on_ctrl_c`), not when the statement ends.
    """
    import duckdb

    fired = threading.Event()
    timer = None
    if seconds:
        def stop() -> None:
            fired.set()
            con.interrupt()

        timer = threading.Timer(seconds, stop)
        timer.daemon = True
        timer.start()
    try:
        with _interrupt_on_ctrl_c(con):
            yield
    except BaseException as exc:
        # Any DuckDB failure inside (masking's own reads too) comes out as one line.
        err = _query_error(exc) if isinstance(exc, (duckdb.Error, RuntimeError)) else exc
        if isinstance(err, QueryInterrupted):
            err = (QueryTimeout(f"查询超过 {seconds:g} 秒仍未完成，已停止（可用 --timeout 调整）") if fired.is_set()
                   else KeyboardInterrupt())
        if err is exc:
            raise
        raise err from None
    finally:
        if timer is not None:
            timer.cancel()


@contextmanager
def _interrupt_on_ctrl_c(con) -> Iterator[None]:
    """While DuckDB works in C, Python's SIGINT handler cannot run: Ctrl-C would wait for the
    statement to end. The C-level handler still writes the signal's number to the wakeup fd,
    so a watcher thread reading it interrupts the statement at once. Main thread only (where
    signals are delivered); elsewhere nothing changes."""
    import os
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    r, w = os.pipe()
    os.set_blocking(w, False)
    try:
        previous = signal.set_wakeup_fd(w, warn_on_full_buffer=False)
    except ValueError:  # not possible here: carry on without
        os.close(r)
        os.close(w)
        yield
        return

    def watch() -> None:
        while True:
            try:
                got = os.read(r, 64)
            except OSError:
                return
            if not got:
                return
            if signal.SIGINT in got:
                con.interrupt()

    watcher = threading.Thread(target=watch, name="dash-ctrl-c", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        signal.set_wakeup_fd(previous)
        os.close(w)  # the watcher reads the end of the pipe and stops
        watcher.join(timeout=5)
        os.close(r)


def _query_error(exc: BaseException) -> BaseException:
    """The one-line error for a failed statement; Ctrl-C inside DuckDB stays a KeyboardInterrupt."""
    import duckdb

    if isinstance(exc, duckdb.InterruptException):
        return QueryInterrupted("查询已中断")
    if isinstance(exc, RuntimeError) and not isinstance(exc, duckdb.Error):
        if "interrupted" in str(exc).lower():  # DuckDB's answer to SIGINT while it works
            return KeyboardInterrupt()
        return exc
    if isinstance(exc, duckdb.OutOfMemoryException):
        return QueryLimit("查询所需内存超过上限，已停止（可用 --memory-limit 调整，或缩小查询范围）")
    return QueryError(duck_message(exc))


def figure(con, q: Query, params: dict[str, Any]) -> tuple[Any, int]:
    """(value, number of rows behind it) of a figure query."""
    res = run_sql(con, q.value_sql(), params)
    value, n = res.rows[0]
    return value, n


def rows(con, q: Query, params: dict[str, Any], limit: int | None = None) -> Result:
    """The rows behind a figure, or a table query's result."""
    # Parameters used only by the value expression (e.g. a target) are not bound here.
    used = set(_PARAM.findall(q.sql))
    return run_sql(con, q.sql, {k: v for k, v in params.items() if k in used}, limit)


def duck_message(exc: Exception) -> str:
    text = str(exc).strip()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    head = lines[0] if lines else type(exc).__name__
    if "file system operations are disabled" in text or "external access" in text.lower():
        return "只读：dash query 不能读写数据库以外的文件"
    if len(lines) > 1 and "LINE" in text:
        return head + " " + " ".join(ln.strip() for ln in lines[1:3])
    return head
