"""What a panel is: a declaration of which named queries it shows.

A panel module declares one :class:`PanelSpec` as ``PANEL``; the widgets and
screens turn it into something on screen. No SQL here, only query names.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PanelSpec:
    """One home-screen panel and its detail screen."""

    key: str
    title: str  # short, for the panel border: 执法
    long_title: str  # for the detail screen: 执法 · 行政处罚
    figures: tuple[str, ...]  # headline figures, on the home screen
    alerts: tuple[str, ...] = ()  # queries with ``alert: yes``: badges that count rows needing action
    trend: str | None = None  # a ``*_by_month`` table query (月份, count)
    breakdowns: tuple[str, ...] = ()  # table queries shown as bars on the detail screen
    more: tuple[str, ...] = ()  # further figures, on the detail screen only
    # Shorter labels where the query's own label does not fit a 40-column panel.
    short: dict[str, str] = field(default_factory=dict)

    @property
    def detail_figures(self) -> tuple[str, ...]:
        return self.figures + self.more

    @property
    def figure_queries(self) -> tuple[str, ...]:
        """Every figure query this panel reads: headline, more, alerts."""
        return self.figures + self.more + self.alerts

    @property
    def queries(self) -> tuple[str, ...]:
        """Every named query this panel reads."""
        return self.figure_queries + ((self.trend,) if self.trend else ()) + self.breakdowns

    def short_label(self, name: str, label: str) -> str:
        return self.short.get(name, label)
