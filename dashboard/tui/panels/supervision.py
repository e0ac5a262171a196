"""监督: NPC suggestions / CPPCC proposals, reconsideration and litigation, legality reviews."""

from .base import PanelSpec

PANEL = PanelSpec(
    key="supervision",
    title="监督",
    long_title="监督 · 建议提案、复议诉讼、合法性审查",
    figures=("supervision_items_handled", "litigation_cases", "head_appeared_in_court", "legal_reviews_held"),
    alerts=("supervision_replies_overdue",),
    trend="supervision_by_month",
    breakdowns=("supervision_by_kind", "litigation_by_kind", "legal_reviews_by_type"),
    more=("lawsuits_heard",),
    short={"supervision_by_month": "月度监督", "supervision_items_handled": "人大建议、政协提案"},
)
