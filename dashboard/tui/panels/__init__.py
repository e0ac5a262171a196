"""The home screen's panels, in reading order."""

from __future__ import annotations

from . import enforcement, permits, petitions, publicity, shortcomings, study, supervision, training
from .base import Line, PanelSpec

PANELS: tuple[PanelSpec, ...] = tuple(m.PANEL for m in (
    enforcement, petitions, permits, training, study, shortcomings, publicity, supervision))


def panel(key: str) -> PanelSpec:
    """The panel declared under ``key``."""
    for p in PANELS:
        if p.key == key:
            return p
    raise KeyError(key)


def panel_of(query: str) -> PanelSpec | None:
    """The panel that shows a named query, if any."""
    for p in PANELS:
        if query in p.queries:
            return p
    return None


def query_label(name: str) -> str:
    """The label a named query declares (the name itself if the query is unknown)."""
    from ... import queries

    try:
        return queries.get(name).label
    except Exception:  # noqa: BLE001 - show the name instead
        return name


__all__ = ["PANELS", "Line", "PanelSpec", "panel", "panel_of", "query_label"]
