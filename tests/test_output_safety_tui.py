"""The dashboard on a hostile store: what reaches the terminal shows escapes, never obeys them.

The check reads what Textual would write to the terminal for the whole screen
(the compositor's full update, escape codes and all), so a cell holding
``ESC ] 52`` (set the clipboard) or ``ESC [ 2 J`` (clear the screen) is caught
exactly as a terminal would meet it. Also: the record screen, the draft screen
and a notification quoting a store path that holds an escape sequence.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from dashboard import config
from tests.conftest import SAMPLE_TODAY
from tests.escapes import raw_controls
from tests.test_output_safety import hostile_exports

# Pieces of the hostile cells that only the cells can put on screen.
PAYLOADS = ["\x1b]52;c;", "\x1b[2J", "\x1b[31m假标题", "\u202e", "\u2066", "\x9b", "\x7f", "\x07"]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    from dashboard import paths
    from dashboard.sources import ingest_paths

    base = tmp_path_factory.mktemp("hostile-tui")
    db = base / "store.duckdb"
    ingest_paths([paths.sample_data_dir(), hostile_exports(base / "exports")], db, today=SAMPLE_TODAY)
    return db


def terminal_output(app) -> str:
    """Everything Textual would write to the terminal to paint the current screen."""
    return app.screen._compositor.render_full_update().render_segments(app.console)


def obeyed(out: str) -> list[str]:
    return [p.encode("unicode_escape").decode() for p in PAYLOADS if p in out]


async def settle(pilot) -> None:
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("unmask", [False, True], ids=["masked", "unmasked"])
async def test_rows_record_and_draft_screens_show_escapes(hostile_db, tmp_path, monkeypatch, unmask):
    from dashboard.tui.app import DashApp
    from dashboard.tui.draft.screen import DraftScreen
    from dashboard.tui.rows.record import RecordScreen

    monkeypatch.chdir(tmp_path)
    app = DashApp(hostile_db, config.Config(), today=SAMPLE_TODAY, year=2025, unmask=unmask)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        app.open_rows("petitions_all")
        await settle(pilot)
        await pilot.press("slash", "X", "F", "H", "enter")  # only the hostile rows
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        cells = [str(c) for i in range(table.row_count) for c in table.get_row_at(i)]
        assert any("\\x1b]52;c;" in c for c in cells), cells  # the hostile rows are on screen
        assert raw_controls(" ".join(cells)) == []
        assert obeyed(terminal_output(app)) == []

        table.move_cursor(row=0)
        table.action_select_cursor()
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        assert obeyed(terminal_output(app)) == []
        app.pop_screen()
        app.pop_screen()
        await settle(pilot)

        app.action_draft()
        await settle(pilot)
        assert isinstance(app.screen, DraftScreen) and app.screen.draft is not None
        text = app.screen.draft.text
        assert "《噪声法》\\x1b]52" in text and raw_controls(text) == []  # shown (its ; written as the draft writes them)
        assert obeyed(terminal_output(app)) == []


async def test_a_notification_quoting_a_path_shows_its_escapes(tmp_path):
    from dashboard.tui.app import DashApp

    folder = tmp_path / "台账\x1b]52;c;aGk=\x07[reverse]"
    folder.mkdir()
    app = DashApp(folder / "missing.duckdb", config.Config(), today=SAMPLE_TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        notes = [n.message for n in app._notifications]
        assert notes and any("\\x1b]52;c;" in n for n in notes), notes
        assert all(raw_controls(n) == [] for n in notes)
        assert all(not n.markup for n in app._notifications)  # "[reverse]" is text, not a style
        assert obeyed(terminal_output(app)) == []
