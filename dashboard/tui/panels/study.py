"""学法: study meetings, 每会一学法, laws studied, the head chairing."""

from .base import PanelSpec

PANEL = PanelSpec(
    key="study",
    title="学法",
    long_title="学法 · 会议学法",
    figures=("study_meetings", "study_with_law_rate", "laws_studied", "study_head_chaired", "law_exams"),
    alerts=("study_behind_target",),
    trend="study_by_month",
    breakdowns=("study_by_type", "study_topics"),
    more=("study_rule_of_law_agenda",),
    short={"study_by_month": "月度学法", "study_meetings": "党组会、中心组、例会"},
)
