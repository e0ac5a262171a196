"""Run every case of the hostile-input corpus and print its outcome table.

    python bench/hostile_corpus.py [--skip-big] [--only NAME[,NAME…]] [--keep DIR]

Each case writes its bad export(s) into a fresh folder, then ``dash check`` and
``dash ingest`` run on it (typer's CliRunner, the real commands). The table
shows, per case: what was expected, what happened, the seconds it took and the
line the user reads; failing cases are listed with every broken promise.
Exit code 1 when any case fails.

The 100 MB case (big) runs here by default; ``--skip-big`` leaves it out.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile.corpus import CASES, run_case, table  # noqa: E402
from tests.hostile.library_scenarios import SCENARIOS  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-big", action="store_true", help="leave out the 100 MB case")
    ap.add_argument("--only", default="", help="comma-separated case names")
    ap.add_argument("--keep", type=Path, help="write the cases' files here instead of a temp folder")
    args = ap.parse_args(argv)

    only = {s for s in args.only.split(",") if s}
    cases = [c for c in CASES if (not only or c.name in only) and not (args.skip_big and c.big)]
    with tempfile.TemporaryDirectory(prefix="dash-hostile-") as tmp:
        base = args.keep or Path(tmp)
        results = []
        for c in cases:
            results.append(run_case(c, base / c.name))
            print(f"{c.name}: {'ok' if results[-1].ok else 'FAIL'} ({results[-1].seconds:.1f} s)",
                  file=sys.stderr, flush=True)
    print(table(results), end="")
    # The export library: sequences of commands against one store (empty folder, one-file update,
    # a ledger about to vanish, a link, /dev/null, an export added twice, a newer one, one removed …).
    failed = 0
    print("\nexport library scenarios:")
    for sc in SCENARIOS:
        if only and sc.name not in only:
            continue
        with tempfile.TemporaryDirectory(prefix="dash-library-") as tmp:
            import time

            start = time.perf_counter()
            try:
                sc.run(Path(tmp))
                outcome = "ok"
            except AssertionError as exc:
                failed += 1
                outcome = f"FAIL: {str(exc).splitlines()[0][:100] if str(exc) else 'assertion'}"
        print(f"  {sc.name:<32} {time.perf_counter() - start:5.1f} s  {outcome}  — {sc.title}")
    return 0 if all(r.ok for r in results) and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
