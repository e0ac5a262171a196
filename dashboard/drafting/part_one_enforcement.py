"""Part one (三): strict, fair and civil enforcement (严格规范公正文明执法).

Three points, as the genre has them: the enforcement team (certificate exams and
持证率), the three systems of 三项制度 (publication, full recording with the
equipment from the configuration, legal review and major cases), and the cases
themselves (penalties, fines, closures, 免罚, campaigns).
"""

from __future__ import annotations

import re

from .area import Area, Item, compared, missing_area
from .model import Composer, ConfigText, Param, Part, Placeholder
from .wording import column_values, listing, sentence_end

ENFORCEMENT = "严格规范公正文明执法"
# The measure word of a piece of equipment; anything not listed is counted in 台.
EQUIPMENT_UNITS = {"执法记录仪": "台", "移动执法设备": "套", "移动执法终端": "台", "无人机": "架", "执法车辆": "辆",
                   "执法车": "辆", "快速检测设备": "套", "便携式检测仪": "台"}
_CAMPAIGN_TAIL = re.compile(r"(专项行动|专项整治|专项检查|专项)$")


def enforcement_area(c: Composer) -> Area | None:
    equipment = c.figures.config.equipment_for(c.year)
    if not c.imported("enforcement_cases") and not c.imported("certificates") and not equipment:
        return missing_area(c, ENFORCEMENT, "enforcement_cases", "certificates")
    items = [item for item in (team(c), three_systems(c), cases(c)) if item is not None]
    has_content = any(not isinstance(body[0], Placeholder) for _, body in items)
    return Area(ENFORCEMENT, items) if items and has_content else None


def team(c: Composer) -> Item | None:
    title = "加强执法队伍建设"
    if not c.imported("certificates"):
        return title, [c.not_imported("certificates"), "。"]
    renew, new = c.value("cert_renewal_exams"), c.value("cert_new_exams")
    body: list[Part] = []
    if renew:
        body += ["组织", c.fig("cert_renewal_exams"), "执法人员参加执法证换证考试"]
    if new:
        body += ["、" if renew else "组织", c.fig("cert_new_exams"), "人员参加新申领执法证考试"]
    taken = c.value("cert_exams_taken")
    if body and taken and c.value("cert_exams_passed") == taken:
        body += ["，均考试合格"]
    if c.missing("cert_renewal_exams"):
        body += ["组织执法人员参加执法证考试", c.no_column("cert_renewal_exams")]
    if c.value("cert_holding_rate") is not None or c.missing("cert_holding_rate"):
        body += ["；" if body else ""]
        if c.value("cert_on_duty") and not c.missing("cert_holding_rate"):
            body += ["全局在执法岗位人员", c.fig("cert_on_duty"), "，持有效执法证", c.fig("cert_valid_holders"),
                     "，持证率", c.fig("cert_holding_rate")]
        else:
            body += ["执法岗位人员持证率", c.fig("cert_holding_rate")]
    return (title, sentence_end(body)) if body else None


def equipment_parts(c: Composer) -> list[Part]:
    """'执法记录仪8台、移动执法设备2套', from the configuration (equipment is not a ledger), for a
    year the counts hold in (``[equipment] since``): today's counts are not an earlier year's."""
    out: list[Part] = []
    for i, (name, count) in enumerate(c.figures.config.equipment_for(c.year).items()):
        if count:
            out += ["、" if out else "", ConfigText(name),
                    Param(f"{count}{EQUIPMENT_UNITS.get(name, '台')}", f"config:equipment.{name}")]
    return out


def no_equipment(c: Composer) -> Placeholder:
    since = c.figures.config.equipment_since
    if c.figures.config.equipment and since is not None and c.year < since:
        return Placeholder(f"{c.year}年执法记录仪等执法装备配备数量（dash.toml 的 [equipment] 自{since}年起适用）")
    return Placeholder("执法记录仪等执法装备配备数量（dash.toml 的 [equipment]）")


def three_systems(c: Composer) -> Item | None:
    title = "全面落实行政执法“三项制度”"
    equipment = equipment_parts(c)
    if not c.imported("enforcement_cases"):
        if not equipment:
            return None
        return title, ["配备", *equipment, "，", c.not_imported("enforcement_cases"), "。"]
    if not c.value("cases_filed"):
        return None
    body: list[Part] = []
    if c.value("decisions_published") or c.missing("decisions_published"):
        body += ["全年公示执法信息", c.fig("decisions_published")]
        rate = c.value("publish_rate")
        if rate is not None and rate >= 100:
            body += ["，应公示的执法决定全部公示"]
        elif rate is not None:
            body += ["，执法决定公示率", c.fig("publish_rate")]
    body += ["；" if body else "", "配备", *equipment] if equipment else ["；" if body else "", no_equipment(c)]
    if c.value("fully_recorded_rate") is not None or c.missing("fully_recorded_rate"):
        body += ["，执法过程记录完整率", c.fig("fully_recorded_rate")]
    if c.value("legal_reviews_done") or c.missing("legal_reviews_done"):
        body += ["；对", c.fig("legal_reviews_done"), "执法决定进行法制审核"]
    body += major_cases(c)
    return title, sentence_end(body)


def major_cases(c: Composer) -> list[Part]:
    """Major cases as the case ledger has them (the leadership ledger's 审签 count is a 核对 item)."""
    if c.missing("cases_major"):
        return ["；重大案件", c.fig("cases_major")]
    majors = c.value("cases_major")
    if not majors:
        return []
    c.once("major_cases")
    out: list[Part] = ["；重大案件", c.fig("cases_major")]
    if c.missing("cases_major_collective"):
        return out + ["，经集体讨论决定", c.fig("cases_major_collective")]
    collective = c.value("cases_major_collective")
    if collective == majors:
        out += ["均经集体讨论决定"]
    elif collective:
        out += ["，经集体讨论决定", c.fig("cases_major_collective")]
    return out


def cases(c: Composer) -> Item | None:
    title = "严厉打击环境违法行为"
    if not c.imported("enforcement_cases"):
        return title, [c.not_imported("enforcement_cases"), "。"]
    if not c.value("cases_filed"):
        return None
    body: list[Part] = ["全年查处环境违法行为", c.fig("cases_filed"), *compared(c, "cases_filed")]
    clauses: list[list[Part]] = []
    if c.missing("cases_penalised"):  # no 处理结果: how the cases ended cannot be told
        clauses.append(["行政处罚、申请政府关闭、免罚等", c.fig("cases_penalised")])
    if c.value("cases_penalised"):
        fined = ["，罚款", c.fig("fines_total")] if c.value("fines_total") or c.missing("fines_total") else []
        clauses.append(["行政处罚", c.fig("cases_penalised"), *fined])
    for name, words in (("cases_closure_requested", "申请政府关闭违法企业"), ("cases_not_penalised", "依法免罚"),
                        ("cases_transferred", "移送"), ("cases_withdrawn", "撤销立案"),
                        ("cases_pending", "尚在办理")):
        if c.value(name):
            clauses.append([words, c.fig(name)])
    for i, clause in enumerate(clauses):
        body += ["，其中" if i == 0 else "，", *clause]
    body += ["。"]
    if c.value("cases_in_campaigns"):
        names = [_CAMPAIGN_TAIL.sub("", n) or n for n in column_values(c, "cases_by_campaign", "专项行动")]
        body += ["开展", *listing(c, "cases_by_campaign", names), "专项执法行动，查处相关违法案件",
                 c.fig("cases_in_campaigns"), "。"]
    return title, body
