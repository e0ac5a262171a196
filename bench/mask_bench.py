"""Benchmark: what masking costs on ``dash query NAME --rows`` of a large store.

Two measures, medians of ``--runs``:

- in process: reading the store's personal values (once per command) and
  masking every row of the result, beside the time the query itself takes;
- end to end: ``dash query NAME --year Y --rows -f csv`` masked vs ``--unmask``,
  as fresh processes, alternating so machine noise hits both alike.

    python bench/mask_bench.py --db /tmp/big.duckdb [--name petitions_received] [--year 2024] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from query_bench import timed  # noqa: E402


def in_process(db: Path, name: str, year: int, runs: int) -> dict[str, float]:
    """Median seconds of the query, of loading the personal values, and of masking the rows."""
    from dashboard import config, queries, store
    from dashboard.clock import Period, today_from_env
    from dashboard.personal import masker_for_store

    con = store.connect(db)
    try:
        q = queries.get(name)
        params = queries.bind(q.params, Period.of(year, today_from_env()), config.load().query_params, {})
        took: dict[str, list[float]] = {"query": [], "load": [], "mask": []}
        rows = 0
        for _ in range(runs):
            t0 = time.perf_counter()
            res = queries.rows(con, q, params, None)
            t1 = time.perf_counter()
            masker = masker_for_store(con)
            masker.text("群众来访")  # text with letters: the store's personal values are read here
            t2 = time.perf_counter()
            masker.rows(res.columns, res.rows)
            t3 = time.perf_counter()
            took["query"].append(t1 - t0)
            took["load"].append(t2 - t1)
            took["mask"].append(t3 - t2)
            rows = len(res.rows)
        out = {k: statistics.median(v) for k, v in took.items()}
        out["rows"] = rows
        return out
    finally:
        con.close()


def end_to_end(db: Path, name: str, year: int, runs: int) -> tuple[float, float]:
    """Median seconds of the masked and the --unmask command."""
    # The dashboard package beside this script (so another checkout can be measured in the same session).
    env = {**os.environ, "DASH_DB": str(db), "PYTHONPATH": str(HERE.parent)}
    cmd = [sys.executable, "-m", "dashboard", "query", name, "--year", str(year), "--rows", "-f", "csv"]
    timed(cmd, env)  # warm the page cache
    masked, unmasked = [], []
    for _ in range(runs):
        masked.append(timed(cmd, env))
        unmasked.append(timed([*cmd, "--unmask"], env))
    return statistics.median(masked), statistics.median(unmasked)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--name", default="petitions_received")
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    db = Path(args.db)
    inproc = in_process(db, args.name, args.year, args.runs)
    masked, unmasked = end_to_end(db, args.name, args.year, args.runs)
    print(f"store: {db}; dash query {args.name} --year {args.year} --rows: {inproc['rows']} rows")
    print(f"{'what':<40}{'median ms':>10}")
    for label, key in (("query (rows fetched)", "query"), ("read the store's personal values", "load"),
                       ("mask every row", "mask")):
        print(f"{label:<40}{inproc[key] * 1000:>10.0f}")
    print(f"{'end to end, masked':<40}{masked * 1000:>10.0f}")
    print(f"{'end to end, --unmask':<40}{unmasked * 1000:>10.0f}")
    print(f"masking cost end to end: {(masked - unmasked) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
