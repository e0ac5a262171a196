"""Part three: the head's performance as first responsible person (第一责任人职责).

Three subsections, as the genre has them: 切实履行法治建设领导职责, 带头学法用法,
强化法治建设工作督导. Each sentence is chosen by the data; what the genre expects
and the ledgers do not hold becomes a placeholder. The meetings are one sentence
(held, chaired, law studied, rule-of-law agenda); a fact part one already stated
(the major cases, the court appearances) is not counted again.
"""

from __future__ import annotations

from .model import BODY, H1, H2, Composer, Paragraph, Part, Placeholder, runs
from .wording import (
    EXAMPLES,
    as_of_words,
    clean,
    column_values,
    distinct,
    listing,
    sentence_end,
    report_date,
    without_year,
)

# Duty types of 亲自部署/过问/协调/督办, in the order a sentence names them.
DEPLOY_TYPES = ("亲自部署", "亲自过问", "亲自协调", "亲自督办")
GENERIC_UNITS = ("全局", "局属单位", "局属各单位")
# A subject that starts with one of these already says what the head did.
LEADING_VERBS = ("主持", "召开", "组织", "研究", "听取", "审定", "审议", "部署", "过问", "协调", "督办", "推动", "带队")


def part_three(c: Composer) -> list[Paragraph]:
    y = c.param_year()
    return [
        Paragraph(H1, runs("三、", y, "年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况")),
        Paragraph(H2, runs("（一）切实履行法治建设领导职责")),
        Paragraph(BODY, runs(*leadership(c))),
        Paragraph(H2, runs("（二）带头学法用法")),
        Paragraph(BODY, runs(*study(c))),
        Paragraph(H2, runs("（三）强化法治建设工作督导")),
        Paragraph(BODY, runs(*supervision(c))),
    ]


def leadership(c: Composer) -> list[Part]:
    out: list[Part] = meetings(c)
    out += deployments(c)
    if c.imported("leadership_duties") and c.value("head_petition_visits"):
        row = c.rows("head_petition_visits")[0]
        example = clean(row.raw("subject"))
        result = clean(row.raw("outcome"))
        out += ["带头接访下访", c.fig("head_petition_visits"),
                *(["，", c.row_text("head_petition_visits", without_year(example, c.year) +
                                    ("，" + result if result else ""))] if example else []), "。"]
    return out


def meetings(c: Composer) -> list[Part]:
    """One sentence: how many meetings, who chaired them, law studied, rule-of-law agenda."""
    if not c.imported("study_sessions"):
        return [c.not_imported("study_sessions"), "。"]
    held = c.value("study_meetings")
    if not held:
        return [Placeholder("主要负责人召开党组（扩大）会议、中心组会议和干部职工例会研究部署法治建设的情况"), "。"]
    chaired = c.value("study_head_chaired")
    what = "党组（扩大）会议、党组理论学习中心组会议和干部职工例会"
    out: list[Part] = (["主要负责人主持召开", what, c.fig("study_meetings")] if chaired == held else
                       ["全年召开", what, c.fig("study_meetings"), "，主要负责人主持", c.fig("study_head_chaired")])
    if c.value("study_rule_of_law_agenda"):
        out += ["，研究部署法治建设工作", c.fig("study_rule_of_law_agenda")]
    rate = c.value("study_with_law_rate")
    if rate is not None and rate >= 100:
        out += ["，每次会议均安排学法内容"]
    elif rate is not None:
        out += ["，个别会议未安排学法内容"] if c.shown("study_with_law_rate") else \
            ["，“每会一学法”落实率", c.fig("study_with_law_rate")]
    return out + ["。"]


def deployments(c: Composer) -> list[Part]:
    """The head's own deployments, one example of each kind with what came of it (结果 column)."""
    if not c.imported("leadership_duties"):
        return [c.not_imported("leadership_duties"), "。"]
    if not c.value("head_deployments"):
        return [Placeholder("主要负责人亲自部署、过问、协调、督办法治建设重要事项的情况"), "。"]
    rows = c.rows("head_deployments")
    picked = []
    for kind in DEPLOY_TYPES:
        row = next((r for r in rows if clean(r.raw("duty_type")) == kind), None)
        if row is not None:
            picked.append(row)
    clauses = []
    for row in picked[:EXAMPLES + 1]:
        subject, result = without_year(clean(row.raw("subject")), c.year), clean(row.raw("outcome"))
        if not on_time_holds(c, subject, result):
            result = ""  # 按期 only where the figures bear it out
        verb = clean(row.raw("duty_type")).removeprefix("亲自")
        if subject and not subject.startswith((verb, *LEADING_VERBS)):  # '年度工作要点' → '部署年度工作要点'
            subject = verb + subject
        if subject:
            clauses.append(subject + ("，" + result if result else ""))
    out: list[Part] = ["对法治建设重要工作亲自部署、亲自过问、亲自协调、亲自督办", c.fig("head_deployments")]
    if clauses:
        out += ["：", c.row_text("head_deployments", "；".join(clauses))]
        if len(rows) > len(clauses):
            out += ["等"]
    return out + ["。"]


# A subject about these is 按期 only when their clocks say so: (words in the subject, the figures
# of clocks missed in the year).
ON_TIME_CLOCKS = (
    (("信访",), ("petitions_closed_late", "petitions_overdue"), "petitions"),
    (("建议", "提案"), ("supervision_replies_overdue",), "supervision_items"),
    (("行政处罚", "案件办理", "立案"), ("cases_decided_late", "cases_open_overdue"), "enforcement_cases"),
    (("环评", "审批"), ("permits_over_limit",), "permits"),
)


def on_time_holds(c: Composer, subject: str, result: str) -> bool:
    """False when a result claims 按期 (按期办结, 按期答复) for work whose clock the figures show
    missed in the year: the report does not contradict its own part two."""
    if "按期" not in result and "按时" not in result:
        return True
    for words, missed, table in ON_TIME_CLOCKS:
        if any(w in subject for w in words) and c.imported(table) and any(c.value(n) for n in missed):
            return False
    return True


def study(c: Composer) -> list[Part]:
    out: list[Part] = []
    out += laws(c)
    out += exam(c)
    out += trainings(c)
    out += signing(c)
    if c.once("court"):
        out += court(c)
    return out


def laws(c: Composer) -> list[Part]:
    if not c.imported("study_sessions"):
        return []  # said once, in the meetings sentence
    if not c.value("laws_studied"):
        return [Placeholder("主要负责人带头学习的法律法规篇目"), "。"]
    topics = column_values(c, "study_topics", "学法内容")
    if c.said("xi_thought"):  # part one named the study of 习近平法治思想 already
        topics = [t for t in topics if "习近平法治思想" not in t] or topics
    books = all(t.startswith("《") for t in topics)
    return ["带头学习", *listing(c, "study_topics", topics, limit=4, sep="" if books else "、", last="、", etc=""),
            "等", c.fig("laws_studied"), "法律法规和学习读本。"]


def exam(c: Composer) -> list[Part]:
    """The 学法考试 is sat (参加), with how many sat it: the bureau does not set the national exam."""
    if not c.imported("study_sessions"):
        return []
    if not c.value("law_exams"):
        return [Placeholder("参加国家工作人员学法考试的情况"), "。"]
    national = any("国家工作人员" in clean(r.raw("law_topic")) for r in c.rows("law_exams"))
    out: list[Part] = ["带领干部职工参加", "国家工作人员学法考试" if national else "学法考试", c.fig("law_exams")]
    if c.value("law_exam_takers"):
        out += ["，参考", c.fig("law_exam_takers")]
    return out + ["。"]


def trainings(c: Composer) -> list[Part]:
    if not c.imported("trainings"):
        return [c.not_imported("trainings"), "。"]
    if not c.value("trainings_head_attended"):
        return [Placeholder("主要负责人参加法治培训的情况"), "。"]
    rows = c.rows("trainings_head_attended")
    own = distinct((r.raw("form") for r in rows if clean(r.raw("organizer")) in ("本局", "我局")), 8)
    other = distinct((r.raw("form") for r in rows if clean(r.raw("organizer")) not in ("本局", "我局")), 8)
    kinds: list[Part] = []
    if own:
        kinds += ["我局组织的", *listing(c, "trainings_head_attended", own, limit=4, last="、" if other else "和")]
    if other:
        kinds += ["和" if own else "", "上级举办的", *listing(c, "trainings_head_attended", other, limit=3)]
    if not kinds:
        return ["带头参加法治和业务培训", c.fig("trainings_head_attended"), "。"]
    return ["带头参加", *kinds, "共" if own and other else "", c.fig("trainings_head_attended"), "。"]


def signing(c: Composer) -> list[Part]:
    """The head signing major cases: the number comes from the case ledger, and only when the
    leadership ledger's 审签 records match it (a mismatch is a 核对 item, not a sentence)."""
    if not c.imported("enforcement_cases", "leadership_duties"):
        return []
    majors, signed = c.value("cases_major"), c.value("head_major_cases_signed")
    if not majors or signed != majors:
        return []
    if c.said("major_cases"):
        return ["亲自审签全部重大行政处罚案件。"]
    return ["亲自审签重大行政处罚案件", c.fig("cases_major"), "。"]


def court(c: Composer) -> list[Part]:
    if not c.imported("litigation"):
        return [c.not_imported("litigation"), "。"]
    for name in ("lawsuits_heard", "head_appeared_in_court"):
        if c.missing(name):  # no 开庭日期 / 负责人出庭: neither a count nor 无出庭应诉 can be said
            return ["出庭应诉情况", c.fig(name), "。"]
    heard, appeared = c.value("lawsuits_heard"), c.value("head_appeared_in_court")
    if not heard and not appeared:
        if not ledger_covers(c, "litigation"):
            return [Placeholder("行政诉讼案件开庭和出庭应诉情况（复议诉讼台账中没有本年度前后的记录）"), "。"]
        return ["全年没有开庭审理的行政诉讼案件，无出庭应诉情况。"]
    out: list[Part] = ["全年行政诉讼案件开庭", c.fig("lawsuits_heard"), "，出庭应诉",
                       c.fig("head_appeared_in_court", zero="没有")]
    if appeared < heard:
        out += ["，出庭应诉尚未做到应出尽出"]
    return out + ["。"]


def ledger_covers(c: Composer, table: str) -> bool:
    """Whether a ledger that may rightly have no rows in a year (lawsuits) was kept for it: it has
    rows of the year, or rows both before and after it. Only then is its silence a 'none'."""
    from ..compare import years_with_rows

    if not hasattr(c, "_years_with_rows"):
        c._years_with_rows = years_with_rows(c.figures)  # one query for the draft
    years = c._years_with_rows.get(table, set())
    return c.year in years or (any(y < c.year for y in years) and any(y > c.year for y in years))


def supervision(c: Composer) -> list[Part]:
    out: list[Part] = inspections(c)
    if c.imported("leadership_duties"):
        if c.value("head_year_end_report"):
            unit = clean(c.rows("head_year_end_report")[0].raw("unit"))
            out += ["年终向", c.row_text("head_year_end_report", unit), "专题述法"] if unit else ["年终专题述法"]
            out += [c.fig("head_year_end_report"), "，报告履行推进法治建设第一责任人职责情况。"]
        else:
            out += [Placeholder("年终述法情况"), "。"]
    out += shortcomings(c)
    return out


def inspections(c: Composer) -> list[Part]:
    """'深入执法大队、污染防治股等股室督导检查3次：…，问题已整改；…，形成督查通报。'"""
    if not c.imported("leadership_duties"):
        return [c.not_imported("leadership_duties"), "。"]
    if not c.value("head_inspections"):
        return [Placeholder("主要负责人督导检查股室、局属单位法治建设工作的情况"), "。"]
    rows = c.rows("head_inspections")
    units = distinct((r.raw("unit") for r in rows), 8)
    named = [u for u in units if not u.startswith("各") and u not in GENERIC_UNITS]
    more = len(named) < len(units) or len(named) > EXAMPLES
    where: list[Part] = (["深入", *listing(c, "head_inspections", named, last="、" if more else "和", etc=""),
                          "等股室" if more else ""] if named else ["对各股室和局属单位"])
    clauses = []
    for row in rows[:EXAMPLES]:
        subject = without_year(clean(row.raw("subject")), c.year)
        subject = subject.removeprefix("督导检查").removeprefix("检查")
        result = clean(row.raw("outcome"))
        if subject:
            clauses.append(inspected(subject, result))
    out: list[Part] = ["主要负责人", *where, "督导检查法治建设工作", c.fig("head_inspections")]
    if clauses:
        out += ["：", c.row_text("head_inspections", "；".join(clauses)), "等" if len(rows) > len(clauses) else ""]
    return sentence_end(out)


def inspected(subject: str, result: str) -> str:
    """'检查…，结果': a subject that ends with what the result says (…问题整改 / 问题已整改) becomes
    '检查…问题的整改情况，均已整改到位', not the same word twice."""
    for word in ("整改", "落实", "办结", "答复"):
        if subject.endswith(word) and result.removeprefix("问题").removeprefix("均") in (f"已{word}", f"已{word}到位"):
            return f"检查{subject[:-len(word)]}的{word}情况，均已{word}到位"
    return "检查" + subject + ("，" + result if result else "")


def shortcomings(c: Composer) -> list[Part]:
    """The year's shortcomings judged fairly: items due next year are on schedule, not failures;
    earlier items completed this year are results."""
    if not c.imported("shortcomings"):
        return [c.not_imported("shortcomings"), "。"]
    out: list[Part] = []
    found = c.value("shortcomings_found")
    if found:
        rows = c.rows("shortcomings_found")
        complete = all(clean(r.raw(k)) for r in rows for k in ("measure", "owner", "due_on"))
        out += ["对照法治政府建设要求查找存在的不足", c.fig("shortcomings_found"),
                "，逐条明确了整改措施、责任股室和整改时限" if complete
                else "，其中有的条目尚未明确整改措施、责任股室或整改时限"]
        done, later = c.value("shortcomings_done"), c.value("shortcomings_due_later")
        if done:
            out += ["，年内已完成整改", c.fig("shortcomings_done")]
        if later:
            by = due_by(c)
            every = later == found - done
            out += (["，" + ("其余问题" if done else "各项问题") if every else "，", *([] if every else
                     [c.fig("shortcomings_due_later"), "问题"]), "计划于", by, "前完成整改，正按计划推进"]
                    if by is not None else
                    ["，", *([] if every else [c.fig("shortcomings_due_later")]),
                     "问题的整改时限在下一年度及以后，正按计划推进"])
        out += ["。"]
    else:
        out += [Placeholder("查找法治建设存在的不足及整改情况"), "。"]
    if c.value("shortcomings_earlier_done"):
        earlier_open = any(_year(r) < c.year for r in c.rows("shortcomings_open"))
        out += ["年内完成以前年度查找问题的整改", c.fig("shortcomings_earlier_done"),
                "。" if earlier_open else "，以前年度查找的问题已全部整改到位。"]
    if c.year in c.figures.years and c.value("shortcomings_overdue"):
        out += [as_of_words(c), "，有", c.fig("shortcomings_overdue"), "问题超过整改时限仍未完成，正督促整改。"]
    return out


def _year(row) -> int:
    try:
        return int(row.raw("year"))
    except (TypeError, ValueError):
        return 0


def due_by(c: Composer):
    """The latest time limit of the year's items due later, as a row text ('2025年底',
    '2026年3月31日'), or None when the ledger gives none."""
    from datetime import date

    dues = [r.raw("due_on") for r in c.rows("shortcomings_due_later")]
    dues = [d for d in dues if isinstance(d, date)]
    if not dues:
        return None
    last = max(dues)
    text = f"{last.year}年底" if (last.month, last.day) == (12, 31) else report_date(last)
    return c.row_text("shortcomings_due_later", text)
