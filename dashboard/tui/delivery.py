"""Files the dashboard hands to its user, and the rule that a served dashboard writes none.

Served by ``dash serve``, the dashboard runs on the server: a path typed into it
names a file on the server, not on the user's PC. So a served dashboard hands
every export to the browser as a download, and :func:`forbid_file_writes` makes
any other attempt to create or change a file fail, whichever screen tries.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

# Sent as text with a charset, so a browser shows Chinese right.
TEXT_SUFFIXES = {".md", ".txt", ".csv", ".svg", ".json"}


def export_file(app: App, name: str | os.PathLike, data: bytes) -> str:
    """Give ``data`` to the user as the file ``name``; where it went, for a notification.

    Served: the browser downloads it (only the file name counts; no folder on the
    server is ever involved). In a terminal: written at ``name`` (folders created),
    overwriting; an OSError tells why not.
    """
    if app.is_web:
        filename = Path(name).name or "dash-export"
        if Path(filename).suffix.lower() in TEXT_SUFFIXES:
            app.deliver_text(io.StringIO(data.decode("utf-8")), save_filename=filename, encoding="utf-8",
                             open_method="download", name="export")
        else:
            app.deliver_binary(io.BytesIO(data), save_filename=filename, open_method="download", name="export")
        return f"浏览器下载 {filename}"
    path = Path(name).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path.resolve())


# Events that create, change or remove a file (see the audit events table of the Python docs).
_CHANGES = frozenset({"os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.symlink", "os.link",
                      "os.truncate", "os.chmod", "os.chown", "os.utime", "os.mkfifo", "os.mknod",
                      "shutil.copyfile", "shutil.copymode", "shutil.copystat", "shutil.rmtree", "shutil.move"})
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _refuse_writes(event: str, args: tuple) -> None:
    if event == "open":
        path, _mode, flags = args
        if isinstance(path, int) or not isinstance(flags, int) or not flags & _WRITE_FLAGS:
            return  # reading, or a descriptor already open (the served session's stdout)
    elif event not in _CHANGES:
        return
    target = args[0] if args else ""
    raise PermissionError(f"网页看板不能在服务器上写文件：{target}")


_forbidden = False


def forbid_file_writes() -> None:
    """From now on this process cannot create, change or remove a file through Python.

    For a served dashboard's process: whatever a screen does, a typed path never
    becomes a file on the server. (An audit hook cannot be removed: the process
    is the one served session.) Python's own bytecode cache skips writing quietly.
    """
    global _forbidden
    if not _forbidden:
        sys.dont_write_bytecode = True
        sys.addaudithook(_refuse_writes)
        _forbidden = True
