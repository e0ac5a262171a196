"""Every dashboard screen on each scanned store, as text (Pilot screenshots + every table cell).

Home, each panel's detail screen, the rows of every figure, alert, trend and
breakdown of every panel, the record screen of each petition whose free text
carries personal data, help, the draft screen, its rows, and its exports. Masked:
nothing; with ``--unmask``: the petitions show them.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest
from textual.widgets import DataTable, Input

from dashboard import config
from dashboard.tui.panels import PANELS
from dashboard.tui.rows.record import RecordScreen

from .conftest import Scan, Secrets
from .surfaces import file_text

TODAY = date(2025, 12, 31)
_TEXT = re.compile(r"<text[^>]*>(.*?)</text>", re.S)


def screen_text(app) -> str:
    """What the screen shows (the screenshot's text) and every cell of its tables, scrolled or not."""
    parts = [html.unescape("".join(_TEXT.findall(app.export_screenshot())))]
    for dt in app.screen.query(DataTable):
        parts += [" ".join(str(c) for c in dt.get_row_at(i)) for i in range(dt.row_count)]
    return "\n".join(parts)


async def settle(pilot) -> None:
    """Workers done and their messages handled (without waiting for the CPU to go idle)."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0)


def petitions_with_secrets_in_text(db: Path, secrets: Secrets) -> dict[int, set[str]]:
    """Per year, a petition whose 反映问题 carries a name, one with a phone, one with an ID number."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT petition_no, year(received_on), summary FROM petitions ORDER BY 1").fetchall()
    finally:
        con.close()
    kinds = (secrets.names_in_text, {s for s in secrets.numbers_in_text if len(s) == 11},
             {s for s in secrets.numbers_in_text if len(s) == 18})
    out: dict[tuple[int, int], str] = {}
    for no, year, summary in rows:
        inside = secrets.found(summary or "")  # as the scan finds them: however the text writes them
        for k, kind in enumerate(kinds):
            if inside & kind:
                out.setdefault((year, k), no)
    by_year: dict[int, set[str]] = {}
    for (year, _), no in out.items():
        by_year.setdefault(year, set()).add(no)
    return by_year


async def open_records(app, pilot, wanted: set[str], seen: list[str]) -> int:
    """From the petitions rows screen, open the record screen of each wanted petition (by keyboard)."""
    dt = app.screen.query_one(DataTable)
    opened = 0
    for i in range(dt.row_count):
        if str(dt.get_row_at(i)[0]).strip() not in wanted:
            continue
        dt.move_cursor(row=i)
        dt.action_select_cursor()  # what enter does
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        seen.append(screen_text(app))
        app.pop_screen()
        await settle(pilot)
        opened += 1
    return opened


async def visit_rows(app, pilot, names, where: str, shown: dict[str, str]) -> None:
    for name in names:
        app.open_rows(name)
        await settle(pilot)
        text = shown[f"rows {name} {where}"] = screen_text(app)
        assert "加载中" not in text and app.screen.query_one(DataTable).columns, name  # loaded, not blank
        app.pop_screen()
        await settle(pilot)


def rows_text(app, name: str) -> str:
    """The rows a rows screen of ``name`` is filled from (for panels whose ledgers hold no personal data)."""
    res = app.figures.rows(name, app.period)
    return "\n".join([" ".join(res.columns), *(" ".join(map(str, r)) for r in res.rows)])


@pytest.mark.parametrize("unmask", [False, True], ids=["masked", "unmask"])
async def test_every_screen(scan: Scan, tmp_path: Path, monkeypatch, unmask: bool) -> None:
    """Masked: every screen. With --unmask: the petition screens, records and draft, to see the scan see."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    shown = await every_screen(scan.db, scan.secrets, tmp_path, unmask)
    assert sum(w.startswith("record ") for w in shown) >= (scan.min_records if not unmask else 3)
    leaks = {where: sorted(scan.secrets.found(text))[:3] for where, text in shown.items() if scan.secrets.found(text)}
    if not unmask:
        assert len(shown) > 80 and not leaks, leaks
    else:  # the same screens show personal data: the scan sees it where it is
        assert any(w.startswith("rows petitions") for w in leaks)
        assert all(w in leaks for w in shown if w.startswith("record "))
        assert any(w.startswith("draft rows") for w in leaks)


async def every_screen(sample_db: Path, secrets: Secrets, tmp_path: Path, unmask: bool) -> dict[str, str]:
    """What every screen shows (masked) or the petition screens, records and draft (unmask), by screen;
    the exports are written into ``tmp_path``, the current directory."""
    from dashboard.tui.app import DashApp
    from dashboard.tui.draft.screen import DraftScreen
    from dashboard.tui.widgets.save_as import SaveAsScreen
    from dashboard.tui.panels import panel

    records = petitions_with_secrets_in_text(sample_db, secrets)
    app = DashApp(sample_db, config.Config(), year=2025, unmask=unmask, today=TODAY)
    shown: dict[str, str] = {}
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        for year in (2025, 2024) if not unmask else (2025,):
            if year != app.period.year:
                app.switch_year(year)
                await settle(pilot)
            shown[f"home {year}"] = screen_text(app)
            names = (panel("petitions").queries if year == 2025 and not unmask
                     else ("petitions_all", "petitions_received", "petitions_overdue"))
            await visit_rows(app, pilot, names, str(year), shown)
        app.switch_year(2025)
        await settle(pilot)
        if not unmask:
            for spec in PANELS:
                app.open_panel(spec.key)
                await settle(pilot)
                shown[f"detail {spec.key}"] = screen_text(app)
                app.pop_screen()
                await settle(pilot)
                if spec.key != "petitions":  # one rows screen on screen, every figure's rows as data
                    await visit_rows(app, pilot, spec.figures[:1], "2025", shown)
                    shown.update({f"rows {n} 2025": rows_text(app, n) for n in spec.figure_queries[1:]})
            await pilot.press("question_mark")
            await settle(pilot)
            shown["help"] = screen_text(app)
            app.pop_screen()
        for year in sorted(records) if not unmask else (2025,):
            app.switch_year(year)
            await settle(pilot)
            app.open_rows("petitions_all")
            await settle(pilot)
            seen: list[str] = []
            assert await open_records(app, pilot, records[year], seen) == len(records[year])
            shown.update({f"record {year} #{i}": t for i, t in enumerate(seen)})
            app.pop_screen()

        app.switch_year(2025)  # its part four lists the overdue petitions
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        draft = app.screen
        assert isinstance(draft, DraftScreen) and draft.draft is not None
        shown["draft"] = screen_text(app)
        targets = [i for i, r in enumerate(draft.figure_runs) if r.ref.name.startswith("petitions")]
        assert targets
        for i in targets:
            draft.select(i)
            await pilot.press("enter")
            await settle(pilot)
            shown[f"draft rows {draft.figure_runs[i].ref.name}"] = screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("ctrl+s")  # save as md in the current directory
        await settle(pilot)
        for suffix in ("docx", "txt"):
            await pilot.press("x")
            await settle(pilot)
            assert isinstance(app.screen, SaveAsScreen)
            app.screen.query_one(Input).value = str(tmp_path / f"export.{suffix}")
            await pilot.press("enter")
            await settle(pilot)

    for path in (tmp_path / "dash-draft-2025.md", tmp_path / "export.docx", tmp_path / "export.txt"):
        assert path.exists(), path
        shown[f"export {path.name}"] = file_text(path)
    return shown
