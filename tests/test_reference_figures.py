"""The bundled sample data reproduces every 2024 figure of the reference report, from rows."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

from dashboard import config, paths
from dashboard.figures import Figures, format_value
from dashboard.sources import ingest_paths
from tests.conftest import period


@pytest.fixture(scope="module")
def figs(sample_store, sample_config):
    f = Figures(sample_store[0], sample_config)
    yield f
    f.close()


def test_sample_data_ingests_with_zero_rejects_and_balanced(sample_store):
    report = sample_store[1]
    assert report.rejected == 0 and not report.unreadable
    assert report.balanced()
    assert len(report.per_ledger()) == 12  # all twelve ledgers
    assert report.duplicates["enforcement_cases"] > 0  # overlapping monthly re-exports


REFERENCE_2024 = [
    # (query, value, report wording)
    ("cases_filed", 21, "查处环境违法行为21起"),
    ("cases_penalised", 17, "其中行政处罚17起"),
    ("fines_total", Decimal("581600.00"), "行政处罚58.16万元"),
    ("cases_closure_requested", 3, "申请政府关闭违法企业3起"),
    ("cases_not_penalised", 1, "免罚1起"),
    ("decisions_published", 21, "公示执法信息21条"),
    ("legal_reviews_done", 17, "审核重大执法决定17件"),
    ("fully_recorded_rate", 100, "执法过程记录完整率达到100%"),
    ("cert_renewal_exams", 27, "27名执法证换证人员"),
    ("cert_new_exams", 1, "1名新考人员"),
    ("cert_holding_rate", 100, "确保执法人员100%持证"),
    ("petitions_received", 78, "处置县级信访投诉78件"),
    ("permits_approved", 14, "环评审批14件"),
    ("permits_filed", 30, "备案登记30件"),
    ("study_meetings", 6, "党组（扩大）会议、中心组会议、干部职工例会6余次"),
    ("law_exams", 1, "学法考试1次"),
    ("head_appeared_in_court", 0, "无出庭应诉情况"),
    ("shortcomings_found", 3, "存在的不足3条"),
]


@pytest.mark.parametrize("name,expected,wording", REFERENCE_2024, ids=[r[0] for r in REFERENCE_2024])
def test_reference_figure_2024(figs, name, expected, wording):
    fig = figs.figure(name, period(2024))
    assert fig.value == expected, wording
    # the rows behind the figure are the same query's rows
    if name not in ("fully_recorded_rate", "cert_holding_rate"):
        rows = figs.rows(name, period(2024))
        assert fig.rows == len(rows.rows)


def test_fines_written_as_the_report_does(figs):
    assert format_value(figs.figure("fines_total", period(2024)).value, "元") == "58.16万元"


def test_reference_laws_studied_include_the_reports_titles(figs):
    topics = {r[0] for r in figs.rows("study_topics", period(2024)).rows}
    assert {"《习近平法治思想学习纲要》", "《生态环境行政处罚办法》"} <= topics


def test_equipment_comes_from_the_sample_bureaus_configuration(sample_config):
    assert sample_config.equipment == {"执法记录仪": 8, "移动执法设备": 2}
    assert config.Config().equipment == {}  # never another bureau's counts by default


def test_2024_is_clean_on_the_clocks_and_2025_is_not(figs):
    for name in ("petitions_closed_late", "cases_decided_late", "permits_over_limit", "cases_open_overdue"):
        assert figs.figure(name, period(2024)).value == 0, name
    assert figs.figure("petitions_overdue", period(2025)).value > 0
    assert figs.figure("cert_on_duty_without_valid", period(2025)).value > 0
    # 2025: four meetings, one without a law studied, against a target of four
    assert figs.figure("study_behind_target", period(2025)).value == 1
    assert figs.figure("study_behind_target", period(2024)).value == 0


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_generator_reproduces_the_committed_sample_files(tmp_path):
    from dashboard.sample import generate

    generate(tmp_path, scale=1)
    kinds = (".xlsx", ".xls", ".csv")
    committed = {p.name: _sha(p) for p in paths.sample_data_dir().iterdir() if p.suffix in kinds}
    fresh = {p.name: _sha(p) for p in tmp_path.iterdir() if p.suffix in kinds}
    assert fresh == committed


def test_year_list_is_the_years_of_work_not_old_exam_dates(figs):
    assert figs.years == [2023, 2024, 2025]  # the sample's years of records
    # the roster still holds exams from before 2023: they place no year in the list
    assert figs.sql("SELECT min(exam_on) FROM certificates").rows[0][0].year < 2023


MONTHLY = [  # (by-month trend, the figure it spreads over the months)
    ("cases_by_month", "cases_filed"),
    ("petitions_by_month", "petitions_all"),
    ("study_by_month", "study_meetings"),
    ("trainings_by_month", "trainings_held"),
    ("publicity_by_month", "publicity_events_held"),
    ("supervision_by_month", None),
]


@pytest.mark.parametrize("trend,figure", MONTHLY, ids=[m[0] for m in MONTHLY])
@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_monthly_trend_adds_up_to_its_figure(figs, trend, figure, year):
    rows = figs.rows(trend, period(year)).rows
    assert [r[0] for r in rows] == list(range(1, 13))
    total = sum(r[1] for r in rows)
    if figure is None:  # 监督: the three ledgers' new items of the year together
        figure_total = sum(figs.figure(n, period(year)).value for n in
                           ("supervision_items_handled", "litigation_cases", "legal_reviews_held"))
        assert total == figure_total
    else:
        assert total == figs.figure(figure, period(year)).value
