"""A by-month time series: bars drawn by plotext, every word around them drawn by Textual.

plotext measures CJK text wrongly (a Chinese character is one cell to it), so
nothing Chinese goes inside the plot: the title is the border's, the y axis's
quantity (案件数) sits above the plot, the x axis's 月份 and the legend sit on
a line below it, outside the bars. Inside the plot there are only numbers.
plotext is imported only when a detail screen with a chart opens.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

from ..loading import Series

MONTHS = list(range(1, 13))
BAR_MARK, LINE_MARK = "█", "•"  # as plotext draws them, for the legend


def chart_title(series: Series, year: int) -> str:
    """按月立案数（2025年）: the label already says 按月, so the title does not say it again."""
    return f"{series.label}（{year}年）"


def legend(year: int, compared: bool) -> Text:
    """月份 on the x axis, and what the bars (and the line) are."""
    out = Text.assemble("横轴：月份    ", (BAR_MARK, "bold"), f" {year}年")
    if compared:
        out.append_text(Text.assemble("    ", (LINE_MARK, "bold"), f" {year - 1}年"))
    return out


class MonthChart(Vertical, can_focus=False):
    """Bars for the year's months, with the previous year as a line when comparing."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id, classes="month-chart")

    def compose(self) -> ComposeResult:
        yield Static("", classes="chart-axis")
        plot = PlotextPlot(classes="chart-plot")
        plot.display = False  # an empty plot costs a frame's worth of plotext: drawn once there is data
        yield plot
        yield Static("", classes="chart-legend")

    def show(self, series: Series, year: int) -> None:
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        self.border_title = chart_title(series, year)
        axis, key = self.query_one(".chart-axis", Static), self.query_one(".chart-legend", Static)
        if series.error or not series.values:
            self.border_subtitle = "出错" if series.error else "无数据"
            axis.update("")
            key.update("")
            plot.refresh()
            return
        self.border_subtitle = f"合计{int(sum(series.values))}"
        plot.display = True
        plt.bar(MONTHS, series.values, width=0.6)  # no label: plotext would draw the legend over the bars
        if series.prev is not None:
            plt.plot(MONTHS, series.prev, marker="dot")
        plt.xticks(MONTHS, [str(m) for m in MONTHS])
        top = max(series.values + (series.prev or []) + [1])
        step = max(1, round(top / 4))
        plt.yticks(list(range(0, int(top) + step, step)))
        axis.update(Text(f"纵轴：{series.value_label}" if series.value_label else ""))
        key.update(legend(year, series.prev is not None))
        plot.refresh()
