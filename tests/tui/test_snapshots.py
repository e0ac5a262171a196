"""Snapshots (pytest-textual-snapshot): home at 80×24 and 160×45, a panel's detail, a rows table, 待办 at 80×24.

Deterministic: the fixture store's ingest time is pinned, today is 2025-06-30,
and every worker has finished before the picture is taken.
Update after an intended change with: pytest tests/tui --snapshot-update
"""

from __future__ import annotations

from .conftest import settle


async def _ready(pilot) -> None:
    await settle(pilot)


def test_home_80x24(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_ready)


def test_home_160x45(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(160, 45), run_before=_ready)


def test_home_80x24_no_color_with_compare(snap_compare, make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()

    async def compare(pilot) -> None:
        await settle(pilot)
        await pilot.press("c", "down", "down")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=compare)


def test_detail_enforcement(snap_compare, make_app):
    async def open_detail(pilot) -> None:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 45), run_before=open_detail)


def test_rows_table(snap_compare, make_app):
    async def open_rows(pilot) -> None:
        await settle(pilot)
        await pilot.press("Y", "enter")  # 2024: the five cases filed
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 30), run_before=open_rows)


def test_record(snap_compare, make_app):
    async def open_record(pilot) -> None:
        await settle(pilot)
        await pilot.press("right", "enter")  # the petitions received
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(year=2024), terminal_size=(100, 30), run_before=open_record)


def test_todo_80x24(snap_compare, make_app):
    async def open_todo(pilot) -> None:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=open_todo)
