"""Benchmark: `dash draft --year 2024` (all four parts) against `dash query cases_filed` on the same store.

Both run as fresh processes in the same session, alternating, so machine noise hits
both alike; the baseline is what one command pays to start and read one figure.
Prints the medians and the ratio.

    python bench/draft_bench.py --db STORE [--runs 7] [--year 2024]

Targets: ≤ 600 ms on the sample store, ≤ 2 s on a 1,000,000-row store (scale 1000).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from query_bench import timed  # noqa: E402

DASH = shutil.which("dash", path=str(Path(sys.executable).parent)) or "dash"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--year", default="2024")
    args = ap.parse_args()
    env = {**os.environ, "DASH_DB": str(args.db), "DASH_TODAY": "2026-01-15"}
    draft, query = [], []
    for _ in range(args.runs):
        draft.append(timed([DASH, "draft", "--year", args.year], env))
        query.append(timed([DASH, "query", "cases_filed", "--year", args.year], env))
    d, q = statistics.median(draft), statistics.median(query)
    print(f"dash draft --year {args.year}: median {d * 1000:.0f} ms (min {min(draft) * 1000:.0f}, "
          f"max {max(draft) * 1000:.0f}); dash query cases_filed: {q * 1000:.0f} ms; ratio {d / q:.2f}")


if __name__ == "__main__":
    main()
