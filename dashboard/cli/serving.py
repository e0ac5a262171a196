"""The dashboard: opened in this terminal (``dash`` alone) or served to a browser (``dash serve``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import UserError
from .base import ConfigOption, DbOption, _edge, _guard, app, say

def _open_dashboard(ctx: typer.Context, year: Optional[int], unmask: bool, served: bool = False) -> None:
    edge = _edge(ctx)
    if year is not None and year != edge.today.year:  # a wrong year is said first, terminal or not
        figures = edge.figures()
        try:
            years = figures.years
        finally:
            figures.close()
        if year not in years:
            from ..figures import no_data_note

            raise UserError(f"{no_data_note(year, years)}，看板不打开没有数据的年度")
    if not served and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError("需要在终端中运行（或用 dash query / dash draft）")
    try:
        from ..tui.app import run_dashboard
    except ImportError:
        raise UserError("看板尚未安装（dashboard.tui 不可用）；可先用 dash query") from None
    run_dashboard(edge.db, edge.load_config(), edge.today, year=year, unmask=unmask, say=say, served=served)



@app.command()
@_guard
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="监听地址（默认仅本机 127.0.0.1）")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口（0 为自动选择）", min=0, max=65535)] = 8000,
    max_sessions: Annotated[int, typer.Option("--max-sessions", help="同时打开的看板上限", min=1)] = 3,
    public_url: Annotated[Optional[str], typer.Option(
        "--public-url", help="经反向代理访问时的地址，如 https://dash.example.gov.cn")] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """在浏览器中打开同一个看板；需用启动时打印的带令牌地址访问，默认只监听 127.0.0.1。"""
    import shlex

    try:
        from ..tui.serve import ServeOptions, is_loopback, serve as run_server
    except ImportError:
        raise UserError("网页看板不可用（缺少 textual-serve）") from None
    edge = _edge(ctx, db, config)
    edge.load_config()  # a broken dash.toml is one line here, not an error page in every session
    store = edge.store_path().resolve()  # built here: a served session may not write files
    if not store.exists():
        raise UserError(f"数据库不存在：{store}。先运行 dash ingest 目录 --db {store}")
    parts = [sys.executable, "-m", "dashboard", "--served", "--db", str(store)]
    if edge.config:
        parts += ["--config", str(Path(edge.config).resolve())]
    if public_url and not public_url.startswith(("http://", "https://")):
        raise UserError(f"--public-url 应以 http:// 或 https:// 开头：{public_url}")
    if not is_loopback(host):
        say(f"警告：看板将监听 {host}，传输未加密（HTTP），同一网络中的人可能截获访问令牌和数据；"
            "需要从其他电脑访问时，请放在带 TLS 和登录的反向代理之后（见 README）。")
    # exec: the shell textual-serve starts becomes the dashboard, one process per session.
    options = ServeOptions("exec " + shlex.join(parts), host=host, port=port, max_sessions=max_sessions,
                           public_url=public_url)

    def ready(url: str) -> None:
        print(f"看板地址（含本次启动的访问令牌，勿外传）：{url}", flush=True)
        say(f"最多同时 {max_sessions} 个会话；Ctrl+C 停止。")

    run_server(options, ready)
