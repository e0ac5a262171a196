"""Part two: shortcomings and their causes (存在的不足和原因).

From the shortcomings found that year, grouped by category as the genre groups
them (法治意识, 执法力量, 信息化 …), each problem with its cause. Then what the
figures themselves show — a statutory clock missed, a target not met — as
sentences marked 【建议补充】, for the clerk to keep or drop: the bureau did not
list them itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .model import BODY, H1, Composer, Paragraph, Part, Placeholder, Suggestion, runs
from .wording import as_of_words, clean, item_label, sentence_end, shares_subject

STUDY_HEADING = "学法用法的自觉性和法治素养仍需提升"
FORCE_HEADING = "执法监管力量不足"
IT_HEADING = "行政执法信息化水平有待提高"
RULES_HEADING = "法治建设制度机制有待完善"
# The heading a group of shortcomings gets from its category, when its content names no other.
CATEGORY_HEADINGS = {  # in the order the genre lists them
    "法治意识": STUDY_HEADING,
    "执法力量": FORCE_HEADING,
    "信息化": IT_HEADING,
    "制度建设": RULES_HEADING,
}
OTHER_HEADING = "法治建设其他方面仍有不足"
# Headings chosen by what a problem says (first match), before its category: a 普法 problem is
# not a 学法 one, too little equipment is not too few officers.
CONTENT_HEADINGS = (
    (("普法", "宣传"), "普法宣传工作有待加强"),
    (("装备", "经费", "执法车"), "执法保障有待加强"),
    (("信息化", "信息共享", "信息系统", "信息互联"), IT_HEADING),
    (("案卷", "归档", "办案程序", "裁量"), "行政执法规范化水平有待提高"),
    (("学法", "法律法规学习", "法治思维", "法治素养", "法律专业"), STUDY_HEADING),
    (("执法人员偏少", "人手", "编制", "执法力量"), FORCE_HEADING),
    (("回访", "制度", "机制"), RULES_HEADING),
)
ORDER = (STUDY_HEADING, "普法宣传工作有待加强", FORCE_HEADING, "执法保障有待加强", IT_HEADING,
         "行政执法规范化水平有待提高", RULES_HEADING)


def heading_of(problem: str, category: str) -> str:
    """The heading for a problem: from what it says, else from its category."""
    for words, heading in CONTENT_HEADINGS:
        if any(w in problem for w in words):
            return heading
    return CATEGORY_HEADINGS.get(category, OTHER_HEADING)


def without_heading(problem: str, heading: str) -> str:
    """The problem without a first clause that only restates the heading ('执法信息化水平不高'
    under '行政执法信息化水平有待提高')."""
    clauses = [p for p in problem.split("，") if p]
    if len(clauses) > 1 and shares_subject(clauses[0], heading, 5):
        return "，".join(clauses[1:])
    if len(clauses) == 1 and shares_subject(clauses[0], heading, 5):
        return ""
    return problem
# A report names a few problems of a kind; a store rolled up from many bureaus holds thousands.
PER_CATEGORY = 3

Point = tuple[str, list[Part]]  # (heading, sentences)


def part_two(c: Composer) -> list[Paragraph]:
    out = [Paragraph(H1, runs("二、", c.param_year(), "年度推进法治政府建设存在的不足和原因"))]
    if c.year not in c.figures.years:  # a year with no records: nothing the figures could show
        return out + [Paragraph(BODY, runs(Placeholder("台账中没有本年度的记录，无法据台账写出存在的不足和原因"), "。"))]
    points = found(c)
    # A suggestion on the subject of a group joins that group, as the genre would write it; one
    # standing alone asks for its cause, as the section does of every shortcoming.
    for category, suggest in SUGGESTIONS:
        sentences = suggest(c)
        if not sentences:
            continue
        host = next((p for p in points if p[0] in (sentences[0], CATEGORY_HEADINGS.get(category or ""))), None)
        if host is not None:
            host[1].extend([Suggestion(), *sentences[1]])
        else:
            points.append((sentences[0], [Suggestion(), *sentences[1], "究其原因，", Placeholder("原因"), "。"]))
    if not c.imported("shortcomings"):
        out.append(Paragraph(BODY, runs(c.not_imported("shortcomings"), "。")))
    elif not points:
        what = "本年度存在的不足和原因（问题整改台账中没有本年度查找的问题）"
        return out + [Paragraph(BODY, runs(Placeholder(what), "。"))]
    for i, (heading, body) in enumerate(points, 1):
        out.append(Paragraph(BODY, runs(item_label(i), heading + "。", *body)))
    return out


def found(c: Composer) -> list[Point]:
    """The shortcomings found in the year, one point per category, each problem with its cause."""
    if not c.imported("shortcomings") or not c.value("shortcomings_found"):
        return []
    groups: dict[str, list] = {}
    for row in c.rows("shortcomings_found"):
        groups.setdefault(heading_of(clean(row.raw("problem")), clean(row.raw("category"))), []).append(row)
    points: list[Point] = []
    # the genre's order: 学法, 普法, 执法力量, 保障, 信息化, 规范化, 制度机制, the rest
    for heading, rows in sorted(groups.items(), key=lambda g: ORDER.index(g[0]) if g[0] in ORDER else len(ORDER)):
        body: list[Part] = []
        for row in rows[:PER_CATEGORY]:
            problem, cause = clean(row.raw("problem")), clean(row.raw("cause"))
            c.once(f"shortcoming:{row.raw('item_no')}")  # part four then gives only its plan
            rest = without_heading(problem, heading)
            if rest:
                body += ["主要是" if not body else "此外，", c.row_text("shortcomings_found", rest), "。"]
            body += (["究其原因，", c.row_text("shortcomings_found", cause), "。"] if cause
                     else ["究其原因，", Placeholder("原因"), "。"])
        if len(rows) > PER_CATEGORY:
            body += ["同类问题还有多条，见问题整改台账。"]
        points.append((heading, body))
    return points


# ------------------------------------------------------------------ what the figures show

Suggested = tuple[str, list[Part]] | None  # (heading if it stands alone, sentences)


def _clauses(c: Composer, figures: list[tuple[str, Any, Any]]) -> list[Part]:
    """'…3件；…4件' for the figures that are not zero ([] when all are); a figure another part
    already shows is said in words (``words``), not counted twice."""
    out: list[Part] = []
    for name, what, words in figures:
        if c.value(name):
            said = words if c.shown(name) else what
            out += ["；" if out else "", *(said if isinstance(said, list) else [said]),
                    *([] if c.shown(name) else [c.fig(name)])]
    return out


def petitions_clock(c: Composer) -> Suggested:
    if not c.imported("petitions"):
        return None
    when = as_of_words(c)
    parts = _clauses(c, [("petitions_closed_late", "信访件超过办理时限才办结", "部分信访件超过办理时限才办结"),
                         ("petitions_overdue", [when, "超过时限仍未办结"], [when, "仍有信访件超期未办结"])])
    return ("信访办理时效有待提高", sentence_end(parts)) if parts else None


def cases_clock(c: Composer) -> Suggested:
    if not c.imported("enforcement_cases"):
        return None
    when = as_of_words(c)
    parts = _clauses(c, [("cases_decided_late", "行政处罚案件超过法定期限作出决定", "个别案件超过法定期限作出决定"),
                         ("cases_open_overdue", [when, "立案超过法定期限仍未作出决定"],
                          [when, "有案件立案超过法定期限仍未作出决定"]),
                         ("decisions_published_late", "处罚决定超过公示时限才公示", "个别处罚决定超过公示时限才公示"),
                         ("decisions_unpublished", [when, "处罚决定超过公示时限仍未公示"],
                          [when, "有处罚决定超过公示时限仍未公示"])])
    rate = c.value("fully_recorded_rate")
    if rate is not None and rate < 100:
        parts += ["；" if parts else "",
                  *(["执法全过程记录尚未做到全覆盖"] if c.shown("fully_recorded_rate")
                    else ["执法过程记录完整率为", c.fig("fully_recorded_rate")])]
    return ("行政执法规范化水平有待提高", sentence_end(parts)) if parts else None


def permits_clock(c: Composer) -> Suggested:
    if not c.imported("permits") or not c.value("permits_over_limit"):
        return None
    return "环评审批时效有待提高", ["环评审批超过法定时限", c.fig("permits_over_limit"), "。"]


def replies_clock(c: Composer) -> Suggested:
    if not c.imported("supervision_items") or not c.value("supervision_replies_overdue"):
        return None
    return "建议提案答复不够及时", ["人大代表建议、政协提案超过期限答复", c.fig("supervision_replies_overdue"), "。"]


def study_target(c: Composer) -> Suggested:
    if not c.imported("study_sessions"):
        return None
    behind, rate = c.value("study_behind_target"), c.value("study_with_law_rate")
    parts: list[Part] = []
    if behind:
        parts += ["有学法内容的集体学法会议比年度目标（每年", c.param_config("targets", "study_sessions_per_year"),
                  "次）" + ("少" if c.period.is_over else "还差"), c.fig("study_behind_target")]
    if rate is not None and rate < 100:
        parts += ["，" if parts else "", *(["个别会议未安排学法内容"] if c.shown("study_with_law_rate")
                                            else ["“每会一学法”落实率为", c.fig("study_with_law_rate")])]
    return ("集体学法计划落实不到位", sentence_end(parts)) if parts else None


def certificates(c: Composer) -> Suggested:
    if not c.imported("certificates") or not c.value("cert_on_duty_without_valid"):
        return None
    return ("执法人员持证管理有待加强",
            [as_of_words(c), "，执法岗位有", c.fig("cert_on_duty_without_valid"), "人员没有有效执法证。"])


# (category it joins if the bureau listed one, what it says)
SUGGESTIONS: tuple[tuple[str | None, Callable[[Composer], Suggested]], ...] = (
    ("法治意识", study_target), ("执法力量", certificates), (None, cases_clock), (None, petitions_clock),
    (None, permits_clock), (None, replies_clock))
