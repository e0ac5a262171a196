"""The draft of parts three and four on small fixture ledgers: figures, placeholders, part four."""

from __future__ import annotations

import re

import pytest

from dashboard.drafting.build import build_draft, parse_sections
from dashboard.drafting.model import (
    H1,
    H2,
    ConfigText,
    Fig,
    Param,
    Placeholder,
    RowText,
    Text,
    cn_ordinal,
)
from dashboard.drafting.render import to_text
from dashboard.figures import Figures, format_value
from tests.conftest import period

# What the text says next to each figure, and the query it must equal.
LABELLED = {
    "study_meetings": r"干部职工例会(\d+)次",
    "study_rule_of_law_agenda": r"研究部署法治建设议题(\d+)次",
    "head_deployments": r"亲自督办(\d+)项",
    "laws_studied": r"学习读本(\d+)部",
    "law_exams": r"学法考试(\d+)次",
    "trainings_head_attended": r"业务培训(\d+)次",
    "head_major_cases_signed": r"重大行政处罚案件(\d+)件",
    "head_inspections": r"督导检查法治建设工作(\d+)次",
    "shortcomings_found": r"存在的不足(\d+)条",
    "shortcomings_open": r"尚有(\d+)条未完成整改",
    "cert_expiring_next_year": r"(\d+)名执法人员的执法证将于",
    "petitions_closed_late": r"信访投诉超期办结(\d+)件",
    "cases_decided_late": r"超过法定期限作出决定(\d+)起",
    "study_behind_target": r"(?:还差|少)(\d+)次",
}


def parsed(text: str, name: str) -> int | None:
    m = re.search(LABELLED[name], text)
    return int(m.group(1)) if m else None


def arrangements(text: str) -> list[str]:
    """Titles of part four's numbered items."""
    part4 = text.split("四、", 1)[1]
    return re.findall(r"^\u3000\u3000（[一二三四五六七八九十]+）(.+)$", part4, re.MULTILINE)


def test_text_runs_refuse_digits() -> None:
    with pytest.raises(ValueError):
        Text("召开会议6次")
    Text("召开会议若干次")  # fine: no digit


def test_cn_ordinal() -> None:
    assert [cn_ordinal(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]


def test_parse_sections() -> None:
    assert parse_sections("3,4") == ("3", "4")
    assert parse_sections("4，3") == ("3", "4")
    assert parse_sections("4") == ("4",)
    with pytest.raises(ValueError):
        parse_sections("5")


def test_every_number_is_a_figure_a_row_or_a_parameter(build, rows) -> None:
    figs = build(rows)
    draft = build_draft(figs, period(2024))
    for p in draft.paragraphs:
        for r in p.runs:
            assert isinstance(r, (Text, Fig, RowText, Param, ConfigText, Placeholder)), r
            if isinstance(r, Text):
                assert not re.search(r"\d", r.text)
    # Without the figure, row and parameter runs the text has no digit left.
    rest = "".join(r.text for p in draft.paragraphs for r in p.runs
                   if not isinstance(r, (Fig, RowText, Param, ConfigText)))
    assert not re.search(r"\d", rest), rest


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
    assert "《习近平法治思想学习纲要》《生态环境行政处罚办法》" in text


def test_fewer_than_last_year_is_said_plainly(build, rows) -> None:
    text = to_text(build_draft(build(rows), period(2024)))
    assert "干部职工例会3次，低于上年的4次" in text
    assert "学习读本2部，低于上年的4部" in text
    assert "“每会一学法”落实率为66.7%，仍有会议未安排学法内容" in text


def test_missing_records_become_placeholders(build, rows) -> None:
    text = to_text(build_draft(build(rows), period(2024)))
    assert "【待补充：年终述法情况】" in text  # no 年终述法 row in 2024
    assert "【待补充：行政诉讼开庭及负责人出庭应诉情况】" in text  # no litigation ledger at all
    assert "述法1次" not in text


def test_adding_records_changes_the_draft(build, rows) -> None:
    rows["study_sessions"].append({"held_on": "2024-12-10", "meeting_type": "党组扩大会议",
                                   "chaired_by_head": "是", "law_topic": "《中华人民共和国环境保护法》",
                                   "rule_of_law_agenda": "是", "attendees": 12})
    rows["leadership_duties"].append({"done_on": "2024-12-28", "duty_type": "年终述法",
                                      "subject": "年度述法", "unit": "", "outcome": ""})
    rows["litigation"] = [{"case_no": "SS2024-01", "kind": "行政诉讼一审", "received_on": "2024-03-01",
                           "hearing_on": "2024-06-01", "head_appeared": "是", "result": "驳回"}]
    text = to_text(build_draft(build(rows), period(2024)))
    assert parsed(text, "study_meetings") == 4
    assert "干部职工例会4次，与上年持平" in text
    assert parsed(text, "laws_studied") == 3
    assert "【待补充：年终述法情况】" not in text and "专题述法1次" in text
    assert "行政诉讼案件开庭1件，负责人出庭应诉1次。" in text
    # three meetings with a law studied out of four: still one short of the target of four
    assert parsed(text, "study_behind_target") == 1


def test_part_four_items_follow_the_data(build, rows) -> None:
    text = to_text(build_draft(build(rows), period(2024)))
    assert arrangements(text) == [
        "充实执法力量，加强执法队伍建设",          # BZ2024-03, overdue
        "持续加强学法用法，提升法治意识和法律素养",  # BZ2024-01, in progress; study target folded in
        "严格落实信访办理时限",                    # both petitions closed after 60 days
        "规范行政处罚办案时限",                    # case 1 decided after 148 days
        "推进“执法＋服务”，开展行政处罚案件回访",   # standing item from config
    ]
    # each says why it is there, with the ledger's measure and owner
    assert "“执法人员偏少”问题（截至年底未启动，整改时限2024年11月30日，已超过时限）" in text
    assert "向县委编办申请补充执法编制。由办公室负责，尽快整改到位。" in text
    assert "每季度专题学习新修订的生态环境法律法规。由法制股负责，按期整改到位。" in text
    assert "执法信息共享不畅" not in text  # completed in August
    # 李明's certificate expires in 2025: folded into the 执法队伍 arrangement, as the genre has it
    team = text.split("充实执法力量，加强执法队伍建设", 1)[1].split("持续加强学法用法", 1)[0]
    assert "执法证将于2025年到期" in team
    assert parsed(text, "cert_expiring_next_year") == 1
    # two meetings with a law studied, two short of four: folded into the 学法用法 arrangement
    study = text.split("持续加强学法用法，提升法治意识和法律素养", 1)[1].split("严格落实信访办理时限", 1)[0]
    assert "同时，2024年有学法内容的集体学法会议比年度目标（每年4次）少2次，“每会一学法”落实率为" in study
    assert parsed(text, "petitions_closed_late") == 2


def test_closing_a_shortcoming_and_expiring_a_certificate(build, rows) -> None:
    for item in rows["shortcomings"]:
        if item["item_no"] == "BZ2024-03":
            item.update(status="已完成", completed_on="2024-12-20")
    for staff in rows["certificates"]:
        if staff["staff_name"] == "王芳":
            staff["valid_until"] = "2025-09-30"
    text = to_text(build_draft(build(rows), period(2024)))
    titles = arrangements(text)
    assert "充实执法力量，加强执法队伍建设" not in titles
    assert "做好执法证件换证考试和持证管理" in titles  # no 执法队伍 item left to fold it into
    assert "执法人员偏少" not in text.split("四、", 1)[1]
    assert parsed(text, "shortcomings_open") == 1
    assert "已完成整改2条" in text
    assert parsed(text, "cert_expiring_next_year") == 2


def test_a_shortcoming_completed_after_the_year_is_still_open_at_its_end(build, rows) -> None:
    for item in rows["shortcomings"]:
        if item["item_no"] == "BZ2024-01":
            item.update(status="已完成", completed_on="2025-02-01")
    text = to_text(build_draft(build(rows), period(2024)))
    assert "“新修订法规学习不够及时”问题（截至年底尚未完成，整改时限2025年6月30日）" in text


def test_empty_year_is_a_draft_of_placeholders(build, rows) -> None:
    draft = build_draft(build(rows), period(2030))
    text = to_text(draft)
    assert [p.text for p in draft.paragraphs if p.style == H1] == [
        "三、2030年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
        "四、2031年度推进法治政府建设的主要安排"]
    assert len([p for p in draft.paragraphs if p.style == H2]) == 4  # three subsections + the standing item
    assert not any(ch.isdigit() for r in draft.figure_runs for ch in r.text)
    assert len(draft.placeholders) >= 9
    assert "【待补充：台账中没有本年度的记录" in text
    assert "主要负责人带头尊法学法守法用法" not in text  # no claim without records


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


def test_no_personal_data_in_the_text(build, rows) -> None:
    from .ledger_fixture import PETITIONER, PHONE

    for unmask in (False, True):
        text = to_text(build_draft(build(rows, unmask=unmask), period(2024)))
        assert PETITIONER not in text and PHONE not in text


def test_study_target_stands_alone_without_a_study_shortcoming(build, rows) -> None:
    for item in rows["shortcomings"]:
        if item["item_no"] == "BZ2024-01":
            item.update(status="已完成", completed_on="2024-10-20")
    text = to_text(build_draft(build(rows), period(2024)))
    titles = arrangements(text)
    assert "持续加强学法用法，提升法治意识和法律素养" not in titles
    assert "落实集体学法计划，坚持“每会一学法”" in titles
    assert parsed(text, "study_behind_target") == 2


@pytest.mark.parametrize("unmask", [False, True])
def test_rows_a_draft_reads_are_masked_as_read(build, rows, unmask) -> None:
    from dashboard.drafting.model import Composer
    from tests.drafting.ledger_fixture import PETITIONER, PHONE

    c = Composer(build(rows, unmask=unmask), period(2024))
    first = next(r for r in c.rows("petitions_received") if r.get("petition_no") == "XF2024-001")
    assert (first.get("petitioner") == PETITIONER) is unmask
    assert (PHONE in first.get("summary")) is unmask and (PETITIONER in first.get("summary")) is unmask
    assert first.get("no_such_column", "-") == "-"
    assert not hasattr(first, "__dict__") and not isinstance(first, dict)  # no raw values to reach by accident


@pytest.mark.parametrize("due, said, ending", [
    ("2024-12-31", "，已超过时限）", "尽快整改到位"),  # the last day of the report year, not done: missed
    ("2025-06-30", "）", "按期整改到位"),           # inside next year: the plan can still keep it
    ("2024-12-30", "，已超过时限）", "尽快整改到位"),
])
def test_a_time_limit_inside_the_report_year_is_not_promised_as_kept(build, rows, due, said, ending) -> None:
    rows["shortcomings"][0]["due_on"] = due
    text = to_text(build_draft(build(rows), period(2024)))
    y, m, d = (int(p) for p in due.split("-"))
    # a past year: today's 整改中 says nothing certain about 31 December
    assert f"“新修订法规学习不够及时”问题（截至年底尚未完成，整改时限{y}年{m}月{d}日{said}" in text
    figs = build(rows)
    overdue = figs.figure("shortcomings_overdue", period(2024)).value
    assert overdue == (2 if said == "，已超过时限）" else 1)  # part three counts what part four calls overdue
    assert f"每季度专题学习新修订的生态环境法律法规。由法制股负责，{ending}。" in text


def test_publication_clock_counts_late_and_missing_publication_but_not_withdrawn_cases(build, rows) -> None:
    """A case 撤销立案 has nothing to publish; one published after the limit is a missed clock too."""
    cases = rows["enforcement_cases"]
    cases[1]["published_on"] = "2024-07-10"  # decided 6-20 (Thu): 14 working days later
    cases.append({"case_no": "新环罚〔2024〕3号", "party": "某洗砂场", "filed_on": "2024-08-01",
                  "decided_on": "2024-09-02", "outcome": "撤销立案", "is_major": "否", "fully_recorded": "是"})
    figs = build(rows)
    assert figs.figure("publish_rate", period(2024)).value == 100  # the withdrawn case is not in the denominator
    assert figs.figure("publish_rate", period(2024)).rows == 2
    late = figs.figure("decisions_published_late", period(2024))
    assert late.value == 1
    assert [r[0] for r in figs.rows("decisions_published_late", period(2024)).rows] == ["新环罚〔2024〕2号"]
    assert figs.figure("decisions_unpublished", period(2024)).value == 0
    text = to_text(build_draft(figs, period(2024)))
    clock = text.split("规范行政处罚办案时限", 1)[1]
    assert "处罚决定超过公示时限才公示1起" in clock

    cases[0]["published_on"] = ""  # decided 6-1, never published: missing, not late
    figs = build(rows)
    assert figs.figure("publish_rate", period(2024)).value == 50
    assert figs.figure("decisions_unpublished", period(2024)).value == 1
    assert figs.figure("decisions_published_late", period(2024)).value == 1


def test_shortcoming_status_figures_are_as_of_the_year_end(build, rows) -> None:
    """An item completed after the year counts as 整改中 at its end, in every status figure alike."""
    for item in rows["shortcomings"]:
        if item["item_no"] == "BZ2024-01":
            item.update(status="已完成", completed_on="2025-02-01")
    figs = build(rows)
    by_status = {r[0]: r[1] for r in figs.rows("shortcomings_by_status", period(2024)).rows}
    assert by_status == {"整改中": 1, "已完成": 1, "未启动": 1}
    assert sum(by_status.values()) == figs.figure("shortcomings_found", period(2024)).value
    assert by_status["已完成"] == figs.figure("shortcomings_done", period(2024)).value
    assert [r[0] for r in figs.rows("shortcomings_in_progress", period(2024)).rows] == ["BZ2024-01"]
    assert figs.figure("shortcomings_open", period(2024)).value == 2
    # judged in 2025, the same item is done
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
    assert "主要负责人深入各股室督导检查法治建设工作1次" in text
