"""Part four: numbered arrangements for the next year, each one there because of the data.

Items, in order: open shortcomings (grouped by category, with their 整改措施 and
责任股室), study targets missed, certificates expiring next year, statutory
clocks missed (petitions, cases, permits, replies), then the standing items
from ``[[arrangements]]`` in the configuration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .model import (
    BODY,
    H1,
    H2,
    Composer,
    ConfigText,
    MaskedRow,
    Paragraph,
    Part,
    Placeholder,
    cn_ordinal,
    runs,
)
from .part_three import clean, quoted

Item = tuple[Part, list[Part]]  # (title, body)

# The heading an arrangement gets from its shortcomings' category.
CATEGORY_TITLES = {
    "法治意识": "持续加强学法用法，提升法治意识和法律素养",
    "执法力量": "充实执法力量，加强执法队伍建设",
    "信息化": "推进行政执法信息化建设",
    "制度建设": "健全法治建设制度机制",
}
OTHER_TITLE = "抓好法治建设问题整改"


def part_four(c: Composer) -> list[Paragraph]:
    out = [Paragraph(H1, runs("四、", c.param_year(1), "年度推进法治政府建设的主要安排"))]
    items: list[Item] = []
    if c.year in c.figures.years:
        for build in BUILDERS:
            items += build(c)
    else:
        out.append(Paragraph(BODY, runs(
            Placeholder("台账中没有本年度的记录，无法据台账提出有针对性的安排"), "。")))
    items = _fold(_fold(items, CERT_TITLE, "执法力量"), STUDY_TITLE, "法治意识") + standing(c)
    for i, (title, body) in enumerate(items, 1):
        out.append(Paragraph(H2, runs(f"（{cn_ordinal(i)}）", title)))
        out.append(Paragraph(BODY, runs(*body)))
    return out


def shortcoming_items(c: Composer) -> list[Item]:
    """One arrangement per category of shortcomings still open at the end of the year."""
    if not c.value("shortcomings_open"):
        return []
    # Grouped and titled by the stored values: the heading must not depend on masking.
    overdue = {r.raw("item_no") for r in c.rows("shortcomings_overdue")}
    groups: dict[str, list[MaskedRow]] = {}
    for row in c.rows("shortcomings_open"):
        groups.setdefault(clean(row.raw("category")), []).append(row)
    items: list[Item] = []
    for category, rows in groups.items():
        body: list[Part] = []
        for row in rows:
            body += _shortcoming(c, row, row.raw("item_no") in overdue)
        items.append((CATEGORY_TITLES.get(category, OTHER_TITLE), body))
    return items


def _shortcoming(c: Composer, row: MaskedRow, overdue: bool) -> list[Part]:
    q = "shortcomings_open"
    status = clean(row.raw("status"))  # compared with the stored value, shown masked
    shown_status = clean(row.get("status"))
    due = row.raw("due_on")
    out: list[Part] = ["针对", c.row_text(q, str(row.get("year"))), "年查找的",
                       c.row_text(q, quoted(clean(row.get("problem")))), "问题（"]
    if status and status != "已完成" and not c.period.is_over:
        out += ["目前", c.row_text(q, shown_status)]  # the current year: the status is today's
    elif status and status not in ("已完成", "整改中"):
        out += ["截至年底", c.row_text(q, shown_status)]  # 未启动 then is 未启动 at the year's end too
    else:  # a past year: today's 整改中 / 已完成 says nothing certain about 31 December
        out += ["截至年底尚未完成"]
    # A time limit inside the report year is gone before next year's arrangements
    # begin: "按期" would promise what can no longer be kept.
    lapsing = overdue or bool(due and hasattr(due, "year") and due.year <= c.year)
    if due:
        out += ["，整改时限", c.row_text(q, _date(row.get("due_on")))]
        if overdue:
            out += ["，已超过时限"]
        elif lapsing:
            out += ["，已到期" if due <= c.period.as_of else "，年内到期"]
    else:
        out += ["，未定整改时限"]
    out += ["），"]
    measure, owner = clean(row.get("measure")), clean(row.get("owner"))  # shown: masked
    out += [c.row_text(q, measure) if measure else Placeholder("整改措施"), "。由"]
    out += [c.row_text(q, owner) if owner else Placeholder("责任股室"),
            "负责，尽快整改到位。" if lapsing else "负责，按期整改到位。"]
    return out


STUDY_TITLE = "落实集体学法计划，坚持“每会一学法”"


def study_item(c: Composer) -> list[Item]:
    """Collective study below the yearly target, or meetings without a law studied."""
    behind, rate = c.value("study_behind_target"), c.value("study_with_law_rate")
    body: list[Part] = []
    year_over = c.period.is_over
    if behind:
        body += [c.param_year(), "年有学法内容的集体学法会议",
                 "比年度目标（每年" if year_over else "距年度目标（每年",
                 c.param_config("targets", "study_sessions_per_year"), "次）少" if year_over else "次）还差",
                 c.fig("study_behind_target")]
        if rate is not None and rate < 100:
            body += ["，“每会一学法”落实率为", c.fig("study_with_law_rate")]
        body += ["。"]
    elif rate is not None and rate < 100:
        body += ["“每会一学法”落实率为", c.fig("study_with_law_rate"), "。"]
    if not body:
        return []
    body += ["制定年度集体学法计划，按季度安排党组会议、中心组学习的学法内容，坚持“每会一学法”，确保完成年度学法任务。"]
    return [(STUDY_TITLE, body)]


def certificate_item(c: Composer) -> list[Item]:
    """Certificates that expire next year, and staff on duty without a valid one."""
    expiring, invalid = c.value("cert_expiring_next_year"), c.value("cert_on_duty_without_valid")
    body: list[Part] = []
    if expiring:
        body += ["持证台账显示，", c.fig("cert_expiring_next_year"), "执法人员的执法证将于", c.param_year(1),
                 "年到期，须参加换证考试。"]
    if invalid:
        body += ["截至年底，在执法岗位的人员中有", c.fig("cert_on_duty_without_valid"),
                 "没有有效执法证，须尽快取得执法证或调整岗位。"]
    if not body:
        return []
    body += ["提前摸清到期人员名单，组织复习备考，确保执法人员持证上岗、亮证执法。"]
    return [(CERT_TITLE, body)]


CERT_TITLE = "做好执法证件换证考试和持证管理"


def _fold(items: list[Item], guest: str, category: str) -> list[Item]:
    """Put the item titled ``guest`` into the arrangement of a shortcoming category, if there is one.

    Certificate renewal joins 执法队伍 and the study target joins 学法用法, as the genre
    has it, instead of standing as a second item on the same subject.
    """
    item = next((i for i in items if i[0] == guest), None)
    host = next((i for i in items if i[0] == CATEGORY_TITLES[category]), None)
    if item is None or host is None:
        return items
    host[1].extend(["同时，", *item[1]])
    return [i for i in items if i is not item]


def clock_items(c: Composer) -> list[Item]:
    """One arrangement per area whose statutory clock was missed."""
    items: list[Item] = []
    body = _missed(c, [("petitions_closed_late", "信访投诉超期办结"), ("petitions_overdue", "截至年底超期未办结")])
    if body:
        items.append(("严格落实信访办理时限", [*body, "对信访件实行到期预警、逐件跟踪，确保在法定期限内办结并答复。"]))
    body = _missed(c, [("cases_decided_late", "行政处罚案件超过法定期限作出决定"),
                       ("cases_open_overdue", "截至年底立案超过法定期限仍未作出决定"),
                       ("decisions_published_late", "处罚决定超过公示时限才公示"),
                       ("decisions_unpublished", "截至年底处罚决定超过公示时限仍未公示")])
    if body:
        items.append(("规范行政处罚办案时限", [*body, (
            "加强案件办理进度管理，临近期限的案件由法制股提示督办，确保依法按期作出决定并及时公示。")]))
    body = _missed(c, [("permits_over_limit", "环评审批超过法定时限")])
    if body:
        items.append(("提高环评审批效率", [*body, "优化审批流程，严格执行法定审批时限，对临近时限的项目逐件督办。"]))
    body = _missed(c, [("supervision_replies_overdue", "人大代表建议、政协提案超过期限答复")])
    if body:
        items.append(("按期办理人大代表建议和政协提案", [*body, "落实交办、督办、答复全程跟踪，确保按期答复。"]))
    return items


def _missed(c: Composer, figures: list[tuple[str, str]]) -> list[Part]:
    """'台账显示，…N件；…M件。' for the figures that are not zero; [] when all are."""
    parts: list[Part] = []
    for name, what in figures:
        if c.value(name):
            parts += ["；" if parts else "", what, c.fig(name)]
    return [c.param_year(), "年台账显示，", *parts, "。"] if parts else []


def standing(c: Composer) -> list[Item]:
    """The standing arrangements written in ``[[arrangements]]``."""
    out: list[Item] = []
    for item in c.figures.config.arrangements:
        title, text = item.title.strip(), item.text.strip()
        if title or text:
            out.append((ConfigText(title), [ConfigText(text)] if text else []))
    return out


def _date(value: Any) -> str:
    """A date as the report writes it: 2025年6月30日."""
    if hasattr(value, "year") and hasattr(value, "month"):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


BUILDERS: tuple[Callable[[Composer], list[Item]], ...] = (
    shortcoming_items, study_item, certificate_item, clock_items)
