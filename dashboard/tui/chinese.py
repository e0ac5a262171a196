"""Textual's own words, in Chinese: the palette's system commands, Ctrl+C, screenshots.

A mixin of the dashboard app: what Textual says or does by itself (an English
palette, "Do you want to quit?", a screenshot saved to ~/Downloads, which may
not exist on a server) said and done here the dashboard's way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand

from ..clock import now
from .commands import DashPalette
from .widgets.save_as import file_name, save_folder

if TYPE_CHECKING:
    from ..config import Config

    _Base = App[None]
else:
    _Base = object


class TextualInChinese(_Base):
    """Mixed into the app before Textual's ``App``, so these override Textual's own."""

    config: Config

    def get_system_commands(self, screen: Any) -> Iterable[SystemCommand]:
        """Textual's own palette entries, in Chinese and only those that make sense here."""
        yield SystemCommand("主题配色", "切换界面配色（浅色、深色……）", self.action_change_theme)
        yield SystemCommand("帮助", "按键说明和每个按键的 id", self.action_help)
        yield SystemCommand("截图", "把当前屏幕存为 SVG 图片（个人信息照样遮蔽）",
                            lambda: self.set_timer(0.1, self.save_screenshot_file))
        yield SystemCommand("退出", "退出看板", self.action_quit)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not DashPalette.is_open(self):
            self.push_screen(DashPalette(id="--command-palette"))

    def action_help_quit(self) -> None:
        """Ctrl+C (a reflex over SSH): say in Chinese which key quits."""
        quits = [b.binding for b in self.active_bindings.values() if b.binding.action in ("quit", "app.quit")]
        quits.sort(key=lambda b: b.id != "dash.quit")  # ours (q, or as [keys] remaps it) before Textual's ctrl+q
        if quits:
            self.notify(f"按 {self.get_key_display(quits[0])} 退出看板", title="要退出吗？")

    def save_screenshot_file(self) -> None:
        """Save the screen as SVG in the configured folder or the working folder, and say where."""
        folder = save_folder(self.config.dashboard.save_to)
        name = file_name("dash截图", f"{now():%Y%m%d-%H%M%S}", suffix=".svg")
        try:  # served: a download in the browser, never a file on the server
            if not self.is_served and not folder.is_dir():
                raise FileNotFoundError(2, "文件夹不存在")
            where = self.export_file(folder / name, self.export_screenshot().encode("utf-8"))
        except OSError as exc:
            self.notify(f"截图未保存：{folder}（{exc.strerror or exc}）", title="截图", severity="error")
            return
        self.notify(f"截图已保存：{where}", title="截图")
