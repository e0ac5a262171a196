"""The command palette (ctrl+p): every screen and action, every year, every figure's rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .panels import PANELS

if TYPE_CHECKING:
    from .app import DashApp


class DashCommands(Provider):
    """Commands of the dashboard, in Chinese, searchable by name or query name."""

    @property
    def dash(self) -> DashApp:
        return self.app  # type: ignore[return-value]

    def commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        """(title, callback, help) for everything the palette can reach."""
        from .widgets.panel import query_label

        app = self.dash
        for year in app.years:
            yield f"年度 {year}", partial(app.switch_year, year), f"切换到{year}年（往年按12月31日判断）"
        yield "同比 开/关", app.action_toggle_compare, "在每个数字旁显示上年值"
        yield "刷新数据", app.action_reload, "重新读取数据库"
        yield "首页", app.action_home, "回到全部面板"
        yield "帮助", app.action_help, "按键说明"
        yield "起草报告", app.action_draft, "起草第三、四部分"
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
            if title.startswith(("年度", "面板", "同比", "首页", "帮助", "起草")):
                yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self.commands():
            score = max(matcher.match(title), matcher.match(help_text) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)
