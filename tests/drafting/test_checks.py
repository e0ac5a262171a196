"""Consistency checks between ledgers (核对): listed, never settled by the draft."""

from __future__ import annotations

import pytest

from dashboard.drafting.build import build_draft
from dashboard.drafting.checks import checks_text
from dashboard.figures import Figures
from tests.conftest import period


def names(draft) -> list[str]:
    return [c.name for c in draft.checks]


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_the_sample_ledgers_agree(sample_store, sample_config, year) -> None:
    figs = Figures(sample_store[0], sample_config)
    try:
        draft = build_draft(figs, period(year))
        assert draft.checks == []
        # every 审签 row of the sample is dated after the case it signs was filed
        assert figs.figure("check_signed_before_filing", period(year)).value == 0
        assert figs.figure("head_major_cases_signed", period(year)).value == figs.figure("cases_major", period(year)).value
    finally:
        figs.close()
    assert checks_text(draft.checks, year) == "核对：未发现台账之间不一致。\n"


def test_signatures_counted_against_major_cases(build, rows) -> None:
    # the fixture: one 审签 row, no case marked major
    draft = build_draft(build(rows), period(2024))
    assert names(draft) == ["head_major_cases_signed / cases_major"]
    assert "审签重大案件1件" in draft.checks[0].text and "重大案件为0件" in draft.checks[0].text
    # the text does not settle it: no signing sentence, and the case ledger's count is the one used
    assert "审签" not in draft.text
    rows["enforcement_cases"][0]["is_major"] = "是"
    draft = build_draft(build(rows), period(2024))
    assert draft.checks == [] and "亲自审签全部重大行政处罚案件" in draft.text


def test_a_signature_before_the_case_was_filed(build, rows) -> None:
    rows["enforcement_cases"][1]["is_major"] = "是"  # 新环罚〔2024〕2号, filed 2024-05-10
    rows["leadership_duties"][3].update(subject="审签新环罚〔2024〕2号行政处罚决定", done_on="2024-05-09")
    figs = build(rows)
    draft = build_draft(figs, period(2024))
    assert names(draft) == ["check_signed_before_filing"]
    found = figs.rows("check_signed_before_filing", period(2024))
    assert [r[2] for r in found.rows] == ["新环罚〔2024〕2号"]
    rows["leadership_duties"][3]["done_on"] = "2024-06-15"
    assert build_draft(build(rows), period(2024)).checks == []


def test_a_court_appearance_without_a_hearing(build, rows) -> None:
    rows["leadership_duties"].append({"done_on": "2024-07-01", "duty_type": "出庭应诉", "subject": "出庭应诉某案",
                                      "unit": "县人民法院", "outcome": "已出庭"})
    draft = build_draft(build(rows), period(2024))
    court = next(c for c in draft.checks if c.name == "check_court_without_hearing")
    assert "未导入行政复议及诉讼台账" in court.text
    rows["litigation"] = [{"case_no": "SS2024-01", "kind": "行政诉讼一审", "received_on": "2024-03-01",
                           "hearing_on": "2024-07-01", "head_appeared": "是", "result": "驳回"}]
    assert "check_court_without_hearing" not in names(build_draft(build(rows), period(2024)))
    rows["litigation"][0]["hearing_on"] = ""
    assert "check_court_without_hearing" in names(build_draft(build(rows), period(2024)))


def test_explain_lists_them(build, rows) -> None:
    draft = build_draft(build(rows), period(2024))
    text = checks_text(draft.checks, 2024)
    assert text.startswith("核对：台账之间有 1 处不一致")
    assert "dash query head_major_cases_signed --year 2024 --rows" in text
