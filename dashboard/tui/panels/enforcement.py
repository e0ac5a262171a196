"""执法: cases, penalties, fines and the three enforcement systems (三项制度)."""

from .base import PanelSpec

PANEL = PanelSpec(
    key="enforcement",
    title="执法",
    long_title="执法 · 行政处罚案件",
    figures=("cases_filed", "cases_penalised", "fines_total", "cases_closure_requested",
             "cases_not_penalised", "publish_rate", "legal_reviews_done", "fully_recorded_rate"),
    alerts=("cases_open_overdue", "decisions_unpublished"),
    trend="cases_by_month",
    breakdowns=("cases_by_type", "cases_by_source", "cases_by_campaign"),
    more=("cases_closed", "decisions_published", "cases_decided_late", "decisions_published_late"),
    short={"cases_filed": "查处违法行为", "cases_closure_requested": "报请政府关闭",
           "fully_recorded_rate": "全过程记录完整率", "cases_by_month": "月度立案"},
)
