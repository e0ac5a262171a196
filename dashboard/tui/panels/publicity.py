"""普法: publicity events by occasion and form."""

from .base import PanelSpec

PANEL = PanelSpec(
    key="publicity",
    title="普法",
    long_title="普法 · 普法宣传",
    figures=("publicity_events_held", "publicity_audience", "publicity_materials", "publicity_occasions"),
    trend="publicity_by_month",
    breakdowns=("publicity_by_occasion", "publicity_by_form"),
    short={"publicity_by_month": "月度普法"},
)
