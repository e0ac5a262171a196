"""The draft screen with Pilot: figures highlighted, figure → rows → back, edit, export, edits kept,
重新生成, the 核对 list."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from textual.app import App
from textual.widgets import DataTable, Input, Label, TextArea

from dashboard.figures import Figures
from dashboard.tui.draft.dialogs import ConfirmScreen, FigureRowsScreen
from dashboard.tui.draft.screen import DraftScreen
from dashboard.tui.widgets.save_as import SaveAsScreen
from tests.conftest import period
from tests.drafting.ledger_fixture import PETITIONER, base_rows, build_figures


class DraftApp(App[None]):
    def __init__(self, figures: Figures, year: int) -> None:
        super().__init__()
        self.figures, self.year = figures, year

    def on_mount(self) -> None:
        self.push_screen(DraftScreen(self.figures, period(self.year)))


def saved_file(figures: Figures, year: int = 2024) -> Path:
    return Path(figures.db).parent / "drafts" / f"{year}.md"


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
        assert first.ref.name == "study_xi_thought" and first.text == "1次"  # part one comes first
        await pilot.press("tab")
        assert screen.selected_figure.ref.name == "trainings_organized"
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
        assert isinstance(app.screen, FigureRowsScreen)
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
        from dashboard.tui.draft.screen import (
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
        assert isinstance(app.screen, SaveAsScreen)
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
        assert isinstance(app.screen, SaveAsScreen) and out.read_bytes() == b"keep me"
        assert "已存在" in str(app.screen.query_one("#save-prompt", Label).render())
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
        assert "一、2024年度推进法治政府建设的主要举措和成效" in shown and "四、2025年度" in shown


async def test_edits_are_kept_beside_the_store_and_restored(figures: Figures) -> None:
    saved = saved_file(figures)
    assert not saved.exists()
    app = DraftApp(figures, 2024)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("e")
        editor = app.focused
        assert isinstance(editor, TextArea)
        editor.insert("清样：")  # typed, not yet saved …
        await pilot.pause()
        assert screen.unsaved
        await pilot.pause(0.8)  # … and saved a moment after the last keystroke
        assert not screen.unsaved and saved.exists() and "清样：" in saved.read_text(encoding="utf-8")
        assert oct(saved.stat().st_mode & 0o777) == "0o600"
        editor.insert("再改")
        await pilot.press("escape")  # ending the edit saves at once
        await pilot.pause()
        assert "再改" in saved.read_text(encoding="utf-8") and screen.draft.edited
    # opened again: the edit is back, and its figures still lead to their rows
    app = DraftApp(figures, 2024)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await ready(app, pilot)
        assert screen.draft.edited and "再改" in screen.draft.text and "清样：" in screen.draft.text
        assert any(r.ref.name == "law_exams" for r in screen.figure_runs)
        assert screen.original is not None and not screen.original.edited


async def test_regenerate_asks_first_then_drops_the_edits(figures: Figures) -> None:
    saved = saved_file(figures)
    saved.parent.mkdir(parents=True, exist_ok=True)
    app = DraftApp(figures, 2024)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("e")
        app.focused.insert("要丢掉的修改")
        await pilot.press("escape")
        await pilot.pause()
        assert saved.exists() and "要丢掉的修改" in screen.draft.text
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: nothing changes
        await pilot.pause()
        assert app.screen is screen and saved.exists() and "要丢掉的修改" in screen.draft.text
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("y")
        await ready(app, pilot)
        assert not saved.exists() and "要丢掉的修改" not in screen.draft.text and not screen.draft.edited


async def test_leaving_with_edits_that_could_not_be_saved_asks(figures: Figures, tmp_path: Path) -> None:
    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Static_screen())
            # a drafts folder that cannot be written: a file stands where the folder should be
            (tmp_path / "blocked").write_text("x", encoding="utf-8")
            self.push_screen(DraftScreen(figures, period(2024), drafts=tmp_path / "blocked" / "2024.md"))

    from textual.screen import Screen

    class Static_screen(Screen):
        pass

    app = Host()
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("e")
        app.focused.insert("写不进去")
        await pilot.press("escape")  # ends editing; the save fails and says so
        await pilot.pause()
        assert screen.unsaved
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no: stay
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # yes: leave without the edit
        await pilot.pause()
        assert not isinstance(app.screen, DraftScreen)


async def test_the_check_list_is_shown_under_the_draft(figures: Figures) -> None:
    from textual.widgets import Static

    from .conftest import visible_text

    app = DraftApp(figures, 2024)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(app, pilot)
        checks = screen.query_one("#draft-body").query(Static).filter(".-checks").first()
        shown = visible_text(checks)
        assert "核对：台账之间有 1 处不一致" in shown and "审签重大案件1件" in shown
        status = str(screen.query_one("#draft-status", Label).render())
        assert "核对 1 项" in status and "建议补充" in status
        # the same two counts, in the same words, as dash draft says after writing the draft
        from dashboard.drafting.render import marks, summary

        to_fill, to_choose = marks(screen.draft)
        assert f"{to_fill}　{to_choose}" in status and to_fill in summary(screen.draft)
        assert to_choose in summary(screen.draft)
