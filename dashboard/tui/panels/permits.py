"""审批: EIA approvals and filings, and the statutory time limits."""

from .base import PanelSpec

PANEL = PanelSpec(
    key="permits",
    title="审批",
    long_title="审批 · 环评审批与备案",
    figures=("permits_approved", "permits_filed", "permits_avg_days"),
    alerts=("permits_over_limit", "permits_pending_near_limit"),
    trend="permits_by_month",
    breakdowns=("permits_by_type",),
    short={"permits_by_month": "月度批复"},
)
