"""The draft screen's own screens: the rows behind a figure, a yes/no question."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label

from ..widgets.footer import DashFooter

if TYPE_CHECKING:
    from ...drafting.model import FigureRef
    from ...queries import Result


class FigureRowsScreen(Screen):
    """The rows behind one figure of the draft."""

    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "app.pop_screen", "返回", id="draft.rows_back", tooltip="回到草稿")]
    DEFAULT_CSS = """
    FigureRowsScreen #rows-title { height: auto; padding: 0 1; background: $boost; }
    FigureRowsScreen DataTable { height: 1fr; }
    """

    def __init__(self, ref: FigureRef, result: Result) -> None:
        super().__init__()
        self.ref = ref
        self.result = result

    def compose(self) -> ComposeResult:
        from ...drafting.render import params_text, value_text
        from ...ledgers import column_labels

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
    from ...output import fmt_value

    return fmt_value(v)


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
