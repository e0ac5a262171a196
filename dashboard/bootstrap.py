"""First use: the store at the default location is built from the bundled sample data.

This sits above ingest and the store: :mod:`dashboard.store` only opens files,
and nothing below this module writes one as a side effect of reading it. The
edges (CLI, dashboard) call :func:`ensure_store` before they open the store and
:func:`open_figures` to open it, and pass a ``say`` callback for what the user
should hear (this module prints nothing itself).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from . import paths, store
from .config import Config
from .figures import Figures

Say = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def ensure_store(db: str | os.PathLike | None, today: date, say: Say = _quiet) -> tuple[Path, bool]:
    """(store path, whether it was just built from the sample data).

    Only the default location is built automatically; an explicit --db/DASH_DB
    that does not exist is the user's mistake and meets a message when opened.
    """
    path, explicit = store.resolve_db(db)
    if path.exists() or explicit:
        return path, False
    build_sample(path, today, "尚无数据库", say)
    return path, True


def build_sample(path: Path, today: date, why: str, say: Say = _quiet) -> None:
    """Build the store at ``path`` from the bundled sample data (its library holds the sample exports)."""
    from .sources import ingest_paths

    src = paths.sample_data_dir()
    say(f"{why}：用内置示例数据（{src}）建立 {path} …")
    report = ingest_paths([src], path, today=today)
    say(f"已建立示例数据库：{report.loaded} 行，来自 {len(report.sheets)} 个表。")


def connect(path: Path, today: date, say: Say = _quiet, settings: dict[str, str] | None = None):
    """A read-only connection (with more DuckDB ``settings``); an outdated sample store is built again first."""
    try:
        return store.connect(path, settings)
    except store.OutdatedSampleStore as exc:
        build_sample(path, today, f"{exc}，重建", say)
        return store.connect(path, settings)


def open_figures(path: Path, config: Config, today: date, unmask: bool = False, say: Say = _quiet,
                 settings: dict[str, str] | None = None) -> Figures:
    """:class:`Figures` over the store at ``path`` (an outdated sample store is built again first),
    with the configuration that store is read with (see :func:`config_for`)."""
    con = connect(path, today, say, settings)
    try:
        figures = Figures(path, config, unmask=unmask, con=con)
    except BaseException:
        con.close()
        raise
    figures.config = config_for(config, figures.meta)
    return figures


def sample_profile() -> dict:
    """The sample bureau's configuration (name, equipment, standing items), shipped with the sample."""
    from .config import read_toml

    path = paths.sample_data_dir() / "dash.toml"
    return read_toml(path) if path.is_file() else {}


def config_for(config: Config, meta: dict[str, str]) -> Config:
    """The configuration for a store: over a store built from the bundled sample alone, the
    sample bureau's profile lies under the user's own dash.toml (so its report is 新田分局's)."""
    if store.built_from_sample(meta):
        return config.with_profile(sample_profile())
    return config
