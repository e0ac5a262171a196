"""不足: shortcomings found and their rectification."""

from .base import PanelSpec

PANEL = PanelSpec(
    key="shortcomings",
    title="不足",
    long_title="不足 · 问题整改",
    figures=("shortcomings_found", "shortcomings_open", "shortcomings_in_progress", "shortcomings_done"),
    alerts=("shortcomings_overdue",),
    breakdowns=("shortcomings_open_by_status", "shortcomings_by_status"),
)
