"""``dash query`` neither writes nor reads outside the store.

Each statement is refused with one line on stderr (no traceback), a non-zero
exit code, and the store file byte-for-byte as it was. Files outside the store
are never read (the refusal does not show their content) nor written.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard.cli import app

runner = CliRunner()

REFUSED = [
    # writes, schema changes, settings and extensions: refused before they reach DuckDB
    ("DROP TABLE petitions", "DROP"),
    ("INSERT INTO petitions (petition_no, received_on) VALUES ('X', DATE '2024-01-01')", "INSERT"),
    ("UPDATE petitions SET phone = NULL", "UPDATE"),
    ("UPDATE petitions SET phone = NULL RETURNING *", "UPDATE"),
    ("DELETE FROM petitions", "DELETE"),
    ("CREATE TABLE x AS SELECT 1", "CREATE"),
    ("CREATE TEMP VIEW v AS SELECT * FROM petitions", "CREATE"),
    ("CREATE MACRO m(a) AS a", "CREATE"),
    ("ALTER TABLE petitions ADD COLUMN x INT", "ALTER"),
    ("COPY petitions TO '{out}/copy.csv'", "COPY"),
    ("COPY (SELECT * FROM petitions) TO '{out}/copy.parquet' (FORMAT parquet)", "COPY"),
    ("EXPORT DATABASE '{out}/export'", "EXPORT"),
    ("ATTACH '{out}/other.duckdb' AS other", "ATTACH"),
    ("ATTACH ':memory:' AS mem", "ATTACH"),
    ("DETACH store", "DETACH"),
    ("INSTALL httpfs", "INSTALL"),
    ("LOAD httpfs", "LOAD"),
    ("PRAGMA database_list", "PRAGMA"),
    ("SET enable_external_access = true", "SET"),
    ("SET threads = 1", "SET"),
    ("RESET threads", "RESET"),
    ("CALL pragma_version()", "CALL"),
    ("CHECKPOINT", "CHECKPOINT"),
    ("VACUUM", "VACUUM"),
    ("BEGIN TRANSACTION", "BEGIN"),
    ("USE store", "USE"),
    ("PIVOT petitions ON channel USING count(*)", "PIVOT"),
    # more than one statement, and statements behind comments or a CTE
    ("SELECT 1; DROP TABLE petitions", "DROP"),
    ("SELECT 1; SELECT 2", "一条"),
    ("SELECT count(*) FROM petitions; COPY petitions TO '{out}/x.csv'", "COPY"),
    ("/* just a select */ DROP TABLE petitions", "DROP"),
    ("-- a comment\nDELETE FROM petitions", "DELETE"),
    ("WITH x AS (SELECT 1) DELETE FROM petitions", "DELETE"),
    ("WITH x AS (SELECT 1) INSERT INTO petitions (petition_no) SELECT 'X'", "INSERT"),
    # reading files outside the store: DuckDB's file system is switched off for the connection
    ("SELECT * FROM read_csv('{secret}')", "数据库以外"),
    ("SELECT * FROM read_csv_auto('{secret}')", "数据库以外"),
    ("SELECT * FROM read_csv(['{secret}', '{secret}'])", "数据库以外"),
    ("SELECT * FROM read_text('{secret}')", "数据库以外"),
    ("SELECT * FROM read_blob('{secret}')", "数据库以外"),
    ("SELECT * FROM glob('{out}/*')", "数据库以外"),
    ("SELECT * FROM glob('/etc/*')", "数据库以外"),
    ("SELECT * FROM read_csv('/etc/passwd')", "数据库以外"),
    ("SELECT * FROM read_parquet('{secret}')", "数据库以外"),
    ("SELECT * FROM parquet_scan('{secret}')", "数据库以外"),
    ("SELECT * FROM read_json('{secret}')", "数据库以外"),
    ("SELECT * FROM read_json_auto('{secret}')", "数据库以外"),
    ("SELECT * FROM sniff_csv('{secret}')", "数据库以外"),
    ("SELECT * FROM query('SELECT * FROM read_text(''{secret}'')')", "数据库以外"),
    ("SELECT * FROM query_table('{secret}')", ""),
    ("SELECT * FROM '{secret}'", ""),
    ("SELECT * FROM 'https://example.com/x.csv'", "数据库以外"),
    ("WITH x AS (SELECT * FROM read_csv('{secret}')) SELECT * FROM x", "数据库以外"),
    ("SELECT 1 UNION ALL SELECT count(*) FROM (FROM glob('/*'))", "数据库以外"),
    ("EXPLAIN SELECT * FROM read_csv('{secret}')", "数据库以外"),
    ("SELECT * FROM duckdb_extensions()", "数据库以外"),
    ("SELECT * FROM query('DROP TABLE petitions')", ""),
]
SECRET_CONTENT = "the-content-of-a-file-outside-the-store"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def store_copy(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(store, a directory outside it, a secret file in that directory)."""
    base = tmp_path_factory.mktemp("refusal")
    db = base / "store.duckdb"
    shutil.copyfile(sample_db, db)
    out = base / "outside"
    out.mkdir()
    secret = out / "secret.csv"
    secret.write_text(f"a\n{SECRET_CONTENT}\n", encoding="utf-8")
    return db, out, secret


def outside_listing(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob("*"))


@pytest.mark.parametrize("sql,says", REFUSED, ids=[s for s, _ in REFUSED])
def test_refused_with_one_line_and_the_store_unchanged(store_copy, sql: str, says: str) -> None:
    db, out, secret = store_copy
    before, listing = sha(db), outside_listing(out)
    res = runner.invoke(app, ["query", "--db", str(db), "--", sql.format(out=out, secret=secret)])
    assert res.exit_code == 1, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and says in lines[0], res.stderr
    assert "Traceback" not in res.output and res.stdout == ""
    assert SECRET_CONTENT not in res.output
    assert sha(db) == before and outside_listing(out) == listing


def test_reads_inside_the_store_still_work(store_copy) -> None:
    db, _, _ = store_copy
    for sql in ("SELECT count(*) AS n FROM petitions /* ; DROP TABLE petitions */",
                "SELECT count(*) AS n FROM petitions -- ; DROP TABLE petitions",
                "WITH p AS (SELECT * FROM petitions) SELECT count(*) AS n FROM p",
                "FROM 信访投诉台账 SELECT count(*) AS n",
                "SELECT count(*) AS n FROM query_table('petitions')"):
        res = runner.invoke(app, ["query", sql, "--db", str(db), "-f", "csv", "--no-bom"])
        assert res.exit_code == 0 and res.stdout.split() == ["n", "263"], (sql, res.output)


@pytest.mark.parametrize("sql", [
    "DROP TABLE petitions",
    "SELECT 1; DELETE FROM petitions",
    "COPY petitions TO '{out}/copy.csv'",
    "SELECT * FROM read_csv('{secret}')",
    "ATTACH '{out}/other.duckdb' AS other",
])
def test_refused_through_a_real_process(store_copy, sql: str) -> None:
    db, out, secret = store_copy
    before, listing = sha(db), outside_listing(out)
    proc = subprocess.run([sys.executable, "-m", "dashboard", "query", sql.format(out=out, secret=secret),
                           "--db", str(db)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and proc.stderr.startswith("错误：只读"), proc.stderr
    assert sha(db) == before and outside_listing(out) == listing
