"""No personal data from ``dash query``, ``dash draft`` or ``dash check`` unless ``--unmask``.

Every surface is run masked (it must show no secret and nothing shaped like a
phone or ID number) and, where it shows petition rows, with ``--unmask`` (it
must then show them: the scan can see what it is looking for).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import queries

from .conftest import Scan, Secrets
from .surfaces import run

FORMATS = ("table", "csv", "json", "md", "xlsx")


def fmt_args(fmt: str, tmp_path: Path) -> tuple[list[str], Path | None]:
    if fmt == "xlsx":
        return [], tmp_path / "out.xlsx"
    return ["-f", fmt], None


def test_sample_data_carries_personal_data(secrets: Secrets) -> None:
    """The scan is only worth something if there is something to find, also inside free text."""
    assert len(secrets.names) >= 100  # petitioner names
    assert sum(1 for s in secrets.numbers if len(s) == 11) >= 100  # phone numbers
    assert any(len(s) == 18 for s in secrets.numbers_in_text)  # ID numbers inside 反映问题
    assert any(len(s) == 11 for s in secrets.numbers_in_text)  # phone numbers inside 反映问题
    assert secrets.names_in_text  # petitioner names inside 反映问题


def test_shapes_carry_every_shape(scan: Scan) -> None:
    """Each store holds what its scan looks for, where the scan looks (names and numbers inside text too)."""
    db, secrets = scan.db, scan.secrets
    code, shown = run("query", "SELECT summary FROM petitions", "--db", db, "-f", "csv", "--unmask")
    assert code == 0
    assert secrets.found(shown) >= secrets.names_in_text | secrets.numbers_in_text


# Ad-hoc SQL that selects the personal columns, directly or made over.
AD_HOC = [
    "SELECT * FROM petitions",
    "SELECT petitioner, phone, summary FROM petitions",
    "SELECT * FROM 信访投诉台账",
    "SELECT 投诉人, 联系电话, 反映问题 FROM 信访投诉台账",
    "SELECT upper(petitioner) AS a, lower(phone) AS b, upper(summary) AS c FROM petitions",
    "SELECT petitioner || '' AS a, phone || '' AS b, summary || '' AS c FROM petitions",
    "SELECT concat(petitioner, '/', phone) AS who, concat_ws(',', summary, petitioner) AS t FROM petitions",
    "SELECT * FROM (SELECT petitioner AS x, phone AS y, summary AS z FROM petitions) AS sub",
    "WITH p AS (SELECT petitioner, phone, summary FROM petitions) SELECT p.* FROM p",
    "SELECT string_agg(petitioner, '、') AS names, string_agg(phone, ',') AS phones FROM petitions",
    "SELECT list(petitioner) AS names, list(phone) AS phones FROM petitions",
    # every phone glued into one run of digits, whatever their spellings
    "SELECT string_agg(phone, '') AS phones, string_agg(phone, '' ORDER BY petition_no DESC) AS back FROM petitions",
    "SELECT {'who': petitioner, 'tel': phone} AS s, map([petition_no], [phone]) AS m FROM petitions",
    # TRY_CAST: a phone written with full-width digits or spaces is no number (NULL), the others are
    "SELECT TRY_CAST(phone AS BIGINT) AS n, TRY_CAST(phone AS DOUBLE) AS d, TRY_CAST(phone AS HUGEINT) AS h "
    "FROM petitions WHERE phone IS NOT NULL",
    "SELECT regexp_extract(summary, '[0-9Xx]{11,18}') AS num, regexp_extract(summary, '^(.+)反映：', 1) AS who "
    "FROM petitions",
    "SELECT regexp_extract(summary, '[0-9]{18}', 0)::DECIMAL(18,0) AS id FROM petitions "
    "WHERE regexp_matches(summary, '[0-9]{18}')",
    "SELECT petitioner AS 受理日期, phone AS 编号, summary AS 乡镇 FROM petitions",
    "SELECT petitioner AS 来访人, split_part(petitioner, '等', 1) AS 姓名, replace(phone, ' ', '') AS 电话 "
    "FROM petitions",
    "SELECT petitioner AS v FROM petitions UNION ALL SELECT phone FROM petitions UNION ALL SELECT summary FROM petitions",
    "SELECT coalesce(petitioner, phone) AS a, CASE WHEN phone IS NOT NULL THEN phone END AS b FROM petitions",
    "SELECT encode(petitioner) AS blob_name, encode(phone) AS blob_phone FROM petitions",
    "SELECT t.投诉人 AS x FROM 信访投诉台账 AS t JOIN petitions AS p ON p.petition_no = t.编号",
]


@pytest.mark.parametrize("sql", AD_HOC)
def test_ad_hoc_sql_masked_in_every_format(scan: Scan, sql: str, tmp_path: Path) -> None:
    db, secrets = scan.db, scan.secrets
    for fmt in FORMATS:
        extra, out = fmt_args(fmt, tmp_path)
        code, shown = run("query", sql, "--db", db, *extra, out=out)
        assert code == 0, shown
        assert not secrets.found(shown), f"{fmt}: {sorted(secrets.found(shown))[:5]}"
    code, shown = run("query", sql, "--db", db, "-f", "csv", "--unmask")
    assert code == 0 and secrets.found(shown), "with --unmask the same query shows personal data"


def test_unmasked_full_table_shows_every_secret(scan: Scan) -> None:
    """Every secret is one the scan can see: all of them are in the petitions table, unmasked."""
    db, secrets = scan.db, scan.secrets
    code, shown = run("query", "SELECT * FROM petitions", "--db", db, "-f", "csv", "--unmask")
    assert code == 0 and secrets.found(shown) >= secrets.all


def test_database_messages_are_masked(scan: Scan) -> None:
    """DuckDB quotes the value that failed (could not convert '张三'): the one-line error is masked too."""
    db, secrets = scan.db, scan.secrets
    for sql in scan.errors:
        code, shown = run("query", sql, "--db", db)
        assert code == 1 and "错误" in shown and "Traceback" not in shown
        assert not secrets.found(shown), f"{sql}: {shown}"
        code, shown = run("query", sql, "--db", db, "--unmask")
        assert code == 1 and secrets.found(shown), shown


def test_every_named_query_and_its_rows(scan: Scan) -> None:
    """Each query's rows in 2025, the year with open and overdue items (a figure's value is a number:
    its rows are where personal data could be); the petition queries also in 2024, in every format, below."""
    db, secrets = scan.db, scan.secrets
    year = 2025
    for name in queries.catalogue():
        code, shown = run("query", name, "--year", year, "--rows", "--db", db)
        assert code == 0, f"{name}: {shown}"
        assert not secrets.found(shown), f"{name} {year}: {sorted(secrets.found(shown))[:5]}"


PETITION_QUERIES = sorted(n for n in queries.catalogue() if n.startswith("petitions"))


def test_petition_rows_in_every_format(scan: Scan, tmp_path: Path) -> None:
    db, secrets = scan.db, scan.secrets
    for name in PETITION_QUERIES:
        for fmt in FORMATS:
            extra, out = fmt_args(fmt, tmp_path)
            code, shown = run("query", name, "--year", 2024, "--rows", "--db", db, *extra, out=out)
            assert code == 0, f"{name}: {shown}"
            assert not secrets.found(shown), f"{name} {fmt}: {sorted(secrets.found(shown))[:5]}"
    code, shown = run("query", "petitions_all", "--year", 2024, "--rows", "--db", db, "-f", "csv", "--unmask")
    found = secrets.found(shown)
    assert found & secrets.names and found & secrets.numbers_in_text and found & secrets.names_in_text


DRAFT_FORMATS = ("md", "txt", "docx")


def test_every_draft_format_with_its_rows(scan: Scan, tmp_path: Path) -> None:
    db, secrets = scan.db, scan.secrets
    for year in scan.years:
        for fmt, extra in (("md", []), ("md", ["--explain", "--rows"]), ("txt", ["--explain", "--rows"]),
                           ("docx", ["--explain", "--rows"])):
            out = tmp_path / f"draft.{fmt}" if fmt == "docx" else None
            code, shown = run("draft", "--year", year, "-f", fmt, "--db", db, *extra, out=out)
            assert code == 0, shown
            assert not secrets.found(shown), f"{year} {fmt} {extra}: {sorted(secrets.found(shown))[:5]}"
        # the petitions behind part one's figures (every year): their rows show personal data unmasked
        code, shown = run("draft", "--year", year, "--explain", "--rows", "--unmask", "--db", db)
        assert code == 0 and secrets.found(shown), year


def test_draft_files_written_with_o(scan: Scan, tmp_path: Path) -> None:
    db, secrets = scan.db, scan.secrets
    for fmt in DRAFT_FORMATS:
        code, shown = run("draft", "--year", 2024, "--explain", "--rows", "--db", db,
                          out=tmp_path / f"第三四部分.{fmt}")
        assert code == 0 and "已写入" in shown
        assert not secrets.found(shown), fmt


def test_check_and_ingest_reports(scan: Scan, tmp_path: Path) -> None:
    """What check and ingest print, and the problems the store keeps for dash query: rejected cells and
    notes quote values, masked (the names come from the files read, the store may not have them)."""
    secrets = scan.secrets
    code, shown = run("check", scan.exports)
    assert "信访" in shown and not secrets.found(shown), sorted(secrets.found(shown))
    if scan.name == "shapes":  # the rejected cells and the note are there, quoted (masked)
        assert shown.count("值「") == 3 and "「级别」有约定之外的取值" in shown, shown
    code, shown = run("ingest", scan.exports, "--db", tmp_path / "again.duckdb")
    assert code == 0 and "已写入" in shown and not secrets.found(shown), sorted(secrets.found(shown))
    for unmask in ([], ["--unmask"]):  # stored masked: --unmask has nothing more to show
        code, shown = run("query", "SELECT * FROM _dash_problems", "--db", scan.db, "-f", "csv", *unmask)
        assert code == 0 and not secrets.found(shown), sorted(secrets.found(shown))


def test_real_subprocess(scan: Scan) -> None:
    """The installed entry point, not only the in-process runner."""
    db, secrets = scan.db, scan.secrets

    def dash(*args: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "dashboard", *args, "--db", str(db)],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout + proc.stderr

    shown = dash("query", "SELECT p.petitioner, p.phone, t.反映问题 FROM 信访投诉台账 AS t "
                 "JOIN petitions AS p ON p.petition_no = t.编号", "-f", "json")
    assert not secrets.found(shown)
    shown = dash("query", "SELECT 投诉人, 联系电话, 反映问题 FROM 信访投诉台账", "-f", "json", "--unmask")
    assert secrets.found(shown) >= secrets.all
