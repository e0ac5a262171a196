#!/usr/bin/env python3
"""How fast the dashboard answers a key, measured from outside as the director sees it.

Starts ``dash`` in a detached tmux session (as bench/tui_startup.py does), waits
until every panel is filled, then for each key in the script below sends it
with ``tmux send-keys`` and polls the pane (~every 10 ms) until the screen
changes: that is the answer. It keeps polling until the screen has settled
(nothing loading, the same for 150 ms) before the next key, so keys never
overlap. Each round goes home → rows → home → detail → home → year back and on
→ 同比 on and off → draft → home → 待办 → home; ``--rounds`` rounds.

Prints, per key, the median and the 90th percentile of "answered" (the first
change) and of "settled" (everything loaded), in ms.

    python bench/tui_keys.py --db STORE --size 160x45 --rounds 10 --today 2025-11-29
    python bench/tui_keys.py --cmd "env -C OLD_TREE python -m dashboard --db STORE" ...   # another tree
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from tui_startup import TMUX, capture, filled  # noqa: E402

# (key as tmux names it, what it is called in the report)
ROUND = [("Enter", "Enter"), ("Escape", "Esc"), ("o", "o"), ("Escape", "Esc"), ("Y", "Y"), ("y", "y"),
         ("c", "c"), ("c", "c"), ("d", "d"), ("Escape", "Esc"), ("t", "t"), ("Escape", "Esc")]
LOADING = ("加载中", "正在读取")  # "…" also ends clipped text, so it is not a sign of loading
SETTLE_S = 0.15
POLL_S = 0.01


def settled(screen: str) -> bool:
    return not any(mark in screen for mark in LOADING)


def wait_until_settled(session: str, timeout: float) -> tuple[str, float]:
    """The screen once nothing is loading and it has not changed for SETTLE_S; and when that began."""
    start = time.monotonic()
    last, since = capture(session), time.monotonic()
    while time.monotonic() - start < timeout:
        time.sleep(POLL_S)
        screen = capture(session)
        if screen != last:
            last, since = screen, time.monotonic()
        elif settled(screen) and time.monotonic() - since >= SETTLE_S:
            return screen, since
    return last, since


def press(session: str, key: str, timeout: float) -> tuple[float | None, float | None]:
    """(answered, settled) seconds after sending ``key``."""
    before = capture(session)
    t0 = time.monotonic()
    subprocess.run([*TMUX, "send-keys", "-t", session, key], check=False)
    answered = None
    while time.monotonic() - t0 < timeout:
        if capture(session) != before:
            answered = time.monotonic() - t0
            break
        time.sleep(POLL_S)
    if answered is None:
        return None, None
    _, since = wait_until_settled(session, timeout)
    return answered, since - t0


def p90(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.9 * (len(xs) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="store to open (dash --db)")
    ap.add_argument("--cmd", help="command to run instead of dash")
    ap.add_argument("--size", default="160x45")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--today", help="DASH_TODAY for the run")
    ap.add_argument("--timeout", type=float, default=15.0)
    ap.add_argument("--json", action="store_true", help="end with one JSON line of the figures")
    ap.add_argument("--each", action="store_true", help="print every key's times as it goes")
    args = ap.parse_args()
    width, height = (int(x) for x in args.size.lower().split("x"))
    dash = os.path.join(os.path.dirname(sys.executable), "dash")
    cmd = args.cmd or shlex.quote(dash) + (f" --db {shlex.quote(args.db)}" if args.db else "")
    env = f"env DASH_TODAY={shlex.quote(args.today)} " if args.today else ""
    session = f"dash-keys-{uuid.uuid4().hex[:8]}"
    subprocess.run([*TMUX, "new-session", "-d", "-s", session, "-x", str(width), "-y", str(height),
                    f"{env}{cmd}; sleep 60"], check=True)
    answered: dict[str, list[float]] = {}
    done: dict[str, list[float]] = {}
    try:
        start = time.monotonic()
        while not filled(capture(session)):
            if time.monotonic() - start > args.timeout:
                print("never filled:\n" + capture(session))
                return 1
            time.sleep(0.05)
        wait_until_settled(session, args.timeout)
        for n in range(args.rounds):
            for key, name in ROUND:
                a, s = press(session, key, args.timeout)
                if a is None:
                    print(f"round {n + 1}: {name} changed nothing within {args.timeout:.0f} s")
                    continue
                answered.setdefault(name, []).append(a)
                done.setdefault(name, []).append(s)
                if args.each:
                    print(f"round {n + 1} {name}: answered {a * 1000:.0f} ms, settled {s * 1000:.0f} ms", flush=True)
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", session], capture_output=True, check=False)
    print(f"command: {cmd}  size: {width}x{height}  rounds: {args.rounds}")
    print(f"{'key':<6}{'answered median':>17}{'p90':>8}{'settled median':>17}{'p90':>8}   (ms)")
    out = {}
    for name in dict.fromkeys(name for _, name in ROUND):
        a, s = answered.get(name, []), done.get(name, [])
        if not a:
            continue
        out[name] = {"answered_median": statistics.median(a), "answered_p90": p90(a),
                     "settled_median": statistics.median(s), "settled_p90": p90(s), "n": len(a)}
        print(f"{name:<6}{statistics.median(a) * 1000:>17.0f}{p90(a) * 1000:>8.0f}"
              f"{statistics.median(s) * 1000:>17.0f}{p90(s) * 1000:>8.0f}")
    if args.json:
        print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
