"""Benchmark: what making output safe costs `dash query`, against the code of another commit.

Runs the same `dash query` commands with this tree and with BASE (a git ref,
unpacked into a temp folder and put first on PYTHONPATH), alternating runs so
machine noise hits both, and prints medians and ratios. The store should be a
large one (scale 1000: ``python -m dashboard.sample --scale 1000 DIR`` then
``dash ingest DIR --db /tmp/big.duckdb``).

    python bench/output_bench.py --db /tmp/big.duckdb [--base main] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

CASES = [
    ("csv file, 263k petitions, unmasked", ["SELECT * FROM petitions", "-f", "csv", "--unmask", "-o", "{out}.csv"]),
    ("csv file, 263k petitions, masked", ["SELECT * FROM petitions", "-f", "csv", "-o", "{out}.csv"]),
    ("json file, 63k cases", ["SELECT * FROM enforcement_cases", "-f", "json", "-o", "{out}.json"]),
    ("table, 10,000 publicity rows", ["SELECT * FROM publicity_events", "--limit", "10000"]),
    ("named figure cases_filed 2024", ["cases_filed", "--year", "2024"]),
]


def unpack(ref: str) -> Path:
    """The package as it was at ``ref``, in a temp folder."""
    dest = Path(tempfile.mkdtemp(prefix="dash-base-"))
    archive = subprocess.run(["git", "-C", str(HERE), "archive", ref, "dashboard", "queries", "sample_data"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def timed(tree: Path, db: Path, args: list[str], out: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree), "DASH_TODAY": "2026-01-15"}
    cmd = [sys.executable, "-m", "dashboard", "query", *[a.format(out=out) for a in args], "--db", str(db)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"failed ({tree}): {' '.join(cmd)}\n{proc.stderr.decode()[-500:]}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--base", default="main")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    db = Path(args.db)
    base = unpack(args.base)
    out = tempfile.mkdtemp(prefix="dash-out-")
    print(f"store: {db}   base: {args.base}   runs: {args.runs} (alternating)")
    print(f"{'what':<40}{'base ms':>10}{'this ms':>10}{'ratio':>8}")
    for label, case in CASES:
        b, t = [], []
        timed(base, db, case, f"{out}/w"), timed(HERE, db, case, f"{out}/w")  # warm the page cache
        for _ in range(args.runs):
            b.append(timed(base, db, case, f"{out}/b"))
            t.append(timed(HERE, db, case, f"{out}/t"))
        mb, mt = statistics.median(b), statistics.median(t)
        print(f"{label:<40}{mb * 1000:>10.0f}{mt * 1000:>10.0f}{mt / mb:>8.2f}")


if __name__ == "__main__":
    main()
