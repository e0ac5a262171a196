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

A block with ``value`` is a *figure*: its SQL selects the rows behind the figure
and ``value`` aggregates them, so a figure and its drill-down rows can never
disagree. A block without ``value`` is a *table* (a breakdown) shown as is.
Parameters are DuckDB named parameters (``$year``, ``$as_of``, clocks from the
config); they are found in the SQL itself.
"""

from __future__ import annotations

import re
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
                found[q.name] = q
        _CACHE[key] = found
    return _CACHE[key]


def get(name: str) -> Query:
    cat = catalogue()
    if name in cat:
        return cat[name]
    import difflib

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
    except duckdb.Error as exc:
        raise QueryError(_duck_message(exc)) from None


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


_WRITE_WORDS = {"INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "COPY", "ATTACH", "DETACH",
                "INSTALL", "LOAD", "SET", "RESET", "PRAGMA", "CALL", "EXPORT", "IMPORT", "VACUUM",
                "CHECKPOINT", "USE", "TRUNCATE", "MERGE", "GRANT", "BEGIN", "COMMIT", "ROLLBACK"}


def check_read_only(sql: str) -> None:
    """Refuse anything but SELECT-like statements, with one line."""
    import duckdb

    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(_duck_message(exc)) from None
    if not statements:
        raise QueryError("SQL 为空")
    for st in statements:
        kind = st.type.name if hasattr(st.type, "name") else str(st.type)
        if kind not in ("SELECT", "EXPLAIN"):
            raise QueryError(f"只读：dash query 不执行 {_verb(st.query, kind)} 语句，数据库未改动")
    if len(statements) > 1:
        raise QueryError("一次只能执行一条 SELECT 语句")


_COMMENT = re.compile(r"/\*.*?\*/|--[^\n]*", re.S)


def is_statement_word(text: str) -> bool:
    """A lone SQL command word (``VACUUM``, ``CHECKPOINT``), not a query name."""
    return text.strip().upper() in _WRITE_WORDS


def _verb(sql: str, kind: str) -> str:
    """The statement's verb as the user wrote it, comments and a leading WITH … left aside."""
    words = _COMMENT.sub(" ", sql).split()
    first = words[0].upper().rstrip(";") if words else kind
    if first in ("WITH", "SELECT", "FROM") or not first.isalpha():  # WITH x AS (…) DELETE → DELETE
        return "PIVOT" if kind == "MULTI" else kind
    return first


def _duck_message(exc: Exception) -> str:
    text = str(exc).strip()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    head = lines[0] if lines else type(exc).__name__
    if "file system operations are disabled" in text or "external access" in text.lower():
        return "只读：dash query 不能读写数据库以外的文件"
    if len(lines) > 1 and "LINE" in text:
        return head + " " + " ".join(ln.strip() for ln in lines[1:3])
    return head
