"""The dashboard application: state (store, year, 同比), workers that open the store, navigation.

Database work runs in thread workers that post messages; handlers here and on
the screens change what is shown. The store file is watched: when an ingest
replaces it, the figures are reopened and every screen reloads. Screens never
import this module: they see the app as a :class:`~.context.Dashboard`.

The dashboard opens on the current year judged as of today (今日); the last full
year is one ``Y`` away. Past years are judged as of their 31 December.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message

from ..clock import Period
from ..output import safe_text
from .chinese import TextualInChinese
from .commands import DashCommands
from .context import DashScreen, own_bindings
from .loading import FigureCache
from .navigation import ShowPanel, ShowRows, ShowTodo
from .widgets.header import HeaderInfo

if TYPE_CHECKING:
    from ..config import Config
    from ..figures import Figures

WATCH_SECONDS = 2.0
# Signals that end the dashboard, each with the exit code a shell expects (128 + number).
EXIT_SIGNALS = ((signal.SIGHUP, 129), (signal.SIGINT, 130), (signal.SIGTERM, 143))


class StoreOpened(Message):
    """A worker opened the store (or failed to: ``error`` says why)."""

    def __init__(self, figures: Figures | None, stamp: Any, error: str | None = None) -> None:
        super().__init__()
        self.figures = figures
        self.stamp = stamp
        self.error = error


def store_stamp(db: Path) -> tuple[int, int, int] | None:
    """What changes when an ingest renames a new store into place."""
    try:
        st = db.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class DashApp(TextualInChinese, App[None]):
    """dash: the rule-of-law dashboard."""

    COMMANDS = App.COMMANDS | {DashCommands}
    CSS_PATH = Path(__file__).with_name("dash.tcss")  # absolute: subclasses live elsewhere
    TITLE = "dash"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "退出", id="dash.quit", tooltip="退出看板"),
        Binding("question_mark", "help", "帮助", id="dash.help", key_display="?", tooltip="按键说明"),
        # The footer shows "y/Y 年度": one entry for both ways, so it never offers only
        # 下一年 on the last year. Y and r have no footer entry of their own.
        Binding("y", "year(1)", "年度", id="dash.year_next", key_display="y/Y",
                tooltip="y 下一个年度，Y 上一个年度（今年之前是上一个完整年度）"),
        Binding("Y", "year(-1)", "上一年", id="dash.year_previous", key_display="Y", show=False,
                tooltip="切换到上一个年度"),
        Binding("c", "toggle_compare", "同比", id="dash.compare",
                tooltip="在每个数字旁显示比上年增减（上年按12月31日判断）"),
        Binding("r", "reload", "刷新", id="dash.reload", show=False, tooltip="重新读取数据库"),
        Binding("d", "draft", "起草", id="dash.draft", tooltip="起草年度法治政府建设情况报告（第一至四部分）"),
        Binding("t", "todo", "待办", id="dash.todo", tooltip="全部领域的待办事项：谁的、何时到期、超期几天"),
        Binding("b", "brief", "简报", id="dash.brief", tooltip="会议简报：各领域主要指标及同比、各股室待办、超期事项"),
        # Declared here so the footer says 命令 rather than Textual's English default.
        Binding("ctrl+p", "command_palette", "命令", id="dash.palette", show=False, priority=True,
                tooltip="打开命令面板：年度、面板、记录、起草……"),
    ]

    def __init__(self, db: Path, config: Config, today: date, year: int | None = None, unmask: bool = False,
                 built_sample: bool = False) -> None:
        super().__init__()
        self.db = Path(db)
        self.config = config
        self.unmask = unmask
        self.today = today
        self.requested_year = year
        self.built_sample = built_sample
        self.figures: Figures | None = None
        self.cache = FigureCache()
        self.store_error = ""
        self.period = Period.of(year or self.today.year, self.today)  # 今日: this year, as of today
        self.compare = False
        self._stamp: Any = None
        self._opened_once = False
        self._reopen_pending = False
        self._tty_fd: int | None = None
        self._closed_figures: Figures | None = None  # the Figures a reopen closed, to hand screens the new one
        if config.keys:
            self.set_keymap(dict(config.keys))

    # ------------------------------------------------------------------ lifecycle

    def get_default_screen(self):
        from .home.screen import HomeScreen

        return HomeScreen()

    def on_load(self) -> None:
        self._install_hangup()  # before the terminal is switched over, so a signal always restores it

    def on_mount(self) -> None:
        stdin = sys.__stdin__
        self._tty_fd = stdin.fileno() if stdin is not None and stdin.isatty() else None
        # Open the store once the first frame is out: importing DuckDB holds the GIL.
        self.call_after_refresh(self.open_store)
        self.set_interval(WATCH_SECONDS, self.check_store)

    def _install_hangup(self) -> None:
        # A dropped SSH session sends SIGHUP, `kill` SIGTERM, `kill -INT` SIGINT: each ends the
        # process the clean way, leaving the terminal as it was (main screen, mouse off, cursor on).
        import asyncio

        for sig, code in EXIT_SIGNALS:
            try:
                asyncio.get_running_loop().add_signal_handler(sig, self._hangup, code)
            except (NotImplementedError, RuntimeError, ValueError, AttributeError):
                pass

    def _hangup(self, code: int = 129) -> None:
        # Restoring a terminal that is gone can block: give the clean exit 3 s, then go.
        import threading

        watchdog = threading.Timer(3.0, os._exit, (code,))
        watchdog.daemon = True
        watchdog.start()
        self.exit(return_code=code)

    def on_unmount(self) -> None:
        import asyncio

        for sig, _ in EXIT_SIGNALS:
            try:
                asyncio.get_running_loop().remove_signal_handler(sig)
            except (NotImplementedError, RuntimeError, ValueError, AttributeError):
                pass
        if self.figures is not None:
            self.figures.close()

    @work(thread=True, exclusive=True, group="store")
    def open_store(self) -> None:
        """Open the store in a worker (importing DuckDB happens here, after first paint)."""
        from .. import bootstrap, store

        stamp = store_stamp(self.db)
        try:
            figures = bootstrap.open_figures(self.db, self.config, self.today, unmask=self.unmask)
            figures.years  # read here, in the worker, not on the screen's thread
        except Exception as exc:  # noqa: BLE001 - StoreError, a corrupt or foreign file…
            exc = store.damaged(exc, self.db) or exc  # damage met by a first query: name the file, the way out
            self.post_message(StoreOpened(None, stamp, str(exc).splitlines()[0] if str(exc) else repr(exc)))
            return
        self.post_message(StoreOpened(figures, stamp))

    @on(StoreOpened)
    def _store_opened(self, message: StoreOpened) -> None:
        self._stamp = message.stamp
        self.cache = FigureCache()
        if message.figures is None:
            self.store_error = safe_text(message.error or "数据库无法打开")
            self.notify(self.store_error, title="数据库", severity="error")
            self.reload_all()
            return
        reopened, self._opened_once = self._opened_once, True
        self.figures, self.store_error = message.figures, ""
        self.config = message.figures.config  # with the sample bureau's profile under a sample store
        for screen in self.screen_stack:  # e.g. the draft screen keeps its own reference
            if self._closed_figures is not None and getattr(screen, "figures", None) is self._closed_figures:
                screen.figures = self.figures  # type: ignore[attr-defined]
        self._closed_figures = None
        if reopened:
            self.notify("数据库已更新，已重新加载", title="数据")
        self.reload_all()

    def check_store(self) -> None:
        """Timer: reopen the store when an ingest has replaced the file; exit if the terminal is gone."""
        if self._tty_fd is not None and not os.isatty(self._tty_fd):
            self._hangup()  # no SIGHUP came, but the terminal hung up (stdin reads EOF forever)
            return
        stamp = store_stamp(self.db)
        if stamp is not None and self._stamp is not None and stamp != self._stamp:
            self._stamp = stamp
            self.reopen_store()

    def reopen_store(self) -> None:
        """Close the open store and open the file again, once no query is running on it.

        DuckDB shares one database instance per path within a process, so the old
        connection must be closed first or the new one would still see the old file.
        """
        self._reopen_pending = True
        self.workers.cancel_group(self, "warmup")
        if any(w.is_running and w.group not in ("store", "warmup") for w in self.workers):
            self.set_timer(0.1, self._retry_reopen)
            return
        self._reopen_pending = False
        if self.figures is not None:
            self._closed_figures, self.figures = self.figures, None
            self._closed_figures.close()
        self.open_store()

    def _retry_reopen(self) -> None:
        if self._reopen_pending:
            self.reopen_store()

    def reload_all(self) -> None:
        """Every screen on the stack reloads for the current year, store and 同比 setting."""
        self.workers.cancel_group(self, "warmup")
        for screen in self.screen_stack:
            if isinstance(screen, DashScreen):
                screen.reload()

    def warm_up(self) -> None:
        """The home screen is filled: use the idle time for what the next keys will need."""
        if self.figures is not None:
            self._warm(self.figures, self.period)

    @work(thread=True, exclusive=True, group="warmup")
    def _warm(self, figures: Figures, period: Period) -> None:
        from textual.worker import get_current_worker

        from .warmup import warm

        worker = get_current_worker()
        warm(figures, period, self.cache, lambda: worker.is_cancelled or self.figures is not figures)

    # ------------------------------------------------------------------ state shown in headers

    def header_info(self, where: str = "") -> HeaderInfo:
        bureau = self.config.bureau.name or "【单位名称】"
        short = self.config.bureau.short_name or bureau
        if self.figures is None:
            return HeaderInfo(bureau, short, where=where, error=self.store_error or "",
                              sample=self._sample_note())
        return HeaderInfo(bureau, short, self.period.year, self.period.as_of,
                          self.figures.meta.get("ingested_at"), self.today, self._sample_note(),
                          self.compare, where)

    def _sample_note(self) -> str:
        if self.built_sample:
            return "首次运行：已用内置示例数据建库"
        if self.figures is not None:
            from ..store import built_from_sample

            if built_from_sample(self.figures.meta):
                return "示例数据"
        return ""

    @property
    def years(self) -> list[int]:
        """The years to move between: those with records, and the current year even with none yet."""
        years = set(self.figures.years) if self.figures is not None else set()
        return sorted(years | {self.today.year, self.period.year})

    # ------------------------------------------------------------------ actions

    def action_year(self, step: int) -> None:
        """One year on or back, in order (from 2026, Y is 2025)."""
        years = self.years
        i = years.index(self.period.year) + step
        if not 0 <= i < len(years):
            self.notify("已是" + ("最后" if step > 0 else "最早") + f"一个年度（{self.period.year}年）")
            return
        self.switch_year(years[i])

    def switch_year(self, year: int) -> None:
        self.period = Period.of(year, self.today)
        self.reload_all()

    def action_toggle_compare(self) -> None:
        self.compare = not self.compare
        self.reload_all()

    def action_reload(self) -> None:
        self.reopen_store()

    def help_sections(self) -> list[tuple[str, list[Binding]]]:
        """Help's sections: the app's keys, then each screen's (read from their bindings)."""
        from .detail.screen import DetailScreen
        from .draft.screen import DraftScreen
        from .home.screen import HomeScreen
        from .rows.record import RecordScreen
        from .rows.screen import RowsScreen

        from .todo.brief import BriefScreen
        from .todo.screen import TodoScreen

        out = [("全局", own_bindings(type(self)))]
        out += [(s.HELP_TITLE, s.key_bindings())
                for s in (HomeScreen, DetailScreen, RowsScreen, RecordScreen, TodoScreen, BriefScreen)]
        out.append(("报告草稿", [b for b in DraftScreen.BINDINGS if isinstance(b, Binding)]))
        return out

    def notify(self, message: str, *args: Any, title: str = "", markup: bool = False, **kwargs: Any) -> None:
        """Every notification of every screen, its text made safe: it can quote a ledger cell, whose
        escape sequences are shown and whose [brackets] are text, not markup."""
        super().notify(safe_text(str(message)), *args, title=safe_text(title), markup=markup, **kwargs)

    @property
    def is_served(self) -> bool:
        """Running in a browser through ``dash serve``: exports are downloads, never files on the server."""
        return self.is_web

    def export_file(self, name: str | os.PathLike, data: bytes) -> str:
        """Give ``data`` to the user as file ``name`` (see :func:`delivery.export_file`); where it went."""
        from .delivery import export_file

        return export_file(self, name, data)

    def action_help(self) -> None:
        from .help.screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections(), self.config.keys))

    def action_home(self) -> None:
        from .home.screen import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The draft screen is for one year: year, 同比, 起草, 待办 and 简报 keys do nothing there."""
        # A draft screen can be on the stack only once its module is loaded; importing it here
        # would cost the first frame 30 ms (the footer asks before the first paint).
        # The idle-time warm-up may be importing it on its thread at this moment: a module still
        # being initialised has no DraftScreen yet, and then no draft screen can be open either.
        draft_screen = getattr(sys.modules.get(f"{__package__}.draft.screen"), "DraftScreen", None)
        on_draft = draft_screen is not None and any(isinstance(s, draft_screen) for s in self.screen_stack)
        return not (on_draft and action in ("year", "toggle_compare", "draft", "todo", "brief"))

    def action_todo(self) -> None:
        self.open_todo()

    def action_brief(self) -> None:
        from .todo.brief import BriefScreen

        if not isinstance(self.screen, BriefScreen):
            self.push_screen(BriefScreen())

    def action_draft(self) -> None:
        from .draft.screen import DraftScreen

        if self.figures is None:
            self.notify("数据尚未加载，稍后再试", severity="warning")
            return
        self.push_screen(DraftScreen(self.figures, self.period, save_to=self.config.dashboard.save_to))

    # ------------------------------------------------------------------ drill-down

    @on(ShowRows)
    def _show_rows(self, message: ShowRows) -> None:
        self.open_rows(message.query, message.needle)

    @on(ShowPanel)
    def _show_panel(self, message: ShowPanel) -> None:
        self.open_panel(message.key)

    @on(ShowTodo)
    def _show_todo(self, message: ShowTodo) -> None:
        self.open_todo()

    def open_todo(self) -> None:
        from .todo.screen import TodoScreen

        if not isinstance(self.screen, TodoScreen):
            self.push_screen(TodoScreen())

    def open_rows(self, query: str, needle: str = "") -> None:
        from .rows.screen import RowsScreen

        self.push_screen(RowsScreen(query, needle))

    def open_panel(self, key: str) -> None:
        from .detail.screen import DetailScreen

        self.push_screen(DetailScreen(key))


def run_dashboard(db: str | os.PathLike | None, config: Config, today: date, year: int | None = None,
                  unmask: bool = False, say=lambda _: None, served: bool = False) -> None:
    """Open the dashboard on the store (built from the bundled sample data when there is none).

    ``served``: one session of ``dash serve``, which may not write any file on the server.
    """
    from .. import bootstrap

    from .. import store

    path, built = bootstrap.ensure_store(db, today, say)
    if not path.exists():
        raise store.StoreError(f"数据库不存在：{path}。先运行 dash ingest 目录 --db {path}")
    if served:
        from .delivery import forbid_file_writes

        forbid_file_writes()
    app = DashApp(path, config, today, year=year, unmask=unmask, built_sample=built)
    try:
        app.run()
    except OSError:
        # The terminal went away (SSH dropped) while restoring it: nothing left to show.
        pass
    if app.return_code in {code for _, code in EXIT_SIGNALS}:
        sys.exit(app.return_code)
