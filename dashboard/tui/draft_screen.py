"""The draft of parts three and four in the dashboard (``d``).

Every figure in the text is highlighted; ``tab``/``n`` and ``shift+tab``/``p``
move between them, Enter opens the rows behind the selected one, ``e`` edits
the text in place (Esc ends editing), ``ctrl+s`` saves Markdown in the working
directory and ``x`` exports to a path typed in (``.md``, ``.txt`` or ``.docx``).
The draft and the rows are read in thread workers that post messages back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text as RichText
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Label, Static, TextArea

from ..errors import DashError
from ..drafting.model import BODY, H1, H2, TITLE, Draft, Fig, FigureRef, Paragraph, Placeholder
from .text import CJKParagraph
from .widgets.footer import DashFooter

if TYPE_CHECKING:
    from ..clock import Period
    from ..figures import Figures
    from ..queries import Result

ROWS_LIMIT = 1000
STYLE_FIGURE = "bold underline"
STYLE_SELECTED = "bold reverse"
STYLE_PLACEHOLDER = "bold italic yellow"


class DraftReady(Message):
    def __init__(self, draft: Draft | None, error: str = "") -> None:
        super().__init__()
        self.draft = draft
        self.error = error


class RowsReady(Message):
    def __init__(self, ref: FigureRef, result: Result | None, error: str = "") -> None:
        super().__init__()
        self.ref = ref
        self.result = result
        self.error = error


def default_export_path(year: int, suffix: str) -> Path:
    return Path.cwd() / f"dash-draft-{year}.{suffix}"


def export(draft: Draft, path: Path) -> Path:
    """Write the draft in the format its file's suffix names (.docx, .txt, .md)."""
    from ..drafting.export import DRAFT_FORMATS, write_draft
    from ..output import choose_format

    path = Path(path).expanduser()
    return write_draft(draft, path, choose_format(None, path, DRAFT_FORMATS))


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
        else:
            out.append(r.text)
    if p.style in (TITLE, H1):
        out.stylize("bold")
    elif p.style == H2:
        out.stylize("italic")
    return out


class RowsScreen(Screen):
    """The rows behind one figure of the draft."""

    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "app.pop_screen", "返回", id="draft.rows_back", tooltip="回到草稿")]
    DEFAULT_CSS = """
    RowsScreen #rows-title { height: auto; padding: 0 1; background: $boost; }
    RowsScreen DataTable { height: 1fr; }
    """

    def __init__(self, ref: FigureRef, result: Result) -> None:
        super().__init__()
        self.ref = ref
        self.result = result

    def compose(self) -> ComposeResult:
        from ..drafting.render import params_text, value_text
        from .labels import column_labels

        f = self.ref.figure
        more = f"（只显示前 {len(self.result.rows)} 行）" if self.result.truncated else ""
        yield Label(f"{f.label}　{value_text(self.ref)}　{f.rows} 行　{self.ref.name}（{params_text(f.params)}）{more}",
                    id="rows-title")
        table: DataTable[Any] = DataTable(zebra_stripes=True, cursor_type="row")
        table.add_columns(*column_labels(list(self.result.columns)))
        table.add_rows([[_cell(v) for v in row] for row in self.result.rows])
        yield table
        yield DashFooter()


def _cell(v: Any) -> str:
    from ..output import fmt_value

    return fmt_value(v)


class ExportScreen(ModalScreen[Path | None]):
    """Ask where to export; the suffix chooses the format."""

    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "cancel", "取消", id="draft.export_cancel")]
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical { width: 70; height: auto; border: round $accent; padding: 0 1; background: $surface; }
    """

    PROMPT = "导出到（.docx / .md / .txt），Enter 确认，Esc 取消："

    def __init__(self, default: Path) -> None:
        super().__init__()
        self.default = default
        self.overwrite: Path | None = None  # the existing file the user was warned about

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.PROMPT, id="export-prompt")
            yield Input(str(self.default), id="export-path")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.dismiss(None)
            return
        path = Path(text).expanduser()
        if path.exists() and path != self.overwrite:
            self.overwrite = path  # a second Enter on the same name overwrites
            self.query_one("#export-prompt", Label).update(f"“{path.name}”已存在：再按 Enter 覆盖，或改个文件名：")
            return
        self.dismiss(path)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if self.overwrite is not None and Path(event.value.strip()).expanduser() != self.overwrite:
            self.overwrite = None
            self.query_one("#export-prompt", Label).update(self.PROMPT)

    def action_cancel(self) -> None:
        self.dismiss(None)


class DraftScreen(Screen):
    """Parts three and four of the report for one year, with every figure traceable."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape", "back", "返回", id="draft.back", tooltip="结束编辑，或回到看板"),
        Binding("tab,n", "move(1)", "下个数字", id="draft.next", tooltip="选中下一个数字（shift+tab 或 p 上一个）"),
        Binding("shift+tab,p", "move(-1)", "上个数字", id="draft.previous", show=False, tooltip="选中上一个数字"),
        Binding("enter", "rows", "看记录", id="draft.rows", tooltip="列出选中数字背后的记录"),
        Binding("e", "edit", "编辑", id="draft.edit", tooltip="在原处编辑草稿文字"),
        Binding("ctrl+s", "save", "存为md", id="draft.save", priority=True, tooltip="保存为当前目录下的 Markdown"),
        Binding("x", "export", "导出", id="draft.export", tooltip="导出为 docx / md / txt"),
    ]
    DEFAULT_CSS = """
    DraftScreen #draft-status { height: auto; padding: 0 1; background: $boost; }
    DraftScreen #draft-body { height: 1fr; padding: 0 2; }
    DraftScreen #draft-body > Static { margin-bottom: 1; }
    DraftScreen #draft-editor { height: 1fr; display: none; }
    DraftScreen.-editing #draft-editor { display: block; }
    DraftScreen.-editing #draft-body { display: none; }
    DraftScreen #draft-figure { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, figures: Figures, period: Period) -> None:
        super().__init__()
        self.figures = figures
        self.period = period
        self.year = period.year
        self.draft: Draft | None = None
        self.selected = -1
        self._para_of: list[int] = []  # paragraph index of each figure run
        self.editing = False

    # ------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Label(f"{self.year}年报告第三、四部分草稿　正在读取台账…", id="draft-status")
        yield VerticalScroll(id="draft-body")
        yield TextArea(id="draft-editor", soft_wrap=True)
        yield Label("", id="draft-figure")
        yield DashFooter()

    def on_mount(self) -> None:
        self.load_draft()

    # ------------------------------------------------------------ workers
    @work(thread=True, exclusive=True, group="draft")
    def load_draft(self) -> None:
        from ..drafting.build import build_draft

        try:
            self.post_message(DraftReady(build_draft(self.figures, self.period)))
        except Exception as exc:  # noqa: BLE001 - a worker reports any failure on screen
            self.post_message(DraftReady(None, self.figures.masker.message(exc)))

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
        await self.show(message.draft)

    @on(RowsReady)
    def _rows_ready(self, message: RowsReady) -> None:
        if message.result is None:
            self.notify(f"读取记录失败：{message.error}", severity="error")
            return
        self.app.push_screen(RowsScreen(message.ref, message.result))

    # ------------------------------------------------------------ showing
    async def show(self, draft: Draft) -> None:
        self.draft = draft
        self._para_of = [i for i, p in enumerate(draft.paragraphs) for r in p.runs if isinstance(r, Fig)]
        body = self.query_one("#draft-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all([Static(CJKParagraph(paragraph_text(p, None)), classes=f"-{p.style}")
                              for p in draft.paragraphs])
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
            f"　待补充 {len(d.placeholders)} 处")

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
        statics = list(self.query_one("#draft-body", VerticalScroll).query(Static))
        for i in {self._para_of[old] if 0 <= old < len(self._para_of) else None, self._para_of[self.selected]}:
            if i is not None:
                statics[i].update(CJKParagraph(paragraph_text(self.draft.paragraphs[i], self.selected_figure)))
        self.query_one("#draft-body", VerticalScroll).scroll_to_widget(statics[self._para_of[self.selected]],
                                                                       animate=False)
        fig = self.selected_figure
        if fig is not None:
            from ..drafting.render import params_text

            f = fig.ref.figure
            self.query_one("#draft-figure", Label).update(
                f"{self.selected + 1}/{len(self._para_of)}　{fig.text}　{f.label}　{f.rows} 行（⏎ 看记录）"
                f"　{fig.ref.name}（{params_text(f.params)}）")

    # ------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While editing, letters and Enter belong to the editor.
        return not (self.editing and action in ("move", "rows", "edit", "export"))

    def action_move(self, step: int) -> None:
        self.select(self.selected + step if self.selected >= 0 else 0)

    def action_rows(self) -> None:
        fig = self.selected_figure
        if fig is not None:
            self.load_rows(fig.ref)

    def action_edit(self) -> None:
        if self.draft is None or self.editing:
            return
        from ..drafting.render import to_markdown

        editor = self.query_one("#draft-editor", TextArea)
        editor.text = to_markdown(self.draft)
        self.editing = True
        self.add_class("-editing")
        self.refresh_bindings()
        editor.focus()
        self.notify("编辑中：Esc 结束编辑；加粗的数字保留与查询的关联")

    async def _finish_edit(self) -> None:
        from ..drafting.edit import from_markdown
        from ..drafting.render import to_markdown

        self.editing = False
        self.remove_class("-editing")
        self.refresh_bindings()
        if self.draft is None:
            return
        text = self.query_one("#draft-editor", TextArea).text
        if text != to_markdown(self.draft):
            await self.show(from_markdown(text, self.draft))
        else:
            self.query_one("#draft-body", VerticalScroll).focus()

    async def action_back(self) -> None:
        if self.editing:
            await self._finish_edit()
        else:
            self.app.pop_screen()

    async def action_save(self) -> None:
        await self._export(default_export_path(self.year, "md"))

    def action_export(self) -> None:
        if self.draft is None:
            return

        async def done(path: Path | None) -> None:
            if path is not None:
                await self._export(path)

        self.app.push_screen(ExportScreen(default_export_path(self.year, "docx")), done)

    async def _export(self, path: Path) -> None:
        if self.editing:
            await self._finish_edit()
        if self.draft is None:
            self.notify("草稿尚未生成", severity="warning")
            return
        existed = Path(path).expanduser().exists()
        try:
            written = export(self.draft, path)
        except OSError as exc:
            self.notify(f"导出失败：{exc.strerror or exc}", severity="error")
            return
        except DashError as exc:  # a suffix that names no format
            self.notify(f"导出失败：{exc}", severity="error")
            return
        self.notify(f"已导出（覆盖了原文件）：{written}" if existed else f"已导出：{written}")
