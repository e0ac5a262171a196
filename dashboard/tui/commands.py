"""The command palette (ctrl+p): every screen and action, every year, every figure's rows; in Chinese.

The provider types against :class:`PaletteTarget`, what the palette calls on the
app, so this module does not import the app. :class:`DashPalette` is Textual's
palette with its own words in Chinese (placeholder and "no matches").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Protocol, cast

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from .panels import PANELS, query_label

PLACEHOLDER = "搜索命令：年度、面板、指标、待办……"
NO_MATCHES = "没有匹配的命令"


class PaletteTarget(Protocol):
    """What the palette's commands call."""

    @property
    def years(self) -> list[int]: ...

    def switch_year(self, year: int) -> None: ...
    def action_toggle_compare(self) -> None: ...
    def action_reload(self) -> None: ...
    def action_home(self) -> None: ...
    def action_help(self) -> None: ...
    def action_draft(self) -> None: ...
    def action_todo(self) -> None: ...
    def action_brief(self) -> None: ...
    def action_quit(self) -> None: ...
    def open_panel(self, key: str) -> None: ...
    def open_rows(self, query: str, needle: str = "") -> None: ...


class DashCommands(Provider):
    """Commands of the dashboard, in Chinese, searchable by name or query name."""

    def commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        """(title, callback, help) for everything the palette can reach."""
        app = cast(PaletteTarget, self.app)
        for year in app.years:
            yield f"年度 {year}", partial(app.switch_year, year), f"切换到{year}年（往年按12月31日判断，今年按今天）"
        yield "同比 开/关", app.action_toggle_compare, "在每个数字旁显示比上年增减"
        yield "刷新数据", app.action_reload, "重新读取数据库"
        yield "首页", app.action_home, "回到全部面板"
        yield "帮助", app.action_help, "按键说明"
        yield "起草报告", app.action_draft, "起草年度法治政府建设情况报告（第一至四部分）"
        yield "待办清单", app.action_todo, "全部领域的待办：谁的、何时到期、超期几天"
        yield "会议简报", app.action_brief, "各领域主要指标及同比、各股室待办、超期事项；可导出 docx"
        for spec in PANELS:
            yield f"面板 {spec.long_title}", partial(app.open_panel, spec.key), "全部指标、按月图表与分项"
        for spec in PANELS:
            for name in spec.figure_queries:
                kind = "预警" if name in spec.alerts else "指标"
                yield (f"{kind} {spec.title}：{query_label(name)}", partial(app.open_rows, name),
                       f"查看记录（查询 {name}）")
            for name in spec.breakdowns + ((spec.trend,) if spec.trend else ()):
                yield f"分项 {spec.title}：{query_label(name)}", partial(app.open_rows, name), f"查询 {name}"
        yield "退出", app.action_quit, "退出看板"

    async def discover(self) -> Hits:
        for title, callback, help_text in self.commands():
            if title.startswith(("年度", "面板", "同比", "首页", "帮助", "起草", "待办", "会议")):
                yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self.commands():
            score = max(matcher.match(title), matcher.match(help_text) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)


class DashPalette(CommandPalette):
    """Textual's command palette, speaking Chinese."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own countdown adds an English line; this one says it in Chinese.
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                prompt = Align.center(Text(NO_MATCHES, style="not bold"))
                self.query_one(CommandList).add_option(Option(prompt, disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
