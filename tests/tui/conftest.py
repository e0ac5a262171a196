"""The TUI tests' own tiny store (never sample_data, whose numbers may change)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.config import Bureau, Config

from .fixture_data import TODAY, build_store


@pytest.fixture(scope="session")
def tui_store_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("tui-store")
    return build_store(base / "exports", base / "dash.duckdb")


@pytest.fixture
def tui_db(tui_store_master: Path, tmp_path: Path) -> Path:
    """A private copy of the fixture store (tests may replace it under the app)."""
    db = tmp_path / "dash.duckdb"
    shutil.copyfile(tui_store_master, db)
    return db


# The fixture bureau's configuration (a configured name, as a real bureau has).
BUREAU = Config(bureau=Bureau("永州市生态环境局新田分局", "新田分局"))


@pytest.fixture
def make_app(tui_db: Path, monkeypatch: pytest.MonkeyPatch):
    """Build a DashApp on the fixture store, judged as of the fixture's today."""
    from dashboard.tui.app import DashApp

    monkeypatch.delenv("NO_COLOR", raising=False)

    def make(**kwargs) -> DashApp:
        kwargs.setdefault("today", TODAY)
        db = kwargs.pop("db", tui_db)
        return DashApp(db, BUREAU, **kwargs)

    return make


async def settle(pilot) -> None:
    """Wait for every worker and the messages they posted (no sleeps)."""
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def visible_text(widget) -> str:
    """What a widget shows on screen, as plain text lines."""
    from textual.geometry import Region

    size = widget.region.size
    strips = widget.render_lines(Region(0, 0, size.width, size.height))
    return "\n".join(strip.text.rstrip() for strip in strips)
