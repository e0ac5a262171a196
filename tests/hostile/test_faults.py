"""Faults: an ingest killed (kill -9) or stopped at each point of the store write,
and store files that are corrupt or from an older schema.

``dashboard/ingest.py`` has a fault hook: ``DASH_FAULT=<point>`` makes the ingest
SIGKILL itself at that point, ``<point>:stop`` SIGSTOP itself. The ingests here
are real subprocesses (``python -m dashboard ingest``).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from dashboard import config, ingest, store, sources
from dashboard.cli import app
from tests.conftest import CASE_HEADER, TODAY, case_rows, write_xlsx

ROOT = Path(__file__).resolve().parents[2]
POINTS = ["mid_write", "after_tables", "before_rename", "after_rename"]
OLD, NEW = 4, 9  # enforcement cases in the old store and in the new exports


def exports(folder: Path, n: int) -> Path:
    folder.mkdir()
    write_xlsx(folder / "行政处罚案件台账.xlsx", [CASE_HEADER, *case_rows(n)], title="2024年行政处罚案件台账")
    return folder


@pytest.fixture
def setup(tmp_path):
    """(store with OLD cases, folder of exports with NEW cases)."""
    home = tmp_path / "store"
    home.mkdir()
    db = home / "dash.duckdb"
    sources.ingest_paths([exports(tmp_path / "old", OLD)], db, today=TODAY)
    return db, exports(tmp_path / "new", NEW)


def env(**extra) -> dict:
    e = {**os.environ, "PYTHONPATH": str(ROOT), **extra}
    e.pop("DASH_DB", None)
    return e


def ingest_cmd(src: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "dashboard", "ingest", str(src), "--db", str(db)]


def cases_in(db: Path) -> int:
    con = store.connect(db)  # the same checks every command makes: opens, right schema
    try:
        return con.execute("SELECT count(*) FROM enforcement_cases").fetchall()[0][0]
    finally:
        con.close()


def leftovers(db: Path) -> list[str]:
    """Files beside the store other than the store and its library (temp files of a write)."""
    return sorted(p.name for p in db.parent.iterdir() if p != db and p != store.library_dir(db))


def query_count(db: Path) -> str:
    res = CliRunner().invoke(app, ["query", "SELECT count(*) AS n FROM enforcement_cases", "--db", str(db),
                                   "--format", "csv"])
    assert res.exit_code == 0, res.output
    return res.output.split()[-1]


@pytest.mark.parametrize("point", POINTS)
def test_kill_9_at_each_point_leaves_a_complete_store_and_the_next_ingest_cleans_up(setup, point):
    db, new = setup
    proc = subprocess.run(ingest_cmd(new, db), env=env(DASH_FAULT=point), capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, proc.stderr)
    # Old store before the rename, the new one after it: complete either way.
    expected = NEW if point == "after_rename" else OLD
    assert cases_in(db) == expected
    assert query_count(db) == str(expected)
    # The killed ingest left its temp file and scratch folder behind ...
    assert leftovers(db), "the fault hook did not fire mid-write"
    # ... which neither break the next ingest nor survive it.
    report = sources.ingest_paths([new], db, today=TODAY)
    assert report.loaded == NEW and cases_in(db) == NEW
    assert leftovers(db) == []


def _wait_stopped(pid: int, deadline_s: float = 60) -> None:
    """Poll /proc until the process is in the stopped state (the fault hook sent SIGSTOP)."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state in ("T", "t"):
            return
        if state == "Z":
            raise AssertionError("the ingest exited instead of stopping")
        time.sleep(0.02)
    raise AssertionError("the ingest did not reach its fault point in time")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("point", ["mid_write", "before_rename"])
def test_query_while_an_ingest_is_stopped_answers_from_the_old_store(setup, point):
    db, new = setup
    before = db.read_bytes()
    proc = subprocess.Popen(ingest_cmd(new, db), env=env(DASH_FAULT=f"{point}:stop"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_stopped(proc.pid)
        # A separate process, as a user would run it while the ingest hangs.
        q = subprocess.run([sys.executable, "-m", "dashboard", "query", "SELECT count(*) AS n FROM enforcement_cases",
                            "--db", str(db), "--format", "csv"], env=env(), capture_output=True, text=True,
                           timeout=120)
        assert q.returncode == 0, q.stderr
        assert q.stdout.split()[-1] == str(OLD)
        assert db.read_bytes() == before
        os.kill(proc.pid, signal.SIGCONT)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert cases_in(db) == NEW and leftovers(db) == []


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_second_ingest_waits_then_names_the_one_writing_and_changes_nothing(setup, tmp_path, monkeypatch):
    """Two ingests never interleave: the second waits a little, then says which process holds the store."""
    from dashboard import library

    db, new = setup
    proc = subprocess.Popen(ingest_cmd(new, db), env=env(DASH_FAULT="before_rename:stop"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_stopped(proc.pid)
        theirs = leftovers(db)
        assert theirs
        before, manifest = db.read_bytes(), library.Library(db).manifest_path.read_bytes()
        monkeypatch.setattr(library, "LOCK_WAIT_SECONDS", 0.3)
        with pytest.raises(library.LibraryError, match=f"pid {proc.pid}"):
            sources.ingest_paths([exports(tmp_path / "third", 6)], db, today=TODAY)
        assert db.read_bytes() == before and library.Library(db).manifest_path.read_bytes() == manifest
        assert set(theirs) <= set(leftovers(db))  # the stopped ingest's files are left alone
    finally:
        proc.kill()
        proc.wait()
    # The killed ingest's lock went with it; its temp files go with the next ingest.
    sources.ingest_paths([new], db, today=TODAY)
    assert cases_in(db) == NEW and leftovers(db) == []


# ---------------------------------------------------------------- stores that cannot be used


def _damage_a_data_block(db: Path) -> bool:
    """Scramble one block of table data so that the store opens but a query fails; False if no block does."""
    good = db.read_bytes()
    rng = random.Random(5)
    for start in range(4096, len(good), 4096):
        data = bytearray(good)
        data[start + 64:start + 128] = bytes(rng.randrange(256) for _ in range(64))
        db.write_bytes(bytes(data))
        try:
            con = store.connect(db)
        except store.StoreError:
            continue
        try:
            con.execute("SELECT * FROM enforcement_cases").fetchall()
        except duckdb.Error:
            return True
        finally:
            con.close()
    db.write_bytes(good)
    return False


def _make(kind: str, db: Path) -> None:
    if kind == "random bytes":
        db.write_bytes(random.Random(1).randbytes(300_000))
    elif kind == "truncated":
        db.write_bytes(db.read_bytes()[:20_000])
    elif kind == "cut in half":
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 2])
    elif kind == "older schema":
        con = duckdb.connect(str(db))
        con.execute(f"UPDATE {store.META} SET value = '0' WHERE key = 'schema_version'")
        con.close()
    elif kind == "damaged data block":
        if not _damage_a_data_block(db):
            pytest.skip("no single damaged block makes this DuckDB fail a query after opening")


KINDS = ["random bytes", "truncated", "cut in half", "older schema", "damaged data block"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", [["query", "cases_filed", "--year", "2024"],
                                     ["query", "SELECT * FROM enforcement_cases"],
                                     ["draft", "--year", "2024"]])
def test_an_unusable_store_gets_one_line_naming_it_and_the_way_out(setup, kind, command):
    db, _ = setup
    _make(kind, db)
    res = CliRunner().invoke(app, [*command, "--db", str(db)])
    assert res.exit_code == 1, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.output
    lines = [ln for ln in res.output.splitlines() if ln.startswith("错误：")]
    assert len(lines) == 1, res.output
    # the way out: rebuild from the store's own library of exports
    assert str(db) in lines[0] and "dash sources rebuild" in lines[0] and "重建" in lines[0]
    if kind == "older schema":
        assert "结构版本为 0" in lines[0]
    res = CliRunner().invoke(app, ["sources", "rebuild", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert cases_in(db) == OLD


@pytest.mark.parametrize("kind", KINDS)
async def test_the_dashboard_shows_an_unusable_store_instead_of_a_traceback(setup, kind):
    from dashboard.tui.app import DashApp
    from tests.tui.conftest import settle

    db, _ = setup
    _make(kind, db)
    dash = DashApp(db, config.Config(), today=TODAY)
    async with dash.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert dash.figures is None
        assert str(db) in dash.store_error and "dash sources rebuild" in dash.store_error
        assert any(str(db) in n.message for n in dash._notifications)


# ---------------------------------------------------------------- the default store (no --db)


@pytest.fixture
def default_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("DASH_DB", raising=False)
    path = tmp_path / "xdg" / "dash" / "dash.duckdb"
    path.parent.mkdir(parents=True)
    return path


def test_a_corrupt_default_store_is_not_replaced_behind_the_users_back(default_home):
    """It may hold the bureau's own data: say how to rebuild (or get the sample back), touch nothing."""
    default_home.write_bytes(b"\x00garbage" * 5000)
    before = default_home.read_bytes()
    res = CliRunner().invoke(app, ["query", "cases_filed", "--year", "2024"])
    assert res.exit_code == 1
    assert str(default_home) in res.output and "dash ingest" in res.output and "删除该文件" in res.output
    assert default_home.read_bytes() == before


def _old_store(path: Path, sources: str) -> None:
    con = duckdb.connect(str(path))
    store.write_meta(con, {"schema_version": 0, "sources": sources})
    con.close()


def test_an_old_default_store_built_from_the_sample_is_rebuilt_from_the_sample(default_home):
    from dashboard import paths

    _old_store(default_home, str(paths.sample_data_dir()))
    res = CliRunner().invoke(app, ["query", "cases_filed", "--year", "2024", "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert "旧版 dash 的示例数据库（结构版本 0），重建" in res.output
    row = next(ln for ln in res.output.splitlines() if ln.startswith("cases_filed,"))
    assert row.split(",")[2] == "21"  # 查处环境违法行为21起
    assert cases_in(default_home) > 0


def test_an_old_default_store_of_the_users_own_exports_is_not_rebuilt(default_home, tmp_path):
    _old_store(default_home, str(tmp_path / "局里的台账"))
    before = default_home.read_bytes()
    res = CliRunner().invoke(app, ["query", "cases_filed", "--year", "2024"])
    assert res.exit_code == 1
    assert f"dash ingest {tmp_path / '局里的台账'}" in res.output
    assert default_home.read_bytes() == before
