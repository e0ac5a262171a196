"""`dash serve`: the dashboard over HTTP (textual-serve), on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest



@pytest.fixture(scope="module")
def db(sample_store) -> Path:
    return sample_store[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path, *args: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--db", str(db), "--port", str(port), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    return proc, port


def get(url: str, proc: subprocess.Popen, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited {proc.returncode}: {proc.stderr.read().decode()[-800:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing on {url} after {timeout} s")


def stop(proc: subprocess.Popen) -> tuple[str, str]:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        out, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    return out.decode(), err.decode()


def test_serves_the_dashboard_page_on_localhost_only(db):
    proc, port = serve(db)
    try:
        page = get(f"http://127.0.0.1:{port}/", proc)
        assert "dash" in page and "<html" in page.lower()
        listening = {(c[0], c[1]) for c in _listeners(port)}
        assert listening and all(host in ("127.0.0.1", "::1") for host, _ in listening), listening
    finally:
        _, err = stop(proc)
    assert "警告" not in err


def test_another_host_is_served_with_a_warning(db):
    proc, port = serve(db, "--host", "0.0.0.0")
    try:
        get(f"http://127.0.0.1:{port}/", proc)
    finally:
        _, err = stop(proc)
    assert "警告" in err and "0.0.0.0" in err


def _listeners(port: int) -> list[tuple[str, int]]:
    """Local addresses listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = []
    for name, size in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        try:
            lines = Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            addr, p = local.split(":")
            if state != "0A" or int(p, 16) != port:  # 0A = LISTEN
                continue
            raw = bytes.fromhex(addr)
            if size == 4:
                host = socket.inet_ntop(socket.AF_INET, raw[::-1])
            else:
                host = socket.inet_ntop(socket.AF_INET6, b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4)))
            found.append((host, int(p, 16)))
    return found
