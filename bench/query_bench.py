"""Benchmark: `dash query NAME` wall time against a bare duckdb read-only query.

Both run as fresh processes in the same session, alternating, so machine noise
hits both alike. Prints medians and the ratio.

    python bench/query_bench.py [--db PATH] [--runs 9] [--name cases_filed] [--year 2024] [--src DIR]

Without --db a store is built from the bundled sample data in a temp folder.
``--src DIR`` times ``python -m dashboard`` from another source tree as well
(e.g. ``git archive main | tar -x -C /tmp/base``), alternating with this one,
for a before/after in the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _literal(v) -> str:
    import datetime as dt

    if isinstance(v, dt.date):
        return f"DATE '{v.isoformat()}'"
    if isinstance(v, list):  # the working-day calendar's list parameters
        return "[" + ", ".join(_literal(x) for x in v) + "]::DATE[]"
    return str(v)


def _inline(sql: str, params: dict) -> str:
    """The query with its parameters written in, for the bare baseline."""
    for k in sorted(params, key=len, reverse=True):
        sql = sql.replace(f"${k}", _literal(params[k]))
    return sql


def timed(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env)
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode()}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--name", default="cases_filed")
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("--src", help="another source tree to time beside this one (before/after)")
    args = ap.parse_args()

    from dashboard import paths
    from dashboard.ingest import ingest_paths

    if args.db:
        db = Path(args.db)
    else:
        db = Path(tempfile.mkdtemp(prefix="dash-bench-")) / "sample.duckdb"
        ingest_paths([paths.sample_data_dir()], db)
    d, b, other = bench_query(db, args.name, args.year, args.runs, args.src)
    print(f"store: {db}")
    print(f"{'what':<40}{'median ms':>10}")
    print(f"{'dash query ' + args.name:<40}{d * 1000:>10.0f}")
    if other is not None:
        print(f"{'dash query ' + args.name + ' (--src)':<40}{other * 1000:>10.0f}")
    print(f"{'bare duckdb read-only query':<40}{b * 1000:>10.0f}")
    print(f"ratio dash / bare: {d / b:.2f}  (target ≤ 2.0, and ≤ 250 ms)")


def bench_query(db: Path, name: str, year: int, runs: int, src: str | None = None
                ) -> tuple[float, float, float | None]:
    """Median seconds of `dash query NAME`, of the bare query and (with ``src``) of the same command
    from another source tree, alternating runs."""
    from dashboard import config, queries
    from dashboard.clock import Period, today_from_env
    from dashboard.figures import Figures

    q = queries.get(name)
    figures = Figures(db, config.load())
    try:  # the parameters dash binds, the working-day calendar's lists included
        params = figures.params(q, Period.of(year, today_from_env()))
    finally:
        figures.close()
    sql = _inline(q.value_sql() if q.is_figure else q.sql, params)
    dash = shutil.which("dash", path=str(Path(sys.executable).parent)) or "dash"
    env = {**os.environ, "DASH_DB": str(db)}
    dash_cmd = [dash, "query", name, "--year", str(year)]
    bare_cmd = [sys.executable, "-c",
                f"import duckdb; duckdb.connect({str(db)!r}, read_only=True).sql({sql!r}).fetchall()"]
    other_cmd = [sys.executable, "-m", "dashboard", "query", name, "--year", str(year)]
    other_env = {**env, "PYTHONPATH": str(src)} if src else None
    timed(dash_cmd, env), timed(bare_cmd, env)  # warm the page cache
    dash_t, bare_t, other_t = [], [], []
    for _ in range(runs):
        dash_t.append(timed(dash_cmd, env))
        bare_t.append(timed(bare_cmd, env))
        if other_env is not None:
            other_t.append(timed(other_cmd, other_env))
    return (statistics.median(dash_t), statistics.median(bare_t),
            statistics.median(other_t) if other_t else None)


if __name__ == "__main__":
    main()
