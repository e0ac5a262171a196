"""The writing rules hold for every year of the sample data, every choice of parts, and random ledgers."""

from __future__ import annotations

import os
from copy import deepcopy

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dashboard.drafting.build import build_draft
from dashboard.drafting.model import Fig, Paragraph, Text
from tests.conftest import period

from .ledger_fixture import base_rows, build_figures
from .rules import violations

SECTION_CHOICES = [("1", "2", "3", "4"), ("3", "4"), ("4",), ("2", "4"), ("1",)]


@pytest.mark.parametrize("sections", SECTION_CHOICES, ids=lambda s: ",".join(s))
@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_rules_hold_for_every_sample_year(sample, year, sections) -> None:
    assert violations(build_draft(sample, period(year), sections)) == []


@pytest.mark.parametrize("year", [2023, 2024, 2030])
def test_rules_hold_for_the_small_fixture(build, rows, year) -> None:
    assert violations(build_draft(build(rows), period(year))) == []


def test_the_rules_catch_what_they_are_about(sample) -> None:
    """Each rule fails on a draft doctored to break it (so an empty list means something)."""
    draft = build_draft(sample, period(2024))
    body = next(p for p in draft.paragraphs if "查处环境违法行为" in p.text)
    fig = next(r for r in body.runs if isinstance(r, Fig) and r.ref.name == "cases_filed")
    doctored = deepcopy(draft)
    doctored.paragraphs.append(Paragraph("body", [Text("据台账显示，本局负责人组织学法考试，，"), fig]))
    found = "\n".join(violations(doctored))
    for words in ("台账显示", "本局", "“负责人”前没有“主要”", "学法考试是参加", "标点重复", "同一数字出现2次"):
        assert words in found, words
    four = deepcopy(draft)
    last = next(p for p in reversed(four.paragraphs) if p.style == "body")
    last.runs.append(Text("（截至年底未启动）。"))
    assert any("括号写的状态" in v for v in violations(four))


# ------------------------------------------------------------------ random ledgers

CATEGORIES = ["法治意识", "执法力量", "信息化", "制度建设", "其他", ""]
OUTCOMES = ["行政处罚", "报请政府关闭", "不予处罚", "撤销立案", "移送", "办理中"]
DUTIES = ["亲自部署", "亲自过问", "亲自协调", "亲自督办", "督导检查", "年终述法", "接访下访", "出庭应诉", "审签重大案件"]
MEETINGS = ["党组会议", "党组扩大会议", "理论学习中心组", "干部职工例会", "学法考试"]
LAWS = ["《中华人民共和国环境保护法》", "《习近平法治思想学习纲要》", "", "生态环境法律法规汇编"]


def _day(year: int, i: int) -> str:
    return f"{year}-{1 + i % 12:02d}-{1 + (i * 7) % 27:02d}"


@st.composite
def ledgers(draw) -> dict:
    """A bureau's ledgers for 2023–2024 with random content; any ledger may be missing."""
    rows = base_rows()
    rnd = draw(st.randoms(use_true_random=False))
    out: dict = {}
    if draw(st.booleans()):
        out["study_sessions"] = [
            {"held_on": _day(y, i), "meeting_type": rnd.choice(MEETINGS),
             "chaired_by_head": rnd.choice(["是", "否"]), "law_topic": rnd.choice(LAWS),
             "rule_of_law_agenda": rnd.choice(["是", "否"]), "attendees": rnd.randint(5, 40)}
            for y in (2023, 2024) for i in range(rnd.randint(0, 6))]
    if draw(st.booleans()):
        out["leadership_duties"] = [
            {"done_on": _day(y, i), "duty_type": rnd.choice(DUTIES), "subject": f"事项{i}号",
             "unit": rnd.choice(["法制股", "各股室", "执法大队", ""]), "outcome": rnd.choice(["已办结", "", "形成通报"])}
            for y in (2023, 2024) for i in range(rnd.randint(0, 8))]
    if draw(st.booleans()):
        out["enforcement_cases"] = [
            {"case_no": f"新环罚〔{y}〕{i + 1}号", "party": f"某企业{i}", "filed_on": _day(y, i),
             "decided_on": _day(y, i + 1) if i % 4 else "", "outcome": rnd.choice(OUTCOMES),
             "fine_yuan": str(rnd.choice([0, 5000, 20000])), "is_major": rnd.choice(["是", "否"]),
             "legal_review_on": _day(y, i + 1) if i % 2 else "", "published_on": _day(y, i + 2) if i % 3 else "",
             "fully_recorded": rnd.choice(["是", "否"]), "campaign": rnd.choice(["", "", "机动车检测专项"])}
            for y in (2023, 2024) for i in range(rnd.randint(0, 6))]
    if draw(st.booleans()):
        out["shortcomings"] = [
            {"item_no": f"Z{y}-{i}", "year": y, "category": rnd.choice(CATEGORIES), "problem": f"问题{i}",
             "cause": rnd.choice(["", "原因不明"]), "measure": rnd.choice(["", "由法制股把关", "加强学习"]),
             "owner": rnd.choice(["", "办公室"]), "due_on": rnd.choice(["", f"{y}-06-30", f"{y + 1}-12-31"]),
             "status": rnd.choice(["未启动", "整改中", "已完成"]),
             "completed_on": rnd.choice([f"{y}-05-01", f"{y + 1}-01-15"])}
            for y in (2023, 2024) for i in range(rnd.randint(0, 4))]
        for r in out["shortcomings"]:
            if r["status"] != "已完成":
                r["completed_on"] = ""
    if draw(st.booleans()):
        out["litigation"] = [
            {"case_no": f"FY{y}-{i}", "kind": rnd.choice(["行政复议", "行政诉讼一审"]), "received_on": _day(y, i),
             "hearing_on": rnd.choice(["", _day(y, i + 2)]), "head_appeared": rnd.choice(["是", "否"]),
             "result": rnd.choice(["维持", "驳回", "审理中", ""])}
            for y in (2023, 2024) for i in range(rnd.randint(0, 2))]
    for table in ("trainings", "certificates", "petitions", "permits"):
        if draw(st.booleans()):
            out[table] = rows[table]
    return out


@settings(max_examples=int(os.environ.get("DASH_PROPERTY_EXAMPLES", "6")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=ledgers())
def test_rules_hold_for_random_ledgers(tmp_path_factory, data) -> None:
    assume(any(data.values()))  # a store is never built without a row
    figs = build_figures(tmp_path_factory.mktemp("random"), data)
    try:
        for year in (2023, 2024):
            draft = build_draft(figs, period(year))
            assert violations(draft) == [], draft.text
    finally:
        figs.close()


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_the_figures_read_ahead_are_the_ones_a_draft_reads(sample, year) -> None:
    """Every figure of the year a draft reads is read ahead (a new one must join PREFETCH)."""
    from dashboard.drafting.build import PREFETCH

    draft = build_draft(sample, period(year))
    used = {r.name for r in (*draft.figures, *draft.consulted) if r.year == year}
    assert used - set(PREFETCH) == set()
