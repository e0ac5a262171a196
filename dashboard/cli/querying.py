"""Questions from the shell: ``dash query`` (named queries, figures with their rows, read-only SQL,
streamed within a time and memory limit) and ``dash schema``."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import DashError, UserError
from .base import (
    ConfigOption,
    DbOption,
    Edge,
    OutOption,
    UnmaskOption,
    YearOption,
    _edge,
    _guard,
    _latest_year,
    _note_year_without_data,
    app,
    say,
)

def _looks_like_sql(text: str) -> bool:
    from ..sql_guard import is_statement_word

    return (any(ch.isspace() for ch in text.strip()) or text.strip().upper().startswith(("SELECT", "WITH", "FROM"))
            or is_statement_word(text))


def _parse_params(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise UserError(f"--param 应为 名称=值：{item}")
        k, v = item.split("=", 1)
        out[k.strip()] = v.strip()
    return out


COLUMN_NAMES = ("label", "raw")
# Rows a table on the terminal shows unless --all (csv, json, md and xlsx have no cap).
TABLE_ROWS = 10_000


def _terminal_width() -> int | None:
    """The terminal's width for a table on stdout (``COLUMNS`` wins); None when not a terminal."""
    import os
    import shutil

    if not os.environ.get("COLUMNS") and not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


@dataclass(frozen=True)
class Emit:
    """Where and how a command's table goes: streamed a batch at a time, to stdout or a file,
    headed with Chinese labels (unless raw names are asked for), fitted to the terminal.

    A file is written beside its final name and renamed into place when complete,
    so a query stopped by its time limit or Ctrl-C leaves no half-written file.
    """

    fmt: str
    out: Optional[Path]
    column_names: Optional[str] = None  # label (Chinese; default but for json) | raw
    wide: bool = False  # keep long cells whole instead of fitting the terminal
    bom: bool = True  # csv starts with a UTF-8 BOM, so Excel on a Chinese Windows PC reads it as UTF-8

    def __post_init__(self) -> None:
        if self.column_names not in (None, *COLUMN_NAMES):
            raise UserError(f"--column-names 应为 label（中文列名）或 raw（规范列名）：{self.column_names}")

    def headers(self, columns) -> list[str]:
        """Chinese labels for the result's columns unless raw names were asked for (json keeps raw
        names by default: it is read by programs)."""
        from ..ledgers import column_labels

        mode = self.column_names or ("raw" if self.fmt == "json" else "label")
        return column_labels(list(columns)) if mode == "label" else list(columns)

    def __call__(self, columns, rows, truncated: bool = False) -> None:
        n = self.write(columns, [rows])
        if truncated:
            say(f"（只显示前 {n} 行；用 --limit 调整）")

    def write(self, columns, batches) -> int:
        """Write every batch of rows; the number of rows written."""
        from .. import output

        columns = self.headers(columns)
        counted = _Counted(batches)
        if self.out is None:
            try:
                self._text_to(sys.stdout, columns, counted)
                sys.stdout.flush()
            except BrokenPipeError:  # `dash query … | head`: the reader has gone, nothing more to show
                _quiet_stdout()
            return counted.rows
        part = self.out.with_name(f".{self.out.name}.part")
        try:
            if self.fmt == "xlsx":
                output.write_xlsx(columns, (r for b in counted for r in b), part)
            else:
                with part.open("w", encoding="utf-8", newline="") as fh:
                    self._text_to(fh, columns, counted)
            part.replace(self.out)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        say(f"已写入 {self.out}（{counted.rows} 行）")
        return counted.rows

    def _text_to(self, fh, columns, batches) -> None:
        from .. import output

        if self.fmt == "csv" and self.bom:
            fh.write("\ufeff")
        width = _terminal_width() if self.fmt == "table" and fh is sys.stdout else None
        for piece in output.chunks(columns, batches, self.fmt, width=width, wide=self.wide):
            fh.write(piece)


class _Counted:
    """Batches of rows passed through, counting the rows."""

    def __init__(self, batches) -> None:
        self.batches = batches
        self.rows = 0

    def __iter__(self):
        for batch in self.batches:
            self.rows += len(batch)
            yield batch


def _quiet_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _memory_setting(text: str) -> str:
    import re

    if not re.fullmatch(r"\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)\s*", text, re.I):
        raise UserError(f"--memory-limit 应为大小，如 1GB、512MB：{text}")
    return text.strip()


@app.command()
@_guard
def query(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Argument(
        metavar="[查询]", help="查询名或中文指标名（见 --list），或一条 SELECT 语句")] = None,
    year: YearOption = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", metavar="日期", help="判断逾期的日期 YYYY-MM-DD（默认：往年为12月31日，今年为今天）")] = None,
    param: Annotated[list[str], typer.Option(
        "--param", "-p", metavar="名称=值", help="其他参数")] = [],  # noqa: B006
    rows: Annotated[bool, typer.Option("--rows", "-r", help="列出指标背后的记录")] = False,
    fmt: Annotated[Optional[str], typer.Option(
        "--format", "-f", metavar="格式", help="table|csv|json|md|xlsx（默认 table，或按 -o 的扩展名）")] = None,
    out: OutOption = None,
    limit: Annotated[Optional[int], typer.Option("--limit", metavar="行数", help="最多输出的行数", min=0)] = None,
    all_rows: Annotated[bool, typer.Option("--all", help=f"表格显示全部行（默认最多 {TABLE_ROWS:,} 行）")] = False,
    timeout: Annotated[float, typer.Option("--timeout", metavar="秒", help="查询最长秒数，超时即停止（0 为不限）",
                                           min=0)] = 30.0,
    memory_limit: Annotated[str, typer.Option("--memory-limit", metavar="大小", help="DuckDB 可用内存上限")] = "1GB",
    no_bom: Annotated[bool, typer.Option("--no-bom", help="csv 开头不写 UTF-8 BOM（用于管道）")] = False,
    list_: Annotated[bool, typer.Option("--list", "-l", help="列出全部命名查询")] = False,
    column_names: Annotated[Optional[str], typer.Option(
        "--column-names", metavar="label|raw", help="列名：label 为中文（默认；json 默认 raw），raw 为规范列名")] = None,
    wide: Annotated[bool, typer.Option("--wide", help="表格不按终端宽度截断长单元格")] = False,
    unmask: UnmaskOption = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """运行命名查询，或对规范表及其中文视图执行只读 SQL。"""
    from .. import output, queries

    emit = Emit(output.choose_format(fmt, out, output.FORMATS), out, column_names, wide, bom=not no_bom)
    if emit.fmt == "xlsx" and out is None:
        raise UserError("xlsx 格式需要 -o 文件名")
    if list_:
        cols = ["查询名", "指标", "单位", "参数", "文件"]
        return emit(cols, [(q.name, q.label, q.unit, ", ".join(q.params), q.file)
                           for q in queries.catalogue().values()])
    if not name:
        raise UserError("请给出查询名或 SQL；dash query --list 查看全部查询")
    # Spilling off: a query cannot reach a temp folder, and stops at the memory limit instead.
    settings = {"memory_limit": _memory_setting(memory_limit), "temp_directory": ""}
    capped = limit is None and emit.fmt == "table" and not all_rows
    shown = Shown(emit, TABLE_ROWS if capped else limit, capped, timeout or None)
    edge = _edge(ctx, db, config)
    figures = edge.figures(unmask, settings)
    try:
        if _looks_like_sql(name):
            return _ad_hoc(figures, name, shown)
        return _named(figures, edge, name, year, as_of, _parse_params(param), rows, shown)
    except DashError as exc:
        # A database message can quote a value ("could not convert '张三'"): masked like any other text.
        from ..queries import QueryLimit

        # (a limit's message is dash's own words: nothing to mask, and masking could meet the same limit)
        raise UserError(str(exc) if isinstance(exc, QueryLimit) else figures.masker.message(exc)) from None
    finally:
        figures.close()


@dataclass(frozen=True)
class Shown:
    """How much of a query's result goes out, and within what time."""

    emit: Emit
    limit: Optional[int]
    capped: bool  # the table's own cap, not --limit
    timeout: Optional[float]

    def stream(self, figures, start, order=None) -> int:
        """Run ``start(cursor, limit)`` (a :class:`queries.Stream`) within the time limit and write it
        masked, its columns in ``order(columns)`` when given; the number of rows written."""
        from .. import queries

        masker = figures.masker
        with figures.cursor() as cur, queries.time_limit(cur, self.timeout):
            st = start(cur, self.limit)
            columns = list(st.columns)
            index = order(columns) if order is not None else list(range(len(columns)))
            batches = ([tuple(r[i] for i in index) for r in masker.rows(columns, b)] for b in st.batches())
            n = self.emit.write(masker.columns([columns[i] for i in index]), batches)
        if st.truncated and self.capped:
            say(f"（只显示前 {n:,} 行；--all 显示全部，或 -f csv -o 文件 导出全部）")
        elif st.truncated:
            say(f"（只显示前 {n:,} 行；用 --limit 调整）")
        return n


def _ad_hoc(figures, sql: str, shown: Shown) -> None:
    from .. import queries, sql_guard

    sql_guard.check_read_only(sql)
    shown.stream(figures, lambda cur, limit: queries.stream_sql(cur, sql, None, limit))


def _named(figures, edge: Edge, name: str, year: Optional[int], as_of: Optional[str], extra: dict[str, str],
           rows: bool, shown: Shown) -> None:
    from .. import output, queries
    from ..clock import Period, parse_day
    from ..workdays import uses_calendar

    q = queries.lookup(name)
    period = None
    if "year" in q.params or "as_of" in q.params:
        if year is None and "year" not in extra:
            year = _latest_year(figures, edge)
        if year is not None:
            period = Period.of(year, edge.today, parse_day(as_of) if as_of else None)
    params = figures.params(q, period, extra)
    if period is not None and uses_calendar(q.params):
        note = figures.calendar_note(q.name, period)
        if note:
            say(f"注：{note}")
    missing = figures.missing_note(q.name) if q.is_figure else None
    if missing:
        say(missing)
    if q.is_figure and not rows:
        if missing:  # not a number: the value is left empty
            value, n = None, None
        else:
            with figures.cursor() as cur, queries.time_limit(cur, shown.timeout):
                value, n = queries.figure(cur, q, params)
        if n == 0 and period is not None:
            _note_year_without_data(figures, period.year)  # only an empty answer needs the years read
        text = ", ".join(f"{k}={output.fmt_value(v)}" for k, v in params.items())
        return shown.emit(["查询名", "指标", "值", "单位", "记录数", "参数"], [(q.name, q.label, value, q.unit, n, text)])
    from ..figures import reading_order

    # What, whose, due and days overdue first; personal data last.
    n = shown.stream(figures, lambda cur, limit: queries.stream_rows(cur, q, params, limit),
                     order=lambda columns: reading_order(q, list(columns)))
    if n == 0 and period is not None:
        _note_year_without_data(figures, period.year)


@app.command()
@_guard
def schema(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table|csv|json|md")] = "table",
    no_bom: Annotated[bool, typer.Option("--no-bom", help="csv 开头不写 UTF-8 BOM（用于管道）")] = False,
    config: ConfigOption = None,
) -> None:
    """列出规范表与列（中文名、类型、必填、个人信息、表头别名，含 dash.toml 中的别名）。

    表结构来自台账声明，不读数据库。
    """
    from .. import output
    from ..ledgers import LEDGERS, PROVENANCE

    fmt = output.choose_format(fmt, None, ("table", "csv", "json", "md"))
    extra = _edge(ctx, None, config).load_config().extra_aliases
    cols = ["表", "中文视图", "列", "中文名", "类型", "必填", "键", "个人信息", "表头别名"]
    data = []
    for lg in LEDGERS:
        for c in (*lg.columns, *PROVENANCE):
            aliases = [*c.aliases, *extra.get(lg.table, {}).get(c.name, [])]
            data.append((lg.table, lg.label, c.name, c.label, c.type.sql, "是" if c.required else "",
                         "是" if c.name in lg.key else "", "是" if c.pii else "", "、".join(aliases)))
    Emit(fmt, None, bom=not no_bom)(cols, data)
