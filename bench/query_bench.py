"""Benchmark: `dash query NAME` wall time against a bare duckdb read-only query.

Both run as fresh processes in the same session, alternating, so machine noise
hits both alike. Prints medians and the ratio.

    python bench/query_bench.py [--db PATH] [--runs 9] [--name cases_filed] [--year 2024]

Without --db a store is built from the bundled sample data in a temp folder.
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


def _inline(sql: str, params: dict) -> str:
    """The query with its parameters written in, for the bare baseline."""
    import datetime as dt

    for k in sorted(params, key=len, reverse=True):
        v = params[k]
        lit = f"DATE '{v.isoformat()}'" if isinstance(v, dt.date) else str(v)
        sql = sql.replace(f"${k}", lit)
    return sql


def timed(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env)
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode()}")
    return took


def fresh_ingest(dash: str, src: Path, db: Path, env: dict) -> float:
    """Seconds of one ``dash ingest`` into a new store: the store and its export library are removed
    first (an export already in the library is not read again, which would time nothing)."""
    import shutil

    db.unlink(missing_ok=True)
    shutil.rmtree(db.with_name(db.stem + ".library"), ignore_errors=True)
    return timed([dash, "ingest", str(src), "--db", str(db)], env)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--name", default="cases_filed")
    ap.add_argument("--year", type=int, default=2024)
    args = ap.parse_args()

    from dashboard import paths
    from dashboard.sources import ingest_paths

    if args.db:
        db = Path(args.db)
    else:
        db = Path(tempfile.mkdtemp(prefix="dash-bench-")) / "sample.duckdb"
        from dashboard.clock import today_from_env

        ingest_paths([paths.sample_data_dir()], db, today=today_from_env())
    d, b = bench_query(db, args.name, args.year, args.runs)
    print(f"store: {db}")
    print(f"{'what':<34}{'median ms':>10}")
    print(f"{'dash query ' + args.name:<34}{d * 1000:>10.0f}")
    print(f"{'bare duckdb read-only query':<34}{b * 1000:>10.0f}")
    print(f"ratio dash / bare: {d / b:.2f}  (target ≤ 2.0, and ≤ 250 ms)")


def bench_query(db: Path, name: str, year: int, runs: int) -> tuple[float, float]:
    """Median seconds of `dash query NAME` and of the bare query, alternating runs."""
    from dashboard import config, queries
    from dashboard.clock import Period, today_from_env

    q = queries.get(name)
    params = queries.bind(q.params, Period.of(year, today_from_env()), config.load().query_params, {})
    sql = _inline(q.value_sql() if q.is_figure else q.sql, params)
    dash = shutil.which("dash", path=str(Path(sys.executable).parent)) or "dash"
    env = {**os.environ, "DASH_DB": str(db)}
    dash_cmd = [dash, "query", name, "--year", str(year)]
    bare_cmd = [sys.executable, "-c",
                f"import duckdb; duckdb.connect({str(db)!r}, read_only=True).sql({sql!r}).fetchall()"]
    timed(dash_cmd, env), timed(bare_cmd, env)  # warm the page cache
    dash_t, bare_t = [], []
    for _ in range(runs):
        dash_t.append(timed(dash_cmd, env))
        bare_t.append(timed(bare_cmd, env))
    return statistics.median(dash_t), statistics.median(bare_t)


if __name__ == "__main__":
    main()
