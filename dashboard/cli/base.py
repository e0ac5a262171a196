"""What every command shares: the typer app, the option families, the one way to tell the user
(``say`` on stderr, ``show`` on stdout, both made safe), the error guard, and :class:`Edge`
(store, config and today, as the command's options and environment give them).
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import DashError

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
    from ..output import safe_text

    print(safe_text(message), file=sys.stderr)


def show(text: str) -> None:
    """Text for stdout (a summary, an explanation), made safe to show."""
    from ..output import safe_text

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
    from ..store import damaged

    ctx = kwargs.get("ctx")
    return damaged(exc, kwargs.get("db") or (getattr(ctx, "obj", None) or {}).get("db"))


@dataclass(frozen=True)
class Edge:
    """What a command knows from its options and environment: store, config, today."""

    db: Optional[str]
    config: Optional[str]
    today: date

    def load_config(self):
        from .. import config as cfgmod

        return cfgmod.load(self.config)

    def store_path(self) -> Path:
        """The store, built from the bundled sample data on first use at the default location."""
        from .. import bootstrap

        path, _ = bootstrap.ensure_store(self.db, self.today, say)
        return path

    def figures(self, unmask: bool = False, settings: Optional[dict[str, str]] = None):
        from .. import bootstrap

        return bootstrap.open_figures(self.store_path(), self.load_config(), self.today, unmask, say, settings)


def _edge(ctx: typer.Context, db: Optional[str] = None, config: Optional[str] = None) -> Edge:
    from ..clock import today_from_env

    obj = ctx.obj or {}
    return Edge(db or obj.get("db"), config or obj.get("config"), today_from_env())


def _latest_year(figures, edge: Edge, what: str = "使用") -> int:
    """The year a command works on when none is given: the latest with data (say so)."""
    from ..clock import Period

    year = figures.years[-1] if figures.years else edge.today.year
    as_of = Period.of(year, edge.today).as_of
    say(f"（未指定 --year，{what}数据中最近的年度 {year}，截至{as_of.isoformat()}）")
    return year


def _note_year_without_data(figures, year: int) -> None:
    """2030年无数据（有数据的年度：2023–2025）on stderr: a figure of such a year is not a real 0."""
    if year not in figures.years:
        from ..figures import no_data_note

        say(f"注意：{no_data_note(year, figures.years)}")
