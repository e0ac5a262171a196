"""The ``dash`` command line (typer): the edge where dates, paths and printing live.

Exit codes: 0 ok, 1 user error (one clear message, no traceback), 2 data
problems found (``check``, ``ingest --strict``). Everything below this package
takes today's date as a value and prints nothing; the user hears what happened
from here. Heavy imports (polars, textual) happen inside the commands that need
them so ``dash query`` starts fast.

``base`` holds what every command shares; the commands are grouped by what the
user is doing: ``loading`` (ingest, check, sources, restore), ``querying``
(query, schema), ``writing`` (draft, brief), ``serving`` (the dashboard, serve).
``words`` puts click's and typer's own words into Chinese.
"""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from . import words

words.install()  # click's and typer's own words (用法, 选项, 错误) in Chinese

from .base import ConfigOption, DbOption, UnmaskOption, _guard, app, say  # noqa: E402
from . import loading, querying, writing  # noqa: E402,F401 - each registers its commands, in help's order
from .serving import _open_dashboard  # noqa: E402

__all__ = ["app", "main"]


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


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # Ctrl-C before a command started (click would say "Aborted!")
        say("已中断")
        sys.exit(130)
