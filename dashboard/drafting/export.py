"""A draft written out: Markdown, plain text or .docx, chosen by format or by the file's suffix."""

from __future__ import annotations

import io

from .model import Draft
from .render import render

DRAFT_FORMATS = ("md", "txt", "docx")


def draft_bytes(draft: Draft, fmt: str) -> bytes:
    """The draft as the bytes of a file of format ``fmt`` (md, txt or docx)."""
    if fmt == "docx":
        from .docx_writer import write_docx

        buf = io.BytesIO()
        write_docx(draft, buf)
        return buf.getvalue()
    from ..output import safe_text

    return safe_text(render(draft, fmt)).encode("utf-8")
