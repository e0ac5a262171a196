"""The draft of the year's report in the dashboard (``d``): all four parts.

Every figure in the text is highlighted; ``tab``/``n`` and ``shift+tab``/``p``
move between them, Enter opens the rows behind the selected one, ``e`` edits
the text in place (Esc ends editing), ``ctrl+s`` saves Markdown in the save folder
(``[dashboard] save_to``, else the working folder) and ``x`` exports to a path typed
in (``.md``, ``.txt`` or ``.docx``); served in a browser, both are downloads.
Edits are kept beside the store (``drafts/2024.md``) as they are typed and come
back when the draft is opened again; ``g`` (重新生成) drafts afresh from the
ledgers, after asking. Below the text, the 核对 list: where the ledgers disagree.
The draft and the rows are read in thread workers that post messages back.

The screen knows the app only as a Textual ``App`` (it pushes and pops screens):
it imports nothing of ``dashboard.tui.app``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text as RichText
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, Static, TextArea

from ...drafting.model import (
    BODY,
    H1,
    H2,
    NOTE,
    TITLE,
    Draft,
    Fig,
    FigureRef,
    Paragraph,
    Placeholder,
    Suggestion,
)
from ...drafting.render import marks
from ...drafting.saved import discard_saved, read_saved, saved_path, write_saved
from ...errors import DashError
from ..text import CJKParagraph
from ..widgets.footer import DashFooter
from ..widgets.save_as import SaveAsScreen, deliver, save_folder
from .dialogs import ConfirmScreen, FigureRowsScreen

if TYPE_CHECKING:
    from ...clock import Period
    from ...figures import Figures
    from ...queries import Result

ROWS_LIMIT = 1000
STYLE_FIGURE = "bold underline"
STYLE_SELECTED = "bold reverse"
STYLE_PLACEHOLDER = "bold italic yellow"
STYLE_SUGGESTION = "bold green"
AUTOSAVE_SECONDS = 0.5  # after the last keystroke


class DraftReady(Message):
    def __init__(self, draft: Draft | None, error: str = "", saved: str | None = None) -> None:
        super().__init__()
        self.draft = draft  # as drafted from the ledgers
        self.error = error
        self.saved = saved  # the user's edited Markdown kept beside the store, if any


class RowsReady(Message):
    def __init__(self, ref: FigureRef, result: Result | None, error: str = "") -> None:
        super().__init__()
        self.ref = ref
        self.result = result
        self.error = error


def paragraph_text(p: Paragraph, selected: Fig | None) -> RichText:
    """One paragraph as styled text: figures underlined, the selected one reversed."""
    out = RichText()
    if p.style == BODY:
        out.append("\u3000\u3000")
    for r in p.runs:
        if isinstance(r, Fig):
            out.append(r.text, STYLE_SELECTED if r is selected else STYLE_FIGURE)
        elif isinstance(r, Placeholder):
            out.append(r.text, STYLE_PLACEHOLDER)
        elif isinstance(r, Suggestion):
            out.append(r.text, STYLE_SUGGESTION)
        else:
            out.append(r.text)
    if p.style in (TITLE, H1):
        out.stylize("bold")
    elif p.style in (H2, NOTE):
        out.stylize("italic")
    return out


def checks_text(draft: Draft) -> RichText:
    """The 核对 list shown under the draft (not part of it)."""
    out = RichText()
    if not draft.checks:
        out.append("核对：未发现台账之间不一致。", "dim")
        return out
    out.append(f"核对：台账之间有 {len(draft.checks)} 处不一致，草稿未作调和，请核实：", "bold")
    for i, ch in enumerate(draft.checks, 1):
        out.append(f"\n{i}. {ch.text}（{ch.name}）")
    return out


class DraftScreen(Screen):
    """The report for one year, all four parts, with every figure traceable."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape", "back", "返回", id="draft.back", tooltip="结束编辑，或回到看板"),
        Binding("tab,n", "move(1)", "下个数字", id="draft.next", tooltip="选中下一个数字（shift+tab 或 p 上一个）"),
        Binding("shift+tab,p", "move(-1)", "上个数字", id="draft.previous", show=False, tooltip="选中上一个数字"),
        Binding("enter", "rows", "看记录", id="draft.rows", tooltip="列出选中数字背后的记录"),
        Binding("e", "edit", "编辑", id="draft.edit", tooltip="在原处编辑草稿文字"),
        Binding("ctrl+s", "save", "存为md", id="draft.save", priority=True, show=False,
                tooltip="保存为 Markdown（导出 x 可选格式和位置）"),
        Binding("x", "export", "导出", id="draft.export", tooltip="导出为 docx / md / txt"),
        Binding("g", "regenerate", "重新生成", id="draft.regenerate",
                tooltip="丢弃对草稿的修改，按台账重新生成（先确认）"),
    ]
    DEFAULT_CSS = """
    DraftScreen #draft-status { height: auto; padding: 0 1; background: $boost; }
    DraftScreen #draft-body { height: 1fr; padding: 0 2; }
    DraftScreen #draft-body > Static { margin-bottom: 1; }
    DraftScreen #draft-editor { height: 1fr; display: none; }
    DraftScreen.-editing #draft-editor { display: block; }
    DraftScreen.-editing #draft-body { display: none; }
    DraftScreen #draft-figure { height: auto; padding: 0 1; color: $text-muted; }
    DraftScreen #draft-body > .-checks { margin-top: 1; padding: 0 1; border-left: thick $warning; }
    """

    def __init__(self, figures: Figures, period: Period, drafts: Path | None = None, save_to: str = "") -> None:
        """``drafts``: where this year's edits are kept (default: drafts/YEAR.md beside the store);
        ``save_to``: the folder exports are offered in (``[dashboard] save_to``; default the working folder)."""
        super().__init__()
        self.save_to = save_to
        self.figures = figures
        self.period = period
        self.year = period.year
        self.draft: Draft | None = None
        self.original: Draft | None = None  # as drafted from the ledgers, for relinking an edit's figures
        self.selected = -1
        self._para_of: list[int] = []  # paragraph index of each figure run
        self.editing = False
        self.saved_path = drafts if drafts is not None else saved_path(Path(figures.db), period.year)
        self.unsaved = False  # typed edits not yet on disk
        self._typed_text = ""
        self._autosave_timer = None

    # ------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Label(f"{self.year}年报告草稿　正在读取台账…", id="draft-status")
        yield VerticalScroll(id="draft-body")
        yield TextArea(id="draft-editor", soft_wrap=True)
        yield Label("", id="draft-figure")
        yield DashFooter()

    def on_mount(self) -> None:
        self.load_draft()

    # ------------------------------------------------------------ workers
    @work(thread=True, exclusive=True, group="draft")
    def load_draft(self, restore: bool = True) -> None:
        from ...drafting.build import build_draft

        try:
            draft = build_draft(self.figures, self.period)
        except Exception as exc:  # noqa: BLE001 - a worker reports any failure on screen
            self.post_message(DraftReady(None, self.figures.masker.message(exc)))
            return
        self.post_message(DraftReady(draft, saved=read_saved(self.saved_path) if restore else None))

    @work(thread=True, exclusive=True, group="rows")
    def load_rows(self, ref: FigureRef) -> None:
        try:
            res = self.figures.rows(ref.name, ref.period, limit=ROWS_LIMIT)
            self.post_message(RowsReady(ref, res))
        except Exception as exc:  # noqa: BLE001 - a worker reports any failure on screen
            self.post_message(RowsReady(ref, None, self.figures.masker.message(exc)))

    @on(DraftReady)
    async def _draft_ready(self, message: DraftReady) -> None:
        if message.draft is None:
            self.query_one("#draft-status", Label).update(f"草稿生成失败：{message.error}")
            return
        from ...drafting.edit import from_markdown

        self.original = message.draft
        if message.saved is not None:
            await self.show(from_markdown(message.saved, message.draft))
            self.notify(f"已恢复上次编辑的草稿（{self.saved_path}）；按 g 可按台账重新生成")
        else:
            await self.show(message.draft)

    @on(RowsReady)
    def _rows_ready(self, message: RowsReady) -> None:
        if message.result is None:
            self.notify(f"读取记录失败：{message.error}", severity="error")
            return
        self.app.push_screen(FigureRowsScreen(message.ref, message.result))

    # ------------------------------------------------------------ showing
    async def show(self, draft: Draft) -> None:
        self.draft = draft
        self._para_of = [i for i, p in enumerate(draft.paragraphs) for r in p.runs if isinstance(r, Fig)]
        body = self.query_one("#draft-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all([*(Static(CJKParagraph(paragraph_text(p, None)), classes=f"-{p.style}")
                                for p in draft.paragraphs),
                              Static(CJKParagraph(checks_text(draft)), classes="-checks")])
        self.selected = -1
        self._status()
        body.focus()
        if self._para_of:
            self.select(0)
        else:
            self.query_one("#draft-figure", Label).update("草稿中没有数字")

    def _status(self) -> None:
        d = self.draft
        if d is None:
            return
        edited = "　已编辑" if d.edited else ""
        as_of = f"　数据截至 {d.as_of.isoformat()}" if d.as_of else ""
        self.query_one("#draft-status", Label).update(
            f"{d.year}年报告草稿{edited}{as_of}　数字 {len(d.figure_runs)} 个（均来自命名查询）"
            f"　{'　'.join(marks(d))}　核对 {len(d.checks)} 项")

    @property
    def figure_runs(self) -> list[Fig]:
        return self.draft.figure_runs if self.draft else []

    @property
    def selected_figure(self) -> Fig | None:
        runs = self.figure_runs
        return runs[self.selected] if 0 <= self.selected < len(runs) else None

    def select(self, index: int) -> None:
        """Highlight figure ``index`` and scroll to its paragraph."""
        if self.draft is None or not self._para_of:
            return
        old = self.selected
        self.selected = index % len(self._para_of)
        statics = [w for w in self.query_one("#draft-body", VerticalScroll).query(Static) if not w.has_class("-checks")]
        for i in {self._para_of[old] if 0 <= old < len(self._para_of) else None, self._para_of[self.selected]}:
            if i is not None:
                statics[i].update(CJKParagraph(paragraph_text(self.draft.paragraphs[i], self.selected_figure)))
        self.query_one("#draft-body", VerticalScroll).scroll_to_widget(statics[self._para_of[self.selected]],
                                                                       animate=False)
        fig = self.selected_figure
        if fig is not None:
            from ...drafting.render import params_text

            f = fig.ref.figure
            self.query_one("#draft-figure", Label).update(
                f"{self.selected + 1}/{len(self._para_of)}　{fig.text}　{f.label}　{f.rows} 行（⏎ 看记录）"
                f"　{fig.ref.name}（{params_text(f.params)}）")

    # ------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While editing, letters and Enter belong to the editor.
        return not (self.editing and action in ("move", "rows", "edit", "export", "regenerate"))

    def action_move(self, step: int) -> None:
        self.select(self.selected + step if self.selected >= 0 else 0)

    def action_rows(self) -> None:
        fig = self.selected_figure
        if fig is not None:
            self.load_rows(fig.ref)

    def action_edit(self) -> None:
        if self.draft is None or self.editing:
            return
        from ...drafting.render import to_markdown

        editor = self.query_one("#draft-editor", TextArea)
        editor.text = to_markdown(self.draft)
        self.editing = True
        self.add_class("-editing")
        self.refresh_bindings()
        editor.focus()
        self.notify("编辑中：Esc 结束编辑；加粗的数字保留与查询的关联")

    @on(TextArea.Changed, "#draft-editor")
    def _typed(self, event: TextArea.Changed) -> None:
        """Edits are kept as they are typed: saved a moment after the last keystroke."""
        if not self.editing:
            return
        self.unsaved = True
        self._typed_text = event.text_area.text
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.set_timer(AUTOSAVE_SECONDS, self.save_edits)

    def save_edits(self) -> bool:
        """Write the editor's text beside the store; whether it is safely there."""
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None
        if not self.unsaved:
            return True
        try:
            write_saved(self.saved_path, self._typed_text)
        except OSError as exc:
            self.notify(f"草稿修改未能保存（{self.saved_path}）：{exc.strerror or exc}", severity="error")
            return False
        self.unsaved = False
        return True

    async def _finish_edit(self) -> None:
        from ...drafting.edit import from_markdown
        from ...drafting.render import to_markdown

        self.save_edits()
        self.editing = False
        self.remove_class("-editing")
        self.refresh_bindings()
        if self.draft is None:
            return
        text = self.query_one("#draft-editor", TextArea).text
        if text != to_markdown(self.draft):
            await self.show(from_markdown(text, self.original or self.draft))
        else:
            self.query_one("#draft-body", VerticalScroll).focus()

    async def action_back(self) -> None:
        if self.editing:
            await self._finish_edit()
            return
        if not self.unsaved:
            self.app.pop_screen()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.app.pop_screen()

        self.app.push_screen(ConfirmScreen("草稿的修改没能保存，离开后将丢失。仍要离开吗？"), answered)

    def action_regenerate(self) -> None:
        """Draft afresh from the ledgers, dropping the kept edits: asked first."""
        if self.original is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            discard_saved(self.saved_path)
            self.unsaved = False
            self.query_one("#draft-status", Label).update(f"{self.year}年报告草稿　正在按台账重新生成…")
            self.load_draft(restore=False)

        self.app.push_screen(ConfirmScreen("重新生成将丢弃对草稿的全部修改（按台账重新起草）。确定吗？"), answered)

    def on_unmount(self) -> None:
        # Leaving with the app (quit): what was typed in the last moment is still saved.
        if self.unsaved:
            with contextlib.suppress(OSError):  # nothing left to tell the user on the way out
                write_saved(self.saved_path, self._typed_text)

    def export_path(self, suffix: str) -> Path:
        return save_folder(self.save_to) / f"dash-draft-{self.year}.{suffix}"

    async def action_save(self) -> None:
        await self._export(self.export_path("md"))

    def action_export(self) -> None:
        if self.draft is None:
            return

        async def done(path: Path | None) -> None:
            if path is not None:
                await self._export(path)

        self.app.push_screen(SaveAsScreen("导出到（.docx / .md / .txt），Enter 确认，Esc 取消：",
                                          self.export_path("docx")), done)

    async def _export(self, path: Path) -> None:
        from ...drafting.export import DRAFT_FORMATS, draft_bytes
        from ...output import choose_format

        if self.editing:
            await self._finish_edit()
        if self.draft is None:
            self.notify("草稿尚未生成", severity="warning")
            return
        try:
            data = draft_bytes(self.draft, choose_format(None, path, DRAFT_FORMATS))
        except DashError as exc:  # a suffix that names no format
            self.notify(f"导出失败：{exc}", severity="error")
            return
        deliver(self, path, data, "已导出")
