"""The whole report drafted from small fixture ledgers: figures, placeholders, the four parts."""

from __future__ import annotations

import re

import pytest

from dashboard.drafting.build import build_draft, parse_sections
from dashboard.drafting.model import (
    H1,
    H2,
    ConfigText,
    Fig,
    Label,
    Param,
    Placeholder,
    RowText,
    Suggestion,
    Text,
    cn_ordinal,
)
from dashboard.drafting.render import to_text
from dashboard.figures import Figures, format_value
from tests.conftest import period

from .rules import part_of

# What the text says next to each figure, and the query it must equal.
LABELLED = {
    "study_meetings": r"干部职工例会(\d+)次",
    "study_rule_of_law_agenda": r"研究部署法治建设工作(\d+)次",
    "head_deployments": r"亲自督办(\d+)项",
    "laws_studied": r"等(\d+)部法律法规",
    "law_exams": r"学法考试(\d+)次",
    "law_exam_takers": r"参考(\d+)人",
    "trainings_head_attended": r"带头参加上级举办的业务培训(\d+)次",
    "trainings_organized": r"组织案例研讨(\d+)次",
    "head_inspections": r"督导检查法治建设工作(\d+)次",
    "shortcomings_found": r"存在的不足(\d+)条",
    "shortcomings_done": r"年内已完成整改(\d+)条",
    "shortcomings_overdue": r"有(\d+)条问题超过整改时限",
    "cert_expiring_next_year": r"年有(\d+)名执法人员的执法证到期",
    "petitions_closed_late": r"信访件超过办理时限才办结(\d+)件",
    "cases_decided_late": r"超过法定期限作出决定(\d+)起",
    "study_behind_target": r"少(\d+)次",
    "cases_filed": r"查处环境违法行为(\d+)起",
    "cases_penalised": r"行政处罚(\d+)起",
    "petitions_received": r"县级信访投诉(\d+)件",
    "permits_approved": r"环评审批(\d+)件",
}


def parsed(text: str, name: str) -> int | None:
    m = re.search(LABELLED[name], text)
    return int(m.group(1)) if m else None


def arrangements(text: str) -> list[str]:
    """Titles of part four's numbered items."""
    part4 = text.split("四、", 1)[1]
    return re.findall(r"^\u3000\u3000（[一二三四五六七八九十]+）(.+)$", part4, re.MULTILINE)


def section(text: str, start: str, end: str | None = None) -> str:
    tail = text.split(start, 1)[1]
    return tail.split(end, 1)[0] if end else tail


def test_text_runs_refuse_digits() -> None:
    with pytest.raises(ValueError):
        Text("召开会议6次")
    Text("召开会议若干次")  # fine: no digit


def test_cn_ordinal() -> None:
    assert [cn_ordinal(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]


def test_parse_sections() -> None:
    assert parse_sections("1,2,3,4") == ("1", "2", "3", "4")
    assert parse_sections("4，3") == ("3", "4")
    assert parse_sections("2") == ("2",)
    with pytest.raises(ValueError):
        parse_sections("5")
    with pytest.raises(ValueError):
        parse_sections("")


def test_every_number_is_a_figure_a_row_a_parameter_or_a_label(build, rows) -> None:
    figs = build(rows)
    draft = build_draft(figs, period(2024))
    for p in draft.paragraphs:
        for r in p.runs:
            assert isinstance(r, (Text, Fig, RowText, Param, ConfigText, Placeholder, Suggestion, Label)), r
    rest = "".join(r.text for p in draft.paragraphs for r in p.runs
                   if not isinstance(r, (Fig, RowText, Param, ConfigText, Label)))
    assert not re.search(r"\d", rest), rest
    assert all(re.fullmatch(r"\d+\.", r.text) for p in draft.paragraphs for r in p.runs if isinstance(r, Label))


def test_figures_in_text_match_their_queries(build, rows) -> None:
    figs = build(rows)
    draft = build_draft(figs, period(2024))
    text = to_text(draft)
    fresh = Figures(figs.db, figs.config)
    try:
        for name in LABELLED:
            expected = fresh.figure(name, period(2024)).value
            assert parsed(text, name) == expected, (name, expected)
        # and each figure run shows its own query's value, re-run on a fresh connection
        for run in draft.figure_runs:
            f = fresh.figure(run.ref.name, period(run.ref.year))
            if any(ch.isdigit() for ch in run.text):
                assert run.text == format_value(f.value, f.unit) + ("" if f.unit == "元" else f.unit)
            else:
                assert not f.value, run  # a word such as 没有 stands for zero
    finally:
        fresh.close()
    assert parsed(text, "study_meetings") == 3
    assert parsed(text, "law_exams") == 1


def test_the_four_parts_in_order(build, rows) -> None:
    draft = build_draft(build(rows), period(2024))
    assert [p.text[:2] for p in draft.paragraphs if p.style == H1] == ["一、", "二、", "三、", "四、"]
    one = [p.text for p in part_of(draft, "一") if p.style == H2]
    assert one == ["（一）深入学习贯彻习近平法治思想", "（二）坚持依法科学民主决策", "（三）严格规范公正文明执法",
                   "（四）自觉接受监督，依法应对复议诉讼", "（五）依法化解矛盾纠纷", "（六）优化政务服务，服务经济社会发展",
                   "（七）深入开展普法宣传"]
    assert draft.paragraphs[0].text == "【待补充：单位名称】"  # no bureau configured: never another's name
    assert "在【待补充：上级领导机关" in draft.text  # nor its superiors


def test_a_ledger_not_imported_is_never_a_zero(build, rows) -> None:
    text = to_text(build_draft(build(rows), period(2024)))
    # no legal reviews, supervision, litigation or publicity ledger in the fixture
    assert "【待补充：未导入合法性审查台账】" in section(text, "（二）坚持依法科学民主决策", "（三）")
    assert "【待补充：未导入人大建议政协提案台账、行政复议及诉讼台账】" in text
    assert "【待补充：未导入普法活动台账】" in text
    assert "无出庭应诉" not in text and "没有开庭" not in text
    assert text.count("行政复议及诉讼台账") == 1  # said once, in part one


def test_missing_records_become_placeholders(build, rows) -> None:
    text = to_text(build_draft(build(rows), period(2024)))
    assert "【待补充：年终述法情况】" in text  # no 年终述法 row in 2024
    assert "述法1次" not in text
    # no 原因 in the fixture's shortcomings: part two asks for it, for every point it makes
    two = section(text, "二、", "三、")
    points = re.findall(r"^\u3000\u3000\d\.", two, re.MULTILINE)
    assert two.count("究其原因，【待补充：原因】") >= 3 and two.count("究其原因") >= len(points)


def test_part_one_says_what_the_rows_say(build, rows) -> None:
    text = to_text(build_draft(build(rows), period(2024)))
    one = section(text, "一、", "二、")
    # the bureau ran the case study (组织); the upper level ran the business training (参加)
    assert "组织案例研讨1次，参训15人次；参加上级举办的业务培训1次" in one
    assert "全年查处环境违法行为2起，其中行政处罚2起，罚款8.16万元" in one
    assert "对2件执法决定进行法制审核" in one
    assert "【待补充：执法记录仪等执法装备配备数量" in one  # equipment comes from dash.toml only
    assert "按期办结率0%" in one  # both petitions closed late


def test_part_two_groups_shortcomings_and_marks_what_the_figures_show(build, rows) -> None:
    draft = build_draft(build(rows), period(2024))
    two = section(to_text(draft), "二、", "三、")
    points = re.findall(r"^\u3000\u3000(\d+)\.(.+?)。", two, re.MULTILINE)
    assert [(n, h) for n, h in points] == [
        ("1", "学法用法的自觉性和法治素养仍需提升"), ("2", "执法监管力量不足"), ("3", "行政执法信息化水平有待提高"),
        ("4", "行政执法规范化水平有待提高"), ("5", "信访办理时效有待提高")]
    # what the bureau did not list, but the figures show, is offered, marked
    assert "【建议补充】有学法内容的集体学法会议比年度目标（每年4次）少2次" in two
    assert "4.行政执法规范化水平有待提高。【建议补充】行政处罚案件超过法定期限作出决定1起。" in two
    assert draft.suggestions == 3


def test_part_three_is_one_sentence_per_fact(build, rows) -> None:
    text = to_text(build_draft(build(rows), period(2024)))
    three = section(text, "三、", "四、")
    assert ("全年召开党组（扩大）会议、党组理论学习中心组会议和干部职工例会3次，主要负责人主持2次，"
            "研究部署法治建设工作2次，个别会议未安排学法内容。") in three
    assert "带领干部职工参加学法考试1次，参考35人" in three  # the exam is sat, not organised
    assert "组织学法考试" not in text
    # the 2024 items: one done, one due in 2025 (on schedule), one past its 2024 time limit
    assert "年内已完成整改1条，1条问题计划于2025年6月30日前完成整改，正按计划推进" in three
    assert "有1条问题超过整改时限仍未完成" in three


def test_adding_records_changes_the_draft(build, rows) -> None:
    rows["study_sessions"].append({"held_on": "2024-12-10", "meeting_type": "党组扩大会议",
                                   "chaired_by_head": "是", "law_topic": "《中华人民共和国环境保护法》",
                                   "rule_of_law_agenda": "是", "attendees": 12})
    rows["leadership_duties"].append({"done_on": "2024-12-28", "duty_type": "年终述法",
                                      "subject": "年度述法", "unit": "县委依法治县办", "outcome": ""})
    rows["litigation"] = [{"case_no": "SS2024-01", "kind": "行政诉讼一审", "received_on": "2024-03-01",
                           "hearing_on": "2024-06-01", "head_appeared": "是", "result": "驳回"}]
    text = to_text(build_draft(build(rows), period(2024)))
    assert parsed(text, "study_meetings") == 4
    assert "与上年持平" not in text  # meetings are not compared with last year
    assert "【待补充：年终述法情况】" not in text and "年终向县委依法治县办专题述法1次" in text
    assert "全年发生行政诉讼案件1件，法院判决驳回原告诉讼请求；行政诉讼案件开庭1件，局负责同志出庭应诉1次。" in text
    assert parsed(text, "study_behind_target") == 1


def test_comparisons_only_for_cases_fines_petitions_permits(build, rows) -> None:
    rows["enforcement_cases"].append({"case_no": "新环罚〔2023〕1号", "party": "某厂", "filed_on": "2023-04-01",
                                      "decided_on": "2023-05-01", "outcome": "行政处罚", "fine_yuan": "1000"})
    text = to_text(build_draft(build(rows), period(2024)))
    assert "全年查处环境违法行为2起（上年为1起）" in text
    assert text.count("上年") == 1


def test_part_four_items_follow_the_data(build, rows) -> None:
    text = to_text(build_draft(build(rows), period(2024)))
    assert arrangements(text) == [
        "深入学习贯彻习近平法治思想，坚持集体学法",  # the study plan; BZ2024-01 (法治意识) open
        "充实执法力量，加强执法队伍建设",            # BZ2024-03, overdue; 李明's certificate folded in
        "严格落实法定办理时限",                      # a case decided late, petitions closed late
        "推进“执法＋服务”，开展行政处罚案件回访",     # standing item from the fixture's config
    ]
    four = section(text, "四、")
    # a plan: measure, owner, time limit, no bracketed status, the problem not restated
    assert "每季度专题学习新修订的生态环境法律法规，由法制股负责，2025年6月30日前完成。" in four
    # its limit passed: a priority of the plan year, no date invented, no 尽快
    assert "向县委编办申请补充执法编制，由办公室负责，作为2025年整改重点，逐项销号。" in four
    assert "执法人员偏少" not in four  # part two stated the problem
    assert "执法信息共享不畅" not in four  # completed in August
    assert "2025年有1名执法人员的执法证到期" in section(four, "充实执法力量", "严格落实法定办理时限")


def test_one_unit_is_named_once_for_its_measures_in_an_item(build, rows) -> None:
    rows["shortcomings"] += [
        {"item_no": "BZ2024-04", "year": 2024, "category": "法治意识", "problem": "以案释法开展较少",
         "cause": "", "measure": "由法制股每半年编写典型案例", "owner": "办公室",
         "due_on": "2025-09-30", "status": "整改中", "completed_on": ""},
        {"item_no": "BZ2024-05", "year": 2024, "category": "执法力量", "problem": "执法人员业务培训不足",
         "cause": "", "measure": "加强执法队伍建设，组织执法人员轮训", "owner": "执法大队",
         "due_on": "", "status": "整改中", "completed_on": ""},
    ]
    text = to_text(build_draft(build(rows), period(2024)))
    study = section(text, "坚持集体学法", "（二）")
    assert study.count("由法制股") == 1 and "法制股负责，" not in study
    assert ("由法制股负责两项整改：一是每季度专题学习新修订的生态环境法律法规，2025年6月30日前完成；"
            "二是每半年编写典型案例，2025年9月30日前完成。") in study
    # a measure does not repeat its item's heading (充实执法力量，加强执法队伍建设)
    team = section(text, "加强执法队伍建设\n", "（三）")
    assert "组织执法人员轮训，由执法大队负责，【待补充：整改时限】。" in team
    assert "加强执法队伍建设" not in team


def test_no_standing_item_is_built_in(build, rows) -> None:
    figs = build(rows)
    from dataclasses import replace

    figs.config = replace(figs.config, arrangements=())
    text = to_text(build_draft(figs, period(2024)))
    assert "回访" not in section(text, "四、")


def test_a_problem_part_two_did_not_state_is_named_in_the_plan(build, rows) -> None:
    text = to_text(build_draft(build(rows), period(2024), ("4",)))
    assert "针对执法人员偏少的问题，向县委编办申请补充执法编制" in text
    # and without part two, the missed clocks are counted here once
    assert "2024年行政处罚案件超过法定期限作出决定1起，信访件超过办理时限办结2件。" in text


def test_earlier_items_completed_this_year_are_results(build, rows) -> None:
    rows["shortcomings"].append({"item_no": "BZ2023-01", "year": 2023, "category": "制度建设", "problem": "案卷归档不规范",
                                 "cause": "", "measure": "制定归档清单", "owner": "执法大队", "due_on": "2024-06-30",
                                 "status": "已完成", "completed_on": "2024-05-20"})
    text = to_text(build_draft(build(rows), period(2024)))
    assert "年内完成以前年度查找问题的整改1条，以前年度查找的问题已全部整改到位。" in text
    assert "案卷归档不规范" not in section(text, "二、", "三、")  # a 2023 item is not a 2024 shortcoming


def test_a_shortcoming_completed_after_the_year_is_still_open_at_its_end(build, rows) -> None:
    for item in rows["shortcomings"]:
        if item["item_no"] == "BZ2024-01":
            item.update(status="已完成", completed_on="2025-02-01")
    text = to_text(build_draft(build(rows), period(2024)))
    assert "每季度专题学习新修订的生态环境法律法规，由法制股负责，2025年6月30日前完成。" in section(text, "四、")


def test_empty_year_is_a_draft_of_placeholders(build, rows) -> None:
    draft = build_draft(build(rows), period(2030))
    text = to_text(draft)
    assert [p.text for p in draft.paragraphs if p.style == H1] == [
        "一、2030年度推进法治政府建设的主要举措和成效", "二、2030年度推进法治政府建设存在的不足和原因",
        "三、2030年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
        "四、2031年度推进法治政府建设的主要安排"]
    assert not any(ch.isdigit() for r in draft.figure_runs for ch in r.text)
    assert "【待补充：台账中没有本年度的记录" in text
    assert len(draft.placeholders) >= 9


def test_a_store_with_one_ledger_only(build, rows) -> None:
    # Every other ledger is 未导入: the draft still comes, with placeholders where they would speak.
    draft = build_draft(build({"trainings": rows["trainings"][:1]}), period(2024))
    assert draft.placeholders and "四、" in to_text(draft)


def test_sections(build, rows) -> None:
    figs = build(rows)
    three = to_text(build_draft(figs, period(2024), ("3",)))
    four = to_text(build_draft(figs, period(2024), ("4",)))
    assert "三、" in three and "四、" not in three and "（第三部分）" in three
    assert "四、" in four and "三、" not in four and "（第四部分）" in four
    assert "现将" not in three  # the preamble belongs to the whole report (part one onwards)
    whole = to_text(build_draft(figs, period(2024)))
    assert "部分）" not in whole


def test_no_personal_data_in_the_text(build, rows) -> None:
    from .ledger_fixture import PETITIONER, PHONE

    for unmask in (False, True):
        text = to_text(build_draft(build(rows, unmask=unmask), period(2024)))
        assert PETITIONER not in text and PHONE not in text


@pytest.mark.parametrize("unmask", [False, True])
def test_rows_a_draft_reads_are_masked_as_read(build, rows, unmask) -> None:
    from dashboard.drafting.model import Composer
    from tests.drafting.ledger_fixture import PETITIONER, PHONE

    c = Composer(build(rows, unmask=unmask), period(2024))
    first = next(r for r in c.rows("petitions_received") if r.get("petition_no") == "XF2024-001")
    assert (first.get("petitioner") == PETITIONER) is unmask
    assert (PHONE in first.get("summary")) is unmask and (PETITIONER in first.get("summary")) is unmask
    assert first.raw("petitioner") == PETITIONER  # words are chosen on the raw value
    assert first.get("no_such_column", "-") == "-"
    assert not hasattr(first, "__dict__") and not isinstance(first, dict)


def test_a_name_in_a_ledger_subject_is_masked_in_the_draft(build, rows) -> None:
    """Row text is masked in one pass at the end, with the store's names that occur in it."""
    from .ledger_fixture import PETITIONER

    rows["leadership_duties"].append({"done_on": "2024-03-03", "duty_type": "接访下访",
                                      "subject": f"接访{PETITIONER}反映的砖厂问题", "unit": "", "outcome": "已答复"})
    masked = to_text(build_draft(build(rows), period(2024)))
    assert PETITIONER not in masked and f"接访{PETITIONER[0]}**反映的砖厂问题" in masked
    plain = to_text(build_draft(build(rows, unmask=True), period(2024)))
    assert f"接访{PETITIONER}反映的砖厂问题" in plain
    # the same sentences either way: words are chosen on raw values
    assert masked.replace(f"{PETITIONER[0]}**", PETITIONER) == plain


def test_publication_clock_counts_late_and_missing_publication_but_not_withdrawn_cases(build, rows) -> None:
    """A case 撤销立案 has nothing to publish; one published after the limit is a missed clock too."""
    cases = rows["enforcement_cases"]
    cases[1]["published_on"] = "2024-07-10"  # decided 6-20 (Thu): 14 working days later
    cases.append({"case_no": "新环罚〔2024〕3号", "party": "某洗砂场", "filed_on": "2024-08-01",
                  "decided_on": "2024-09-02", "outcome": "撤销立案", "is_major": "否", "fully_recorded": "是"})
    figs = build(rows)
    assert figs.figure("publish_rate", period(2024)).value == 100
    late = figs.figure("decisions_published_late", period(2024))
    assert late.value == 1
    text = to_text(build_draft(figs, period(2024)))
    assert "处罚决定超过公示时限才公示1起" in section(text, "二、", "三、")
    assert "撤销立案1起" in text


def test_shortcoming_status_figures_are_as_of_the_year_end(build, rows) -> None:
    """An item completed after the year counts as 整改中 at its end, in every status figure alike."""
    for item in rows["shortcomings"]:
        if item["item_no"] == "BZ2024-01":
            item.update(status="已完成", completed_on="2025-02-01")
    figs = build(rows)
    by_status = {r[0]: r[1] for r in figs.rows("shortcomings_by_status", period(2024)).rows}
    assert by_status == {"整改中": 1, "已完成": 1, "未启动": 1}
    assert figs.figure("shortcomings_open", period(2024)).value == 2
    assert figs.figure("shortcomings_in_progress", period(2025)).value == 0


def test_a_generic_unit_is_not_listed_beside_named_ones(build, rows) -> None:
    inspect = {"duty_type": "督导检查", "subject": "法治建设检查", "outcome": "整改"}
    rows["leadership_duties"] += [{"done_on": "2024-11-02", "unit": "各股室", **inspect},
                                  {"done_on": "2024-11-20", "unit": "污染防治股", **inspect}]
    text = to_text(build_draft(build(rows), period(2024)))
    assert "主要负责人深入执法大队、污染防治股等股室督导检查法治建设工作3次" in text
    rows["leadership_duties"] = [r for r in rows["leadership_duties"] if r["duty_type"] != "督导检查"]
    rows["leadership_duties"].append({"done_on": "2024-11-02", "unit": "各股室", **inspect})
    text = to_text(build_draft(build(rows), period(2024)))
    assert "主要负责人对各股室和局属单位督导检查法治建设工作1次" in text
