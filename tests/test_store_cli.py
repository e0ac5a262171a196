"""The store and the CLI: read-only refusal, atomic replace, exit codes, formats."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard import ingest, store, sources
from dashboard.cli import app
from tests.conftest import CASE_HEADER, TODAY, case_rows, write_csv, write_xlsx

runner = CliRunner()


@pytest.fixture
def src(tmp_path):
    d = tmp_path / "exports"
    d.mkdir()
    write_xlsx(d / "2024年行政处罚案件台账.xlsx", [CASE_HEADER, *case_rows(4)], title="2024年行政处罚案件台账")
    write_csv(d / "信访投诉台账.csv", [["编号", "受理日期", "投诉人", "联系电话", "反映问题", "级别"],
                                   ["X1", "2024-01-02", "王小明", "13812345678", "王小明来电13812345678反映噪声", "县级"],
                                   ["X2", "2024-02-03", "李四", "13912345678", "废气", "市级"]], "gbk")
    return d


@pytest.fixture
def db(tmp_path, src):
    path = tmp_path / "dash.duckdb"
    sources.ingest_paths([src], path, today=TODAY)
    return path


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def run(*args, env=None):
    return runner.invoke(app, list(args), env=env)


@pytest.mark.parametrize("sql", [
    "DROP TABLE enforcement_cases",
    "INSERT INTO petitions (petition_no, received_on) VALUES ('x', DATE '2024-01-01')",
    "DELETE FROM petitions",
    "UPDATE petitions SET level = 'x'",
    "COPY petitions TO '/tmp/dash-leak.csv'",
    "ATTACH '/tmp/other.duckdb' AS o",
    "CREATE TABLE t AS SELECT 1",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT 1; DROP TABLE petitions",
])
def test_query_refuses_writes_and_outside_files_store_unchanged(db, sql):
    before = sha(db)
    res = run("query", sql, "--db", str(db))
    assert res.exit_code == 1
    assert res.output.count("\n") == 1 and "错误：" in res.output
    assert sha(db) == before
    assert not Path("/tmp/dash-leak.csv").exists()


def test_atomic_replace_failed_ingest_leaves_old_store(tmp_path, src, db, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("disk full while writing")

    monkeypatch.setattr(sources, "_write_reports", boom)
    more = tmp_path / "more"
    more.mkdir()
    write_xlsx(more / "行政处罚案件台账.xlsx", [CASE_HEADER, *case_rows(9)])
    with pytest.raises(RuntimeError):
        sources.ingest_paths([more], db, today=TODAY)
    con = store.connect(db)
    assert con.execute("select count(*) from enforcement_cases").fetchall() == [(4,)]
    con.close()
    assert [p.name for p in db.parent.iterdir() if ".tmp" in p.name or p.name.startswith("dash-ingest")] == []


def test_reader_open_during_ingest_keeps_old_data(tmp_path, src, db):
    con = store.connect(db)
    more = tmp_path / "more"
    more.mkdir()
    write_xlsx(more / "行政处罚案件台账.xlsx", [CASE_HEADER, *case_rows(9)])
    sources.ingest_paths([more], db, today=TODAY)  # no lock error although a reader is open
    assert con.execute("select count(*) from enforcement_cases").fetchall() == [(4,)]
    con.close()
    con = store.connect(db)
    assert con.execute("select count(*) from enforcement_cases").fetchall() == [(9,)]
    con.close()


def test_corrupt_or_foreign_store_gets_a_clear_message(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"garbage" * 100)
    res = run("query", "select 1", "--db", str(bad))
    assert res.exit_code == 1 and "dash ingest" in res.output
    import duckdb

    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    res = run("query", "select 1", "--db", str(other))
    assert res.exit_code == 1 and "重建" in res.output


def test_ingest_prints_per_file_and_per_ledger_accounting(tmp_path, src):
    (src / "junk.xlsx").write_bytes(b"\x00junk" * 50)
    path = tmp_path / "x.duckdb"
    res = run("ingest", str(src), "--db", str(path))
    assert res.exit_code == 0, res.output
    out = res.output
    assert "2024年行政处罚案件台账.xlsx" in out and "工作表「Sheet1」" in out and "编码 GBK" in out
    assert "合计：读取 6 = 导入 6 + 跳过 0 + 拒绝 0 ✓" in out
    assert "junk.xlsx：不是有效的 xlsx 文件" in out
    assert path.exists()


def test_ingest_strict_and_check_exit_2_on_problems_and_write_nothing(tmp_path, src):
    write_xlsx(src / "处罚案件2.xlsx", [CASE_HEADER, ["1", "C9", "甲", "大气", "2024-02-30"]])
    path = tmp_path / "strict.duckdb"
    res = run("ingest", str(src), "--db", str(path), "--strict")
    assert res.exit_code == 2 and not path.exists()
    res = run("check", str(src))
    assert res.exit_code == 2
    assert "处罚案件2.xlsx 工作表「Sheet1」 第2行 列「立案日期」 值「2024-02-30」" in res.output
    assert not path.exists()


def test_check_clean_dir_exits_0(src):
    assert run("check", str(src)).exit_code == 0


def test_missing_dir_is_a_user_error(tmp_path):
    res = run("ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "x.duckdb"))
    assert res.exit_code == 1 and "目录不存在" in res.output


def test_named_query_and_formats(db, tmp_path):
    res = run("query", "cases_filed", "--year", "2024", "--db", str(db))
    assert res.exit_code == 0 and "cases_filed" in res.output and " 4 " in res.output
    res = run("query", "cases_filed", "--year", "2024", "--rows", "--format", "json", "--db", str(db))
    assert len(json.loads(res.output)) == 4
    res = run("query", "fines_total", "-y", "2024", "-f", "csv", "--db", str(db))
    assert res.output.splitlines()[1].split(",")[2] == "40000.00"
    out = tmp_path / "r.md"
    res = run("query", "cases_filed", "-y", "2024", "--rows", "-o", str(out), "--db", str(db))
    assert res.exit_code == 0 and out.read_text(encoding="utf-8").startswith("| 案号 | 当事人 |")  # Chinese labels
    out = tmp_path / "r.xlsx"
    assert run("query", "cases_filed", "-y", "2024", "--rows", "-o", str(out), "--db", str(db)).exit_code == 0
    import openpyxl

    assert openpyxl.load_workbook(out).active.max_row == 5


def test_unknown_query_suggests_close_names(db):
    res = run("query", "cases_filled", "--db", str(db))
    assert res.exit_code == 1 and "cases_filed" in res.output


def test_bad_sql_shows_duckdb_message(db):
    res = run("query", "SELECT nope FROM petitions", "--db", str(db))
    assert res.exit_code == 1 and "nope" in res.output and "Traceback" not in res.output


def test_chinese_views_work(db):
    res = run("query", "SELECT count(*) AS n FROM 行政处罚案件台账", "-f", "csv", "--no-bom", "--db", str(db))
    assert res.output.split() == ["n", "4"]
    res = run("query", "SELECT 投诉人, 联系电话 FROM 信访投诉台账 ORDER BY 编号", "-f", "csv", "--db", str(db))
    assert "王小明" not in res.output and "13812345678" not in res.output


def test_personal_data_masked_unless_unmask(db):
    res = run("query", "SELECT petitioner, phone, summary FROM petitions", "-f", "json", "--db", str(db))
    assert "王小明" not in res.output and "13812345678" not in res.output and "138****5678" in res.output
    res = run("query", "SELECT petitioner AS p, summary FROM petitions", "--unmask", "-f", "json", "--db", str(db))
    assert "王小明" in res.output and "13812345678" in res.output


def test_list_and_schema():
    res = run("query", "--list")
    assert res.exit_code == 0 and "cases_filed" in res.output and "查处环境违法行为" in res.output
    res = run("schema", "-f", "csv")
    assert "enforcement_cases,行政处罚案件台账,case_no,案号,TEXT,是,是" in res.output
    assert "petitions,信访投诉台账,phone,联系电话,TEXT,,,是" in res.output


def test_schema_lists_config_aliases_and_reads_no_store(tmp_path):
    cfg = tmp_path / "dash.toml"
    cfg.write_text('[aliases.petitions]\nphone = ["手机号码"]\n', encoding="utf-8")
    res = run("--db", str(tmp_path / "none.duckdb"), "schema", "--config", str(cfg), "-f", "csv")
    assert res.exit_code == 0, res.output
    line = next(ln for ln in res.output.splitlines() if ln.startswith("petitions,信访投诉台账,phone,"))
    assert line.endswith("手机号码")
    assert not (tmp_path / "none.duckdb").exists()  # the schema comes from the declarations
    assert run("schema", "--db", "x.duckdb").exit_code != 0  # schema takes no --db of its own


def test_no_store_builds_from_sample_data_and_says_so(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "PYTHONPATH": str(Path(__file__).parents[1])}
    env.pop("DASH_DB", None)
    proc = subprocess.run([sys.executable, "-m", "dashboard", "query", "cases_filed", "--year", "2024"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "示例数据" in proc.stderr
    assert (tmp_path / "xdg" / "dash" / "dash.duckdb").exists()


def test_explicit_missing_db_is_a_user_error(tmp_path):
    res = run("query", "cases_filed", "--db", str(tmp_path / "none.duckdb"))
    assert res.exit_code == 1 and "数据库不存在" in res.output


def test_core_does_not_import_textual_or_polars_on_the_query_path():
    code = ("import sys, dashboard.cli, dashboard.ledgers, dashboard.store, dashboard.queries, dashboard.figures,"
            " dashboard.mask, dashboard.output, dashboard.config;"
            " bad = [m for m in ('textual', 'polars', 'plotext') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).parents[1]).stdout.strip()
    assert out == "[]"


def test_a_ledger_without_rows_is_not_imported(tmp_path):
    from dashboard import config
    from dashboard.figures import Figures
    from tests.conftest import write_csv

    d = tmp_path / "in"
    d.mkdir()
    write_csv(d / "信访投诉台账.csv", [["编号", "受理日期"], ["XF1", "2024-03-01"]])
    db = tmp_path / "d.duckdb"
    sources.ingest_paths([d], db, today=TODAY)
    figs = Figures(db, config.Config())
    try:
        assert figs.imported("petitions") and not figs.imported("enforcement_cases")
        assert figs.row_counts["petitions"] == 1 and figs.row_counts["enforcement_cases"] == 0
    finally:
        figs.close()
