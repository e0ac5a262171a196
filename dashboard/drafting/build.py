"""Building a draft of the annual report from a store's figures.

The title (bureau and year, from the configuration), the preamble (the bodies
the bureau works under), then parts one to four (any of them), the 核对 list,
and last the masking of the text taken from rows.
"""

from __future__ import annotations

from ..clock import Period
from ..figures import Figures
from .area import COMPARED
from .checks import cross_checks
from .masking import mask_draft
from .model import (
    BODY,
    NOTE,
    TITLE,
    Composer,
    ConfigText,
    Draft,
    Paragraph,
    Part,
    Placeholder,
    RowText,
    runs,
)
from .part_four import part_four
from .part_one import part_one
from .part_three import part_three
from .part_two import part_two
from .wording import joined

SECTIONS = {"1": part_one, "2": part_two, "3": part_three, "4": part_four}
# The figures a draft of a year reads (of that year), read ahead side by side; kept in step
# with the parts by a test that drafts every sample year.
PREFETCH = (
    "cases_closure_requested", "cases_decided_late", "cases_filed", "cases_in_campaigns", "cases_major",
    "cases_major_collective", "cases_not_penalised", "cases_open_overdue", "cases_penalised", "cases_pending",
    "cases_transferred", "cases_withdrawn", "cert_exams_passed", "cert_exams_taken", "cert_expiring_next_year",
    "cert_holding_rate", "cert_new_exams", "cert_on_duty", "cert_on_duty_without_valid", "cert_renewal_exams",
    "cert_valid_holders",
    "check_court_without_hearing", "check_signed_before_filing", "cppcc_proposals",
    "decisions_published", "decisions_published_late", "decisions_unpublished", "fines_total", "fully_recorded_rate",
    "head_appeared_in_court", "head_deployments", "head_inspections", "head_major_cases_signed",
    "head_petition_visits", "head_year_end_report", "law_exam_takers", "law_exams", "laws_studied", "lawsuits",
    "lawsuits_heard", "legal_reviews_by_adviser", "legal_reviews_done", "legal_reviews_held",
    "legal_reviews_of_contracts", "legal_reviews_of_decisions", "legal_reviews_of_documents",
    "major_decisions_reviewed", "npc_suggestions", "permits_approved", "permits_avg_days", "permits_filed",
    "permits_over_limit", "petitions_all", "petitions_closed_late", "petitions_five_star", "petitions_from_above",
    "petitions_led_to_cases", "petitions_on_time_rate", "petitions_overdue", "petitions_received",
    "petitions_satisfaction_rate", "publicity_events_held", "publicity_online", "publicity_onsite",
    "publicity_onsite_audience", "publicity_onsite_materials", "publicity_to_enterprises", "publish_rate",
    "reconsiderations", "shortcomings_done", "shortcomings_due_later", "shortcomings_earlier_done",
    "shortcomings_found", "shortcomings_open", "shortcomings_overdue", "study_behind_target", "study_head_chaired",
    "study_meetings", "study_rule_of_law_agenda", "study_with_law_rate", "study_xi_thought",
    "supervision_basically_satisfied", "supervision_replied_on_time", "supervision_replies_overdue",
    "supervision_satisfied", "trainings_head_attended", "trainings_joined", "trainings_organized",
    "trainings_organized_attendance")
# The queries whose rows a draft lists (their counts then come from the same rows).
PREFETCH_ROWS = (
    "study_xi_thought", "trainings_organized", "trainings_joined", "head_deployments", "head_petition_visits",
    "head_inspections", "head_year_end_report", "shortcomings_found", "shortcomings_open", "law_exams",
    "trainings_head_attended", "reconsiderations", "lawsuits", "study_topics", "publicity_occasions",
    "cases_by_campaign")
NUMERALS = {"1": "一", "2": "二", "3": "三", "4": "四"}
ALL = ("1", "2", "3", "4")


def parse_sections(text: str) -> tuple[str, ...]:
    """'3,4' → ('3', '4'); raises ValueError naming what is wrong."""
    parts = tuple(dict.fromkeys(p.strip() for p in text.replace("，", ",").split(",") if p.strip()))
    bad = [p for p in parts if p not in SECTIONS]
    if not parts or bad:
        raise ValueError(f"--section 只能是 1、2、3、4 中的一个或几个，用逗号分开，如 1,2,3,4 或 3,4（收到：{text}）")
    return tuple(sorted(parts))


def title(c: Composer, sections: tuple[str, ...]) -> list[Paragraph]:
    """The title on two lines (bureau; year and report), and beneath it which parts, if not all."""
    bureau = c.figures.config.bureau_name
    # No bureau configured: the title says so rather than borrow another bureau's name.
    out = [Paragraph(TITLE, runs(ConfigText(bureau) if bureau else Placeholder("单位名称"))),
           Paragraph(TITLE, runs(c.param_year(), "年法治政府建设情况报告"))]
    if sections != ALL:
        out.append(Paragraph(NOTE, runs("（第" + "、".join(NUMERALS[s] for s in sections) + "部分）")))
    return out


def preamble(c: Composer) -> Paragraph:
    """'Y年，我局在A和B的领导下，在C的指导下，…现将Y年度法治政府建设情况报告如下。'"""
    bureau = c.figures.config.bureau
    superiors = [s.strip() for s in bureau.superiors if s.strip()]
    under: list[Part] = ["在", ConfigText(joined(superiors)), "的领导下，"] if superiors else \
        ["在", Placeholder("上级领导机关（dash.toml 的 bureau.superiors）"), "的领导下，"]
    if bureau.guided_by.strip():
        under += ["在", ConfigText(bureau.guided_by.strip()), "的指导下，"]
    y = c.param_year()
    return Paragraph(BODY, runs(y, "年，我局", *under,
                                "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
                                "紧扣生态环境保护中心工作，扎实推进法治政府建设。现将", c.param_year(),
                                "年度法治政府建设情况报告如下。"))


def build_draft(figures: Figures, period: Period, sections: tuple[str, ...] = ALL) -> Draft:
    """The draft of the given parts for the period's year; every number in it is a recorded figure."""
    with figures.cursor() as cur:
        c = Composer(figures, period, cur)
        last_year = [(n, period.year - 1) for n in sorted(COMPARED)] if period.year - 1 in figures.years else []
        c.prefetch([*((n, period.year) for n in PREFETCH), *last_year], [(n, period.year) for n in PREFETCH_ROWS])
        paragraphs = title(c, sections)
        if "1" in sections:
            paragraphs.append(preamble(c))
        for s in sections:
            paragraphs += SECTIONS[s](c)
        bureau = figures.config.bureau
        draft = Draft(year=period.year, bureau=bureau.name, as_of=period.as_of, paragraphs=paragraphs,
                      sections=sections, author=bureau.drafter.strip() or bureau.name)
        draft.checks = cross_checks(c)
    mask_draft(draft, figures)
    shown = {r.ref.key: r.ref for r in draft.figure_runs}
    listed = {r.source.key: r.source for p in paragraphs for r in p.runs if isinstance(r, RowText)}
    draft.figures = list(shown.values())
    draft.consulted = [r for r in c.refs.values() if r.key not in shown]
    draft.sources = list(listed.values())
    draft.rows_consulted = [s for s in c.sources if s.key not in listed]
    return draft
