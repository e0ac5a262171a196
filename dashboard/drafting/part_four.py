"""Part four: numbered arrangements for the next year, each one there because of the data.

The genre's fixed items where the ledgers support them: studying 习近平法治思想
(the study plan and its target), lawful decision-making, enforcement (open
shortcomings, certificates due, clocks missed), publicity; then the standing
items the bureau wrote in ``[[arrangements]]``. There is no built-in standing
item. Open shortcomings give their 整改措施, 责任股室 and time limit in the words
of a plan, never a bracketed status; a figure another part stated is not
repeated here.
"""

from __future__ import annotations

from collections.abc import Callable
import re
from datetime import date

from .model import (
    BODY,
    H1,
    H2,
    Composer,
    ConfigText,
    Paragraph,
    Part,
    Placeholder,
    cn_ordinal,
    runs,
)
from .wording import clean, column_values, joined, listing, quoted, report_date, shares_subject

Item = tuple[Part, list[Part]]  # (title, body)

STUDY_TITLE = "深入学习贯彻习近平法治思想，坚持集体学法"
DECISION_TITLE = "坚持依法科学民主决策"
RULES_TITLE = "健全法治建设制度机制"
TEAM_TITLE = "充实执法力量，加强执法队伍建设"
CERT_TITLE = "做好执法证件换证考试和持证管理"
IT_TITLE = "推进行政执法信息化建设"
PUBLICITY_TITLE = "深化普法宣传教育"
OTHER_TITLE = "抓好法治建设问题整改"
# How many open shortcomings one arrangement spells out.
PER_ITEM = 3
# Which arrangement takes a shortcoming of a category.
CATEGORY_ITEMS = {"法治意识": STUDY_TITLE, "制度建设": RULES_TITLE, "执法力量": TEAM_TITLE, "信息化": IT_TITLE}


def part_four(c: Composer) -> list[Paragraph]:
    out = [Paragraph(H1, runs("四、", c.param_year(1), "年度推进法治政府建设的主要安排"))]
    items: list[Item] = []
    # A year without records still has open shortcomings and certificates falling due: the
    # builders read what there is (a figure of an empty year is 0 and asks for nothing).
    for build in BUILDERS:
        items += build(c)
    if not items and c.year not in c.figures.years:
        out.append(Paragraph(BODY, runs(
            Placeholder("台账中没有本年度的记录，无法据台账提出有针对性的安排"), "。")))
    items += standing(c)
    for i, (title, body) in enumerate(items, 1):
        out.append(Paragraph(H2, runs(f"（{cn_ordinal(i)}）", title)))
        out.append(Paragraph(BODY, runs(*body)))
    return out


# ------------------------------------------------------------------ open shortcomings

def open_shortcomings(c: Composer, category: str | None, said: str = "") -> list[Part]:
    """The plan for the shortcomings still open at the year's end in ``category`` (None: the
    categories no other item takes): measure, owner, time limit. The item's heading and ``said``
    (its text so far) are what a measure does not repeat."""
    if not c.imported("shortcomings") or not c.value("shortcomings_open"):
        return []
    rows = []
    more = False
    for row in c.rows("shortcomings_open"):
        cat = clean(row.raw("category"))
        if (cat if cat in CATEGORY_ITEMS else None) != category or standing_host(c, row) is not None:
            continue
        if len(rows) == PER_ITEM:  # a plan names a few; the ledger holds the rest
            more = True
            break
        rows.append(row)
    title = CATEGORY_ITEMS.get(category or "", OTHER_TITLE)
    out = plans(c, rows, title + said)
    return out + ["其余问题按问题整改台账明确的措施和时限逐项推进。"] if more else out


def plans(c: Composer, rows: list, said: str = "") -> list[Part]:
    """The plans of some open shortcomings, one sentence for each unit that does them: the
    measures of one unit are joined (一是…；二是…) under its name, said once."""
    known = {clean(r.raw("owner")) for r in rows} - {""}
    groups: dict[object, list[tuple[object, str, str]]] = {}
    for i, row in enumerate(rows):
        doer, measure = _doer(clean(row.raw("measure")), known)
        owner = doer or clean(row.raw("owner"))
        # a unit that cannot be named is a sentence of its own
        groups.setdefault(owner or i, []).append((row, owner, measure))
    out: list[Part] = []
    for group in groups.values():
        if len(group) == 1:
            row, owner, measure = group[0]
            out += plan(c, row, said + _plain(out))
            continue
        owner = group[0][1]
        out += ["由", c.row_text(Q, owner), "负责", "两" if len(group) == 2 else cn_ordinal(len(group)), "项整改："]
        for n, (row, _, measure) in enumerate(group, 1):
            out += [cn_ordinal(n), "是", *_problem(c, row)]
            kept = _measure(measure, said + _plain(out))
            out += [c.row_text(Q, kept) if kept else "抓好落实", "，", *_when(c, row.raw("due_on"))]
            out += ["；" if n < len(group) else "。"]
    return out


Q = "shortcomings_open"


def plan(c: Composer, row, said: str = "") -> list[Part]:
    """One shortcoming's plan: measure, who, by when. A clause of the measure that ``said`` (the
    item's heading and text so far) already holds is left out; a measure naming its own doer
    ('由法制股…') is not given a second unit."""
    out: list[Part] = _problem(c, row)
    measure, owner = clean(row.raw("measure")), clean(row.raw("owner"))
    doer, rest = _doer(measure, {owner} - {""})
    if doer:
        kept = _measure(rest, said)
        out += ["由", c.row_text(Q, doer), c.row_text(Q, kept) if kept else "负责落实", "，"]
    elif not measure:
        out += [Placeholder("整改措施"), "，由", c.row_text(Q, owner) if owner else Placeholder("责任股室"), "负责，"]
    else:
        kept = _measure(measure, said)
        unit = c.row_text(Q, owner) if owner else Placeholder("责任股室")
        out += [c.row_text(Q, kept), "，由", unit, "负责，"] if kept else ["由", unit, "负责落实，"]
    return out + [*_when(c, row.raw("due_on")), "。"]


def _problem(c: Composer, row) -> list[Part]:
    """'针对…的问题，' unless part two (or an earlier item) stated the problem."""
    problem = clean(row.raw("problem"))
    if problem and c.once(f"shortcoming:{row.raw('item_no')}"):
        return ["针对", c.row_text(Q, problem), "的问题，"]
    return []


def _measure(measure: str, said: str) -> str:
    """The measure without the clauses the item already says ('' when it says them all)."""
    return "，".join(m for m in measure.split("，") if m and not _said(m, said))


_UNIT = re.compile(r"由(.{1,12}?(?:大队|中队|股|室|科|队|中心|站|所|办|组))")


def _doer(measure: str, known: set[str]) -> tuple[str, str]:
    """(the unit a measure names as its doer, the measure after it): '由法制股会前审核学法篇目'
    → ('法制股', '会前审核学法篇目'); ('', measure) when the measure names none."""
    if not measure.startswith("由"):
        return "", measure
    for unit in sorted(known, key=len, reverse=True):
        if measure.startswith("由" + unit):
            return unit, measure[len(unit) + 1:]
    m = _UNIT.match(measure)
    return (m.group(1), measure[m.end():]) if m else ("", measure)


def _when(c: Composer, due) -> list[Part]:
    """The time limit in the words of a plan. A limit not later than the judging day has passed
    by the time the plan year starts: the item becomes a priority of that year, no date invented."""
    if isinstance(due, date) and due > c.period.as_of:
        return [c.row_text(Q, _by(due)), "前完成"]
    if isinstance(due, date):
        return ["作为", c.param_year(1), "年整改重点，逐项销号"]
    return [Placeholder("整改时限")]


_LEADING = ("坚持", "开展", "加强", "落实", "推进", "建立", "严格")


def _said(clause: str, said: str) -> bool:
    """Whether a measure's clause ('坚持每会一学法') only repeats what the item already says."""
    core = clause
    for verb in _LEADING:
        core = core.removeprefix(verb)
    plain = said.replace("“", "").replace("”", "")
    return len(core) >= 4 and core in plain


def _plain(parts: list[Part]) -> str:
    return "".join(p if isinstance(p, str) else getattr(p, "text", "") for p in parts)


def _by(due: date) -> str:
    """'2025年底' for 31 December, else '2025年6月30日'."""
    return f"{due.year}年底" if (due.month, due.day) == (12, 31) else report_date(due)


# ------------------------------------------------------------------ the genre's items

def study_item(c: Composer) -> list[Item]:
    if not c.imported("study_sessions"):
        return []
    body: list[Part] = ["坚持党组理论学习中心组学习和“每会一学法”，全年集体学法不少于",
                        c.param_config("targets", "study_sessions_per_year"), "次"]
    if c.value("study_xi_thought"):
        body += ["，把习近平法治思想作为学习重点"]
    body += ["，推动领导干部带头尊法学法守法用法。"]
    behind, rate = c.value("study_behind_target"), c.value("study_with_law_rate")
    if behind or (rate is not None and rate < 100):
        body += ["按季度安排学法篇目，确保完成年度学法任务。"]
    return [(STUDY_TITLE, body + open_shortcomings(c, "法治意识", _plain(body)))]


def decision_item(c: Composer) -> list[Item]:
    adviser = c.figures.config.bureau.legal_adviser.strip()
    reviewed = c.imported("legal_reviews") and c.value("legal_reviews_held")
    if not (reviewed or adviser):
        return []
    body: list[Part] = ["重大行政决策、规范性文件和合同严格落实合法性审查"]
    body += ["，发挥法律顾问", ConfigText(adviser), "的作用"] if adviser else []
    return [(DECISION_TITLE, body + ["，确保决策于法有据。"])]


def rules_item(c: Composer) -> list[Item]:
    rules = open_shortcomings(c, "制度建设")
    return [(RULES_TITLE, rules)] if rules else []


def team_items(c: Composer) -> list[Item]:
    """执法力量 shortcomings and certificates (one item); 信息化 shortcomings (another)."""
    items: list[Item] = []
    team = open_shortcomings(c, "执法力量")
    certs = certificate_plan(c)
    if team or certs:
        items.append((TEAM_TITLE if team else CERT_TITLE, team + certs))
    it = open_shortcomings(c, "信息化")
    if it:
        items.append((IT_TITLE, it))
    others = open_shortcomings(c, None)
    if others:
        items.append((OTHER_TITLE, others))
    return items


def certificate_plan(c: Composer) -> list[Part]:
    if not c.imported("certificates"):
        return []
    out: list[Part] = []
    if c.value("cert_expiring_next_year"):
        out += [c.param_year(1), "年有", c.fig("cert_expiring_next_year"), "执法人员的执法证到期，提前组织换证考试"]
    if c.value("cert_on_duty_without_valid"):
        out += ["；" if out else "", "在岗人员没有有效执法证的，尽快取得执法证或调整岗位"]
    return out + ["，确保执法人员持证上岗、亮证执法。"] if out else []


def _missed(c: Composer, figures: list[tuple[str, str]]) -> tuple[bool, list[Part]]:
    """(whether any figure is not zero, its clauses for figures no other part has shown)."""
    parts: list[Part] = []
    missed = False
    for name, what in figures:
        if c.value(name):
            missed = True
            if not c.shown(name):
                parts += ["，" if parts else "", what, c.fig(name)]
    return missed, ([c.param_year(), "年", *parts, "。"] if parts else [])


CLOCKS = (  # (area, its figures: (query, what a part not yet showing it says))
    ("行政处罚办案及决定公示", [("cases_decided_late", "行政处罚案件超过法定期限作出决定"),
                        ("cases_open_overdue", "立案超过法定期限仍未作出决定"),
                        ("decisions_published_late", "处罚决定超过公示时限才公示"),
                        ("decisions_unpublished", "处罚决定超过公示时限仍未公示")]),
    ("信访件办理", [("petitions_closed_late", "信访件超过办理时限办结"), ("petitions_overdue", "信访件超过时限仍未办结")]),
    ("环评审批", [("permits_over_limit", "环评审批超过法定时限")]),
    ("建议提案答复", [("supervision_replies_overdue", "人大代表建议、政协提案超过期限答复")]),
)


def clock_item(c: Composer) -> list[Item]:
    """One arrangement for the statutory clocks missed in the year, naming the areas."""
    areas: list[str] = []
    said: list[Part] = []
    for area, figures in CLOCKS:
        missed = [(name, what) for name, what in figures if c.value(name)]
        if missed:
            areas.append(area)
        for name, what in missed:
            if not c.shown(name):  # part two did not count it: say it once here
                said += ["，" if said else "", what, c.fig(name)]
    if not areas:
        return []
    body: list[Part] = [c.param_year(), "年", *said, "。"] if said else []
    body += ["对", joined(areas), "实行到期预警、逐件跟踪督办，临近时限的事项提前提醒，确保在法定时限内办结。"]
    return [("严格落实法定办理时限", body)]


def publicity_item(c: Composer) -> list[Item]:
    if not c.imported("publicity_events") or not c.value("publicity_events_held"):
        return []
    body: list[Part] = ["落实“谁执法谁普法”普法责任制"]
    occasions = column_values(c, "publicity_occasions", "occasion")
    if occasions:
        body += ["，继续结合", *listing(c, "publicity_occasions", [quoted(o) for o in occasions], limit=3, sep="",
                                    etc=""), "等节点开展主题宣传"]
    if c.value("publicity_to_enterprises"):
        body += ["，把送法入企与执法检查、案件回访结合起来"]
    if c.value("publicity_online"):
        body += ["，用好新媒体普法阵地"]
    return [(PUBLICITY_TITLE, body + ["，提高企业和群众的法治意识。"])]


def standing(c: Composer) -> list[Item]:
    """The standing arrangements written in ``[[arrangements]]`` (none is built in); an open
    shortcoming on the same subject (案件回访) gives its plan here, not in an item of its own."""
    out: list[Item] = []
    hosted = _hosted(c)
    for i, item in enumerate(c.figures.config.arrangements):
        title, text = item.title.strip(), item.text.strip()
        if title or text:
            body: list[Part] = [ConfigText(text)] if text else []
            body += plans(c, hosted.get(i, []), title + text)
            out.append((ConfigText(title), body))
    return out


def standing_host(c: Composer, row) -> int | None:
    """The standing arrangement (its index) on the same subject as an open shortcoming, if any."""
    subject = clean(row.raw("problem")) + clean(row.raw("measure"))
    for i, item in enumerate(c.figures.config.arrangements):
        if shares_subject(subject, item.title + item.text):
            return i
    return None


def _hosted(c: Composer) -> dict[int, list]:
    if not c.imported("shortcomings") or not c.value("shortcomings_open"):
        return {}
    out: dict[int, list] = {}
    for row in c.rows("shortcomings_open"):
        host = standing_host(c, row)
        if host is not None:
            out.setdefault(host, []).append(row)
    return out


BUILDERS: tuple[Callable[[Composer], list[Item]], ...] = (
    study_item, decision_item, rules_item, team_items, clock_item, publicity_item)
