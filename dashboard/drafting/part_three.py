"""Part three: the head's performance as first responsible person (第一责任人职责).

Three subsections, as the genre has them: 切实履行法治建设领导职责, 带头学法用法,
强化法治建设工作督导. Each sentence is chosen by the data: a figure that is zero
where the genre expects something becomes a placeholder; a figure lower than
the previous year's says so.
"""

from __future__ import annotations

from typing import Any

from .model import BODY, H1, H2, Composer, Paragraph, Part, Placeholder, runs

# How many examples a sentence lists before it says 等.
EXAMPLES = 3
TITLES = 4


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


def versus_last_year(c: Composer, name: str) -> list[Part]:
    """'，低于上年的8次' / '，高于上年的4次' / '，与上年持平'; nothing without last year's data."""
    if c.year - 1 not in c.figures.years:
        return []
    now, before = c.value(name), c.value(name, c.year - 1)
    if now is None or not before:  # nothing to compare with (no such record last year)
        return []
    if now < before:
        return ["，低于上年的", c.fig(name, c.year - 1)]
    if now > before:
        return ["，高于上年的", c.fig(name, c.year - 1)]
    return ["，与上年持平"]


def examples(c: Composer, name: str, column: str, limit: int = EXAMPLES, sep: str = "、",
             quote: bool = False) -> list[Part]:
    """Distinct values of one column of a query's rows, as row-backed text ('A、B等'); [] if none.

    Values are told apart by what is stored (two names can mask alike), shown masked.
    """
    seen: dict[str, str] = {}  # stored value -> as shown
    for row in c.rows(name):
        v = clean(row.raw(column))
        if v and v not in seen:
            seen[v] = clean(row.get(column))
            if len(seen) > limit:  # enough to know there are more ('等')
                break
    if not seen:
        return []
    shown = list(seen.values())[:limit]
    text = "".join(quoted(v) for v in shown) if quote else sep.join(shown)
    return [c.row_text(name, text), "等" if len(seen) > limit else ""]


def inspected_units(c: Composer) -> list[Part]:
    """'执法大队、污染防治股等股室': a generic entry (各股室, 局属各单位) is not listed beside named units."""
    named: dict[str, str] = {}  # stored value -> as shown: the keywords are matched on what is stored
    generic: dict[str, str] = {}
    for row in c.rows("head_inspections"):
        unit = clean(row.raw("unit"))
        into = generic if unit.startswith("各") or unit in ("全局", "局属单位", "局属各单位") else named
        if unit and unit not in into:
            into[unit] = clean(row.get("unit"))
    if not named:
        return [c.row_text("head_inspections", next(iter(generic.values())))] if generic else ["股室和局属单位"]
    more = generic or len(named) > EXAMPLES
    return [c.row_text("head_inspections", "、".join(list(named.values())[:EXAMPLES])), "等股室" if more else ""]


def missing(c: Composer, name: str, what: str) -> list[Part]:
    """A placeholder for what the ledgers do not record this year; last year's figure if there was one."""
    out: list[Part] = [Placeholder(what)]
    if c.year - 1 in c.figures.years and c.value(name, c.year - 1):
        out += ["（台账无本年度记录，上年为", c.fig(name, c.year - 1), "）"]
    return out + ["。"]


def leadership(c: Composer) -> list[Part]:
    out: list[Part] = []
    if c.value("study_meetings"):
        out += ["全年共召开党组（扩大）会议、党组理论学习中心组会议和干部职工例会", c.fig("study_meetings"),
                *versus_last_year(c, "study_meetings")]
        if c.value("study_rule_of_law_agenda"):
            out += ["，在会议中研究部署法治建设议题", c.fig("study_rule_of_law_agenda"), "。"]
        else:
            out += ["，", Placeholder("会议研究部署法治建设议题的情况（台账未标注法治议题）"), "。"]
    else:
        out += missing(c, "study_meetings", "召开党组（扩大）会议、中心组会议和干部职工例会研究部署法治建设的情况")
    chaired = bool(c.value("study_meetings") and c.value("study_head_chaired"))
    if chaired:
        out += ["主要负责人亲自主持各类会议和专题学习", c.fig("study_head_chaired")]
    if c.value("head_deployments"):
        subjects = examples(c, "head_deployments", "subject", quote=True)
        out += ["，对" if chaired else "主要负责人对", "法治建设重要工作亲自部署、亲自过问、亲自协调、亲自督办",
                c.fig("head_deployments"), *versus_last_year(c, "head_deployments"),
                *(["，涉及", *subjects, "事项"] if subjects else []), "。"]
    else:
        out += ["。"] if chaired else []
        out += missing(c, "head_deployments", "主要负责人亲自部署、过问、协调、督办法治建设重要事项的情况")
    if c.value("head_petition_visits"):
        out += ["带头接访下访", c.fig("head_petition_visits"), "，面对面听取群众诉求。"]
    return out


def study(c: Composer) -> list[Part]:
    out: list[Part] = []
    if c.value("laws_studied") or c.value("law_exams") or c.value("trainings_head_attended"):
        out += ["主要负责人带头尊法学法守法用法。"]
    if c.value("laws_studied"):
        out += ["全年组织集中学习法律法规及学习读本", c.fig("laws_studied"),
                *versus_last_year(c, "laws_studied")]
        titles = examples(c, "study_topics", "学法内容", limit=TITLES, sep=_title_sep(c))
        if titles:
            out += ["，重点学习了", *titles] if titles[-1] == "等" else ["，包括", *titles]
        out += ["。"]
        rate = c.value("study_with_law_rate")
        if rate is not None and rate >= 100:
            out += ["党组会议、中心组学习和干部职工例会的“每会一学法”落实率为", c.fig("study_with_law_rate"), "。"]
        elif rate is not None:
            out += ["“每会一学法”落实率为", c.fig("study_with_law_rate"), "，仍有会议未安排学法内容。"]
    else:
        out += missing(c, "laws_studied", "集中学习的法律法规篇目")
    if c.value("law_exams"):
        out += ["组织学法考试", c.fig("law_exams"), *versus_last_year(c, "law_exams"), "。"]
    else:
        out += missing(c, "law_exams", "参加国家工作人员学法考试的情况")
    if c.value("trainings_head_attended"):
        out += ["参加法治和业务培训", c.fig("trainings_head_attended"),
                *versus_last_year(c, "trainings_head_attended"), "，包括",
                *examples(c, "trainings_head_attended", "title", limit=2, quote=True), "。"]
    else:
        out += missing(c, "trainings_head_attended", "主要负责人参加法治培训的情况")
    if c.value("head_major_cases_signed"):
        out += ["坚持依法决策、依法办案，亲自审签重大行政处罚案件", c.fig("head_major_cases_signed"), "。"]
    out += court(c)
    return out


def court(c: Composer) -> list[Part]:
    heard, appeared = c.value("lawsuits_heard"), c.value("head_appeared_in_court")
    if not heard and not appeared:
        if c.year not in c.figures.years or not c.value("litigation_ledger_rows"):
            # No litigation ledger (or no data at all this year): "none" would be a guess.
            return [Placeholder("行政诉讼开庭及负责人出庭应诉情况"), "。"]
        return ["全年本局", c.fig("lawsuits_heard", zero="没有"), "开庭审理的行政诉讼案件，未涉及负责人出庭应诉。"]
    out: list[Part] = ["全年本局行政诉讼案件开庭", c.fig("lawsuits_heard"),
                       "，负责人出庭应诉", c.fig("head_appeared_in_court", zero="没有")]
    if appeared < heard:
        out += ["，出庭应诉尚未做到应出尽出"]
    return out + ["。"]


def supervision(c: Composer) -> list[Part]:
    out: list[Part] = []
    if c.value("head_inspections"):
        out += ["主要负责人深入", *inspected_units(c), "督导检查法治建设工作",
                c.fig("head_inspections"), *versus_last_year(c, "head_inspections"), "。"]
    else:
        out += missing(c, "head_inspections", "主要负责人督导检查股室、局属单位法治建设工作的情况")
    if c.value("head_year_end_report"):
        out += ["年终专题述法", c.fig("head_year_end_report"), "，报告履行法治建设第一责任人职责的情况。"]
    else:
        out += [Placeholder("年终述法情况"), "。"]  # not compared: one 述法 a year is the norm
    out += shortcomings(c)
    return out


def shortcomings(c: Composer) -> list[Part]:
    if not c.value("shortcomings_found"):
        return [Placeholder("查找法治建设存在的不足及整改情况"), "。"]
    found = c.rows("shortcomings_found")
    complete = all(clean(r.raw(k)) for r in found for k in ("measure", "owner", "due_on"))
    out: list[Part] = ["对照法治政府建设要求查找存在的不足", c.fig("shortcomings_found"),
                       "，逐条明确了整改措施、责任股室和整改时限" if complete
                       else "，其中有的条目尚未明确整改措施、责任股室或整改时限"]
    done = c.value("shortcomings_done")
    if done:
        out += ["；截至年底已完成整改", c.fig("shortcomings_done")]
    if c.value("shortcomings_open"):
        older = any(_int(r.raw("year")) < c.year for r in c.rows("shortcomings_open"))
        out += ["，尚有" if done else "；截至年底尚有", c.fig("shortcomings_open"), "未完成整改",
                "（含以前年度查找的问题）" if older else ""]
        if c.value("shortcomings_overdue"):
            out += ["，其中", c.fig("shortcomings_overdue"), "已超过整改时限"]
        out += ["，将在下一年度继续推进"]
    else:
        out += ["，查找的问题均已完成整改"]
    return out + ["。"]


def quoted(text: str) -> str:
    """“text”, with quotation marks inside it turned into single ones (‘…’)."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def _title_sep(c: Composer) -> str:
    """Book titles run together (《甲》《乙》); other topics are separated by 、."""
    topics = [clean(r.raw("学法内容")) for r in c.rows("study_topics")]
    return "" if topics and all(t.startswith("《") and t.endswith("》") for t in topics) else "、"


def clean(v: Any) -> str:
    """A ledger value as text for a sentence: trimmed, without trailing punctuation."""
    if v is None:
        return ""
    return str(v).strip().rstrip("。；;，,")


def _int(v: Any) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0
