"""Reading an edited Markdown draft back into the draft model.

The TUI lets the user edit the Markdown in place. Bold spans (``**6次**``) whose
text still matches a figure of the original draft keep their reference, in
order, so the edited draft can still show the rows behind each number; other
text becomes :class:`UserText`, ``【待补充：…】`` stays a placeholder and ``【建议补充】`` a
suggestion mark.
"""

from __future__ import annotations

import re

from .model import (
    BODY,
    H1,
    H2,
    NOTE,
    SUGGESTION,
    TITLE,
    Draft,
    Fig,
    Paragraph,
    Placeholder,
    Run,
    Suggestion,
    UserText,
)

_TOKEN = re.compile(r"\*\*(.+?)\*\*|【待补充：(.*?)】|(" + re.escape(SUGGESTION) + ")")
_HEADINGS = (("### ", H2), ("## ", H1), ("# ", TITLE))


def from_markdown(text: str, original: Draft) -> Draft:
    """The edited text as a draft; figures that survived the edit keep their query."""
    pool = _FigurePool(original)
    paragraphs: list[Paragraph] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        style = BODY
        for prefix, kind in _HEADINGS:
            if line.startswith(prefix):
                style, line = kind, line[len(prefix):].strip()
                break
        if style == TITLE and _title(original) == line:
            paragraphs += [p for p in original.paragraphs if p.style in (TITLE, NOTE)]
            continue
        paragraphs.append(Paragraph(style, _runs(line, pool)))
    draft = Draft(year=original.year, bureau=original.bureau, as_of=original.as_of,
                  paragraphs=paragraphs, edited=True, checks=list(original.checks),
                  sections=original.sections, author=original.author)
    kept = {r.ref.key: r.ref for r in draft.figure_runs}
    draft.figures = list(kept.values())
    draft.consulted = [r for r in (*original.figures, *original.consulted) if r.key not in kept]
    draft.sources = list(original.sources)
    draft.rows_consulted = list(original.rows_consulted)
    return draft


def _title(draft: Draft) -> str:
    return "".join(p.text for p in draft.paragraphs if p.style in (TITLE, NOTE))


class _FigurePool:
    """The original figure runs, handed out in order to bold spans with the same text."""

    def __init__(self, draft: Draft):
        self.runs = list(draft.figure_runs)
        self.next = 0

    def take(self, text: str) -> Fig | None:
        for i in range(self.next, len(self.runs)):
            if self.runs[i].text == text:
                self.next = i + 1
                return self.runs[i]
        for i in range(self.next):  # moved earlier by the edit
            if self.runs[i].text == text:
                return self.runs[i]
        return None


def _runs(line: str, pool: _FigurePool) -> list[Run]:
    out: list[Run] = []
    pos = 0
    for m in _TOKEN.finditer(line):
        if m.start() > pos:
            out.append(UserText(line[pos:m.start()]))
        if m.group(1) is not None:
            fig = pool.take(m.group(1))
            out.append(fig if fig is not None else UserText(m.group(1)))
        elif m.group(3) is not None:
            out.append(Suggestion())
        else:
            out.append(Placeholder(m.group(2)))
        pos = m.end()
    if pos < len(line):
        out.append(UserText(line[pos:]))
    return _merge(out)


def _merge(runs: list[Run]) -> list[Run]:
    """Adjacent user text as one run."""
    out: list[Run] = []
    for r in runs:
        if out and isinstance(r, UserText) and isinstance(out[-1], UserText):
            out[-1] = UserText(out[-1].text + r.text)
        else:
            out.append(r)
    return out
