"""The home screen's panels, in reading order."""

from __future__ import annotations

from . import enforcement, permits, petitions, publicity, shortcomings, study, supervision, training
from .base import PanelSpec

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


__all__ = ["PANELS", "PanelSpec", "panel", "panel_of"]
