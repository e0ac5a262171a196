"""The eight areas of the bureau's rule-of-law work, as the core knows them.

The dashboard's panels (``dashboard/tui/panels``) lay the areas out on screen;
the to-do list and the meeting brief read them from here, so the core never
imports the TUI. An area's alerts are not listed twice: they are the named
queries with ``-- panel: KEY`` and ``-- alert: yes`` in ``queries/*.sql``, in
file order (a test holds the panels to the same list).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import queries


@dataclass(frozen=True)
class Area:
    """One area: its panel key, its short title, and the figures that sum it up."""

    key: str  # the panel key and the queries' ``panel:`` header: enforcement
    title: str  # 执法
    # The two or three figures a one-page brief (or a small screen) shows for the area.
    key_figures: tuple[str, ...]

    @property
    def alerts(self) -> tuple[str, ...]:
        return alerts_of(self.key)


AREAS: tuple[Area, ...] = (
    Area("enforcement", "执法", ("cases_filed", "cases_penalised", "fines_total")),
    Area("petitions", "信访", ("petitions_all", "petitions_closed", "petitions_on_time_rate")),
    Area("permits", "审批", ("permits_approved", "permits_filed", "permits_avg_days")),
    Area("training", "培训", ("cert_holding_rate", "trainings_held", "training_attendance")),
    Area("study", "学法", ("study_meetings", "study_with_law_rate", "law_exams")),
    Area("shortcomings", "不足", ("shortcomings_found", "shortcomings_open", "shortcomings_done")),
    Area("publicity", "普法", ("publicity_events_held", "publicity_audience")),
    Area("supervision", "监督", ("supervision_items_handled", "litigation_cases", "legal_reviews_held")),
)


def area(key: str) -> Area:
    """The area with this panel key."""
    for a in AREAS:
        if a.key == key:
            return a
    raise KeyError(key)


def title(key: str) -> str:
    """The area's short title (执法), or the key itself for a query outside the eight areas."""
    try:
        return area(key).title
    except KeyError:
        return key


def alerts_of(key: str) -> tuple[str, ...]:
    """The alert queries of one area, in the order of ``queries/*.sql``."""
    return tuple(q.name for q in queries.catalogue().values() if q.panel == key and q.meta.get("alert") == "yes")


def alert_queries() -> list[queries.Query]:
    """Every alert query of the eight areas, area by area."""
    cat = queries.catalogue()
    return [cat[name] for a in AREAS for name in a.alerts]
