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
