"""The dashboard in a real terminal (a pty), as over SSH: colours as the terminal
allows, and a hang-up ends the process.

These start ``python -m dashboard`` on the fixture store in a pseudo-terminal,
read what it writes until the home screen is painted, then check the escape
codes or hang up.
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
import fcntl
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")

PAINTED = "执法".encode()


def start(db: Path, env_extra: dict[str, str]) -> tuple[subprocess.Popen, int]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLORTERM", "TEXTUAL")}
    env.update({"TERM": "xterm-256color", "DASH_TODAY": "2025-06-30", **env_extra})
    proc = subprocess.Popen([sys.executable, "-m", "dashboard", "--db", str(db)], stdin=slave, stdout=slave,
                            stderr=slave, env=env, start_new_session=True, close_fds=True,
                            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
    os.close(slave)
    return proc, master


def read_until_painted(master: int, proc: subprocess.Popen, timeout: float = 60) -> bytes:
    """Everything written until the home screen shows its panels and settles."""
    out = b""
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            out += chunk
            quiet_since = None
        elif PAINTED in out:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since > 1.0:
                return out
        if proc.poll() is not None:
            break
    raise AssertionError(f"no home screen (exit {proc.poll()}): {out[-600:]!r}")


def stop(proc: subprocess.Popen, master: int) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
    try:
        os.close(master)
    except OSError:
        pass


def painted(db: Path, env_extra: dict[str, str]) -> bytes:
    """What the dashboard writes to a fresh terminal until its home screen settles; then it is stopped."""
    proc, master = start(db, env_extra)
    try:
        return read_until_painted(master, proc)
    finally:
        stop(proc, master)


TRUECOLOR = re.compile(rb"\x1b\[[0-9;]*[34]8;2;")
COLOR256 = re.compile(rb"\x1b\[[0-9;]*[34]8;5;")
SGR = re.compile(rb"\x1b\[([0-9;]*)m")
# 256-colour indexes that are shades of grey: black, white, the grey ramp, the cube's diagonal.
GREYS = {0, 7, 8, 15, 16, 59, 102, 145, 188, 231, *range(232, 256)}


def colours(out: bytes) -> list[tuple]:
    """Every foreground / background colour the output sets, as ('256', n), ('rgb', r, g, b) or ('16', n)."""
    found = []
    for m in SGR.finditer(out):
        params = [int(p) if p else 0 for p in m.group(1).split(b";")]
        i = 0
        while i < len(params):
            p = params[i]
            if p in (38, 48) and i + 1 < len(params) and params[i + 1] == 5:
                found.append(("256", params[i + 2]))
                i += 3
            elif p in (38, 48) and i + 1 < len(params) and params[i + 1] == 2:
                found.append(("rgb", *params[i + 2:i + 5]))
                i += 5
            else:
                if 30 <= p <= 37 or 40 <= p <= 47 or 90 <= p <= 97 or 100 <= p <= 107:
                    found.append(("16", p % 10))
                i += 1
    return found


def grey(colour: tuple) -> bool:
    kind, *v = colour
    if kind == "256":
        return v[0] in GREYS
    if kind == "rgb":
        return v[0] == v[1] == v[2]
    return v[0] in (0, 7)  # black, white


def test_256_colour_terminal_gets_256_colours(tui_db):
    out = painted(tui_db, {})
    assert COLOR256.search(out) and not TRUECOLOR.search(out)


def test_no_color_means_shades_of_grey_only(tui_db):
    """NO_COLOR: Textual renders in shades of grey, so nothing may rely on colour (alerts carry '!')."""
    out = painted(tui_db, {"NO_COLOR": "1"})
    assert PAINTED in out and "!".encode() in out
    found = colours(out)
    assert found and all(grey(c) for c in found), sorted({c for c in found if not grey(c)})[:10]


def test_colour_terminal_is_not_grey(tui_db):
    """The check above can fail: in colour, the alerts and accents are not grey."""
    out = painted(tui_db, {})
    assert any(not grey(c) for c in colours(out))


@pytest.mark.parametrize("how", ["sighup", "close"])
def test_a_dropped_session_ends_the_process(tui_db, how):
    proc, master = start(tui_db, {})
    try:
        read_until_painted(master, proc)
        if how == "sighup":  # what sshd sends when the connection drops
            os.killpg(proc.pid, signal.SIGHUP)
        else:  # the terminal itself goes away
            os.close(master)
        proc.wait(timeout=15)
    finally:
        stop(proc, master)
    assert proc.returncode is not None

