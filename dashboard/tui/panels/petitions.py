"""信访: complaints received and closed, on time, satisfaction."""

from .base import PanelSpec

PANEL = PanelSpec(
    key="petitions",
    title="信访",
    long_title="信访 · 信访投诉",
    # All levels first, then the county-level count the report quotes: closed and the
    # rates count every level, so a bare county figure beside them would not add up.
    figures=("petitions_all", "petitions_received", "petitions_closed", "petitions_on_time_rate",
             "petitions_satisfaction_rate"),
    alerts=("petitions_overdue", "petitions_due_soon"),
    trend="petitions_by_month",
    breakdowns=("petitions_by_channel", "petitions_by_category"),
    more=("petitions_closed_late", "petitions_five_star"),
    short={"petitions_all": "受理信访投诉", "petitions_received": "其中县级", "petitions_by_month": "月度受理"},
)
