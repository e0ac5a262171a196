"""`dash serve`: the dashboard over HTTP for whoever holds this launch's token, and nobody else.

Each test starts a real server on a free port (``--port 0``: it prints the port
it got) and talks to it as a browser would (urllib) or as another web page
would (an aiohttp websocket client with a foreign Origin, without the token).
"""

from __future__ import annotations

import asyncio
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest


@pytest.fixture(scope="module")
def db(sample_store) -> Path:
    return sample_store[0]


@dataclass
class Served:
    proc: subprocess.Popen
    url: str  # as printed, with the token
    port: int
    token: str
    said: str  # stderr up to the URL

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def ws(self, token: str | None = None) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/{token or self.token}?width=100&height=30"


def start(db: Path, *args: str, cwd: Path | None = None) -> Served:
    proc = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--db", str(db), "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, cwd=cwd)
    out = b""
    deadline = time.monotonic() + 60
    while b"token=" not in out or not out.endswith(b"\n"):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            raise AssertionError(f"no URL printed: {out!r} {proc.stderr.read().decode()[-800:]}")
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            out += os.read(proc.stdout.fileno(), 4096)
    m = re.search(r"(http://[^\s/]+:(\d+)/\?token=([\w-]+))", out.decode())
    assert m, out
    return Served(proc, m.group(1), int(m.group(2)), m.group(3), "")


def stop(proc: subprocess.Popen) -> str:
    """Stop the server (SIGTERM) and return what it said on stderr."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
    return err.decode()


def get(url: str, headers: dict | None = None) -> tuple[int, str, dict]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, r.read().decode("utf-8", "replace"), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace"), dict(e.headers)


@pytest.fixture
def served(db):
    s = start(db)
    yield s
    stop(s.proc)


# ---------------------------------------------------------------- the page


def test_the_page_needs_the_token(served):
    assert get(served.base + "/")[0] == 403
    assert get(served.base + "/?token=not-the-token")[0] == 403
    status, page, _ = get(served.url)
    assert status == 200 and "<html" in page.lower()


def test_the_page_loads_nothing_from_outside_and_speaks_chinese(served):
    _, page, _ = get(served.url)
    assert "开始" in page and "会话已结束" in page
    assert "Start" not in page and "Session ended" not in page
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^)"']+)""", page)
    refs = [a or b for a, b in refs]
    assert refs and all(r.startswith("/static/") for r in refs), refs
    assert "googleapis" not in page and "https://" not in page
    for ref in refs:  # every one of them is served here
        assert get(served.base + ref)[0] == 200, ref
    assert f"/ws/{served.token}" in page


def test_the_token_differs_at_each_launch(db):
    first, second = start(db), start(db)
    try:
        assert first.token != second.token and len(first.token) >= 24
    finally:
        stop(first.proc)
        stop(second.proc)


def test_serves_on_localhost_only(served):
    listening = {(c[0], c[1]) for c in _listeners(served.port)}
    assert listening and all(host in ("127.0.0.1", "::1") for host, _ in listening), listening
    assert "警告" not in stop(served.proc)


def test_downloads_need_the_token(served):
    assert get(served.base + "/download/0123456789abcdef")[0] == 403
    _, _, headers = get(served.url)
    cookie = headers["Set-Cookie"].split(";")[0]
    assert "HttpOnly" in headers["Set-Cookie"] and "SameSite=Strict" in headers["Set-Cookie"]
    assert get(served.base + "/download/0123456789abcdef", {"Cookie": cookie})[0] == 404  # no such download


# ---------------------------------------------------------------- the websocket


async def connect(url: str, origin: str | None) -> str:
    """'open' and the first bytes the dashboard sent, or 'refused <status>'."""
    headers = {"Origin": origin} if origin else {}
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, headers=headers) as ws:
                msg = await asyncio.wait_for(ws.receive(), 60)
                return "open" if msg.type == aiohttp.WSMsgType.BINARY else f"open {msg.type}"
        except aiohttp.WSServerHandshakeError as exc:
            return f"refused {exc.status}"


def test_a_foreign_page_cannot_drive_the_websocket(served):
    own = served.base
    assert asyncio.run(connect(served.ws(), "http://evil.example")) == "refused 403"
    assert asyncio.run(connect(served.ws(), "null")) == "refused 403"
    assert asyncio.run(connect(served.ws(), None)) == "refused 403"
    assert asyncio.run(connect(f"ws://127.0.0.1:{served.port}/ws?width=80&height=24", own)) == "refused 404"
    assert asyncio.run(connect(served.ws("not-the-token"), own)) == "refused 403"
    assert asyncio.run(connect(served.ws(), "http://evil.example")) == "refused 403"
    assert asyncio.run(connect(served.ws(), own)) == "open"


def test_sessions_are_capped(db):
    s = start(db, "--max-sessions", "1")

    async def two() -> tuple[str, str]:
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(s.ws(), headers={"Origin": s.base}) as first:
                await asyncio.wait_for(first.receive(), 60)  # a dashboard runs for it
                second = await connect(s.ws(), s.base)
                page = await asyncio.to_thread(get, s.url)
                return second, page[0]

    try:
        second, page = asyncio.run(two())
    finally:
        stop(s.proc)
    assert second == "refused 503" and page == 503


# ---------------------------------------------------------------- starting


def test_a_port_in_use_is_one_line_and_exit_1(db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "dashboard", "serve", "--db", str(db), "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and str(port) in lines[0], proc.stderr


def test_another_host_warns_that_traffic_is_unencrypted_and_still_needs_the_token(db):
    s = start(db, "--host", "0.0.0.0")
    try:
        assert get(s.base + "/")[0] == 403
        assert get(s.url)[0] == 200
        assert asyncio.run(connect(s.ws(), "http://evil.example")) == "refused 403"
    finally:
        err = stop(s.proc)
    assert "警告" in err and "0.0.0.0" in err and "未加密" in err


# ---------------------------------------------------------------- no files on the server


async def drive(url: str, origin: str, steps: list[tuple[bytes, str]]) -> str:
    """Send each key sequence once the screen shows the text before it; everything the dashboard wrote."""
    seen = b""
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url, headers={"Origin": origin}) as ws:
            for keys, wait_for in steps:
                if keys:
                    await ws.send_json(["stdin", keys.decode()])
                deadline = time.monotonic() + 60
                while wait_for.encode() not in seen:
                    try:  # (receive's own timeout restarts at each heartbeat: wait_for does not)
                        msg = await asyncio.wait_for(ws.receive(), max(0.1, deadline - time.monotonic()))
                    except asyncio.TimeoutError:
                        words = re.findall("[\u4e00-\u9fff：]{2,}", seen.decode("utf-8", "replace"))
                        raise AssertionError(f"never saw {wait_for!r}; the screen said {words[-30:]}") from None
                    if msg.type == aiohttp.WSMsgType.BINARY:
                        seen += msg.data
                    elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                        raise AssertionError(f"session closed before {wait_for!r}")
    return seen.decode("utf-8", "replace")


def test_a_served_session_hands_its_files_to_the_browser(db, tmp_path):
    """The draft screen's save (ctrl+s: Markdown into the working folder in a terminal) becomes a
    download: nothing lands in the server's working folder. (Every other way to a file is refused
    in a served process: see tests/test_delivery.py.)"""
    s = start(db, cwd=tmp_path)
    try:
        shown = asyncio.run(drive(s.ws(), s.base, [
            (b"", "合计"),  # the home screen, its figures read
            (b"d", "均来自命名查询"),  # the draft screen, its draft built
            (b"\x13", "浏览器下载"),  # ctrl+s
        ]))
    finally:
        stop(s.proc)
    assert "dash-draft-" in shown
    assert sorted(p.name for p in tmp_path.iterdir()) == []


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


def test_a_missing_store_is_one_line_before_serving(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "dashboard", "serve", "--db", str(tmp_path / "none.duckdb"),
                           "--port", "0"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith("错误：数据库不存在") and len(proc.stderr.strip().splitlines()) == 1
