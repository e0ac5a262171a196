#!/usr/bin/env python3
"""Dashboard start-up, measured from outside: first paint and all panels filled.

Starts ``dash`` in a detached tmux session of the given size, polls the pane
every ~20 ms from the moment the session is spawned, and reports for each run:

- first paint: the pane shows anything at all;
- filled: the header shows the year and no panel says 加载中 (at 80×24 only the
  panels on screen can be seen; use 160×45 to see all of them).

Median of N runs. The same polling can time another program's first screen
(``--cmd``), e.g. harlequin as a yardstick.

    python bench/tui_startup.py --db /tmp/tui-sample.duckdb --size 160x45 --runs 5
    python bench/tui_startup.py --cmd "harlequin /tmp/tui-sample.duckdb" --first-only
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import statistics
import subprocess
import sys
import time
import uuid

YEAR = re.compile(r"20\d\d年")


def capture(session: str) -> str:
    out = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True,
                         check=False)
    return out.stdout if out.returncode == 0 else ""


def filled(screen: str) -> bool:
    lines = screen.splitlines()
    return bool(lines) and bool(YEAR.search(lines[0])) and "加载中" not in screen and "…" not in screen


def one_run(cmd: str, width: int, height: int, timeout: float, first_only: bool, env: dict[str, str]):
    session = f"dash-bench-{uuid.uuid4().hex[:8]}"
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    # Keep the pane open after the program ends so a crash is visible, not a hang.
    shell = f"env {exports} {cmd}; sleep 60" if exports else f"{cmd}; sleep 60"
    t0 = time.monotonic()
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(width), "-y", str(height), shell],
                   check=True)
    first = full = None
    last = ""
    try:
        while time.monotonic() - t0 < timeout:
            screen = capture(session)
            now = time.monotonic() - t0
            if screen.strip():
                last = screen
                if first is None:
                    first = now
                    if first_only:
                        break
                if filled(screen):
                    full = now
                    break
            time.sleep(0.02)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, check=False)
    return first, full, last


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="store to open (dash --db)")
    ap.add_argument("--cmd", help="command to time instead of dash")
    ap.add_argument("--size", default="160x45", help="terminal size WxH (default 160x45)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=15.0)
    ap.add_argument("--first-only", action="store_true", help="time the first screen only")
    ap.add_argument("--today", help="DASH_TODAY for the run")
    ap.add_argument("--show", action="store_true", help="print the last screen of the last run")
    args = ap.parse_args()
    width, height = (int(x) for x in args.size.lower().split("x"))
    dash = os.path.join(os.path.dirname(sys.executable), "dash")
    cmd = args.cmd or f"{shlex.quote(dash)}" + (f" --db {shlex.quote(args.db)}" if args.db else "")
    env = {"DASH_TODAY": args.today} if args.today else {}
    firsts, fulls = [], []
    last = ""
    for i in range(args.runs):
        first, full, last = one_run(cmd, width, height, args.timeout, args.first_only, env)
        firsts.append(first)
        fulls.append(full)
        shown = lambda t: "—" if t is None else f"{t * 1000:.0f} ms"
        print(f"run {i + 1}: first paint {shown(first)}" + ("" if args.first_only else f", filled {shown(full)}"))
    ok_first = [t for t in firsts if t is not None]
    ok_full = [t for t in fulls if t is not None]
    print(f"command: {cmd}  size: {width}x{height}  runs: {args.runs}")
    if ok_first:
        print(f"median first paint: {statistics.median(ok_first) * 1000:.0f} ms")
    if not args.first_only:
        if ok_full:
            print(f"median all panels filled: {statistics.median(ok_full) * 1000:.0f} ms"
                  + ("" if len(ok_full) == args.runs else f" ({args.runs - len(ok_full)} runs never filled)"))
        else:
            print("never filled within the timeout")
    if args.show:
        print(last)
    return 0


if __name__ == "__main__":
    sys.exit(main())
