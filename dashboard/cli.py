"""The ``dash`` command line (typer): the edge where dates, paths and printing live.

Exit codes: 0 ok, 1 user error (one clear message, no traceback), 2 data
problems found (``check``, ``ingest --strict``). Everything below this module
takes today's date as a value and prints nothing; the user hears what happened
from here. Heavy imports (polars, textual) happen inside the commands that need
them so ``dash query`` starts fast.
"""

from __future__ import annotations

import functools
import shlex
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import cli_text
from .errors import DashError, UserError

cli_text.install()  # click's and typer's own words (用法, 选项, 错误) in Chinese

app = typer.Typer(
    add_completion=False,
    no_args_is_help=False,
    invoke_without_command=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="dash：生态环境局法治建设台账看板。无子命令时打开看板。",
)

# The option families every command shares (one declaration each).
DbOption = Annotated[Optional[str], typer.Option(
    "--db", metavar="文件", help="数据库文件（默认 DASH_DB 或用户数据目录）")]
ConfigOption = Annotated[Optional[str], typer.Option(
    "--config", metavar="文件", help="配置文件 dash.toml（默认 DASH_CONFIG、当前目录、用户配置目录）")]
YearOption = Annotated[Optional[int], typer.Option(
    "--year", "-y", metavar="年度", help="年度（默认数据中最近的年度）")]
OutOption = Annotated[Optional[Path], typer.Option(
    "-o", "--output", metavar="文件", help="写入文件（格式可由扩展名决定）")]
UnmaskOption = Annotated[bool, typer.Option("--unmask", help="显示个人信息（默认遮蔽）")]


def say(message: str) -> None:
    """A line for the user on stderr (progress, notes, where a file was written), made safe to show."""
    from .output import safe_text

    print(safe_text(message), file=sys.stderr)


def show(text: str) -> None:
    """Text for stdout (a summary, an explanation), made safe to show."""
    from .output import safe_text

    sys.stdout.write(safe_text(text))


def _fail(message: str, code: int = 1) -> None:
    say(f"错误：{message}")
    raise typer.Exit(code)


def _interrupted() -> None:
    say("已中断")
    raise typer.Exit(130)


def _guard(fn):
    """Turn the core's user-facing errors into one line and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DashError as exc:
            _fail(str(_damaged(exc, kwargs) or exc))
        except KeyboardInterrupt:
            _interrupted()
        except Exception as exc:
            err = _damaged(exc, kwargs)
            if err is None:
                raise
            _fail(str(err))

    return wrapper


def _damaged(exc: Exception, kwargs: dict):
    """The store's own one-line message when a command met a damaged store file, else None."""
    from .store import damaged

    ctx = kwargs.get("ctx")
    return damaged(exc, kwargs.get("db") or (getattr(ctx, "obj", None) or {}).get("db"))


@dataclass(frozen=True)
class Edge:
    """What a command knows from its options and environment: store, config, today."""

    db: Optional[str]
    config: Optional[str]
    today: date

    def load_config(self):
        from . import config as cfgmod

        return cfgmod.load(self.config)

    def store_path(self) -> Path:
        """The store, built from the bundled sample data on first use at the default location."""
        from . import bootstrap

        path, _ = bootstrap.ensure_store(self.db, self.today, say)
        return path

    def figures(self, unmask: bool = False, settings: Optional[dict[str, str]] = None):
        from . import bootstrap

        return bootstrap.open_figures(self.store_path(), self.load_config(), self.today, unmask, say, settings)


def _edge(ctx: typer.Context, db: Optional[str] = None, config: Optional[str] = None) -> Edge:
    from .clock import today_from_env

    obj = ctx.obj or {}
    return Edge(db or obj.get("db"), config or obj.get("config"), today_from_env())


@app.callback()
def main_callback(
    ctx: typer.Context,
    db: DbOption = None,
    config: ConfigOption = None,
    year: Annotated[Optional[int], typer.Option("--year", metavar="年度", help="打开时显示的年度")] = None,
    unmask: UnmaskOption = False,
    served: Annotated[bool, typer.Option("--served", hidden=True)] = False,  # one session of dash serve
) -> None:
    """Without a subcommand, open the dashboard."""
    ctx.ensure_object(dict)
    ctx.obj.update(db=db, config=config)
    if ctx.invoked_subcommand is None:
        _guard(_open_dashboard)(ctx, year, unmask, served)


def _open_dashboard(ctx: typer.Context, year: Optional[int], unmask: bool, served: bool = False) -> None:
    edge = _edge(ctx)
    if year is not None and year != edge.today.year:  # a wrong year is said first, terminal or not
        figures = edge.figures()
        try:
            years = figures.years
        finally:
            figures.close()
        if year not in years:
            from .figures import no_data_note

            raise UserError(f"{no_data_note(year, years)}，看板不打开没有数据的年度")
    if not served and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError("需要在终端中运行（或用 dash query / dash draft）")
    try:
        from .tui.app import run_dashboard
    except ImportError:
        raise UserError("看板尚未安装（dashboard.tui 不可用）；可先用 dash query") from None
    run_dashboard(edge.db, edge.load_config(), edge.today, year=year, unmask=unmask, say=say, served=served)


def _latest_year(figures, edge: Edge, what: str = "使用") -> int:
    """The year a command works on when none is given: the latest with data (say so)."""
    from .clock import Period

    year = figures.years[-1] if figures.years else edge.today.year
    as_of = Period.of(year, edge.today).as_of
    say(f"（未指定 --year，{what}数据中最近的年度 {year}，截至{as_of.isoformat()}）")
    return year


def _note_year_without_data(figures, year: int) -> None:
    """2030年无数据（有数据的年度：2023–2025）on stderr: a figure of such a year is not a real 0."""
    if year not in figures.years:
        from .figures import no_data_note

        say(f"注意：{no_data_note(year, figures.years)}")


# ------------------------------------------------------------------ ingest / check


# Inputs larger than this get a progress bar on stderr (when it is a terminal).
PROGRESS_BYTES = 8 * 1024 * 1024


def _progress_printer(enabled: bool):
    """A rich progress bar on stderr for large inputs; None when not wanted."""
    if not enabled:
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                   transient=True, console=Console(stderr=True))
    task = bar.add_task("读取", total=None)

    def update(done: int, total: int, label: str) -> None:
        bar.update(task, completed=done, total=total, description=f"读取 {label[:30]}")

    return bar, update


def _files_size(dirs: list[Path]) -> int:
    from .ingest import discover

    try:
        files, _ = discover(dirs)
    except DashError:
        return 0
    return sum(p.stat().st_size for p in files if p.exists())


@contextmanager
def _progress(dirs: list[Path]):
    """A progress callback for large inputs (a bar on stderr), else None."""
    bar, update = _progress_printer(_files_size(dirs) > PROGRESS_BYTES)
    if bar is not None:
        bar.start()
    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


DirsArgument = Annotated[list[Path], typer.Argument(metavar="目录…", help="台账导出文件所在目录（或文件）")]


@app.command()
@_guard
def ingest(
    ctx: typer.Context,
    dirs: DirsArgument,
    db: DbOption = None,
    config: ConfigOption = None,
    replace: Annotated[bool, typer.Option("--replace", help="导出库只保留这次给出的文件（原有导出移出）")] = False,
    allow_empty: Annotated[bool, typer.Option(
        "--allow-empty", help="允许某个现有台账因此变为没有记录（与 --replace、sources remove 同用）")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="发现问题时不写入数据库，退出码 2")] = False,
) -> None:
    """把台账导出加入导出库，再用导出库中的全部导出重建数据库。"""
    from . import sources
    from .report_text import ingest_summary
    from .store import resolve_db

    edge = _edge(ctx, db, config)
    aliases = edge.load_config().extra_aliases
    path, _ = resolve_db(edge.db)
    try:
        with _progress(dirs) as update:
            out = sources.ingest(dirs, path, today=edge.today, aliases=aliases, replace=replace,
                                 allow_empty=allow_empty, strict=strict, progress=update)
    except sources.NothingToLoad as exc:
        show(ingest_summary(exc.outcome))
        raise
    show(ingest_summary(out))
    if strict and not out.written and out.batch_report().has_problems:
        say("发现问题（--strict）：数据库未改动。")
        raise typer.Exit(2)
    if out.written:
        show(f"已写入 {out.db}\n")


@app.command()
@_guard
def check(ctx: typer.Context, dirs: DirsArgument, config: ConfigOption = None) -> None:
    """与 ingest 相同的校验，不写入任何东西；有问题时退出码 2。"""
    from .ingest import check_paths
    from .report_text import check_summary

    edge = _edge(ctx, None, config)
    with _progress(dirs) as update:
        report = check_paths(dirs, edge.load_config().extra_aliases, update, today=edge.today)
    show(check_summary(report))
    if report.has_problems:
        raise typer.Exit(2)


sources_app = typer.Typer(help="导出库：数据库由其中的导出文件建成。无子命令时列出全部导出。",
                          invoke_without_command=True, no_args_is_help=False)
app.add_typer(sources_app, name="sources")


@sources_app.callback()
def sources_main(
    ctx: typer.Context,
    db: DbOption = None,
    all_: Annotated[bool, typer.Option("--all", help="也列出已被较新导出取代的导出")] = False,
) -> None:
    """列出导出库中的导出（台账、期间、文件、行数、添加时间），以及数据库与导出库的情况。"""
    ctx.ensure_object(dict)
    if db:
        ctx.obj["db"] = db
    if ctx.invoked_subcommand is None:
        _guard(_list_sources)(ctx, all_)


def _list_sources(ctx: typer.Context, all_: bool) -> None:
    from .report_text import sources_listing
    from .store import resolve_db

    path, _ = resolve_db(_edge(ctx).db)
    print(sources_listing(path, all_), end="")


@sources_app.command("remove")
@_guard
def sources_remove(
    ctx: typer.Context,
    names: Annotated[list[str], typer.Argument(help="导出的编号（或其开头）或文件名，见 dash sources")],
    db: DbOption = None,
    config: ConfigOption = None,
    allow_empty: Annotated[bool, typer.Option("--allow-empty", help="允许某个现有台账因此变为没有记录")] = False,
) -> None:
    """把导出移出导出库，并重建数据库。"""
    from . import sources
    from .report_text import ingest_summary
    from .store import resolve_db

    edge = _edge(ctx, db, config)
    path, _ = resolve_db(edge.db)
    out = sources.remove(path, names, today=edge.today, aliases=edge.load_config().extra_aliases,
                         allow_empty=allow_empty)
    print(ingest_summary(out), end="")
    print(f"已写入 {out.db}")


@sources_app.command("rebuild")
@_guard
def sources_rebuild(ctx: typer.Context, db: DbOption = None, config: ConfigOption = None) -> None:
    """用导出库中的导出重建数据库（改了 dash.toml 的别名之后，或数据库文件损坏时）。"""
    from . import sources
    from .report_text import ingest_summary
    from .store import resolve_db

    edge = _edge(ctx, db, config)
    path, _ = resolve_db(edge.db)
    out = sources.rebuild(path, today=edge.today, aliases=edge.load_config().extra_aliases)
    print(ingest_summary(out), end="")
    print(f"已写入 {out.db}")


@app.command()
@_guard
def restore(
    ctx: typer.Context,
    when: Annotated[Optional[str], typer.Argument(help="要恢复的旧数据库：序号或时间开头（不给则列出）")] = None,
    db: DbOption = None,
) -> None:
    """恢复此前的数据库（保留最近 5 个）；被替换的数据库同样保留，可再恢复回来。"""
    from . import sources
    from .store import resolve_db

    path, _ = resolve_db(_edge(ctx, db).db)
    if when is None:
        kept = sources.backups(path)
        if not kept:
            say("没有保留的旧数据库。")
            return
        from . import output

        rows = [(i, b.when) for i, b in enumerate(kept, 1)]
        sys.stdout.write(output.render(["序号", "被替换的时间"], rows, "table"))
        say("用 dash restore 序号 恢复其中一个。")
        return
    chosen = sources.restore(path, when)
    print(f"已恢复 {chosen.when} 被替换前的数据库到 {path}；刚才的数据库也已保留（dash restore 可再换回）")


# ------------------------------------------------------------------ query / schema


def _looks_like_sql(text: str) -> bool:
    from .sql_guard import is_statement_word

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
        from .ledgers import column_labels

        mode = self.column_names or ("raw" if self.fmt == "json" else "label")
        return column_labels(list(columns)) if mode == "label" else list(columns)

    def __call__(self, columns, rows, truncated: bool = False) -> None:
        n = self.write(columns, [rows])
        if truncated:
            say(f"（只显示前 {n} 行；用 --limit 调整）")

    def write(self, columns, batches) -> int:
        """Write every batch of rows; the number of rows written."""
        from . import output

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
        from . import output

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
    from . import output, queries

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
        from .queries import QueryLimit

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
        from . import queries

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
    from . import queries, sql_guard

    sql_guard.check_read_only(sql)
    shown.stream(figures, lambda cur, limit: queries.stream_sql(cur, sql, None, limit))


def _named(figures, edge: Edge, name: str, year: Optional[int], as_of: Optional[str], extra: dict[str, str],
           rows: bool, shown: Shown) -> None:
    from . import output, queries
    from .clock import Period, parse_day
    from .workdays import uses_calendar

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
    if q.is_figure and not rows:
        with figures.cursor() as cur, queries.time_limit(cur, shown.timeout):
            value, n = queries.figure(cur, q, params)
        if n == 0 and period is not None:
            _note_year_without_data(figures, period.year)  # only an empty answer needs the years read
        text = ", ".join(f"{k}={output.fmt_value(v)}" for k, v in params.items())
        return shown.emit(["查询名", "指标", "值", "单位", "记录数", "参数"], [(q.name, q.label, value, q.unit, n, text)])
    from .figures import reading_order

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
    from . import output
    from .ledgers import LEDGERS, PROVENANCE

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


# ------------------------------------------------------------------ draft / serve


@app.command()
@_guard
def draft(
    ctx: typer.Context,
    year: Annotated[Optional[int], typer.Option("--year", "-y", help="报告年度（默认数据中最近的年度）")] = None,
    section: Annotated[str, typer.Option("--section", help="起草的部分：1,2,3,4 中的一个或几个（默认全部）")] = "1,2,3,4",
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="md|txt|docx")] = None,
    out: OutOption = None,
    explain: Annotated[bool, typer.Option("--explain", help="列出每个数字的查询、参数、值和记录数")] = False,
    show_rows: Annotated[bool, typer.Option("--rows", help="与 --explain 同用：同时列出每个数字背后的记录")] = False,
    unmask: UnmaskOption = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """起草年度法治政府建设情况报告（默认第一至四部分）。"""
    from . import output
    from .clock import Period
    from .drafting import render as rendering
    from .drafting.build import build_draft, parse_sections
    from .drafting.export import DRAFT_FORMATS, draft_bytes

    fmt = output.choose_format(fmt, out, DRAFT_FORMATS)
    if fmt == "docx" and out is None:
        raise UserError("docx 格式需要 -o 文件名，例如 dash draft -f docx -o 法治政府建设情况报告.docx")
    try:
        sections = parse_sections(section)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    edge = _edge(ctx, db, config)
    figures = edge.figures(unmask)
    try:
        if year is None:
            year = _latest_year(figures, edge, "起草")
        elif year not in figures.years:
            _note_year_without_data(figures, year)
            say("草稿将只有待补充项。")
        period = Period.of(year, edge.today)
        result = build_draft(figures, period, sections)
        data = draft_bytes(result, fmt)
        if out is None:
            show(data.decode("utf-8"))
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
            say(f"已写入 {out}")
        if explain or show_rows:
            show("\n" + rendering.explain(result))
            for note in _calendar_notes(figures, period):
                show(f"注：{note}\n")
            if show_rows:
                show("\n" + rendering.rows_behind(result, figures))
        say(rendering.summary(result))
    finally:
        figures.close()


def _calendar_notes(figures, period) -> list[str]:
    """The working-day clocks' note for a year without holiday data (once, naming the figures)."""
    from . import queries
    from .workdays import uses_calendar

    counted = [q for q in queries.catalogue().values() if uses_calendar(q.params)]
    notes = {figures.calendar_note(q.name, period) for q in counted} - {None}
    return [f"{'、'.join(q.label for q in counted)}：{n}" for n in sorted(notes)]


@app.command()
@_guard
def brief(
    ctx: typer.Context,
    year: YearOption = None,
    fmt: Annotated[Optional[str], typer.Option(
        "--format", "-f", metavar="格式", help="md|docx（默认 md，或按 -o 的扩展名）")] = None,
    out: OutOption = None,
    unmask: UnmaskOption = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """会议简报：各领域主要指标及同比、各股室待办数、超期最久的事项，一页。"""
    from . import output
    from .brief import build_brief
    from .brief_docx import BRIEF_FORMATS, brief_bytes
    from .clock import Period

    fmt = output.choose_format(fmt, out, BRIEF_FORMATS)
    if fmt == "docx" and out is None:
        raise UserError("docx 格式需要 -o 文件名，例如 dash brief -o 会议简报.docx")
    edge = _edge(ctx, db, config)
    figures = edge.figures(unmask)
    try:
        if year is None:
            year = _latest_year(figures, edge)
        else:
            _note_year_without_data(figures, year)
        data = brief_bytes(build_brief(figures, Period.of(year, edge.today)), fmt)
        if out is None:
            sys.stdout.write(data.decode("utf-8"))
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
            say(f"已写入 {out}")
    finally:
        figures.close()


@app.command()
@_guard
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="监听地址（默认仅本机 127.0.0.1）")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口（0 为自动选择）", min=0, max=65535)] = 8000,
    max_sessions: Annotated[int, typer.Option("--max-sessions", help="同时打开的看板上限", min=1)] = 3,
    public_url: Annotated[Optional[str], typer.Option(
        "--public-url", help="经反向代理访问时的地址，如 https://dash.example.gov.cn")] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """在浏览器中打开同一个看板；需用启动时打印的带令牌地址访问，默认只监听 127.0.0.1。"""
    import shlex

    try:
        from .tui.serve import ServeOptions, is_loopback, serve as run_server
    except ImportError:
        raise UserError("网页看板不可用（缺少 textual-serve）") from None
    edge = _edge(ctx, db, config)
    edge.load_config()  # a broken dash.toml is one line here, not an error page in every session
    store = edge.store_path().resolve()  # built here: a served session may not write files
    if not store.exists():
        raise UserError(f"数据库不存在：{store}。先运行 dash ingest 目录 --db {store}")
    parts = [sys.executable, "-m", "dashboard", "--served", "--db", str(store)]
    if edge.config:
        parts += ["--config", str(Path(edge.config).resolve())]
    if public_url and not public_url.startswith(("http://", "https://")):
        raise UserError(f"--public-url 应以 http:// 或 https:// 开头：{public_url}")
    if not is_loopback(host):
        say(f"警告：看板将监听 {host}，传输未加密（HTTP），同一网络中的人可能截获访问令牌和数据；"
            "需要从其他电脑访问时，请放在带 TLS 和登录的反向代理之后（见 README）。")
    # exec: the shell textual-serve starts becomes the dashboard, one process per session.
    options = ServeOptions("exec " + shlex.join(parts), host=host, port=port, max_sessions=max_sessions,
                           public_url=public_url)

    def ready(url: str) -> None:
        print(f"看板地址（含本次启动的访问令牌，勿外传）：{url}", flush=True)
        say(f"最多同时 {max_sessions} 个会话；Ctrl+C 停止。")

    run_server(options, ready)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # Ctrl-C before a command started (click would say "Aborted!")
        say("已中断")
        sys.exit(130)
