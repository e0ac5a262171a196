"""Shared fixtures: small export files written by the tests themselves."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import settings

TODAY = dt.date(2025, 6, 30)
# After the sample data's last day (2025-12-31): nothing in it lies in the future.
SAMPLE_TODAY = dt.date(2026, 1, 15)

# Property tests: in CI the examples are derived from each test's own code (the
# same inputs every run, nothing written to an example database), so a run can
# never fail by chance; a failure there is reproducible by running it again.
# Locally they stay random and can be made deeper with DASH_PROPERTY_EXAMPLES.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev")


def period(year: int, today: dt.date = SAMPLE_TODAY):
    """The period a test reads a year's figures in (as of 31 December for years before ``today``)."""
    from dashboard.clock import Period

    return Period.of(year, today)


def write_xlsx(path: Path, rows: list[list], title: str | None = None, merged_title: bool = True,
               sheet: str = "Sheet1", start_row: int = 0) -> Path:
    """An xlsx export: optional merged title row, then the given rows (header first)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(sheet)
    datefmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    r = start_row
    if title is not None:
        width = max(len(x) for x in rows)
        if merged_title and width > 1:
            ws.merge_range(r, 0, r, width - 1, title)
        else:
            ws.write(r, 0, title)
        r += 1
    for row in rows:
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), datefmt)
            elif v is not None:
                ws.write(r, c, v)
        r += 1
    wb.close()
    return path


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8") -> Path:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


CASE_HEADER = ["序号", "案号", "当事人", "违法类型", "立案日期", "决定日期", "处理结果", "罚款金额", "公示日期",
               "法制审核日期", "全过程记录"]


def case_rows(n: int, year: int = 2024, fine: int = 10000) -> list[list]:
    rows = []
    for i in range(1, n + 1):
        filed = dt.date(year, 1 + (i % 11), 1 + i % 27)
        decided = filed + dt.timedelta(days=30)
        rows.append([i, f"新环罚〔{year}〕{i}号", f"企业{i}", "大气", filed, decided, "行政处罚", fine,
                     decided + dt.timedelta(days=3), decided - dt.timedelta(days=2), "是"])
    return rows


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs with an empty home, its own XDG folders and working folder, and no DASH_*
    settings: nothing of the developer's own dash.toml or store can reach a test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (("XDG_DATA_HOME", ".local/share"), ("XDG_CONFIG_HOME", ".config"),
                     ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        monkeypatch.setenv(var, str(home / sub))
    for var in ("DASH_DB", "DASH_CONFIG", "DASH_TODAY", "DASH_FAULT"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(home)
    return home


@pytest.fixture
def today() -> dt.date:
    return TODAY


def accounting_holds(report) -> bool:
    """read = loaded + skipped + rejected, per sheet and overall."""
    return report.balanced() and report.read == report.loaded + report.skipped + report.rejected


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory):
    """(store, ingest report) of the bundled sample data, built once for the whole run.

    Shared by every test that reads the sample: never write to it (copy it first).
    A missing sample_data/ fails here rather than skipping, since it would hide a
    packaging break.
    """
    from dashboard import paths
    from dashboard.sources import ingest_paths

    src = paths.sample_data_dir()
    assert any(src.glob("*.xlsx")), f"sample_data is missing or empty: {src}"
    db = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    return db, ingest_paths([src], db, today=SAMPLE_TODAY)


@pytest.fixture(scope="session")
def sample_config():
    """The configuration a store built from the bundled sample is read with (its bureau's profile)."""
    from dashboard import bootstrap, config

    return config.Config().with_profile(bootstrap.sample_profile())
