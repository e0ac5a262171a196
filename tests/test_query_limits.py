"""``dash query`` within bounds: time, memory, rows shown, and what the SQL may reach.

A runaway join is stopped by the time limit with one line and exit 1 (no
half-written file); a statement past the memory limit likewise; results come a
batch at a time and a table stops at 10,000 rows unless --all; Ctrl-C on a
running query says 已中断 and exits 130; EXPLAIN is judged by what it wraps;
settings and file locations stay hidden, and DuckDB's spill folder is out of reach.
"""

from __future__ import annotations

import hashlib
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard.cli import app

runner = CliRunner()

RUNAWAY_JOIN = "SELECT * FROM petitions a, publicity_events b, permits c"
# Minutes of hashing at least, whatever the machine: stopped long before it could finish.
ENDLESS = ("SELECT sum(hash(a.summary || b.summary || c.summary || d.summary)) "
           "FROM petitions a, petitions b, petitions c, petitions d")


@pytest.fixture
def db(sample_store, tmp_path) -> Path:
    """A private copy of the sample store (a test may put a spill folder beside it)."""
    copy = tmp_path / "store.duckdb"
    shutil.copyfile(sample_store[0], copy)
    return copy


def query(db: Path, *args: str):
    res = runner.invoke(app, ["query", "--db", str(db), *args])
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.output
    return res


def one_error_line(res) -> str:
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), res.stderr
    return lines[0]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- time

def test_the_runaway_join_is_stopped_by_the_time_limit_and_leaves_no_file(db, tmp_path):
    out = tmp_path / "join.csv"
    res = query(db, RUNAWAY_JOIN, "-f", "csv", "-o", str(out), "--timeout", "1")
    assert res.exit_code == 1
    assert "超过 1 秒" in one_error_line(res)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.duckdb"]  # no join.csv, no .part


def test_a_statement_still_inside_duckdb_is_stopped_too(db):
    res = query(db, ENDLESS, "--timeout", "1")
    assert res.exit_code == 1 and "超过 1 秒" in one_error_line(res)


def test_a_named_query_runs_under_the_same_limit(db):
    res = query(db, "cases_filed", "--year", "2024", "--timeout", "30")
    assert res.exit_code == 0 and "cases_filed" in res.stdout


# ---------------------------------------------------------------- memory

def test_a_statement_past_the_memory_limit_is_stopped_with_one_line(db):
    res = query(db, "SELECT string_agg(a.summary || b.summary, ',') AS s FROM petitions a, petitions b",
                "--memory-limit", "20MB", "-f", "csv")
    assert res.exit_code == 1 and "内存" in one_error_line(res)


def test_a_memory_limit_that_is_not_a_size_is_one_line(db):
    res = query(db, "SELECT 1", "--memory-limit", "lots")
    assert res.exit_code == 1 and "--memory-limit" in one_error_line(res)


def test_duckdbs_spill_folder_is_out_of_reach(db):
    """DuckDB lets a read-only connection read its temp folder even with file access off: not here."""
    spill = Path(f"{db}.tmp")
    spill.mkdir()
    (spill / "probe.csv").write_text("a\nthe-content-of-the-spill-folder\n", encoding="utf-8")
    res = query(db, f"SELECT * FROM read_csv('{spill / 'probe.csv'}')")
    assert res.exit_code == 1 and "the-content-of-the-spill-folder" not in res.output


# ---------------------------------------------------------------- rows

def test_a_table_stops_at_10000_rows_and_says_so(db):
    res = query(db, "SELECT range AS n FROM range(10050)")
    assert res.exit_code == 0
    assert len(res.stdout.splitlines()) == 2 + 10_000
    assert "10,000" in res.stderr and "--all" in res.stderr


def test_all_shows_every_row_and_other_formats_have_no_cap(db):
    res = query(db, "SELECT range AS n FROM range(10050)", "--all")
    assert res.exit_code == 0 and len(res.stdout.splitlines()) == 2 + 10_050 and res.stderr == ""
    res = query(db, "SELECT range AS n FROM range(10050)", "-f", "csv")
    assert res.exit_code == 0 and len(res.stdout.splitlines()) == 1 + 10_050 and res.stderr == ""


def test_results_come_in_batches(sample_store):
    """The rows are fetched a batch at a time and written as they come (never all held at once)."""
    import duckdb

    from dashboard import output, queries

    con = duckdb.connect(str(sample_store[0]), read_only=True)
    try:
        st = queries.stream_sql(con, "SELECT range AS n FROM range(5000)")
        sizes = [len(b) for b in st.batches()]
        assert sum(sizes) == 5000 and len(sizes) > 1 and max(sizes) <= queries.BATCH_ROWS
        st = queries.stream_sql(con, "SELECT range AS n FROM range(5000)", limit=4500)
        assert sum(len(b) for b in st.batches()) == 4500 and st.truncated
        pieces = list(output.chunks(["n"], queries.stream_sql(con, "FROM range(5000)").batches(), "csv"))
        assert len(pieces) > 2 and "".join(pieces).count("\n") == 5001
    finally:
        con.close()


# ---------------------------------------------------------------- what SQL may reach

EXPLAINED_REFUSALS = [
    "EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT 1",
    "EXPLAIN ANALYZE CHECKPOINT",
    "EXPLAIN ANALYZE COPY (SELECT petitioner, phone FROM petitions) TO '{spill}/x.csv'",
    "EXPLAIN (ANALYZE, FORMAT json) DELETE FROM petitions",
    "EXPLAIN /* a comment */ ANALYZE INSERT INTO petitions (petition_no) VALUES ('X')",
    "explain analyse update petitions set phone = null",
]


@pytest.mark.parametrize("sql", EXPLAINED_REFUSALS)
def test_explain_is_judged_by_the_statement_it_wraps(db, sql):
    spill = Path(f"{db}.tmp")
    spill.mkdir()
    before = sha(db)
    res = query(db, "--", sql.format(spill=spill))
    assert res.exit_code == 1 and res.stdout == ""
    assert one_error_line(res).startswith("错误：只读：dash query 不执行")  # refused before DuckDB sees it
    assert sha(db) == before and list(spill.iterdir()) == []


@pytest.mark.parametrize("sql", ["EXPLAIN SELECT count(*) FROM petitions",
                                 "EXPLAIN ANALYZE SELECT count(*) FROM petitions",
                                 "SELECT * FROM query('SELECT count(*) AS n FROM petitions')",
                                 "SELECT count(*) AS query FROM petitions"])
def test_explain_of_a_select_and_plain_reads_still_work(db, sql):
    assert query(db, sql).exit_code == 0


INTROSPECTION = [
    "SELECT * FROM duckdb_settings()",
    "SELECT name, value FROM duckdb_settings() WHERE name = 'temp_directory'",
    "SELECT current_setting('temp_directory')",
    "SELECT /* x */ CURRENT_SETTING ('home_directory')",
    "FROM pragma_database_list",
    'SELECT * FROM "duckdb_databases"()',
    "SELECT path FROM duckdb_databases()",
    "SELECT * FROM query('SELECT * FROM duckdb_settings()')",
    "SELECT * FROM query($$SELECT current_setting('temp_directory')$$)",
    "SELECT * FROM query('SELECT ' || 'current_setting(''temp_directory'')')",
    "SELECT * FROM query_table('pragma_database_list')",
    "SELECT * FROM duckdb_temporary_files()",
]


@pytest.mark.parametrize("sql", INTROSPECTION)
def test_settings_and_file_locations_stay_hidden(db, sql):
    res = query(db, "--", sql)
    assert res.exit_code == 1 and res.stdout == ""
    one_error_line(res)
    assert str(db.parent) not in res.output and os.environ["HOME"] not in res.output


# ---------------------------------------------------------------- Ctrl-C

def _has_open(pid: int, path: Path) -> bool:
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(path) for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def _cpu_seconds(pid: int) -> float:
    """CPU time the process has used (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc")
def test_ctrl_c_on_a_running_query_says_interrupted_and_exits_130(db):
    """Ctrl-C stops the statement itself: with no time limit (--timeout 0) the endless query would
    otherwise run on, and Python alone would not see the signal until DuckDB returned."""
    import fcntl
    import termios

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "dashboard", "query", ENDLESS, "--db", str(db), "--timeout", "0"],
                            stdin=slave, stdout=slave, stderr=slave, start_new_session=True, close_fds=True,
                            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
    os.close(slave)
    out = b""
    try:
        deadline = time.monotonic() + 120
        while not _has_open(proc.pid, db):  # the store is open: the command is about to query
            assert proc.poll() is None and time.monotonic() < deadline, "the query never started"
            time.sleep(0.05)
        # A second of CPU past the opening is DuckDB working on the statement (nothing else in
        # the command takes that long): CPU time, not the clock, so a busy machine only waits longer.
        busy = _cpu_seconds(proc.pid) + 1.0
        while _cpu_seconds(proc.pid) < busy:
            assert proc.poll() is None and time.monotonic() < deadline, "the query never ran"
            time.sleep(0.05)
        os.write(master, b"\x03")  # Ctrl-C, as typed: the terminal sends SIGINT
        while True:
            ready, _, _ = select.select([master], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(master)
    text = out.decode("utf-8", "replace")
    assert proc.returncode == 130, text
    assert "已中断" in text and "Traceback" not in text
