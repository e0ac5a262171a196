"""``DashApp.export_file``: a browser download when served, a file on disk in a terminal.

The draft screen and the screenshot command hand their files over through it;
served, the file's folder is ignored (it would name one on the server).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import config
from tests.conftest import SAMPLE_TODAY


@pytest.fixture
def app(sample_store):
    from dashboard.tui.app import DashApp

    return DashApp(sample_store[0], config.Config(), today=SAMPLE_TODAY)


async def test_in_a_terminal_the_file_is_written(app, tmp_path):
    target = tmp_path / "新建文件夹" / "草稿.md"
    async with app.run_test():
        assert not app.is_served
        where = app.export_file(target, "第三部分".encode())
    assert target.read_text(encoding="utf-8") == "第三部分" and where == str(target.resolve())


async def test_served_the_browser_downloads_it_and_nothing_is_written(app, tmp_path, monkeypatch):
    from textual.app import App

    handed: list[tuple[str, str, bytes]] = []

    def deliver_text(self, f, **kw):
        handed.append(("text", kw["save_filename"], f.read().encode(kw["encoding"])))

    def deliver_binary(self, f, **kw):
        handed.append(("binary", kw["save_filename"], f.read()))

    monkeypatch.setattr(App, "is_web", property(lambda self: True))
    monkeypatch.setattr(App, "deliver_text", deliver_text)
    monkeypatch.setattr(App, "deliver_binary", deliver_binary)
    async with app.run_test():
        assert app.is_served
        md = app.export_file(tmp_path / ".ssh" / "authorized_keys.md", "第三部分".encode())
        docx = app.export_file("/etc/报告.docx", b"PK\x03\x04")
    assert handed == [("text", "authorized_keys.md", "第三部分".encode()), ("binary", "报告.docx", b"PK\x03\x04")]
    assert "authorized_keys.md" in md and "报告.docx" in docx
    assert not (tmp_path / ".ssh").exists()


async def test_the_screenshot_command_goes_through_it(app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    async with app.run_test() as pilot:
        app.save_screenshot_file()
        await pilot.pause()
    shots = list(Path(tmp_path).glob("dash截图-*.svg"))
    assert len(shots) == 1 and shots[0].read_text(encoding="utf-8").startswith("<svg")


async def test_served_every_screen_exports_as_a_download(app, tmp_path, monkeypatch):
    """Draft (x and ctrl+s), rows, 待办 and 会议简报: the save prompt asks only for a file name and
    the file goes to the browser; nothing is written where the dashboard runs."""
    from textual.app import App
    from textual.widgets import Input

    from dashboard.tui.widgets.save_as import SaveAsScreen

    handed: list[tuple[str, bytes]] = []
    monkeypatch.setattr(App, "is_web", property(lambda self: True))
    monkeypatch.setattr(App, "deliver_text", lambda self, f, **kw: handed.append((kw["save_filename"],
                                                                                  f.read().encode())))
    monkeypatch.setattr(App, "deliver_binary", lambda self, f, **kw: handed.append((kw["save_filename"], f.read())))
    monkeypatch.chdir(tmp_path)

    async def settle(pilot) -> None:
        for _ in range(4):
            await app.workers.wait_for_complete()
            await pilot.pause()

    async def save(pilot, key: str = "x") -> str:
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, SaveAsScreen)
        name = app.screen.query_one(Input).value
        assert "/" not in name  # no folder of the server is offered
        await pilot.press("enter")
        await settle(pilot)
        return name

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        names = [await save(pilot)]
        await pilot.press("ctrl+s")
        await settle(pilot)
        names.append(names[0].replace(".docx", ".md"))
        app.pop_screen()
        app.open_rows("petitions_all")
        await settle(pilot)
        names.append(await save(pilot))
        app.pop_screen()
        app.open_todo()
        await settle(pilot)
        names.append(await save(pilot))
        app.pop_screen()
        await pilot.press("b")
        await settle(pilot)
        names.append(await save(pilot))
    assert [n for n, _ in handed] == names
    assert names[0].endswith(".docx") and names[2].endswith(".xlsx") and names[4].endswith(".docx")
    assert all(data[:2] == b"PK" for n, data in handed if not n.endswith(".md"))
    assert "法治政府建设" in handed[1][1].decode("utf-8")
    assert list(tmp_path.iterdir()) == []


def test_a_served_process_cannot_create_or_change_a_file(tmp_path):
    """forbid_file_writes (installed in every served session): writing, creating, renaming and removing
    fail with one Chinese reason; reading still works. In a child process: the hook is for good."""
    import subprocess
    import sys

    keep = tmp_path / "keep.txt"
    keep.write_text("原样")
    code = f"""
import os, shutil
from pathlib import Path
from dashboard.tui.delivery import forbid_file_writes
forbid_file_writes()
tmp, keep = Path({str(tmp_path)!r}), Path({str(keep)!r})
tries = {{
    "write": lambda: (tmp / "new.md").write_text("x"),
    "append": lambda: keep.open("a").write("x"),
    "mkdir": lambda: (tmp / "d").mkdir(),
    "rename": lambda: keep.rename(tmp / "moved.txt"),
    "remove": lambda: keep.unlink(),
    "copy": lambda: shutil.copyfile(keep, tmp / "copy.txt"),
}}
for name, act in tries.items():
    try:
        act()
        print(name, "WROTE")
    except PermissionError as exc:
        print(name, "refused" if "服务器上写文件" in str(exc) else exc)
print("read", keep.read_text())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[:-1] == [f"{n} refused" for n in ("write", "append", "mkdir", "rename", "remove", "copy")]
    assert lines[-1] == "read 原样"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"] and keep.read_text() == "原样"
