"""The sample's other years read as the bureau's director would have them: no claim the figures
contradict, headings that fit their problems, nothing said about a year the ledgers do not cover."""

from __future__ import annotations

import re
from datetime import date

import pytest
from typer.testing import CliRunner

from dashboard.clock import Period
from dashboard.drafting.build import build_draft
from dashboard.drafting.render import to_text
from tests.conftest import SAMPLE_TODAY, period

from .test_draft import section


@pytest.fixture(scope="module")
def text(sample):
    drafts: dict[tuple[int, date | None], str] = {}

    def _text(year: int, today: date | None = None) -> str:
        if (year, today) not in drafts:
            drafts[year, today] = to_text(build_draft(sample, Period.of(year, today or SAMPLE_TODAY)))
        return drafts[year, today]
    return _text


def test_due_on_the_last_day_is_not_overdue(text):
    three = section(text(2025), "三、2025年度", "四、2026年度")
    # ZG2024-01..03 fall due on 2025-12-31 itself: only ZG2025-01 (due 9-30) is past its limit
    assert "截至年底，有1条问题超过整改时限仍未完成" in three


def test_on_time_is_claimed_only_when_the_figures_bear_it_out(text):
    whole = text(2025)
    two, three = section(whole, "二、2025年度", "三、2025年度"), section(whole, "三、2025年度", "四、2026年度")
    assert "超过期限答复1件" in two and "信访件超过办理时限才办结" in two
    assert "按期答复" not in three and "按期办结" not in three
    assert "过问重点信访件办理进度" in three  # the deed stays, the claim goes
    # 2024 kept every clock: the claims stand
    assert "按期办结" in section(text(2024), "三、2024年度", "四、2025年度")


def test_every_point_of_part_two_gives_a_cause(text):
    for year in (2023, 2024, 2025):
        two = section(text(year), f"二、{year}年度", f"三、{year}年度")
        for point in re.findall(r"^\u3000\u3000\d\..+$", two, re.MULTILINE):
            assert "究其原因" in point, point


def test_headings_fit_the_problems_under_them(text):
    two = section(text(2023), "二、2023年度", "三、2023年度")
    assert "普法宣传工作有待加强。主要是普法宣传形式较为单一" in two  # 普法, not 学法
    assert "执法保障有待加强。主要是执法装备配备不足" in two  # equipment, not too few officers
    assert "学法用法的自觉性" not in two and "执法监管力量不足" not in two


def test_a_year_before_the_equipment_was_bought_does_not_claim_it(text, sample):
    """The sample's [equipment] holds since 2024: 2023's part two says equipment was short (its
    shortcoming was rectified in August 2024), so part one of 2023 asks for that year's counts."""
    assert sample.config.equipment_since == 2024
    whole = text(2023)
    one, two = section(whole, "一、2023年度", "二、2023年度"), section(whole, "二、2023年度", "三、2023年度")
    assert "执法装备配备不足" in two
    assert "执法记录仪8台" not in one and "移动执法设备2套" not in one and "配备执法记录仪" not in one
    assert "【待补充：2023年执法记录仪等执法装备配备数量" in one
    for year in (2024, 2025):
        assert "配备执法记录仪8台、移动执法设备2套" in text(year)


def test_a_standing_arrangement_takes_the_open_shortcoming_on_its_subject(text):
    four = section(text(2025), "四、2026年度")
    assert four.count("回访计划") == 1
    visits = section(four, "开展行政处罚案件回访")
    assert "制定回访计划，按季度完成回访" in visits
    assert "健全法治建设制度机制" not in four
    # a measure naming its own doer gets no second unit; one unit's measures share one sentence
    assert "；二是会前审核学法篇目，2026年3月31日前完成。" in four
    assert four.count("由法制股") == 1
    assert "办公室牵头" not in four


def test_a_year_without_records_plans_from_what_is_open_and_claims_nothing(text):
    whole = text(2026, date(2026, 11, 29))
    four = section(whole, "四、2027年度")
    assert "无法据台账提出有针对性的安排" not in four
    assert "建设执法信息管理系统" in four  # an open shortcoming still asks for its plan
    assert "没有开庭审理的行政诉讼案件" not in whole and "无出庭应诉情况" not in whole
    assert "【待补充：行政诉讼案件开庭和出庭应诉情况" in whole


def test_a_year_still_running_is_judged_as_of_its_day(text):
    whole = text(2025, date(2025, 11, 29))
    assert "截至年底" not in whole and "截至11月29日" in whole


def test_draft_of_a_year_without_data_warns_and_exits_zero(sample_store):
    from dashboard.cli import app

    res = CliRunner().invoke(app, ["draft", "--year", "2030", "-f", "txt"],
                             env={"DASH_DB": str(sample_store[0]), "DASH_TODAY": SAMPLE_TODAY.isoformat()})
    assert res.exit_code == 0
    assert "2030年无数据（有数据的年度：2023–2025）" in res.stderr


def test_the_team_sentence_says_who_holds_a_certificate_not_only_a_rate(text, sample):
    """持证率 alone is a bare number: the draft gives the people behind it (on duty, holding a valid
    certificate), each a figure of its own that adds up to the rate."""
    for year in (2024, 2025):
        p = period(year)
        on_duty = sample.figure("cert_on_duty", p).value
        holders = sample.figure("cert_valid_holders", p).value
        rate = sample.figure("cert_holding_rate", p).value
        assert on_duty and round(100 * holders / on_duty, 1) == float(rate)
        assert f"全局在执法岗位人员{on_duty}名，持有效执法证{holders}名，持证率{rate:g}%" in text(year)


_DOER = re.compile(r"^由(.{1,12}?(?:大队|股|室|科|队|中心|站|所|办|组))")


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_the_plan_names_a_unit_once_in_a_row_and_sets_no_vague_deadline(text, year):
    """Two sentences running 由法制股…。由法制股…。 read clumsy, and 尽快整改到位 is no plan for a
    year: a limit already passed makes the item a priority of the plan year instead."""
    four = section(text(year), f"四、{year + 1}年度")
    assert "尽快整改到位" not in four
    sentences = [s.strip("\u3000\n ") for s in re.split(r"[。\n]", four)]
    doers = [m.group(1) if (m := _DOER.match(s)) else None for s in sentences if s]
    for a, b in zip(doers, doers[1:]):
        assert a is None or a != b, four
    if year == 2025:
        assert "作为2026年整改重点，逐项销号" in four
