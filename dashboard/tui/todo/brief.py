"""会议简报 (``b``): the one-page meeting brief of the year shown, as ``dash brief`` writes it.

The page is the core's (:mod:`dashboard.brief`): each area's key figures with
the change since last year, the to-do counts by unit, the most overdue items.
``x`` saves it as .docx or .md (by the file name's suffix).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...brief import UNIT_COLUMNS, Brief, build_brief, overdue_line, todo_summary, unit_line
from ...brief_docx import BRIEF_FORMATS, brief_bytes
from ...errors import DashError
from ...output import choose_format
from ..context import DashScreen
from ..text import CJKParagraph
from ..widgets.footer import DashFooter
from ..widgets.header import HeaderLine
from ..widgets.save_as import SaveAsScreen, deliver, file_name, save_folder

if TYPE_CHECKING:
    from ...clock import Period
    from ...figures import Figures


def _table(*columns: str) -> Table:
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, padding=(0, 2, 0, 0))
    for c in columns:
        table.add_column(c)
    return table


def _cells(*texts: str) -> list[CJKParagraph]:
    """Cells wrapped by the Chinese rules: a number keeps its unit (超期92天), no comma opens a line."""
    return [CJKParagraph(Text(t)) for t in texts]


def brief_view(brief: Brief) -> RenderableType:
    """The page as the terminal shows it: the same parts as the printed page, laid out by cells."""
    parts: list[RenderableType] = [Text(brief.title, style="bold", justify="center"),
                                   Text(brief.subtitle, justify="center"), Text(""),
                                   Text("主要指标（同比）", style="bold underline")]
    figures = _table("领域", "指标", "本年", "同比")
    for a in brief.areas:
        for i, f in enumerate(a.figures):
            figures.add_row(*_cells(a.title if i == 0 else "", f.label, f.text, f.change))
    parts += [figures, Text(""), Text(f"待办（{todo_summary(brief)}）", style="bold underline")]
    if brief.units:
        units = _table(*UNIT_COLUMNS)
        for c in brief.units:
            units.add_row(*_cells(*unit_line(c)))
        parts.append(units)
    else:
        parts.append(Text("没有待办事项。"))
    parts += [Text(""), Text(f"超期最久的事项（前{len(brief.top_overdue)}项，共{brief.overdue_total}项）"
                             if brief.top_overdue else "超期事项", style="bold underline")]
    if brief.top_overdue:
        overdue = _table("领域", "事项", "记录", "责任", "期限")
        for item in brief.top_overdue:
            overdue.add_row(*_cells(*overdue_line(item)))
        parts.append(overdue)
    else:
        parts.append(Text("没有超期事项。"))
    parts += [Text(f"注：{n}", style="dim") for n in brief.notes]
    return Group(*parts)


class BriefScreen(DashScreen):
    """The meeting brief of the app's year, judged as the app judges it (今年 as of today)."""

    HELP_TITLE = "会议简报"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回", id="dash.brief_back", tooltip="回到上一屏"),
        Binding("x", "export", "导出", id="dash.brief_export", tooltip="存为 docx（或 .md），可直接打印"),
        Binding("pagedown,space", "scroll('down')", "下翻", show=False, id="dash.brief_page_down"),
        Binding("pageup", "scroll('up')", "上翻", show=False, id="dash.brief_page_up"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.brief: Brief | None = None

    @property
    def where(self) -> str:
        return "会议简报"

    def compose(self) -> ComposeResult:
        yield HeaderLine(id="header")
        with VerticalScroll(id="brief-body"):
            yield Static("会议简报 加载中…", id="brief-page")
        yield DashFooter()

    def on_mount(self) -> None:
        self.query_one("#brief-body").focus()
        self.reload()

    def load_period(self, figures: Figures, period: Period) -> None:
        def work(cancelled) -> Brief | str:
            try:
                return build_brief(figures, period)
            except Exception as exc:  # noqa: BLE001 - told on screen, masked
                return figures.masker.message(exc)

        self.load("brief", work, self._loaded)

    def _loaded(self, brief: Brief | str) -> None:
        page = self.query_one("#brief-page", Static)
        if isinstance(brief, str):
            page.update(Text(f"简报生成失败：{brief}"))
            return
        self.brief = brief
        page.update(brief_view(brief))

    def action_back(self) -> None:
        self.dismiss()

    def action_scroll(self, where: str) -> None:
        body = self.query_one("#brief-body", VerticalScroll)
        (body.scroll_page_down if where == "down" else body.scroll_page_up)(animate=False)

    def action_export(self) -> None:
        if self.brief is None:
            return
        folder = save_folder(self.dash.config.dashboard.save_to)
        default = folder / file_name("会议简报", self.brief.period.as_of.isoformat(), suffix=".docx")
        self.app.push_screen(SaveAsScreen("存为（.docx 或 .md，Enter 确认，Esc 取消）：", default), self._save)

    def _save(self, path: Path | None) -> None:
        brief = self.brief
        if path is None or brief is None:
            return
        try:
            data = brief_bytes(brief, choose_format(None, path, BRIEF_FORMATS))
        except DashError as exc:
            self.notify(f"未保存：{exc}", severity="error")
            return
        deliver(self, path, data, "已保存会议简报")
