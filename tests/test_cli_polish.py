"""The command line speaks Chinese, defaults its dates like the dashboard, names years without data,
fits the terminal, takes figures by their Chinese names and heads columns with Chinese labels."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dashboard import queries
from dashboard.cli import app
from dashboard.output import cell_width
from tests.conftest import SAMPLE_TODAY

runner = CliRunner()


@pytest.fixture
def env(sample_store) -> dict[str, str]:
    return {"DASH_DB": str(sample_store[0]), "DASH_TODAY": SAMPLE_TODAY.isoformat(), "COLUMNS": "100"}


def dash(env: dict[str, str], *args: str):
    return runner.invoke(app, list(args), env=env)


@pytest.mark.parametrize("command", [[], ["query"], ["ingest"], ["schema"], ["draft"], ["brief"], ["check"]])
def test_help_is_chinese_with_plain_brackets(command):
    res = runner.invoke(app, [*command, "--help"])
    assert res.exit_code == 0, res.output
    text = res.stdout
    for english in ("Usage", "Options", "Arguments", "Show this message", "[OPTIONS]", "required]", "default:"):
        assert english not in text, (english, text)
    assert "\\[" not in text
    assert text.startswith("用法：") and "选项：" in text and "显示本帮助并退出。" in text


def test_help_shows_defaults_required_arguments_and_their_help_once():
    schema = runner.invoke(app, ["schema", "--help"]).stdout
    assert "[默认：table]" in schema
    ingest = runner.invoke(app, ["ingest", "--help"]).stdout
    assert "台账导出文件所在目录（或文件）  [必填]" in ingest
    query = runner.invoke(app, ["query", "--help"]).stdout
    assert query.count("查询名或中文指标名") == 1 and "参数：" in query


def test_usage_errors_are_chinese(env):
    res = dash(env, "query", "--bogus")
    assert res.exit_code == 2 and "错误：没有选项 '--bogus'。" in res.stderr and "Error" not in res.stderr
    res = dash(env, "query", "cases_filed", "--year", "二〇二四")
    assert res.exit_code == 2 and "的取值无效：'二〇二四' 不是有效的数字。" in res.stderr
    res = dash(env, "ingest")
    assert res.exit_code == 2 and "错误：缺少参数" in res.stderr


def test_a_query_of_an_as_of_date_defaults_to_the_latest_year_judged_like_the_dashboard(env):
    res = dash(env, "query", "petitions_overdue", "-f", "csv")
    assert res.exit_code == 0, res.output
    assert "（未指定 --year，使用数据中最近的年度 2025，截至2025-12-31）" in res.stderr
    assert "as_of=2025-12-31" in res.stdout


def test_a_year_without_data_is_named_with_the_years_there_are(env):
    res = dash(env, "query", "cases_filed", "--year", "2030", "-f", "csv")
    assert res.exit_code == 0
    assert "2030年无数据（有数据的年度：2023–2025）" in res.stderr
    res = dash(env, "--year", "2030")  # the dashboard is refused before it opens
    assert res.exit_code == 1
    assert res.stderr.strip() == "错误：2030年无数据（有数据的年度：2023–2025），看板不打开没有数据的年度"


def test_a_clock_in_working_days_says_when_a_year_has_no_holiday_calendar(env):
    res = dash(env, "query", "decisions_published_late", "--year", "2031", "-f", "csv")
    assert res.exit_code == 0
    assert "注：2031年没有节假日安排数据，工作日按周一至周五计算" in res.stderr
    res = dash(env, "query", "decisions_published_late", "--year", "2025", "-f", "csv")
    assert "节假日安排" not in res.stderr
    assert "holidays=国务院节假日（" in res.stdout  # the calendar, not four hundred dates
    res = dash(env, "draft", "--year", "2031", "--explain")
    assert res.exit_code == 0, res.output
    assert "决定逾期未公示、决定超时限公示：2031年没有节假日安排数据" in res.stdout


def test_a_named_query_is_found_by_its_chinese_label(env):
    by_label = dash(env, "query", queries.get("petitions_overdue").label, "--year", "2025", "-f", "csv")
    by_name = dash(env, "query", "petitions_overdue", "--year", "2025", "-f", "csv")
    assert by_label.exit_code == 0 and by_label.stdout == by_name.stdout
    res = dash(env, "query", "超期未办")
    assert res.exit_code == 1 and "是不是：超期未办结" in res.stderr


def test_table_output_fits_the_terminal_unless_wide(env):
    res = dash({**env, "COLUMNS": "72"}, "query", "petitions_overdue", "--year", "2025", "--rows")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines and all(cell_width(line) <= 72 for line in lines)
    assert "…" in res.stdout
    first = lines[0].split()
    assert first[:2] == ["编号", "被投诉对象"] and "超期天数" in first  # what, (whose,) due, how late first
    assert lines[-1].startswith("（另有") and "--wide 显示全部" in res.stdout  # columns left out are named
    wide = dash({**env, "COLUMNS": "72"}, "query", "petitions_overdue", "--year", "2025", "--rows", "--wide")
    assert max(cell_width(line) for line in wide.stdout.splitlines()) > 72
    summary = "县城安益烧烤店"
    assert summary in wide.stdout


def test_rows_are_headed_with_chinese_labels_unless_raw_is_asked(env, tmp_path: Path):
    csv = dash(env, "query", "petitions_overdue", "--year", "2025", "--rows", "-f", "csv")
    header = csv.stdout.lstrip("\ufeff").splitlines()[0].split(",")
    # what the record is, whose (承办股室 / 承办人 where the ledger has them), the clock, then the rest
    assert header[:2] == ["编号", "被投诉对象"]
    assert header.index("办理期限") + 1 == header.index("超期天数") < header.index("受理日期")
    assert header[-2:] == ["投诉人", "联系电话"]  # personal data last
    raw = dash(env, "query", "petitions_overdue", "--year", "2025", "--rows", "-f", "csv", "--column-names", "raw")
    assert raw.stdout.lstrip("\ufeff").splitlines()[0].split(",")[:2] == ["petition_no", "subject"]
    as_json = dash(env, "query", "petitions_overdue", "--year", "2025", "--rows", "-f", "json")
    assert "petition_no" in json.loads(as_json.stdout)[0]  # json is read by programs: raw names
    out = tmp_path / "超期.xlsx"
    assert dash(env, "query", "petitions_overdue", "--year", "2025", "--rows", "-o", str(out)).exit_code == 0
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[1]][:2] == ["编号", "被投诉对象"]
    bad = dash(env, "query", "petitions_overdue", "--column-names", "english")
    assert bad.exit_code == 1 and "--column-names 应为 label" in bad.stderr
