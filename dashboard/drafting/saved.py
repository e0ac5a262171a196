"""A year's edited draft, kept beside the store (``drafts/2024.md`` next to the store file).

The draft screen saves the Markdown as the user types and reads it back when the
draft is opened again, so an edit survives closing the dashboard. The folder and
files are private to the user, like the store itself; a file is replaced whole
(written beside it, then renamed), so a crash never leaves half a draft.
"""

from __future__ import annotations

import os
from pathlib import Path

DRAFTS_DIR = "drafts"


def saved_path(store: Path, year: int) -> Path:
    """Where the edited draft of ``year`` for ``store`` is kept."""
    return Path(store).parent / DRAFTS_DIR / f"{year}.md"


def read_saved(path: Path) -> str | None:
    """The saved Markdown, or None when there is none (or it cannot be read as text)."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_saved(path: Path, text: str) -> Path:
    """Save ``text`` at ``path`` (folder 0700, file 0600); raises OSError when it cannot."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def discard_saved(path: Path) -> bool:
    """Remove the saved draft (重新生成); whether there was one."""
    try:
        path.unlink()
        return True
    except FileNotFoundError:
        return False
