"""会议简报: key figures with the change since last year, to-do by unit, the most overdue items."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from dashboard import agenda, areas, brief, compare
from dashboard.brief_docx import brief_docx_bytes
from dashboard.cli import app
from dashboard.clock import Period
from dashboard.figures import Figures, figure_text
from tests.conftest import SAMPLE_TODAY, period
from tests.drafting.ledger_fixture import base_rows, build_figures


@pytest.mark.parametrize("value,prev,unit,text", [
    (21, 18, "起", "+3起（+17%）"),
    (18, 21, "起", "-3起（-14%）"),
    (5, 0, "件", "+5件"),  # no percentage of nothing
    (7, 7, "次", "持平"),
    (96.3, 100, "%", "-3.7个百分点"),
    (Decimal("581600.00"), Decimal("446800.00"), "元", "+13.48万元（+30%）"),
    (15.6, 15.9, "天", "-0.3天"),
    (182732, 170000, "人次", "+1.27万人次（+7%）"),
    (1004, 1000, "份", "+4份（+0.4%）"),
    (None, 3, "起", "—"),
])
def test_change_is_written_with_sign_unit_and_percentage(value, prev, unit, text):
    assert compare.change_text(value, prev, unit) == text


@pytest.mark.parametrize("value,unit,text", [
    (182732, "人次", "18.27万人次"), (10000, "件", "1万件"), (9999, "件", "9999件"), (35000.0, "份", "3.5万份"),
    (Decimal("581600"), "元", "58.16万元"), (96.5, "%", "96.5%"), (21, "起", "21起"), (None, "起", "—"),
])
def test_numbers_for_the_projector_group_ten_thousands(value, unit, text):
    assert figure_text(value, unit) == text


@pytest.fixture
def small(tmp_path: Path):
    """The drafting fixture's bureau: study meetings in 2023 and 2024, petitions only in 2024,
    no publicity ledger at all."""
    figs = build_figures(tmp_path / "store", base_rows())
    yield figs
    figs.close()


def test_year_on_year_says_when_there_is_no_previous_year_or_no_ledger(small):
    p = period(2024)
    study = compare.year_on_year(small, "study_meetings", p)
    assert (study.text, study.prev, study.change) == ("3次", 4, "-1次（-25%）")
    petitions = compare.year_on_year(small, "petitions_all", p)
    assert (petitions.text, petitions.change) == ("2件", compare.NO_PREVIOUS)
    assert petitions.prev is None  # not "last year 0"
    publicity = compare.year_on_year(small, "publicity_events_held", p)
    assert (publicity.text, publicity.change) == (compare.NOT_IMPORTED, compare.NOT_IMPORTED)
    first = compare.year_on_year(small, "study_meetings", period(2023))
    assert first.change == compare.NO_PREVIOUS


def test_the_brief_has_every_area_the_to_do_by_unit_and_the_most_overdue(small):
    page = brief.build_brief(small, period(2024, today=date(2025, 3, 1)))
    assert [a.title for a in page.areas] == [a.title for a in areas.AREAS]
    assert all(len(a.figures) == len(areas.area(a.key).key_figures) for a in page.areas)
    assert page.bureau == brief.NO_BUREAU  # no bureau configured: never another bureau's name
    # as of 2024-12-31: BZ2024-03 (办公室, due 11-30, 未启动) is 31 days overdue; 2024's certificates are fine
    assert [(i.alert, i.record, i.days_overdue) for i in page.top_overdue] == [
        ("shortcomings_overdue", "BZ2024-03 执法人员偏少", 31)]
    assert page.overdue_total == 1
    counts = {c.unit: (c.total, c.overdue) for c in page.units}
    assert counts["办公室"] == (1, 1)
    assert sum(c.total for c in page.units) == page.todo_total


def test_the_markdown_page_is_one_page_of_tables(small):
    page = brief.build_brief(small, period(2024, today=date(2025, 3, 1)))
    text = brief.brief_markdown(page)
    assert text.startswith("# 【单位名称】法治建设工作简报\n")
    assert "## 主要指标（同比）" in text and "## 待办（待办" in text and "## 超期最久的事项" in text
    assert "| 学法 | 召开党组（扩大）会议、中心组会议、干部职工例会 | 3次 | -1次（-25%） |" in text
    assert "| 信访 | 受理信访投诉（全部级别） | 2件 | 无上年数据 |" in text
    assert "| 普法 | 开展普法宣传活动 | 未导入 | 未导入 |" in text
    assert "| 不足 | 超整改时限未完成 | BZ2024-03 执法人员偏少 | 办公室 | 2024-11-30（超期31天） |" in text
    assert len(text.splitlines()) <= 60


def test_the_docx_page_has_its_three_tables_in_chinese_fonts(small):
    page = brief.build_brief(small, period(2024, today=date(2025, 3, 1)))
    import io

    doc = docx.Document(io.BytesIO(brief_docx_bytes(page)))
    assert doc.paragraphs[0].text == "【单位名称】法治建设工作简报"
    assert [len(t.rows) for t in doc.tables] == [1 + sum(len(a.figures) for a in page.areas),
                                                 1 + len(page.units), 1 + len(page.top_overdue)]
    run = doc.tables[0].rows[1].cells[1].paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert round(doc.sections[0].page_height.mm) == 297  # A4


def test_a_year_without_data_says_so_on_the_page(sample_store, sample_config):
    f = Figures(sample_store[0], sample_config)
    try:
        page = brief.build_brief(f, Period.of(2030, date(2031, 1, 15)))
        assert "2030年无数据（有数据的年度：2023–2025）" in page.notes
        assert any("2030年没有节假日安排数据" in n for n in page.notes)
        on_sample = brief.build_brief(f, period(2025))
        assert on_sample.bureau == "永州市生态环境局新田分局" and on_sample.notes == ()
        assert on_sample.top_overdue and all(i.is_overdue for i in on_sample.top_overdue)
        assert [i.days_overdue for i in on_sample.top_overdue] == sorted(
            (i.days_overdue for i in on_sample.top_overdue), reverse=True)
    finally:
        f.close()


runner = CliRunner()


def env(db: Path) -> dict[str, str]:
    return {"DASH_DB": str(db), "DASH_TODAY": SAMPLE_TODAY.isoformat()}


def test_dash_brief_prints_markdown_and_writes_docx(sample_store, tmp_path):
    res = runner.invoke(app, ["brief", "--year", "2024"], env=env(sample_store[0]))
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("# 永州市生态环境局新田分局法治建设工作简报\n\n2024年 · 截至2024年12月31日")
    assert "| 执法 | 查处环境违法行为 | 21起 | +3起（+17%） |" in res.stdout
    out = tmp_path / "简报.docx"
    res = runner.invoke(app, ["brief", "-o", str(out)], env=env(sample_store[0]))
    assert res.exit_code == 0, res.output
    assert "最近的年度 2025" in res.stderr and f"已写入 {out}" in res.stderr
    assert docx.Document(str(out)).paragraphs[1].text == "2025年 · 截至2025年12月31日"
    res = runner.invoke(app, ["brief", "-f", "docx"], env=env(sample_store[0]))
    assert res.exit_code == 1 and "docx 格式需要 -o 文件名" in res.stderr
    res = runner.invoke(app, ["brief", "--year", "2030"], env=env(sample_store[0]))
    assert res.exit_code == 0 and "2030年无数据（有数据的年度：2023–2025）" in res.stderr


def test_a_running_year_is_compared_with_the_same_period_and_an_empty_year_never_drops_100(
        sample_store, sample_config):
    f = Figures(sample_store[0], sample_config)
    try:
        empty = brief.build_brief(f, Period.of(2026, date(2026, 11, 29)))
        changes = [y.change for a in empty.areas for y in a.figures]
        assert "本年尚无记录" in changes and not any("-100%" in c for c in changes)
        running = Period.of(2025, date(2025, 11, 29))
        assert running.previous().as_of == date(2024, 11, 29)  # 上年同期, not the whole of 2024
        page = brief.build_brief(f, running)
        assert "同比为与上年同期（1月1日至11月29日）相比" in page.notes
        received = next(y for a in page.areas for y in a.figures if y.name == "petitions_all")
        assert received.prev == 77 < f.figure("petitions_all", period(2024)).value  # December not compared
        # one definition of 待办: open items only, so the page's units add up to the list
        items = agenda.todo_items(f, period(2025))
        whole = brief.build_brief(f, period(2025))
        assert whole.todo_total == len(items) == sum(u.total for u in whole.units)
        assert all(i.is_open for i in items) and "已办结但超期" not in brief.brief_markdown(whole)
    finally:
        f.close()
