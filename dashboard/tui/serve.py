"""``dash serve``: the dashboard in a browser, for the people who hold this launch's token.

textual-serve runs one dashboard process per browser session behind a
websocket. On its own it lets any web page the user has open drive that
websocket; here every request but the page's static files needs the random
token printed at launch (the page takes it as ``?token=…`` and keeps it in a
same-site cookie, the websocket carries it in its path), a websocket must come
from the page's own origin, and only ``max_sessions`` dashboards run at once.
The page is our own: no font or script from outside, words in Chinese. Each
session's process is started with ``--served``: it cannot write files on the
server, and its exports are downloads in the browser.
"""

from __future__ import annotations

import asyncio
import hmac
import html
import secrets
import signal
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from aiohttp import web
from textual_serve.server import Server
from yarl import URL

from ..errors import DashError

PAGE = Path(__file__).with_name("serve_page") / "index.html"
COOKIE = "dash_token"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARD = ("0.0.0.0", "::", "")


class ServeError(DashError):
    """The server could not start (the port is taken, the address is not this machine's)."""


def is_loopback(host: str) -> bool:
    return host in LOOPBACK


@dataclass
class ServeOptions:
    """How ``dash serve`` was asked to run."""

    command: str  # the shell command of one dashboard session
    host: str = "127.0.0.1"
    port: int = 8000
    max_sessions: int = 3
    public_url: str | None = None  # the address users reach it by, e.g. behind a reverse proxy
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))


class DashServer(Server):
    """textual-serve's server, with a token, an Origin check, a session cap and our own page."""

    def __init__(self, options: ServeOptions) -> None:
        super().__init__(options.command, host=options.host, port=options.port, title="dash 看板",
                         public_url=options.public_url)
        self.options = options
        self.sessions: set[asyncio.Task] = set()

    # ------------------------------------------------------------ who may come in

    def _token_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given.encode(), self.options.token.encode())

    def _origin_ok(self, request: web.Request) -> bool:
        """The websocket comes from a page of this server (a foreign page cannot drive it)."""
        origin = request.headers.get("Origin")
        if not origin:
            return False
        try:
            url = URL(origin)
        except ValueError:
            return False
        seen = (url.scheme, (url.host or "").strip("[]").lower(), url.port)
        return seen in self._origins(request)

    def _origins(self, request: web.Request) -> set[tuple[str, str, int | None]]:
        port = self.port
        if self.options.public_url:
            pub = URL(self.options.public_url)
            allowed = {(pub.scheme, (pub.host or "").lower(), pub.port)}
        else:
            allowed = set()
        host = self.options.host
        if is_loopback(host):
            allowed |= {("http", h, port) for h in LOOPBACK}
        elif host in WILDCARD:
            # Reached by any of the machine's names: same origin as the page asked for (the token
            # still decides who gets in).
            asked = URL(f"http://{request.host}")
            allowed.add(("http", (asked.host or "").strip("[]").lower(), asked.port))
        else:
            allowed.add(("http", host.lower(), port))
        return allowed

    @web.middleware
    async def _guard(self, request: web.Request, handler):
        route = request.match_info.route.name
        if route == "static":
            return await handler(request)
        if route == "websocket":
            if not self._token_ok(request.match_info.get("token")):
                return _refusal(403, "访问令牌不对：请打开 dash serve 打印的完整地址")
            if not self._origin_ok(request):
                return _refusal(403, "拒绝：连接不是来自本看板的页面")
            return await handler(request)
        if route in ("index", "download"):
            given = request.query.get("token") if route == "index" else None
            if self._token_ok(given) or self._token_ok(request.cookies.get(COOKIE)):
                response = await handler(request)
                if given:
                    response.set_cookie(COOKIE, self.options.token, httponly=True, samesite="Strict", path="/")
                return response
            return _refusal(403, "需要访问令牌：请打开 dash serve 打印的完整地址（含 ?token=…）")
        return _refusal(404, "没有这个页面")

    # ------------------------------------------------------------ pages

    def build_app(self) -> web.Application:
        """The web application: page, websocket, downloads, static files; everything behind the guard."""
        app = web.Application(middlewares=[self._guard])
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws/{token}", self.handle_session, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, name="static"),
        ])
        app.on_shutdown.append(self._end_sessions)
        return app

    async def handle_index(self, request: web.Request) -> web.Response:
        if len(self.sessions) >= self.options.max_sessions:
            return _refusal(503, f"已有 {len(self.sessions)} 个看板会话在用（上限 {self.options.max_sessions}），"
                                 "请关闭其他标签页后再试")
        base = URL(self.options.public_url) if self.options.public_url else URL(f"{request.scheme}://{request.host}")
        ws_scheme = "wss" if base.scheme == "https" else "ws"
        websocket = str(base.with_scheme(ws_scheme).with_path(f"/ws/{self.options.token}"))
        size = request.query.get("fontsize", "16")
        page = string.Template(PAGE.read_text(encoding="utf-8")).substitute(
            title=html.escape(self.title), static="/static", websocket=html.escape(websocket, quote=True),
            font_size=size if size.isdigit() and 6 <= int(size) <= 48 else "16")
        return web.Response(text=page, content_type="text/html", charset="utf-8",
                            headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})

    async def handle_session(self, request: web.Request) -> web.StreamResponse:
        """One browser session: a dashboard process, unless ``max_sessions`` already run."""
        if len(self.sessions) >= self.options.max_sessions:
            return _refusal(503, f"同时打开的看板已达上限（{self.options.max_sessions} 个）")
        task = asyncio.current_task()
        assert task is not None
        self.sessions.add(task)
        try:
            return await self.handle_websocket(request)
        finally:
            self.sessions.discard(task)

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file an export handed to the browser (the app process streams it)."""
        key = request.match_info["key"]
        try:
            meta = await self.download_manager.get_download_metadata(key)
        except KeyError:
            return _refusal(404, "下载已失效，请在看板中重新导出")
        response = web.StreamResponse()
        kind = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        response.headers["Content-Type"] = kind
        # RFC 6266: an ASCII stand-in, and the real (Chinese) name percent-encoded.
        name = meta.file_name
        plain = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
        how = "inline" if meta.open_method == "browser" else "attachment"
        response.headers["Content-Disposition"] = f"{how}; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"
        await response.prepare(request)
        async for chunk in self.download_manager.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def _end_sessions(self, _app: web.Application) -> None:
        for task in list(self.sessions):
            task.cancel()
        await asyncio.gather(*self.sessions, return_exceptions=True)

    # ------------------------------------------------------------ running

    def run(self, ready: Callable[[str], None]) -> None:
        """Serve until SIGINT or SIGTERM; ``ready(url)`` once listening (the URL carries the token)."""
        asyncio.run(self._run(ready))

    async def _run(self, ready: Callable[[str], None]) -> None:
        runner = web.AppRunner(self.build_app(), handle_signals=False, access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.options.host, self.options.port)
            try:
                await site.start()
            except OSError as exc:
                raise ServeError(_bind_message(self.options.host, self.options.port, exc)) from None
            self.port = runner.addresses[0][1]  # the real one, for --port 0
            ready(self.url())
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            await stop.wait()
        finally:
            await runner.cleanup()

    def url(self) -> str:
        """The address to open, with this launch's token."""
        if self.options.public_url:
            base = URL(self.options.public_url)
        else:
            host = "127.0.0.1" if self.options.host in WILDCARD else self.options.host
            base = URL.build(scheme="http", host=host, port=self.port)
        return str(base.with_path("/").with_query(token=self.options.token))


def _refusal(status: int, message: str) -> web.Response:
    text = f"<!DOCTYPE html><meta charset=utf-8><title>dash</title><p>{html.escape(message)}</p>\n"
    return web.Response(status=status, text=text, content_type="text/html", charset="utf-8")


def _bind_message(host: str, port: int, exc: OSError) -> str:
    import errno

    if exc.errno == errno.EADDRINUSE:
        return f"端口 {port} 已被占用：换一个端口（--port 8001，或 --port 0 自动选择）"
    if exc.errno == errno.EACCES:
        return f"无权使用端口 {port}：请用 1024 以上的端口"
    return f"无法在 {host}:{port} 上监听：{exc.strerror or exc}"


def serve(options: ServeOptions, ready: Callable[[str], None]) -> None:
    """Run ``dash serve`` until interrupted; :class:`ServeError` if it cannot start."""
    DashServer(options).run(ready)
