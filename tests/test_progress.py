"""`dash ingest` shows a progress bar on a terminal for large inputs, and only then."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import paths

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")

BAR = "━".encode()  # rich's bar


def ingest_on_a_terminal(db: Path, threshold: int | None) -> tuple[int, bytes]:
    """Run `dash ingest sample_data` with stdout/stderr on a pty; the threshold lowered if given."""
    lower = f"c.PROGRESS_BYTES = {threshold}; " if threshold is not None else ""
    code = (f"import sys; import dashboard.cli as cli; import dashboard.cli.loading as c; {lower}"
            f"sys.argv = ['dash', 'ingest', {str(paths.sample_data_dir())!r}, '--db', {str(db)!r}]; cli.main()")
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave,
                            env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}, close_fds=True)
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            proc.kill()
            raise AssertionError(f"no output for 60 s: {out[-400:]!r}")
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other side closed: the process is done
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(30), out


def test_large_input_shows_a_progress_bar(tmp_path):
    code, out = ingest_on_a_terminal(tmp_path / "a.duckdb", threshold=0)
    assert code == 0, out[-600:]
    assert BAR in out and "读取".encode() in out
    assert "合计".encode() in out or "行政处罚".encode() in out  # the summary follows the bar


def test_small_input_has_no_bar(tmp_path):
    code, out = ingest_on_a_terminal(tmp_path / "b.duckdb", threshold=None)
    assert code == 0, out[-600:]
    assert BAR not in out
