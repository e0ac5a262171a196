"""The 2024 draft on the bundled sample data states the reference report's figures, from rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.drafting.build import build_draft
from dashboard.drafting.model import Fig, Param
from dashboard.drafting.render import to_text
from dashboard.figures import Figures
from tests.conftest import period

from .rules import part_of
from .test_draft import arrangements, section

# (what the reference report says, the text the draft must hold, the query or config behind the number)
REFERENCE_PART_ONE = [
    ("查处环境违法行为21起", "查处环境违法行为21起", "cases_filed"),
    ("其中行政处罚17起", "其中行政处罚17起", "cases_penalised"),
    ("行政处罚58.16万元", "罚款58.16万元", "fines_total"),
    ("申请政府关闭违法企业3起", "申请政府关闭违法企业3起", "cases_closure_requested"),
    ("免罚1起", "依法免罚1起", "cases_not_penalised"),
    ("公示执法信息21条", "公示执法信息21条", "decisions_published"),
    ("审核重大执法决定17件", "对17件执法决定进行法制审核", "legal_reviews_done"),
    ("执法过程记录完整率达到100%", "执法过程记录完整率100%", "fully_recorded_rate"),
    ("27名执法证换证人员", "组织27名执法人员参加执法证换证考试", "cert_renewal_exams"),
    ("1名新考人员", "1名人员参加新申领执法证考试", "cert_new_exams"),
    ("确保执法人员100%持证", "持证率100%", "cert_holding_rate"),
    ("执法记录仪8台", "执法记录仪8台", "config:equipment.执法记录仪"),
    ("移动执法设备2套", "移动执法设备2套", "config:equipment.移动执法设备"),
    ("处置县级信访投诉78件", "处置县级信访投诉78件", "petitions_received"),
    ("环评审批14件", "环评审批14件", "permits_approved"),
    ("备案登记30件", "环评登记表备案30件", "permits_filed"),
]


@pytest.fixture(scope="module")
def draft_2024(sample: Figures):
    return build_draft(sample, period(2024))


@pytest.fixture(scope="module")
def text_2024(draft_2024) -> str:
    return to_text(draft_2024)


@pytest.mark.parametrize("reference, said, source", REFERENCE_PART_ONE, ids=[r[2] for r in REFERENCE_PART_ONE])
def test_part_one_states_the_reference_figures(draft_2024, text_2024, reference, said, source) -> None:
    one = section(text_2024, "一、2024年度", "二、2024年度")
    assert said in one, reference
    number = re.search(r"\d+(?:\.\d+)?[%万元起件条名台套]*", said.split("组织")[-1]).group(0)
    runs = [r for p in part_of(draft_2024, "一") for r in p.runs if r.text.endswith(number) or r.text == number]
    if source.startswith("config:"):
        assert any(isinstance(r, Param) and r.source == source for r in runs), source
    else:
        assert any(isinstance(r, Fig) and r.ref.name == source and r.ref.year == 2024 for r in runs), source


def test_no_court_appearance_is_said_from_the_litigation_ledger(sample, text_2024) -> None:
    assert "未发生行政诉讼案件，无出庭应诉情况" in section(text_2024, "（四）", "（五）")
    assert sample.figure("head_appeared_in_court", period(2024)).value == 0
    assert sample.figure("reconsiderations", period(2024)).value == 1
    # the reconsideration and its result are reported
    assert "行政复议案件1件，复议机关维持了原行政行为" in text_2024


def test_part_one_follows_the_reference_order(draft_2024) -> None:
    headings = [p.text for p in part_of(draft_2024, "一") if p.style == "h2"]
    assert headings == ["（一）深入学习贯彻习近平法治思想", "（二）坚持依法科学民主决策", "（三）严格规范公正文明执法",
                        "（四）自觉接受监督，依法应对复议诉讼", "（五）依法化解矛盾纠纷",
                        "（六）优化政务服务，服务经济社会发展", "（七）深入开展普法宣传"]


def test_title_and_preamble_come_from_the_sample_bureaus_configuration(draft_2024, text_2024) -> None:
    assert text_2024.startswith("永州市生态环境局新田分局\n2024年法治政府建设情况报告\n\n")
    preamble = text_2024.split("\n")[3]
    assert "在新田县委、县政府和永州市生态环境局的领导下，在新田县委依法治县办公室的指导下" in preamble
    assert "聘请湖南超创律师事务所担任法律顾问" in text_2024
    assert draft_2024.author == "永州市生态环境局新田分局"


def test_part_two_holds_the_three_shortcomings_with_their_causes(sample, text_2024) -> None:
    two = section(text_2024, "二、2024年度", "三、2024年度")
    heads = re.findall(r"^\u3000\u3000\d\.(.+?)。", two, re.MULTILINE)
    assert heads == ["学法用法的自觉性和法治素养仍需提升", "执法监管力量不足", "行政执法信息化水平有待提高"]
    res = sample.rows("shortcomings_found", period(2024))
    for row in res.rows:
        record = dict(zip(res.columns, row))
        # the problem (less a first clause restating its heading) and its cause
        assert record["problem"].split("，")[-1] in two and record["cause"] in two
    assert "行政执法信息化水平有待提高。主要是部门间执法信息共享不足。" in two  # not 信息化水平 twice
    assert "【建议补充】" not in two  # every clock was kept in 2024


def test_part_three_figures(sample: Figures, text_2024: str) -> None:
    three = section(text_2024, "三、2024年度", "四、2025年度")
    # 2024年累计召开党组（扩大）会议、党组理论学习中心组会议、干部职工例会6余次: one sentence
    assert "主持召开党组（扩大）会议、党组理论学习中心组会议和干部职工例会6次，研究部署法治建设工作4次，每次会议均安排学法内容。" in three
    # 积极参加国家工作人员学法考试1次
    assert "参加国家工作人员学法考试1次，参考36人" in three
    # the major cases come from the case ledger, and the 审签 records match them (sample fixed)
    assert sample.figure("head_major_cases_signed", period(2024)).value == 4 == \
        sample.figure("cases_major", period(2024)).value
    assert "亲自审签全部重大行政处罚案件" in three
    for heading in ("（一）切实履行法治建设领导职责", "（二）带头学法用法", "（三）强化法治建设工作督导"):
        assert f"\u3000\u3000{heading}\n" in three
    assert "【待补充：年终述法情况】" in three  # no 年终述法 record in 2024
    # items found in 2024 and due in 2025 are on schedule; 2023's items done in 2024 are results
    assert "各项问题计划于2025年底前完成整改，正按计划推进" in three
    assert "检查行政执法案卷评查发现问题的整改情况，均已整改到位" in three  # not 整改…问题已整改
    assert "年内完成以前年度查找问题的整改3条" in three


def test_part_four_2025_arrangements(sample: Figures, text_2024: str) -> None:
    titles = arrangements(text_2024)
    assert titles == ["深入学习贯彻习近平法治思想，坚持集体学法", "坚持依法科学民主决策",
                      "充实执法力量，加强执法队伍建设", "推进行政执法信息化建设", "深化普法宣传教育",
                      sample.config.arrangements[0].title]
    four = section(text_2024, "四、2025年度")
    res = sample.rows("shortcomings_open", period(2024))
    for row in res.rows:
        record = dict(zip(res.columns, row))
        # a clause the item already says (坚持“每会一学法”) is not said again
        measure = record["measure"].removeprefix("坚持每会一学法，")
        assert f"{measure}，由{record['owner']}负责，2025年底前完成。" in four
    assert four.count("每会一学法") == 1
    assert "2025年有1名执法人员的执法证到期" in four
    assert "超期" not in four and "超过法定时限" not in four


def test_the_2024_draft_has_one_placeholder_and_no_check_items(draft_2024) -> None:
    assert [p.what for p in draft_2024.placeholders] == ["年终述法情况"]
    assert draft_2024.checks == []
    assert draft_2024.suggestions == 0


def test_no_personal_data(sample: Figures, text_2024: str) -> None:
    raw = Figures(Path(sample.db), sample.config, unmask=True)
    try:
        names = {r[0] for r in raw.sql("SELECT DISTINCT petitioner FROM petitions WHERE petitioner IS NOT NULL").rows}
        phones = {r[0] for r in raw.sql("SELECT DISTINCT phone FROM petitions WHERE phone IS NOT NULL").rows}
    finally:
        raw.close()
    assert names and phones
    assert not any(n in text_2024 for n in names if len(n) >= 2)
    assert not any(p in text_2024 for p in phones)


def test_explain_names_the_configured_numbers(draft_2024) -> None:
    from dashboard.drafting.render import explain

    text = explain(draft_2024)
    assert "equipment.执法记录仪 → 8台" in text and "equipment.移动执法设备 → 2套" in text
    assert "clocks.permit_report_book_days → 60" in text
