"""Part one: the year's main measures and results (主要举措和成效).

One subsection per area, in the order the genre has them: study of 习近平法治思想,
lawful decision-making, enforcement (:mod:`.part_one_enforcement`), supervision,
disputes, government services, publicity. An area whose ledgers are all 未导入
keeps its heading with 【待补充：未导入…台账】; an area whose ledgers hold nothing
for the year is left out. A subsection with several points numbers them 1. 2. 3.
"""

from __future__ import annotations

from collections.abc import Callable

from .area import Area, Item, compared, missing_area
from .model import BODY, H1, H2, Composer, ConfigText, Paragraph, Part, Placeholder, runs
from .part_one_enforcement import enforcement_area
from .wording import (
    clean,
    column_values,
    distinct,
    heading_label,
    item_label,
    listing,
    quoted,
    sentence_end,
    titled,
)


def part_one(c: Composer) -> list[Paragraph]:
    out = [Paragraph(H1, runs("一、", c.param_year(), "年度推进法治政府建设的主要举措和成效"))]
    areas = [a for a in (build(c) for build in AREAS) if a is not None] if c.year in c.figures.years else []
    if not areas:
        out.append(Paragraph(BODY, runs(Placeholder("台账中没有本年度的记录，无法据台账写出主要举措和成效"), "。")))
    for i, area in enumerate(areas, 1):
        out.append(Paragraph(H2, runs(heading_label(i), area.title)))
        numbered = len(area.items) > 1 and all(title for title, _ in area.items)
        for j, (title, body) in enumerate(area.items, 1):
            head: list[Part] = [item_label(j), title + "。"] if numbered else []
            out.append(Paragraph(BODY, runs(*head, *body)))
    return out


# ------------------------------------------------------------------ (一) study

STUDY = "深入学习贯彻习近平法治思想"
MEETING_WORDS = {"理论学习中心组": "党组理论学习中心组", "党组扩大会议": "党组（扩大）会议"}


def study_area(c: Composer) -> Area | None:
    if not c.imported("study_sessions") and not c.imported("trainings"):
        return missing_area(c, STUDY, "study_sessions", "trainings")
    body: list[Part] = []
    if c.imported("study_sessions") and c.value("study_xi_thought"):
        rows = c.rows("study_xi_thought")
        kinds = distinct((MEETING_WORDS.get(clean(r.raw("meeting_type")), r.raw("meeting_type")) for r in rows), 8)
        topics = distinct((r.raw("law_topic") for r in rows), 8)
        c.once("xi_thought")
        body += ["把习近平法治思想作为", *listing(c, "study_xi_thought", kinds), "学习的重点内容，全年专题学习",
                 *listing(c, "study_xi_thought", topics, sep="" if all(t.startswith("《") for t in topics) else "、"),
                 c.fig("study_xi_thought"), "。"]
    if c.imported("trainings"):
        body += trainings(c, first=not body)
    elif body:
        body += [c.not_imported("trainings"), "。"]
    return Area(STUDY, [("", body)]) if body else None


def trainings(c: Composer, first: bool = True) -> list[Part]:
    """Trainings the bureau ran are 组织; those run by others are 参加."""
    out: list[Part] = []
    if c.missing("trainings_organized"):  # no 主办: 组织 and 参加 cannot be told apart
        return ["全年组织和参加培训", c.no_column("trainings_organized"), "。"]
    if c.value("trainings_organized"):
        forms = column_values(c, "trainings_organized", "form")
        out += ["全年组织" if first else "组织", *listing(c, "trainings_organized", forms, limit=4), *([] if forms else ["培训"]),
                c.fig("trainings_organized"), "，参训", c.fig("trainings_organized_attendance")]
    if c.value("trainings_joined"):
        forms = column_values(c, "trainings_joined", "form")
        hosts = {clean(r.raw("organizer")) for r in c.rows("trainings_joined")}
        out += ["；" if out else "全年" if first else "", "参加上级举办的" if hosts == {"上级"} else "参加其他单位举办的",
                *listing(c, "trainings_joined", forms, limit=4), *([] if forms else ["培训"]),
                c.fig("trainings_joined")]
    return sentence_end(out) if out else []


# ------------------------------------------------------------------ (二) decisions

DECISION = "坚持依法科学民主决策"
REVIEW_KINDS = (("legal_reviews_of_decisions", "重大行政决策"), ("legal_reviews_of_documents", "规范性文件"),
                ("legal_reviews_of_contracts", "合同"))


def decision_area(c: Composer) -> Area | None:
    adviser = c.figures.config.bureau.legal_adviser.strip()
    imported = c.imported("legal_reviews")
    if not imported and not adviser:
        return missing_area(c, DECISION, "legal_reviews")
    items: list[Item] = []
    kinds = [(name, word) for name, word in REVIEW_KINDS if imported and c.value(name)]
    if kinds:
        body: list[Part] = ["全年对"]
        for i, (name, word) in enumerate(kinds):
            body += ["、" if i else "", word, c.fig(name)]
        body += ["进行合法性审查"]
        named = [(name, distinct((titled(clean(r.raw("title"))) for r in c.rows(name)), 2)) for name, _ in kinds[:2]]
        named = [(name, titles[:2]) for name, titles in named if titles]
        if named:
            body += ["，审查事项包括", *[c.row_text(name, "".join(titles)) for name, titles in named], "等"]
        items.append(("严格落实合法性审查", sentence_end(body)))
    adviser_reviews = c.value("legal_reviews_by_adviser") if imported else 0
    if adviser or adviser_reviews:
        body = ["聘请", ConfigText(adviser), "担任法律顾问"] if adviser else ["发挥法律顾问作用"]
        if adviser_reviews:
            body += ["，全年参与合法性审查", c.fig("legal_reviews_by_adviser"), "，为决策和合同签订提出法律意见"]
        else:
            body += ["，为依法决策、依法行政提供法律服务"]
        items.append(("发挥法律顾问作用", sentence_end(body)))
    if not imported:
        items.append(("", [c.not_imported("legal_reviews"), "。"]))
    return Area(DECISION, items) if items else None


# ------------------------------------------------------------------ (四) supervision

SUPERVISION = "自觉接受监督，依法应对复议诉讼"
RECONSIDERATION_RESULTS = {"维持": "复议机关维持了原行政行为", "驳回": "复议申请被驳回", "撤销": "原行政行为被撤销",
                           "确认违法": "原行政行为被确认违法", "撤回": "申请人撤回了申请", "审理中": "尚在审理中"}
LAWSUIT_RESULTS = {"维持": "法院判决维持原行政行为", "驳回": "法院判决驳回原告诉讼请求", "撤销": "法院判决撤销原行政行为",
                   "确认违法": "法院判决确认原行政行为违法", "撤回": "原告撤回起诉", "审理中": "尚在审理中"}


def supervision_area(c: Composer) -> Area | None:
    tables = ("supervision_items", "litigation")
    c.once("court")  # court appearances are this subsection's (part three does not repeat them)
    if not any(c.imported(t) for t in tables):
        return missing_area(c, SUPERVISION, *tables)
    body: list[Part] = []
    if c.imported("supervision_items"):
        body += suggestions_and_proposals(c)
    else:
        body += [c.not_imported("supervision_items"), "。"]
    if c.imported("litigation"):
        body += litigation(c)
    else:
        body += [c.not_imported("litigation"), "。"]
    return Area(SUPERVISION, [("", body)])


def suggestions_and_proposals(c: Composer) -> list[Part]:
    if c.missing("npc_suggestions"):  # no 交办日期: the year's items cannot be told
        return ["办理人大代表建议和政协提案", c.fig("npc_suggestions"), "。"]
    npc, cppcc = c.value("npc_suggestions"), c.value("cppcc_proposals")
    if not npc and not cppcc:
        return ["全年没有交办我局办理的人大代表建议和政协提案。"]
    out: list[Part] = ["认真办理人大代表建议", c.fig("npc_suggestions")] if npc else ["认真办理"]
    if cppcc:
        out += ["、" if npc else "", "政协提案", c.fig("cppcc_proposals")]
    handled = npc + cppcc
    on_time = c.value("supervision_replied_on_time")
    out += ["，均按期答复" if on_time == handled else "，按期答复"]
    if on_time != handled:
        out += [c.fig("supervision_replied_on_time")]
    satisfied = c.value("supervision_satisfied")
    if satisfied == handled:
        out += ["，代表委员均表示满意" if not c.value("supervision_basically_satisfied") else "，代表委员均表示满意或基本满意"]
    return out + ["。"]


def litigation(c: Composer) -> list[Part]:
    out: list[Part] = []
    for name, kind, results in (("reconsiderations", "行政复议案件", RECONSIDERATION_RESULTS),
                                ("lawsuits", "行政诉讼案件", LAWSUIT_RESULTS)):
        if not c.value(name):
            continue
        said = distinct((results.get(clean(r.raw("result")), f"结果为{clean(r.raw('result'))}")
                         if clean(r.raw("result")) else "结果尚未录入" for r in c.rows(name)), 4)
        out += ["；" if out else "全年发生", kind, c.fig(name), "，",
                *([] if len(said) == 1 or c.value(name) == 1 else ["结果包括"]),
                c.row_text(name, "；".join(said) if len(said) > 1 else said[0])]
    heard, appeared = c.value("lawsuits_heard"), c.value("head_appeared_in_court")
    if c.missing("lawsuits_heard") or c.missing("head_appeared_in_court"):
        name = "lawsuits_heard" if c.missing("lawsuits_heard") else "head_appeared_in_court"
        out += ["；" if out else "", "行政诉讼开庭和负责人出庭应诉情况", c.fig(name)]
    elif not c.value("lawsuits") and not heard and not appeared:
        out += ["；未发生行政诉讼案件，无出庭应诉情况" if out else "全年未发生行政诉讼案件，无出庭应诉情况"]
    elif heard or appeared:
        out += ["；" if out else "", "行政诉讼案件开庭", c.fig("lawsuits_heard"), "，局负责同志出庭应诉",
                c.fig("head_appeared_in_court", zero="没有")]
    return sentence_end(out) if out else []


# ------------------------------------------------------------------ (五) disputes

DISPUTES = "依法化解矛盾纠纷"


def disputes_area(c: Composer) -> Area | None:
    if not c.imported("petitions"):
        return missing_area(c, DISPUTES, "petitions")
    if not c.value("petitions_received") and not c.value("petitions_all"):
        return None
    body: list[Part] = ["依法分类处理信访诉求，引导群众通过法治途径反映问题"]
    if c.value("petitions_received") or c.missing("petitions_received"):
        body += ["，全年处置县级信访投诉", c.fig("petitions_received"), *compared(c, "petitions_received")]
    if c.value("petitions_from_above"):
        body += ["，办理上级交办信访件", c.fig("petitions_from_above")]
    rate = c.value("petitions_on_time_rate")
    if rate is not None and rate >= 100:
        body += ["；办结的信访件均在规定时限内办结"]
    elif rate is not None or c.missing("petitions_on_time_rate"):
        body += ["；按期办结率", c.fig("petitions_on_time_rate")]
    if c.value("petitions_led_to_cases"):
        body += ["；根据信访线索立案查处环境违法行为", c.fig("petitions_led_to_cases")]
    if c.value("petitions_satisfaction_rate") is not None or c.missing("petitions_satisfaction_rate"):
        body += ["；群众满意率", c.fig("petitions_satisfaction_rate")]
        if c.value("petitions_five_star"):
            body += ["，获得五星好评", c.fig("petitions_five_star")]
    return Area(DISPUTES, [("", sentence_end(body))])


# ------------------------------------------------------------------ (六) services

SERVICES = "优化政务服务，服务经济社会发展"


def services_area(c: Composer) -> Area | None:
    if not c.imported("permits"):
        return missing_area(c, SERVICES, "permits")
    if c.missing("permits_approved"):  # no 批复日期: what was approved in the year cannot be told
        return Area(SERVICES, [("", ["全年办理建设项目环评审批和备案", c.fig("permits_approved"), "。"])])
    approved, filed = c.value("permits_approved"), c.value("permits_filed")
    if not approved and not filed:
        return None
    body: list[Part] = ["持续简化环评审批流程，全年办理建设项目环评审批", c.fig("permits_approved")] \
        if approved else ["全年"]
    if approved:
        body += compared(c, "permits_approved")
    if filed:
        body += ["，" if approved else "", "办理环评登记表备案", c.fig("permits_filed")]
    if approved and c.value("permits_avg_days") is not None:
        body += ["；审批项目扣除不计时时间后平均用时", c.fig("permits_avg_days")]
        if not c.value("permits_over_limit") and not c.missing("permits_over_limit"):
            body += ["，均在法定时限（报告书", c.param_config("clocks", "permit_report_book_days"), "日、报告表",
                     c.param_config("clocks", "permit_report_form_days"), "日）内办结"]
    return Area(SERVICES, [("", sentence_end(body))])


# ------------------------------------------------------------------ (七) publicity

PUBLICITY = "深入开展普法宣传"


def publicity_area(c: Composer) -> Area | None:
    if not c.imported("publicity_events"):
        return missing_area(c, PUBLICITY, "publicity_events")
    if c.missing("publicity_onsite"):  # no 形式: on-site and online cannot be told apart
        if not c.value("publicity_events_held"):
            return None
        return Area(PUBLICITY, [("", ["全年开展普法宣传活动", c.fig("publicity_events_held"), "，其中现场活动和新媒体推送",
                                      c.no_column("publicity_onsite"), "。"])])
    onsite, online = c.value("publicity_onsite"), c.value("publicity_online")
    if not onsite and not online:
        return None
    body: list[Part] = []
    if onsite:
        occasions = column_values(c, "publicity_occasions", "occasion")
        if occasions:
            body += ["结合", *listing(c, "publicity_occasions", [quoted(o) for o in occasions], limit=5, sep="",
                                  etc=""), "等重要节点，"]
        body += ["开展现场普法活动", c.fig("publicity_onsite")]
        if c.value("publicity_to_enterprises"):
            body += ["，其中送法入企", c.fig("publicity_to_enterprises")]
        if c.value("publicity_onsite_audience"):
            body += ["，覆盖群众", c.fig("publicity_onsite_audience")]
        if c.value("publicity_onsite_materials"):
            body += ["，发放宣传资料", c.fig("publicity_onsite_materials")]
    if online:
        body += ["；" if body else "", "利用新媒体推送普法内容", c.fig("publicity_online")]
    return Area(PUBLICITY, [("", sentence_end(body))])


AREAS: tuple[Callable[[Composer], Area | None], ...] = (
    study_area, decision_area, enforcement_area, supervision_area, disputes_area, services_area, publicity_area)
