"""``dash draft``: formats, -o, --section, --explain / --rows, masking, user errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import docx

import pytest
from typer.testing import CliRunner

from dashboard.cli import app

from .ledger_fixture import PETITIONER, PHONE, build_figures

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path, rows) -> Path:
    figs = build_figures(tmp_path / "store", rows)
    figs.close()
    return figs.db


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    cfg = tmp_path / "dash.toml"
    cfg.write_text("", encoding="utf-8")  # defaults only, whatever the machine has
    return {"DASH_CONFIG": str(cfg), "DASH_DB": ""}


def draft(db: Path, env: dict[str, str], *args: str):
    return runner.invoke(app, ["draft", "--db", str(db), *args], env=env)


def test_default_is_markdown_of_the_latest_year(db, env) -> None:
    res = draft(db, env)
    assert res.exit_code == 0, res.output
    assert "最近的年度 2024" in res.stderr
    # all four parts by default; no bureau configured: never another bureau's name
    assert res.stdout.startswith("# 【待补充：单位名称】2024年法治政府建设情况报告\n")
    for heading in ("## 一、2024年度推进法治政府建设的主要举措和成效", "## 二、2024年度推进法治政府建设存在的不足和原因",
                    "## 三、2024年度党政主要负责人", "## 四、2025年度推进法治政府建设的主要安排"):
        assert heading in res.stdout
    assert "### （二）带头学法用法" in res.stdout
    assert "干部职工例会**3次**" in res.stdout
    assert re.search(r"【待补充】\d+ 处需人工补写，【建议补充】\d+ 处请取舍", res.stderr)
    assert "核对发现台账之间 1 处不一致" in res.stderr  # the fixture's 审签 row has no major case


def test_txt_and_output_file(db, env, tmp_path: Path) -> None:
    out = tmp_path / "drafts" / "d.txt"
    res = draft(db, env, "--year", "2024", "-f", "txt", "-o", str(out), "--section", "3")
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "\u3000\u3000三、2024年度" in text and "四、" not in text and "一、" not in text and "**" not in text
    assert "（第三部分）" in text
    assert res.stdout == ""


def test_docx_needs_an_output_file(db, env, tmp_path: Path) -> None:
    res = draft(db, env, "-f", "docx")
    assert res.exit_code == 1 and "-o" in res.stderr and "Traceback" not in res.output
    out = tmp_path / "d.docx"
    res = draft(db, env, "-f", "docx", "-o", str(out))
    assert res.exit_code == 0, res.output
    assert any(p.style.name == "Heading 1" for p in docx.Document(str(out)).paragraphs)


def test_output_suffix_chooses_the_format(db, env, tmp_path: Path) -> None:
    out = tmp_path / "第三四部分.docx"
    res = draft(db, env, "-o", str(out))
    assert res.exit_code == 0, res.output
    assert docx.Document(str(out)).paragraphs[0].text == "【待补充：单位名称】"
    assert any(p.text.startswith("一、2024年度") for p in docx.Document(str(out)).paragraphs)


@pytest.mark.parametrize("args, message", [
    (["--section", "5"], "--section"),
    (["-f", "pdf"], "不支持的格式"),
])
def test_user_errors(db, env, args, message) -> None:
    res = draft(db, env, *args)
    assert res.exit_code == 1 and message in res.stderr and "Traceback" not in res.output


def test_year_without_records_warns_and_drafts_placeholders(db, env) -> None:
    res = draft(db, env, "--year", "2030", "-f", "txt")
    assert res.exit_code == 0, res.output
    assert "2030年无数据（有数据的年度：2023–2024）" in res.stderr
    assert "【待补充：" in res.stdout


def test_explain_lists_every_figure_and_the_checks(db, env) -> None:
    res = draft(db, env, "--year", "2024", "--explain")
    assert res.exit_code == 0, res.output
    table = res.stdout.split("草稿中的数字：", 1)[1]
    for name, value, n in [("study_meetings", "3次", 3), ("law_exams", "1次", 1), ("laws_studied", "2部", 2),
                           ("cert_expiring_next_year", "1名", 1), ("petitions_closed_late", "2件", 2),
                           ("cases_filed", "2起", 2), ("fines_total", "8.16万元", 2)]:
        line = next(ln for ln in table.splitlines() if f" {name} " in ln and "year=2024" in ln)
        assert value in line and line.split()[-2] == str(n), line
    assert "study_topics" in table and "文中列举" in table
    assert "head_year_end_report" in table and "决定措辞" in table
    checks = table.split("核对：", 1)[1]
    assert "审签重大案件1件" in checks and "重大案件为0件" in checks
    assert "dash query head_major_cases_signed --year 2024 --rows" in checks


def test_rows_are_masked_unless_unmask(db, env) -> None:
    outputs = [draft(db, env, "--year", "2024", "--explain", "--rows", "-f", fmt).stdout for fmt in ("md", "txt")]
    for out in outputs:
        assert "== petitions_closed_late" in out
        assert PETITIONER not in out and PHONE not in out
        assert "张**" in out and "138****5678" in out
    res = draft(db, env, "--year", "2024", "--rows", "--unmask")
    assert PETITIONER in res.stdout and PHONE in res.stdout


def test_docx_has_no_personal_data(db, env, tmp_path: Path) -> None:
    out = tmp_path / "d.docx"
    draft(db, env, "-f", "docx", "-o", str(out), "--explain", "--rows")
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert PETITIONER not in text and PHONE not in text


def test_drafting_core_does_not_import_textual() -> None:
    code = ("import sys; import dashboard.drafting.export, dashboard.drafting.build, "
            "dashboard.drafting.render, dashboard.drafting.docx_writer, dashboard.drafting.edit; "
            "print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
