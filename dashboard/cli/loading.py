"""Loading exports: ``dash ingest``, ``dash check``, ``dash sources [remove|rebuild]``, ``dash restore``."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import DashError
from .base import ConfigOption, DbOption, _edge, _guard, app, say, show

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
    from ..ingest import discover

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
    from .. import sources
    from ..report_text import ingest_summary
    from ..store import resolve_db

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
    from ..ingest import check_paths
    from ..report_text import check_summary

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
    from ..report_text import sources_listing
    from ..store import resolve_db

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
    from .. import sources
    from ..report_text import ingest_summary
    from ..store import resolve_db

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
    from .. import sources
    from ..report_text import ingest_summary
    from ..store import resolve_db

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
    from .. import sources
    from ..store import resolve_db

    path, _ = resolve_db(_edge(ctx, db).db)
    if when is None:
        kept = sources.backups(path)
        if not kept:
            say("没有保留的旧数据库。")
            return
        from .. import output

        rows = [(i, b.when) for i, b in enumerate(kept, 1)]
        sys.stdout.write(output.render(["序号", "被替换的时间"], rows, "table"))
        say("用 dash restore 序号 恢复其中一个。")
        return
    chosen = sources.restore(path, when)
    print(f"已恢复 {chosen.when} 被替换前的数据库到 {path}；刚才的数据库也已保留（dash restore 可再换回）")
