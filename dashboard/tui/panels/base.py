"""What a panel is: a declaration of which named queries it shows.

A panel module declares one :class:`PanelSpec` as ``PANEL``; the widgets and
screens turn it into something on screen. No SQL here, only query names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ...areas import area


@dataclass(frozen=True)
class Line:
    """One line of a panel: a figure, an alert badge, or the by-month trend."""

    kind: str  # figure | alert | trend
    query: str
    label: str


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

    def lines(self, label_of: Callable[[str], str], detail: bool = False) -> list[Line]:
        """The panel's lines: figures, alerts, then the trend (home) — or every figure (detail)."""
        label = label_of if detail else (lambda n: self.short_label(n, label_of(n)))
        out = [Line("figure", n, label(n)) for n in (self.detail_figures if detail else self.figures)]
        out += [Line("alert", n, label(n)) for n in self.alerts]
        if self.trend and not detail:
            out.append(Line("trend", self.trend, label(self.trend)))
        return out

    def at_a_glance(self, lines: list[Line], budget: int) -> list[Line]:
        """At most ``budget`` of ``lines``, in their order: the area's key figures first (as the
        core declares them for the brief, ``areas.Area.key_figures``), then every alert (never
        dropped: they are what needs doing), the other figures, the trend."""
        if len(lines) <= budget:
            return lines
        key = area(self.key).key_figures
        rank = [*key[:2], *self.alerts, *key[2:], *self.figures, *((self.trend,) if self.trend else ())]
        keep: list[str] = []
        for name in rank:
            if name not in keep and (len(keep) < budget or name in self.alerts):
                keep.append(name)
        return [line for line in lines if line.query in keep]
