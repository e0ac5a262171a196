"""The draft screen's own screens: the rows behind a figure, where to export, a yes/no question."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Label

from .widgets.footer import DashFooter

if TYPE_CHECKING:
    from ..drafting.model import FigureRef
    from ..queries import Result


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


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: y or Enter for yes, n or Esc for no."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("y,enter", "answer(True)", "确定", id="draft.confirm_yes"),
        Binding("n,escape", "answer(False)", "取消", id="draft.confirm_no"),
    ]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 64; height: auto; border: round $warning; padding: 0 1; background: $surface; }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, id="confirm-question")
            yield Label("y / Enter 确定　　n / Esc 取消", id="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
