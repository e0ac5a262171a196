"""The export library, scenario by scenario (tests/hostile/library_scenarios.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.library_scenarios import SCENARIOS, Scenario


@pytest.mark.parametrize("case", SCENARIOS, ids=lambda s: s.name)
def test_scenario(case: Scenario, tmp_path: Path) -> None:
    case.run(tmp_path)


def test_a_rebuild_reads_only_new_exports(tmp_path: Path, monkeypatch) -> None:
    """Adding one file reads that file; the others come from their cached rows (re-read when the
    configured aliases change, which is what a cached read depends on)."""
    from dashboard import sources
    from tests.hostile.library_scenarios import base_store, count, dash, ok, petitions

    db = base_store(tmp_path)
    read: list[str] = []
    real = sources.read_exports

    def spy(files, *a, **k):
        read.extend(label for _, label in files)
        return real(files, *a, **k)

    def spy_one(path, label, *a, **k):
        read.append(label)
        return real_one(path, label, *a, **k)

    real_one = sources.read_export
    monkeypatch.setattr(sources, "read_exports", spy)
    monkeypatch.setattr(sources, "read_export", spy_one)
    ok(dash("ingest", petitions(tmp_path / "feb", "2024年2月信访件.csv", 2, 2), "--db", db))
    assert read == ["2024年2月信访件.csv"] and count(db, "petitions") == 5
    read.clear()
    cfg = tmp_path / "dash.toml"
    cfg.write_text('[aliases.petitions]\nhandler = ["经手人"]\n', encoding="utf-8")
    ok(dash("sources", "rebuild", "--db", db, "--config", cfg))
    assert sorted(read) == sorted(["行政处罚案件台账.xlsx", "2024年1月信访件.csv", "2024年2月信访件.csv"])
    assert count(db, "petitions") == 5  # all three exports read again from the library's copies


def test_the_library_copy_is_what_is_read_even_if_the_original_changes(tmp_path: Path) -> None:
    from tests.hostile.library_scenarios import count, dash, ok, petitions

    src = petitions(tmp_path / "in", "2024年1月信访件.csv", 1, 3)
    db = tmp_path / "dash.duckdb"
    ok(dash("ingest", src, "--db", db))
    src.write_bytes(b"\x00broken")  # the clerk overwrote or damaged the original
    ok(dash("sources", "rebuild", "--db", db))
    assert count(db, "petitions") == 3


def test_a_second_ingest_waits_then_names_the_process_holding_the_store(tmp_path: Path) -> None:
    from dashboard.library import Library, LibraryError

    db = tmp_path / "dash.duckdb"
    with Library(db).locked():
        with pytest.raises(LibraryError, match=rf"pid {__import__('os').getpid()}\）正在写入数据库"):
            with Library(db).locked(wait=0.2):
                pass
    with Library(db).locked(wait=0.2):  # released: the next one goes ahead
        pass


def test_concurrent_ingests_in_two_processes_both_land(tmp_path: Path) -> None:
    """Two clerks load two months at the same moment: one waits for the other, and the store
    ends with both months (no last-rename-wins). The lock is held first by a third process until
    both ingests are running, so the two really meet at the lock."""
    import os
    import subprocess
    import sys
    import time

    from dashboard.library import Library
    from tests.hostile.library_scenarios import base_store, count, petitions

    db = base_store(tmp_path)
    before = count(db, "petitions")
    feb = petitions(tmp_path / "feb", "2024年2月信访件.csv", 2, 2)
    mar = petitions(tmp_path / "mar", "2024年3月信访件.csv", 3, 4)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from dashboard.library import Library\n"
         f"with Library(Path({str(db)!r})).locked():\n    print('held', flush=True); sys.stdin.readline()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    env = {**os.environ, "DASH_LOCK_WAIT": "300"}
    ingests = [subprocess.Popen([sys.executable, "-m", "dashboard", "ingest", str(f), "--db", str(db)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
               for f in (feb, mar)]
    lock = Library(db).dir / "lock"
    waiting = [p.pid for p in ingests]

    def blocked_on_lock(pid: int) -> bool:  # the process has the lock file open: it is at the lock
        try:
            return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(lock) for fd in os.listdir(f"/proc/{pid}/fd"))
        except OSError:
            return False

    while not all(blocked_on_lock(pid) for pid in waiting):
        assert all(p.poll() is None for p in ingests), [p.communicate() for p in ingests]
        time.sleep(0.02)
    holder.communicate("go\n", timeout=60)
    outs = [p.communicate(timeout=300) for p in ingests]
    assert [p.returncode for p in ingests] == [0, 0], outs
    assert count(db, "petitions") == before + 2 + 4
