"""The draft screen with Pilot: figures highlighted, figure → rows → back, edit, export."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from textual.app import App
from textual.widgets import DataTable, Input, Label, TextArea

from dashboard.figures import Figures
from dashboard.tui.draft_screen import DraftScreen, ExportScreen, RowsScreen
from tests.conftest import period
from tests.drafting.ledger_fixture import PETITIONER, base_rows, build_figures


class DraftApp(App[None]):
    def __init__(self, figures: Figures, year: int) -> None:
        super().__init__()
        self.figures, self.year = figures, year

    def on_mount(self) -> None:
        self.push_screen(DraftScreen(self.figures, period(self.year)))


@pytest.fixture
def figures(tmp_path: Path):
    figs = build_figures(tmp_path / "store", base_rows())
    yield figs
    figs.close()


async def ready(app: App, pilot) -> DraftScreen:
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, DraftScreen)
    return app.screen


async def test_figure_to_rows_and_back(figures: Figures) -> None:
    app = DraftApp(figures, 2024)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await ready(app, pilot)
        assert screen.draft is not None and screen.selected == 0
        first = screen.selected_figure
        assert first.ref.name == "study_meetings" and first.text == "3次"
        await pilot.press("tab")
        assert screen.selected_figure.ref.name == "study_meetings" and screen.selected_figure.ref.year == 2023
        await pilot.press("n", "n", "p", "shift+tab")  # 1 → 3 → 2 → 1
        assert screen.selected == 1
        await pilot.press("shift+tab", "shift+tab")  # wraps round to the last figure
        assert screen.selected == len(screen.figure_runs) - 1
        await pilot.press("n")
        assert screen.selected == 0
        # walk to the late petitions and open their rows
        target = next(i for i, r in enumerate(screen.figure_runs) if r.ref.name == "petitions_closed_late")
        for _ in range(target):
            await pilot.press("n")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RowsScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2 == screen.selected_figure.ref.figure.rows
        cells = [str(c) for row in range(table.row_count) for c in table.get_row_at(row)]
        assert not any(PETITIONER in c for c in cells) and any(c == "张**" for c in cells)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.selected == target


async def test_placeholders_and_highlights_are_rendered(figures: Figures) -> None:
    app = DraftApp(figures, 2024)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await ready(app, pilot)
        from dashboard.tui.draft_screen import (
            STYLE_FIGURE,
            STYLE_PLACEHOLDER,
            STYLE_SELECTED,
            paragraph_text,
        )

        para = next(p for p in screen.draft.paragraphs if "述法" in p.text)
        styled = paragraph_text(para, None)
        assert any(str(span.style) == STYLE_PLACEHOLDER for span in styled.spans)
        first = screen.selected_figure
        para0 = screen.draft.paragraphs[screen._para_of[0]]
        spans = paragraph_text(para0, first).spans
        assert any(str(s.style) == STYLE_SELECTED for s in spans) and any(str(s.style) == STYLE_FIGURE for s in spans)


async def test_edit_then_export(figures: Figures, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = DraftApp(figures, 2024)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("e")
        assert screen.editing and isinstance(app.focused, TextArea)
        editor = app.focused
        editor.text = editor.text.replace("【待补充：年终述法情况】", "年终向县委述法")
        await pilot.press("n")  # typed into the editor, not a figure move
        assert screen.editing
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.editing and screen.draft.edited
        assert "年终向县委述法" in screen.draft.text
        assert any(r.ref.name == "law_exams" for r in screen.figure_runs)  # figures still linked

        await pilot.press("ctrl+s")
        await pilot.pause()
        md = tmp_path / "dash-draft-2024.md"
        assert md.exists() and "年终向县委述法" in md.read_text(encoding="utf-8")

        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one(Input).value = str(tmp_path / "out" / "第三四部分.docx")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        out = tmp_path / "out" / "第三四部分.docx"
        assert out.exists()
        assert "年终向县委述法" in "\n".join(p.text for p in docx.Document(str(out)).paragraphs)

        # the same name again: a warning first, a second Enter overwrites
        out.write_bytes(b"keep me")
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one(Input).value = str(out)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen) and out.read_bytes() == b"keep me"
        assert "已存在" in str(app.screen.query_one("#export-prompt", Label).render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and out.read_bytes() != b"keep me"


async def test_empty_year_opens(figures: Figures) -> None:
    app = DraftApp(figures, 2031)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(app, pilot)
        assert screen.draft is not None and screen.draft.placeholders
        await pilot.press("n", "enter")  # zero-valued words are figures too; nothing crashes
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_a_failing_draft_shows_its_error_masked(figures: Figures, monkeypatch) -> None:
    from dashboard.drafting import build

    def broken(*_args, **_kwargs):
        raise RuntimeError(f"Conversion Error: could not convert '{PETITIONER}' to DATE\nLINE 1: ...")

    monkeypatch.setattr(build, "build_draft", broken)
    app = DraftApp(figures, 2024)
    async with app.run_test(size=(100, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#draft-status").render())
        assert "草稿生成失败" in status and "could not convert" in status
        assert PETITIONER not in status and PETITIONER[0] + "*" in status


@pytest.mark.parametrize("width", [80, 97, 120])
async def test_draft_text_never_opens_a_line_with_a_closing_mark(figures: Figures, width: int) -> None:
    from textual.widgets import Static

    from dashboard.tui.text import NO_START

    from .conftest import visible_text

    app = DraftApp(figures, 2024)
    async with app.run_test(size=(width, 40)) as pilot:
        screen = await ready(app, pilot)
        lines = [line.strip() for s in screen.query_one("#draft-body").query(Static)
                 for line in visible_text(s).splitlines() if line.strip()]
        assert len(lines) > 20
        assert [line for line in lines if line[0] in NO_START] == []
        shown = "".join(lines)
        assert "低于上年" in shown or "与上年持平" in shown or "高于上年" in shown
