#!/usr/bin/env python3
"""Dashboard start-up, measured from outside: first paint and all panels filled.

Starts ``dash`` in a detached tmux session of the given size, polls the pane
every ~20 ms from the moment the session is spawned, and reports for each run:

- first paint: the pane shows anything at all;
- filled: the header shows the year and no panel says 加载中 (at 80×24 only the
  panels on screen can be seen; use 160×45 to see all of them).

With ``--rss`` the peak resident set (VmHWM) of the dash process is read from
/proc once all panels are filled (after a short settle), and ``--json`` prints
one last line of JSON (seconds and MB) for bench/run.py.

Median of N runs. The same polling can time another program's first screen
(``--cmd``), e.g. harlequin as a yardstick.

    python bench/tui_startup.py --db /tmp/tui-sample.duckdb --size 160x45 --runs 5
    python bench/tui_startup.py --cmd "harlequin -r /tmp/tui-sample.duckdb" --until petitions
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import time
import uuid

# A server of its own, so runs neither see nor disturb the user's tmux sessions.
TMUX = ["tmux", "-L", "dash-bench"]
YEAR = re.compile(r"20\d\d年")


def capture(session: str) -> str:
    out = subprocess.run([*TMUX, "capture-pane", "-p", "-t", session], capture_output=True, text=True,
                         check=False)
    return out.stdout if out.returncode == 0 else ""


def filled(screen: str) -> bool:
    lines = screen.splitlines()
    return bool(lines) and bool(YEAR.search(lines[0])) and "加载中" not in screen and "…" not in screen


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM (peak resident set) of a live process, in MB."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def one_run(cmd: str, width: int, height: int, timeout: float, first_only: bool, env: dict[str, str],
            rss_settle: float | None = None, done=None):
    session = f"dash-bench-{uuid.uuid4().hex[:8]}"
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    pidfile = f"/tmp/{session}.pid"
    # The inner sh writes its pid and execs the program, so the pid is the program's.
    inner = f"echo $$ > {pidfile}; exec " + (f"env {exports} {cmd}" if exports else cmd)
    # Keep the pane open after the program ends so a crash is visible, not a hang.
    shell = f"sh -c {shlex.quote(inner)}; sleep 60"
    for attempt in range(5):
        t0 = time.monotonic()
        started = subprocess.run([*TMUX, "new-session", "-d", "-s", session, "-x", str(width), "-y", str(height),
                                  shell], capture_output=True, text=True)
        if started.returncode == 0:
            break
        # The previous run's server may still be exiting ("server exited unexpectedly"): try again.
        time.sleep(0.3)
    else:
        raise RuntimeError(f"tmux new-session failed: {started.stderr.strip()}")
    first = full = rss = None
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
                if (done or filled)(screen):
                    full = now
                    break
            time.sleep(0.02)
        if rss_settle is not None and full is not None:
            time.sleep(rss_settle)
            try:
                rss = peak_rss_mb(int(open(pidfile).read().strip()))
            except (OSError, ValueError):
                rss = None
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", session], capture_output=True, check=False)
        if os.path.exists(pidfile):
            os.remove(pidfile)
    return first, full, rss, last


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="store to open (dash --db)")
    ap.add_argument("--cmd", help="command to time instead of dash")
    ap.add_argument("--size", default="160x45", help="terminal size WxH (default 160x45)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=15.0)
    ap.add_argument("--first-only", action="store_true", help="time the first screen only")
    ap.add_argument("--today", help="DASH_TODAY for the run")
    ap.add_argument("--until", help="'filled' is when this text shows (for --cmd; default: dash's panels)")
    ap.add_argument("--show", action="store_true", help="print the last screen of the last run")
    ap.add_argument("--rss", action="store_true", help="also read the peak RSS once all panels are filled")
    ap.add_argument("--json", action="store_true",
                    help="end with one JSON line: first_paint, filled (seconds), rss_mb (medians)")
    args = ap.parse_args()
    width, height = (int(x) for x in args.size.lower().split("x"))
    dash = os.path.join(os.path.dirname(sys.executable), "dash")
    cmd = args.cmd or f"{shlex.quote(dash)}" + (f" --db {shlex.quote(args.db)}" if args.db else "")
    env = {"DASH_TODAY": args.today} if args.today else {}
    firsts, fulls, rsss = [], [], []
    last = ""
    want_rss = args.rss or args.json
    for i in range(args.runs):
        first, full, rss, last = one_run(cmd, width, height, args.timeout, args.first_only, env,
                                         1.0 if want_rss and not args.first_only else None,
                                         (lambda screen: args.until in screen) if args.until else None)
        firsts.append(first)
        fulls.append(full)
        rsss.append(rss)
        shown = lambda t: "—" if t is None else f"{t * 1000:.0f} ms"
        print(f"run {i + 1}: first paint {shown(first)}" + ("" if args.first_only else f", filled {shown(full)}")
              + (f", peak RSS {rss:.0f} MB" if rss is not None else ""), flush=True)
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
    ok_rss = [r for r in rsss if r is not None]
    if ok_rss:
        print(f"median peak RSS: {statistics.median(ok_rss):.0f} MB (max {max(ok_rss):.0f} MB)")
    if args.show:
        print(last)
    if args.json:
        med = lambda xs: statistics.median(xs) if xs else None
        print(json.dumps({"first_paint": med(ok_first), "filled": None if args.first_only else med(ok_full),
                          "rss_mb": max(ok_rss) if ok_rss else None, "runs": args.runs,
                          "size": f"{width}x{height}", "never_filled": args.runs - len(ok_full)}))
    return 0 if ok_first else 1


if __name__ == "__main__":
    sys.exit(main())
