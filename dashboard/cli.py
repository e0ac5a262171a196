"""The ``dash`` command line (typer).

Exit codes: 0 ok, 1 user error (one clear message, no traceback), 2 data
problems found (``check``, ``ingest --strict``). Heavy imports (polars,
textual) happen inside the commands that need them so ``dash query`` starts fast.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from .errors import DashError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=False,
    invoke_without_command=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="dash：生态环境局法治建设台账看板。无子命令时打开看板。",
)

DbOpt = typer.Option(None, "--db", help="数据库文件（默认 DASH_DB 或用户数据目录）")
ConfigOpt = typer.Option(None, "--config", help="配置文件 dash.toml（默认 DASH_CONFIG、当前目录、用户配置目录）")


class UserError(DashError):
    """Shown as one line on stderr; exit code 1."""


def _fail(message: str, code: int = 1) -> None:
    print(f"错误：{message}", file=sys.stderr)
    raise typer.Exit(code)


def _guard(fn):
    """Turn the core's user-facing errors into one line and exit code 1."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DashError as exc:
            _fail(str(_damaged(exc, kwargs) or exc))
        except KeyboardInterrupt:
            _fail("已中断", 130)
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


@app.callback()
def main_callback(
    ctx: typer.Context,
    db: Optional[str] = DbOpt,
    config: Optional[str] = ConfigOpt,
    year: Optional[int] = typer.Option(None, "--year", help="打开时显示的年度"),
    unmask: bool = typer.Option(False, "--unmask", help="显示个人信息（默认遮蔽）"),
) -> None:
    """Without a subcommand, open the dashboard."""
    ctx.ensure_object(dict)
    ctx.obj.update(db=db, config=config)
    if ctx.invoked_subcommand is None:
        _guard(_open_dashboard)(db, config, year, unmask)


def _open_dashboard(db, config, year, unmask) -> None:
    try:
        from .tui.app import run_dashboard
    except ImportError:
        raise UserError("看板尚未安装（dashboard.tui 不可用）；可先用 dash query") from None
    run_dashboard(db=db, config=config, year=year, unmask=unmask)


def _db(ctx: typer.Context, db: Optional[str]) -> Optional[str]:
    return db or (ctx.obj or {}).get("db")


def _cfg(ctx: typer.Context, config: Optional[str]):
    from . import config as cfgmod

    return cfgmod.load(config or (ctx.obj or {}).get("config"))


# ------------------------------------------------------------------ ingest / check


# Inputs larger than this get a progress bar on stderr (when it is a terminal).
PROGRESS_BYTES = 8 * 1024 * 1024


def _progress_printer(enabled: bool):
    """A rich progress bar on stderr for large inputs; None when not wanted."""
    if not enabled:
        return None, None
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                   transient=True, console=__import__("rich.console").console.Console(stderr=True))
    task = bar.add_task("读取", total=None)

    def update(done: int, total: int, label: str) -> None:
        bar.update(task, completed=done, total=total, description=f"读取 {label[:30]}")

    return bar, update


def _validate(ctx, dirs: list[Path], db: Optional[str], config: Optional[str], write: bool, strict: bool):
    from .ingest import check_paths, discover, ingest_paths

    cfg = _cfg(ctx, config)
    files, _ = discover(dirs)
    large = sum(p.stat().st_size for p in files if p.exists()) > PROGRESS_BYTES
    bar, update = _progress_printer(large)
    if bar is not None:
        bar.start()
    try:
        if write:
            from .store import resolve_db

            path, _ = resolve_db(_db(ctx, db))
            report = ingest_paths(dirs, path, cfg.extra_aliases, update, strict=strict)
        else:
            report = check_paths(dirs, cfg.extra_aliases, update)
    finally:
        if bar is not None:
            bar.stop()
    return report, (path if write else None)


@app.command()
@_guard
def ingest(
    ctx: typer.Context,
    dirs: list[Path] = typer.Argument(..., help="台账导出文件所在目录（或文件）"),
    db: Optional[str] = DbOpt,
    config: Optional[str] = ConfigOpt,
    strict: bool = typer.Option(False, "--strict", help="发现问题时不写入数据库，退出码 2"),
) -> None:
    """读取目录中的全部台账，校验后整体替换数据库。"""
    from .report_text import ingest_summary

    report, path = _validate(ctx, dirs, db, config, write=True, strict=strict)
    print(ingest_summary(report), end="")
    if strict and report.has_problems:
        print("发现问题（--strict）：数据库未改动。", file=sys.stderr)
        raise typer.Exit(2)
    print(f"已写入 {path}")


@app.command()
@_guard
def check(
    ctx: typer.Context,
    dirs: list[Path] = typer.Argument(..., help="台账导出文件所在目录（或文件）"),
    config: Optional[str] = ConfigOpt,
) -> None:
    """与 ingest 相同的校验，不写入任何东西；有问题时退出码 2。"""
    from .report_text import ingest_summary

    report, _ = _validate(ctx, dirs, None, config, write=False, strict=False)
    print(ingest_summary(report), end="")
    if report.has_problems:
        raise typer.Exit(2)


# ------------------------------------------------------------------ query / schema


def _looks_like_sql(text: str) -> bool:
    from .queries import is_statement_word

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


@app.command()
@_guard
def query(
    ctx: typer.Context,
    name: Optional[str] = typer.Argument(None, help="查询名（见 --list）或 SELECT 语句"),
    year: Optional[int] = typer.Option(None, "--year", "-y", help="年度（默认数据中最近的年度）"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="判断逾期的日期 YYYY-MM-DD（默认：往年为12月31日，今年为今天）"),
    param: list[str] = typer.Option([], "--param", "-p", help="其他参数 名称=值"),
    rows: bool = typer.Option(False, "--rows", "-r", help="列出指标背后的记录"),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="table|csv|json|md|xlsx"),
    out: Optional[Path] = typer.Option(None, "-o", "--output", help="写入文件"),
    limit: Optional[int] = typer.Option(None, "--limit", help="最多显示的行数"),
    list_: bool = typer.Option(False, "--list", "-l", help="列出全部命名查询"),
    unmask: bool = typer.Option(False, "--unmask", help="显示个人信息（默认遮蔽）"),
    db: Optional[str] = DbOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """运行命名查询，或对规范表及其中文视图执行只读 SQL。"""
    from . import output, queries

    fmt = fmt or (out.suffix.lstrip(".").lower() if out and out.suffix else "table")
    fmt = {"markdown": "md", "txt": "table"}.get(fmt, fmt)
    if fmt not in output.FORMATS:
        raise UserError(f"不支持的格式 {fmt}（可用：{'|'.join(output.FORMATS)}）")
    if fmt == "xlsx" and out is None:
        raise UserError("xlsx 格式需要 -o 文件名")
    if list_:
        cat = queries.catalogue()
        cols = ["查询名", "指标", "单位", "参数", "文件"]
        data = [(q.name, q.label, q.unit, ", ".join(q.params), q.file) for q in cat.values()]
        return _emit(cols, data, fmt, out)
    if not name:
        raise UserError("请给出查询名或 SQL；dash query --list 查看全部查询")

    from . import store
    from .mask import Masker

    path = store.ensure_store(_db(ctx, db))
    con = store.connect(path)
    masker = None
    try:
        masker = Masker.for_store(con, enabled=not unmask)
        if _looks_like_sql(name):
            queries.check_read_only(name)
            res = queries.run_sql(con, name, None, limit)
            return _emit(masker.columns(res.columns), masker.rows(res.columns, res.rows), fmt, out, res.truncated)
        q = queries.get(name)
        cfg = _cfg(ctx, config)
        extra = _parse_params(param)
        if year is None and "year" in q.params and "year" not in extra:
            ys = store.years(con)
            year = ys[-1] if ys else date.today().year
            print(f"（未指定 --year，使用数据中最近的年度 {year}）", file=sys.stderr)
        params = queries.bind(q.params, year, _date(as_of), cfg.query_params, extra)
        if q.is_figure and not rows:
            value, n = queries.figure(con, q, params)
            cols = ["查询名", "指标", "值", "单位", "记录数", "参数"]
            shown = ", ".join(f"{k}={output.fmt_value(v)}" for k, v in params.items())
            return _emit(cols, [(q.name, q.label, value, q.unit, n, shown)], fmt, out)
        res = queries.rows(con, q, params, limit)
        return _emit(res.columns, masker.rows(res.columns, res.rows), fmt, out, res.truncated)
    except DashError as exc:
        # A database message can quote a value ("could not convert '张三'"): masked like any other text.
        raise UserError(masker.message(exc) if masker is not None else str(exc)) from None
    finally:
        con.close()


def _date(text: Optional[str]) -> Optional[date]:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"--as-of 不是日期（应为 YYYY-MM-DD）：{text}") from None


def _emit(columns, rows, fmt: str, out: Optional[Path], truncated: bool = False) -> None:
    from . import output

    if fmt == "xlsx":
        output.write_xlsx(columns, rows, out)
        print(f"已写入 {out}（{len(rows)} 行）", file=sys.stderr)
        return
    text = output.render(columns, rows, fmt)
    if out is not None:
        out.write_text(text, encoding="utf-8")
        print(f"已写入 {out}（{len(rows)} 行）", file=sys.stderr)
    else:
        sys.stdout.write(text)
    if truncated:
        print(f"（只显示前 {len(rows)} 行；用 --limit 调整）", file=sys.stderr)


@app.command()
@_guard
def schema(
    ctx: typer.Context,
    fmt: str = typer.Option("table", "--format", "-f", help="table|csv|json|md"),
    db: Optional[str] = DbOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """列出规范表与列（中文名、类型、必填、个人信息、表头别名，含 dash.toml 中的别名）。

    表结构来自台账声明，不读数据库；--db 只为与其他命令一致而接受。
    """
    from . import output
    from .ledgers import LEDGERS, PROVENANCE

    if fmt not in ("table", "csv", "json", "md"):
        raise UserError(f"不支持的格式 {fmt}")
    extra = _cfg(ctx, config).extra_aliases
    cols = ["表", "中文视图", "列", "中文名", "类型", "必填", "键", "个人信息", "表头别名"]
    data = []
    for lg in LEDGERS:
        for c in (*lg.columns, *PROVENANCE):
            aliases = [*c.aliases, *extra.get(lg.table, {}).get(c.name, [])]
            data.append((lg.table, lg.label, c.name, c.label, c.type, "是" if c.required else "",
                         "是" if c.name in lg.key else "", "是" if c.pii else "", "、".join(aliases)))
    sys.stdout.write(output.render(cols, data, fmt))


@app.command()
@_guard
def draft(
    ctx: typer.Context,
    year: Optional[int] = typer.Option(None, "--year", "-y", help="报告年度（默认数据中最近的年度）"),
    section: str = typer.Option("3,4", "--section", help="起草的部分：3、4 或 3,4"),
    fmt: str = typer.Option("md", "--format", "-f", help="md|txt|docx"),
    out: Optional[Path] = typer.Option(None, "-o", "--output", help="写入文件（docx 必须指定）"),
    explain: bool = typer.Option(False, "--explain", help="列出每个数字的查询、参数、值和记录数"),
    show_rows: bool = typer.Option(False, "--rows", help="与 --explain 同用：同时列出每个数字背后的记录"),
    unmask: bool = typer.Option(False, "--unmask", help="显示个人信息（默认遮蔽）"),
    db: Optional[str] = DbOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """起草年度法治政府建设情况报告第三、四部分。"""
    from .drafting.command import run_draft

    run_draft(db=_db(ctx, db), config=_cfg(ctx, config), year=year, section=section, fmt=fmt, out=out,
              explain=explain, show_rows=show_rows, unmask=unmask)


@app.command()
@_guard
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址（默认仅本机）"),
    port: int = typer.Option(8000, "--port", help="端口"),
    db: Optional[str] = DbOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """在浏览器中打开同一个看板（textual-serve），默认只监听 127.0.0.1。"""
    import shlex

    from textual_serve.server import Server

    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"警告：看板将监听 {host}，局域网内其他人可以访问；数据默认仍遮蔽个人信息。", file=sys.stderr)
    parts = [sys.executable, "-m", "dashboard"]
    if _db(ctx, db):
        parts += ["--db", str(_db(ctx, db))]
    if config or (ctx.obj or {}).get("config"):
        parts += ["--config", str(config or ctx.obj["config"])]
    Server(shlex.join(parts), host=host, port=port, title="dash").serve()


def main() -> None:
    app()
