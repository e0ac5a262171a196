"""The dashboard ends the clean way on SIGTERM and SIGINT, and refuses to start without a terminal.

A terminal left in the alternate screen with mouse reporting on and the cursor
hidden is unusable until the user types ``reset``; `kill PID` must not do that.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .test_terminal import read_until_painted, start, stop

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")

ALT_SCREEN_ON, ALT_SCREEN_OFF = b"\x1b[?1049h", b"\x1b[?1049l"
CURSOR_ON = b"\x1b[?25h"
MOUSE_OFF = re.compile(rb"\x1b\[\?(1000|1002|1003|1006|1015)l")


def read_to_end(master: int, proc: subprocess.Popen, timeout: float = 30) -> bytes:
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed: the process is gone
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=timeout)
    return out


@pytest.mark.parametrize("sig,code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"])
def test_a_signal_restores_the_terminal_before_exit(tui_db: Path, sig, code):
    proc, master = start(tui_db, {})
    try:
        painted = read_until_painted(master, proc)
        assert ALT_SCREEN_ON in painted  # it did take the terminal over
        os.kill(proc.pid, sig)  # what `kill PID` / `kill -INT PID` send
        after = read_to_end(master, proc)
    finally:
        stop(proc, master)
    assert proc.returncode == code, after[-300:]
    assert ALT_SCREEN_OFF in after and CURSOR_ON in after and MOUSE_OFF.search(after), after[-300:]


def test_without_a_terminal_it_says_so_and_exits_1(tui_db: Path):
    proc = subprocess.run([sys.executable, "-m", "dashboard", "--db", str(tui_db)], stdin=subprocess.PIPE,
                          capture_output=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stdout == b""  # no escape codes written into a pipe
    assert proc.stderr.decode().strip() == "错误：需要在终端中运行（或用 dash query / dash draft）"
