"""培训: enforcement certificates, exams and trainings."""

from .base import PanelSpec

PANEL = PanelSpec(
    key="training",
    title="培训",
    long_title="培训 · 持证与培训",
    figures=("cert_holding_rate", "cert_renewal_exams", "cert_new_exams", "trainings_held",
             "training_attendance"),
    alerts=("cert_expiring_soon", "cert_on_duty_without_valid"),
    trend="trainings_by_month",
    breakdowns=("trainings_by_form",),
    more=("trainings_head_attended", "cert_expiring_next_year"),
    short={"trainings_by_month": "月度培训"},
)
