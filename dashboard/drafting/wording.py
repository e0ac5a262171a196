"""Small helpers for the report's wording: cleaning ledger text, lists, dates, numbering.

Every choice of words here is made on raw ledger values (``MaskedRow.raw``): the
text that reaches the report goes out through :class:`RowText` runs, which the
draft masks in one pass at the end (see :mod:`.masking`). So a masked and an
unmasked draft have the same sentences, only the personal values differ.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .model import Composer, Label, Param, Part, cn_ordinal

# How many examples a sentence lists before it says 等.
EXAMPLES = 3


# Half-width punctuation that an export (or ingest's folding) left in Chinese text.
_HALF_WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ";": "；", ":": "："})
_CJK = re.compile(r"[\u3400-\u9fff]")


def clean(v: Any) -> str:
    """A ledger value as text for a sentence: trimmed, without trailing punctuation, with the
    full-width brackets and commas of Chinese prose where the text is Chinese."""
    if v is None:
        return ""
    text = str(v).strip()
    if _CJK.search(text):
        text = text.translate(_HALF_WIDTH)
    return text.rstrip("。；;，,、")


def quoted(text: str) -> str:
    """“text”, with quotation marks inside it turned into single ones (‘…’)."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def titled(text: str) -> str:
    """A document's name in book-title marks (《…》), unless it has them already."""
    return text if text.startswith("《") else f"《{text}》"


def joined(items: list[str], last: str = "和") -> str:
    """'A' / 'A和B' / 'A、B和C'."""
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + last + items[-1]


def without_year(text: str, year: int) -> str:
    """A row's subject without the report year in it ('部署2024年度普法…' → '部署年度普法…')."""
    return text.replace(f"{year}年度", "年度").replace(f"{year}年", "")


def distinct(values: Iterable[Any], limit: int | None = None) -> list[str]:
    """The cleaned, non-empty values, each once, in order; with ``limit``, stop after
    ``limit + 1`` of them (enough to know a list needs 等)."""
    seen: dict[str, None] = {}
    raw: set[Any] = set()  # a column repeats a few values over thousands of rows: clean each once
    for v in values:
        if v in raw:
            continue
        raw.add(v)
        t = clean(v)
        if t and t not in seen:
            seen[t] = None
            if limit is not None and len(seen) > limit:
                break
    return list(seen)


def listing(c: Composer, name: str, items: list[str], limit: int = EXAMPLES, sep: str = "、",
            year: int | None = None, last: str = "和", etc: str = "等") -> list[Part]:
    """Row-backed list text: 'A、B和C' (all of them) or 'A、B、C等' (more than ``limit``; ``etc``
    is what follows a cut list); with ``sep=""`` book titles run together (《甲》《乙》)."""
    if not items:
        return []
    if len(items) > limit:
        return [c.row_text(name, sep.join(items[:limit]), year), etc]
    return [c.row_text(name, joined(items, last) if sep == "、" else sep.join(items), year)]


def column_values(c: Composer, name: str, column: str, year: int | None = None, limit: int = 8) -> list[str]:
    """The distinct raw values of one column of a query's rows, in row order (the first
    ``limit + 1``: no sentence lists more)."""
    return distinct((r.raw(column) for r in c.rows(name, year)), limit)


def as_int(v: Any) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0


def report_date(value: Any) -> str:
    """A date as the report writes it: 2025年6月30日."""
    if hasattr(value, "year") and hasattr(value, "month"):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def month_day(value: Any) -> str:
    """'3月' for a date, as a sentence about the report year says when."""
    return f"{value.month}月" if hasattr(value, "month") else ""


def item_label(n: int) -> Label:
    """'1.' for the third level of the report's numbering."""
    return Label(f"{n}.")


def heading_label(n: int) -> str:
    """'（一）' for the second level."""
    return f"（{cn_ordinal(n)}）"


_ENDS = re.compile(r"[，。；、：,;:]+$")


def sentence_end(parts: list[Part]) -> list[Part]:
    """Parts ending in '。' exactly once (no doubled punctuation before it)."""
    out = list(parts)
    while out and isinstance(out[-1], str) and _ENDS.search(out[-1]):
        trimmed = _ENDS.sub("", out[-1])
        if trimmed:
            out[-1] = trimmed
            break
        out.pop()
    return out + ["。"]


def as_of_words(c: Composer) -> Param:
    """'截至年底' for a year judged at its end; '截至11月29日' for a year still running."""
    day = c.period.as_of
    if day >= c.period.year_end:
        return Param("截至年底", "as_of")
    return Param(f"截至{day.month}月{day.day}日", "as_of")


# Phrases too general to tie two sentences to one subject.
_GENERIC = ("法治建设", "行政执法", "执法人员", "法治政府", "生态环境", "工作机制", "有待提高", "有待加强", "不够及时")


def shares_subject(a: str, b: str, n: int = 4) -> bool:
    """Whether two texts share a run of ``n`` characters that names a subject (案件回访, 信息化水平),
    not a general phrase (法治建设, 有待提高)."""
    a, b = a.replace("“", "").replace("”", ""), b.replace("“", "").replace("”", "")
    for i in range(len(a) - n + 1):
        run = a[i:i + n]
        if run in b and not any(run in g or g in run for g in _GENERIC) and not re.search(r"[，。；、：\s]", run):
            return True
    return False
