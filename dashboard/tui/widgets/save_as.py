"""Where to save a file: a typed modal that returns the path (or None), the default folder, and
the one way every screen hands a file to its user (:func:`deliver`).

Files go to the folder named in ``dash.toml`` (``[dashboard] save_to``) or the
working folder; an existing file is overwritten only after a second Enter. A
dashboard served in a browser asks only for a file name: the browser downloads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label

from ..delivery import export_file

UNSAFE = str.maketrans({c: "_" for c in '/\\:*?"<>|'})


def save_folder(configured: str) -> Path:
    """The configured folder (``~`` expanded) or the working folder."""
    return Path(configured).expanduser() if configured else Path.cwd()


def file_name(*parts: object, suffix: str) -> str:
    """A file name from words: 立案超90日未决定-2025.xlsx (no path separators from a label)."""
    return "-".join(str(p).translate(UNSAFE) for p in parts if str(p)) + suffix


def deliver(screen: Screen, path: Path, data: bytes, done: str) -> None:
    """Give ``data`` to the user as the file ``path`` (a download when served) and say so:
    ``done：where`` or why it failed, as a notification on ``screen``."""
    existed = not screen.app.is_web and path.expanduser().exists()
    try:
        where = export_file(screen.app, path, data)
    except OSError as exc:
        screen.notify(f"导出失败：{exc.strerror or exc}", severity="error")
        return
    screen.notify(f"{done}（覆盖了原文件）：{where}" if existed else f"{done}：{where}")


class SaveAsScreen(ModalScreen[Path | None]):
    """Ask for a file name; Enter saves, Esc cancels. Served, only the name counts (a download)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消", id="dash.save_cancel", tooltip="不保存，回到上一屏"),
    ]

    def __init__(self, prompt: str, default: Path) -> None:
        super().__init__()
        self.prompt = prompt
        self.default = default
        self.overwrite: Path | None = None  # the existing file the user was warned about

    def compose(self) -> ComposeResult:
        served = self.app.is_web
        if served:
            self.prompt = f"{self.prompt}（浏览器下载）"
        with Vertical(id="save-as"):
            yield Label(self.prompt, id="save-prompt")
            yield Input(self.default.name if served else str(self.default), id="save-path")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.dismiss(None)
            return
        path = Path(text).expanduser()
        if not self.app.is_web and path.exists() and path != self.overwrite:
            self.overwrite = path
            self.query_one("#save-prompt", Label).update(f"“{path.name}”已存在：再按 Enter 覆盖，或改个文件名")
            return
        self.dismiss(path)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if self.overwrite is not None and Path(event.value.strip()).expanduser() != self.overwrite:
            self.overwrite = None
            self.query_one("#save-prompt", Label).update(self.prompt)

    def action_cancel(self) -> None:
        self.dismiss(None)
