"""All benchmarks at county, city and province scale, in one command.

    python bench/run.py [--scales 1,100,1000] [--runs 5] [--csv-scale 1200] [--out /tmp/dash-bench]

For each scale the sample generator writes exports (scale 1 is the bundled
sample_data) and ``dash ingest`` builds a store. Then, each against a baseline
measured in the same session, alternating runs so machine noise hits both:

- ``dash query NAME`` vs a bare duckdb read-only query of the same SQL;
- dashboard first paint and all panels filled (bench/tui_startup.py, tmux);
- ``dash ingest`` of the csv files at ``--csv-scale`` (≥ 1,000,000 rows) vs
  DuckDB's own read_csv into tables of the same files; a 100,000-row xlsx; a
  100,000-row .xls and a 20,000-row HTML export (bench/formats_bench.py); the
  workbook checks per ordinary workbook; a 3,000-sheet workbook and a zip bomb;
- peak RSS of the dashboard with all panels filled on the largest store;
- ``dash draft --year 2024`` wall time (all four parts).

Prints a table of medians and writes it to OUT/results.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import formats_bench  # noqa: E402
from query_bench import bench_query, fresh_ingest, timed  # noqa: E402

DASH = shutil.which("dash", path=str(Path(sys.executable).parent)) or "dash"


def count_rows(db: Path) -> int:
    import duckdb

    from dashboard.ledgers import LEDGERS

    con = duckdb.connect(str(db), read_only=True)
    try:
        return sum(con.execute(f"SELECT count(*) FROM {lg.table}").fetchall()[0][0] for lg in LEDGERS)
    finally:
        con.close()


def build_store(scale: int, out: Path) -> tuple[Path, Path, float]:
    """(exports dir, store, ingest seconds) for one scale."""
    from dashboard import paths
    from dashboard.sample import generate

    if scale == 1:
        src = paths.sample_data_dir()
    else:
        src = out / f"exports-{scale}"
        if not src.exists():
            generate(src, scale=scale)
    db = out / f"store-{scale}.duckdb"
    took = fresh_ingest(DASH, src, db, dict(os.environ))
    return src, db, took


def csv_exports(scale: int, out: Path) -> Path:
    """The sample exports at ``scale`` (generated once), for the csv ingest benchmark."""
    from dashboard.sample import generate

    src = out / f"exports-{scale}"
    if not src.exists():
        generate(src, scale=scale)
    return src


def bench_ingest_csv(src: Path, out: Path, runs: int) -> tuple[float, float, int]:
    """dash ingest of the csv files vs DuckDB read_csv of the same files (medians).

    DuckDB reads UTF-8 only (its encodings extension downloads at run time), so
    its copies of GBK / GB18030 files are transcoded to UTF-8 beforehand, outside
    the timing; its sniffer runs with strict_mode=false because some exports
    have line breaks inside quoted headers. dash reads the files as they are.
    """
    csv_dir, duck_dir = out / "csv-only", out / "csv-duckdb"
    for d in (csv_dir, duck_dir):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir()
    files = sorted(src.glob("*.csv"))
    for f in files:
        shutil.copy(f, csv_dir)
        raw = f.read_bytes()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raw = raw.decode("gb18030").encode("utf-8")
        (duck_dir / f.name).write_bytes(raw)
    rows = sum(sum(1 for _ in open(f, "rb")) - 1 for f in files)
    db_dash, db_duck = out / "ingest-dash.duckdb", out / "ingest-duck.duckdb"
    script = (
        "import duckdb, sys, os\n"
        f"db = {str(db_duck)!r}\n"
        "os.path.exists(db) and os.remove(db)\n"
        "con = duckdb.connect(db)\n"
        f"for i, f in enumerate({[str(duck_dir / f.name) for f in files]!r}):\n"
        "    con.execute(f\"CREATE TABLE t{i} AS SELECT * FROM read_csv('{f}', strict_mode=false)\")\n"
        "con.close()\n"
    )
    dash_t, duck_t = [], []
    for _ in range(runs):
        dash_t.append(fresh_ingest(DASH, csv_dir, db_dash, dict(os.environ)))
        duck_t.append(timed([sys.executable, "-c", script], dict(os.environ)))
    return statistics.median(dash_t), statistics.median(duck_t), rows


def bench_xlsx(out: Path, rows: int, runs: int) -> float:
    """dash ingest of one xlsx of `rows` enforcement cases (median seconds)."""
    import xlsxwriter

    d = out / "xlsx-100k"
    d.mkdir(exist_ok=True)
    path = d / "行政处罚案件台账.xlsx"
    if not path.exists():
        wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        ws = wb.add_worksheet()
        ws.write_row(0, 0, ["序号", "案号", "当事人", "违法类型", "立案日期", "决定日期", "处理结果", "罚款金额",
                            "公示日期", "法制审核日期", "全过程记录"])
        base = dt.date(2023, 1, 1)
        for i in range(1, rows + 1):
            filed = base + dt.timedelta(days=i % 900)
            dec = filed + dt.timedelta(days=20 + i % 50)
            ws.write_row(i, 0, [i, f"新环罚〔{filed.year}〕{i}号", f"企业{i % 3000}", "大气", filed.isoformat(),
                                dec.isoformat(), "行政处罚", 1000 + i % 90000, dec.isoformat(), dec.isoformat(), "是"])
        wb.close()
    db = out / "ingest-xlsx.duckdb"
    return statistics.median(fresh_ingest(DASH, d, db, dict(os.environ)) for _ in range(runs))


def bench_add_one(db: Path, out: Path, runs: int) -> tuple[float, int]:
    """Adding one 1,000-row export to a copy of a large store's library (median seconds), and the
    rows of the store it was added to. Only the new file is read; the rest comes from the cache."""
    src = out / "add-one"
    src.mkdir(exist_ok=True)
    new = src / "2026年1月信访件.csv"
    if not new.exists():
        lines = ["编号,受理日期,级别,投诉人,反映问题,办结日期,承办股室"]
        lines += [f"XF-ADD-{i:05d},2026-01-{i % 28 + 1:02d},县级,新{i},夜间噪声,,执法大队" for i in range(1000)]
        new.write_text("\n".join(lines) + "\n", encoding="utf-8")
    library = db.with_name(db.stem + ".library")
    took = []
    for _ in range(runs):
        copy = out / "add-one-store.duckdb"
        copy_lib = copy.with_name(copy.stem + ".library")
        copy.unlink(missing_ok=True)
        shutil.rmtree(copy_lib, ignore_errors=True)
        shutil.copyfile(db, copy)
        shutil.copytree(library, copy_lib)
        took.append(timed([DASH, "ingest", str(new), "--db", str(copy)], {**os.environ, "DASH_TODAY": "2026-01-31"}))
    return statistics.median(took), count_rows(db)


def bench_draft(db: Path, runs: int) -> float:
    """``dash draft --year 2024`` (all four parts, Markdown to stdout), median seconds."""
    env = {**os.environ, "DASH_DB": str(db), "DASH_TODAY": "2026-01-15"}
    return statistics.median(timed([DASH, "draft", "--year", "2024"], env) for _ in range(runs))


def bench_tui(db: Path, runs: int) -> dict | None:
    """First paint, all panels filled and peak RSS, from bench/tui_startup.py."""
    script = HERE / "tui_startup.py"
    if not script.exists() or not shutil.which("tmux"):
        return None
    proc = subprocess.run([sys.executable, str(script), "--db", str(db), "--size", "160x45",
                           "--runs", str(runs), "--timeout", "30", "--json"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        return None
    import json

    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", default="1,100,1000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "dash-bench"),
                    help="scratch folder for exports and stores (default: /tmp/dash-bench)")
    ap.add_argument("--csv-scale", type=int, default=1200,
                    help="sample scale for the csv ingest benchmark (1200 gives ≥ 1,000,000 csv rows)")
    ap.add_argument("--tui-runs", type=int, default=None, help="dashboard start-up runs (default: --runs)")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # An installed dash has its bytecode compiled (pip does it at install). A checkout run with
    # PYTHONDONTWRITEBYTECODE never gets it and would compile every module at every start:
    # compile once, so start-up is timed as a user meets it.
    import compileall

    compileall.compile_dir(str(HERE.parent / "dashboard"), quiet=1)
    scales = [int(s) for s in args.scales.split(",")]
    lines = [f"dash benchmarks — {dt.date.today()} — {platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}", "",
             "| measure | scale | rows in store | dash (median) | baseline (median) | ratio | target |",
             "|---|---|---|---|---|---|---|"]

    def row(measure, scale, rows, mine, base, target, unit="ms"):
        f = (lambda s: f"{s * 1000:.1f} ms" if s < 0.01 else f"{s * 1000:.0f} ms") if unit == "ms" else (
            lambda s: f"{s:.0f} MB")
        ratio = f"{mine / base:.2f}" if base else ""
        line = f"| {measure} | {scale} | {rows:,} | {f(mine)} | {f(base) if base else ''} | {ratio} | {target} |"
        lines.append(line)
        print(line, flush=True)

    print("\n".join(lines), flush=True)
    for scale in scales:
        t0 = time.perf_counter()
        src, db, took = build_store(scale, out)
        n = count_rows(db)
        print(f"(scale {scale}: {n:,} rows, exports + ingest {time.perf_counter() - t0:.1f} s)", flush=True)
        row("ingest (all files)", scale, n, took, None, "")
        d, b, _ = bench_query(db, "cases_filed", 2024, max(args.runs, 5))
        row("dash query cases_filed", scale, n, d, b, "≤ 250 ms, ≤ 2×")
        d, b, _ = bench_query(db, "petitions_overdue", 2025, max(args.runs, 5))
        row("dash query petitions_overdue", scale, n, d, b, "≤ 250 ms, ≤ 2×")
        tui = bench_tui(db, args.tui_runs or args.runs)
        if tui and tui.get("first_paint") is not None:
            row("dashboard first paint", scale, n, tui["first_paint"], None, "≤ 400 ms")
        if tui and tui.get("filled") is not None:
            row("dashboard all panels filled", scale, n, tui["filled"], None,
                "≤ 800 ms" if scale == 1 else "≤ 1.5 s")
            if tui.get("rss_mb") is not None:
                row("dashboard peak RSS", scale, n, tui["rss_mb"], None, "≤ 250 MB", unit="MB")
        dr = bench_draft(db, args.runs)
        row("dash draft --year 2024 (all four parts)", scale, n, dr, None, "≤ 600 ms" if scale == 1 else "≤ 2 s")
        if scale == max(scales):
            add, rows_before = bench_add_one(db, out, args.runs)
            row("dash ingest of one new 1,000-row export into the library", scale, rows_before, add, None,
                "re-reads only the new file")
    if args.csv_scale:
        src = csv_exports(args.csv_scale, out)
        d, b, rows = bench_ingest_csv(src, out, args.runs)
        row(f"dash ingest {rows:,} csv rows vs DuckDB read_csv", args.csv_scale, rows, d, b, "≤ 1.5×")
    x = bench_xlsx(out, 100_000, args.runs)
    row("dash ingest 100,000-row xlsx", "-", 100_000, x, None, "≤ 2 s")
    x = formats_bench.xls_100k(out, args.runs)
    row("dash ingest 100,000-row xls (2 sheets)", "-", 100_000, x, None, "≤ 2 s")
    x = formats_bench.html_20k(out, args.runs)
    row("dash ingest 20,000-row HTML export (.xls)", "-", 20_000, x, None, "≤ 2 s")
    med, worst, n = formats_bench.precheck_per_workbook(max(args.runs, 5))
    row(f"workbook checks, median of {n} sample workbooks", 1, 0, med, None, "< 20 ms")
    row(f"workbook checks, largest of {n} sample workbooks", 1, 0, worst, None, "< 20 ms")
    for name, fn in (("3,000-sheet workbook (refused)", formats_bench.many_sheets),
                     ("zip bomb, a sheet inflating to 1 GB (refused)", formats_bench.zip_bomb)):
        took, peak = fn(out)
        row(f"dash ingest of a {name}", "-", 0, took, None, "")
        row(f"dash ingest of a {name}: peak RSS", "-", 0, peak, None, "", unit="MB")
    (out / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten: {out / 'results.md'}")


if __name__ == "__main__":
    main()
