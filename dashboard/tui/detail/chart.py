"""A by-month time series drawn with plotext (imported only when a detail screen opens).

plotext measures CJK text wrongly, so nothing Chinese goes inside the plot: the
title is the widget's border title, the x axis is month numbers 1–12.
"""

from __future__ import annotations

from textual_plotext import PlotextPlot

from ..loading import Series

MONTHS = list(range(1, 13))


class MonthChart(PlotextPlot):
    """Bars for the year's months, with the previous year as a line when comparing."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id, classes="month-chart")

    def show(self, series: Series, year: int) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        self.border_title = f"{series.label}（{year}年，按月）"
        if series.error or not series.values:
            self.border_subtitle = "出错" if series.error else "无数据"
            self.refresh()
            return
        plt.bar(MONTHS, series.values, label=str(year), width=0.6)
        if series.prev is not None:
            plt.plot(MONTHS, series.prev, label=str(year - 1), marker="dot")
            self.border_subtitle = f"柱：{year}  线：{year - 1}"
        else:
            self.border_subtitle = ""
        plt.xticks(MONTHS, [str(m) for m in MONTHS])
        plt.xlabel("month")
        top = max(series.values + (series.prev or []) + [1])
        step = max(1, round(top / 4))
        plt.yticks(list(range(0, int(top) + step, step)))
        self.refresh()
