"""An export without an optional column: the figures that need it are not numbers, on every surface.

An enforcement ledger exported without 公示日期 and 全过程记录, and petitions without 级别:
no 完整率0%, no 仍未公示 accusation, no 县级 0, and dash check / ingest say which columns are missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard import queries, store
from dashboard.agenda import todo_items
from dashboard.cli import app
from dashboard.drafting.build import build_draft
from dashboard.drafting.render import to_text
from dashboard.ingest import check_paths
from dashboard.ledgers import BY_TABLE
from dashboard.report_text import check_summary
from tests.conftest import period
from tests.drafting.ledger_fixture import INGEST_TODAY, base_rows, build_figures, write_ledgers

WITHOUT = {"enforcement_cases": ("published_on", "fully_recorded"), "petitions": ("level",)}
runner = CliRunner()


@pytest.fixture(scope="module")
def lacking(tmp_path_factory):
    """Figures over a store whose case and petition exports lack those columns."""
    figures = build_figures(tmp_path_factory.mktemp("lacking"), base_rows(), without=WITHOUT)
    yield figures
    figures.close()


def test_the_store_records_which_columns_the_exports_had(lacking):
    cols = lacking.columns
    assert cols["enforcement_cases"]["published_on"][:2] == (0, 2)
    assert cols["enforcement_cases"]["decided_on"][:2] == (2, 0)
    assert cols["petitions"]["level"][0] == 0 and "信访投诉台账" in cols["petitions"]["level"][2]
    assert "publicity_events" not in cols  # never imported: 未导入, not a missing column
    assert not lacking.has_column("enforcement_cases", "fully_recorded")
    assert lacking.has_column("enforcement_cases", "fine_yuan")


def test_a_figure_needing_a_missing_column_is_not_a_number(lacking):
    p = period(2024)
    for name, label in (("decisions_unpublished", "公示日期"), ("decisions_published", "公示日期"),
                        ("fully_recorded_rate", "全过程记录"), ("petitions_received", "级别")):
        fig = lacking.figure(name, p)
        assert fig.value is None and fig.missing == (label,) and fig.text == f"无「{label}」列", name
    assert lacking.figure("cases_filed", p).value == 2  # a figure with its columns is untouched
    assert lacking.figure("petitions_all", p).value == 2
    # No to-do item rests on the missing column.
    assert not [i for i in todo_items(lacking, p) if i.alert == "decisions_unpublished"]


def test_every_needs_header_names_an_optional_column_of_a_ledger_the_query_reads():
    needing = [q for q in queries.catalogue().values() if q.needs]
    assert {"decisions_unpublished", "fully_recorded_rate", "petitions_received", "publish_rate",
            "legal_reviews_done", "petitions_satisfaction_rate"} <= {q.name for q in needing}
    for q in needing:
        for table, column in q.needs:
            assert table in queries.tables_read(q.sql), q.name
            assert not BY_TABLE[table].column(column).required, q.name


def test_the_draft_writes_a_placeholder_never_a_zero_or_a_finding(lacking):
    text = to_text(build_draft(lacking, period(2024)))
    assert "全年公示执法信息【待补充：台账无「公示日期」列】" in text
    assert "执法过程记录完整率【待补充：台账无「全过程记录」列】" in text
    assert "全年处置县级信访投诉【待补充：台账无「级别」列】" in text
    assert "完整率0%" not in text and "记录完整率为" not in text
    assert "仍未公示" not in text and "超过公示时限" not in text
    assert "应公示的执法决定全部公示" not in text
    assert "县级信访投诉0件" not in text


def test_dash_query_says_so_on_stderr_and_leaves_the_value_empty(lacking, tmp_path):
    import shutil

    db = str(tmp_path / "copy.duckdb")  # dash query opens the store with settings of its own
    shutil.copyfile(lacking.db, db)
    res = runner.invoke(app, ["query", "decisions_unpublished", "--year", "2024", "--db", db, "-f", "csv"])
    assert res.exit_code == 0, res.output
    assert "没有「公示日期」列" in res.stderr and "不是0" in res.stderr
    row = res.stdout.strip().splitlines()[-1].split(",")
    assert row[0] == "decisions_unpublished" and row[2] == "" and row[4] == ""
    ok = runner.invoke(app, ["query", "cases_filed", "--year", "2024", "--db", db, "-f", "csv"])
    assert ok.stdout.strip().splitlines()[-1].split(",")[2] == "2" and "注意" not in ok.stderr


def test_check_and_ingest_name_the_missing_columns_per_file(tmp_path):
    src = write_ledgers(tmp_path / "ledgers", base_rows(), WITHOUT)
    text = check_summary(check_paths([src], today=INGEST_TODAY))
    assert "行政处罚案件台账.csv：缺少列：公示日期、全过程记录（相关指标将显示为待补充）" in text
    assert "信访投诉台账.csv：缺少列：级别（相关指标将显示为待补充）" in text
    assert text.count("缺少列：") == 2  # the other exports have every column
    res = runner.invoke(app, ["ingest", str(src), "--db", str(tmp_path / "s.duckdb")])
    assert res.exit_code == 0, res.output
    assert "行政处罚案件台账.csv：缺少列：公示日期、全过程记录" in res.stdout


def test_the_bundled_sample_lacks_no_column_a_figure_needs(sample_store, sample_config):
    from dashboard.figures import Figures

    db, report = sample_store
    assert "缺少列" not in check_summary(report)
    figures = Figures(Path(db), sample_config)
    try:
        assert figures.columns is not None
        assert not [n for n in queries.catalogue() if figures.missing(n)]
    finally:
        figures.close()


def test_a_store_without_the_record_counts_every_column_as_there(lacking):
    # A store written before the columns were recorded: nothing is said to be missing.
    lacking.__dict__["columns"] = None
    try:
        assert lacking.missing("decisions_unpublished") == ()
    finally:
        del lacking.__dict__["columns"]
    assert store.COLUMNS == "_dash_columns"
