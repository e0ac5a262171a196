"""Where dash finds its bundled files and its store."""

from __future__ import annotations

import os
from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    # An installed wheel carries the folders inside the package; a source
    # checkout (editable install, tests) has them at the repository root.
    inside = _PKG / "_bundled" / name
    return inside if inside.is_dir() else _PKG.parent / name


def queries_dir() -> Path:
    return _bundled("queries")


def sample_data_dir() -> Path:
    return _bundled("sample_data")


def data_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dash"


def default_db() -> Path:
    return data_home() / "dash.duckdb"


def config_home() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "dash"
