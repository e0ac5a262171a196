"""The personal values a masker looks for in free text, and masking an ingest report.

Names come from the values of the PII columns: each name-like part of a cell
(``mask.name_spans``) after normalisation — NFKC, folded, a bracket's content
(（村民代表）) and the count of 等3人 left out, spaces inside removed (张　三 is
张三, 司马 光 is 司马光; the spaced form is kept too, since text can be written either way,
and so is each spaced word of two characters or more, as 张三 李四 may be two people). A part
that is a known place, unit or common term is not taken: a petitioner recorded
as 陶岭镇 or 法治 is masked in the 投诉人 cell only, not in every 乡镇 cell and
every sentence about 法治政府. The stop list is the ledger vocabulary (table,
column and header names, the values of choice columns, and every word inside
them), a few common terms, and the values of the store's place, unit and subject
columns.

Numbers are the digits of every number-like part of seven digits or more (a
local landline), with and without its separators: five or six digits in a
phone column are a hotline or an extension (12345), and taking them would mask
the 12345 of every 来源渠道 cell.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from .ledgers import LEDGERS
from .mask import NOT_NAMES, Masker, fold, mask_cell, name_spans

# Columns whose values are places, units, subjects and categories: never a person's name.
STOP_COLUMNS = ("township", "subject", "unit", "owner", "location", "organizer", "category", "duty_type", "kind",
                "item_type", "form", "occasion", "industry", "channel", "violation_type", "case_source", "campaign",
                "penalty_kind", "result", "reviewer")
# Words a PII cell can hold beside a name that are not names (联系电话: 座机 0746-1234567).
COMMON_TERMS = ("座机", "固话", "手机", "电话", "微信", "邮箱", "同上", "法治", "政府", "法治政府", "群众",
                "村民", "居民", "企业", "公司", "工厂", "单位", "个人", "无",
                "tel", "qq", "wechat", "email", "mobile", "phone")

_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】")
_NUMBER_PART = re.compile(r"\d(?:[-. ]?\d)*")
_PURE = re.compile(r"\d{7,}")
# A value that is a plain name (two or more Chinese characters, no 等) or a plain number: no splitting needed.
_PLAIN_NAME = re.compile(r"[\u4e00-\u7b48\u7b4a-\u9fff]{2,}")
_PLAIN_NUMBER = re.compile(r"[0-9]{7,}")
_PLAIN_TEXT = re.compile(r"[\u4e00-\u9fff]+")


def normalise(text: str) -> str:
    """A value as names are compared: NFKC, folded (Latin in lower case)."""
    return fold(unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """The ledger vocabulary and every word inside it (法治 in 研究法治议题), with the common terms."""
    terms: set[str] = set(COMMON_TERMS)
    for lg in LEDGERS:
        terms.add(lg.label)
        terms.update(lg.file_hints)
        for c in lg.columns:
            terms.add(c.label)
            terms.update(c.aliases)
            for canon, others in c.choices:
                terms.add(canon)
                terms.update(others)
    out: set[str] = set()
    for term in terms:
        t = normalise(term).replace(" ", "")
        out.update(t[i:j] for i in range(len(t)) for j in range(i + 2, len(t) + 1))
    return frozenset(out)


def stop_words(values: Iterable[str]) -> set[str]:
    """The values of place, unit and subject columns, and their parts (执法大队、法制股), folded."""
    out: set[str] = set()
    for value in values:
        value = str(value)
        if _PLAIN_TEXT.fullmatch(value):  # most: Chinese characters only, nothing to fold or split
            out.add(value)
        elif len(value) <= _LONGEST:
            v = fold(value).replace(" ", "")
            out.add(v)
            out.update(_STOP_SPLIT.split(v))
    return out


_LONGEST = 40  # a value longer than this is a sentence (督办…提案办理): no name equals it or its parts
_STOP_SPLIT = re.compile(r"[、,，;；/]")


def personal_values(values: Iterable[str], stop: Iterable[str] = ()) -> tuple[set[str], set[str]]:
    """(names, numbers) among the values of PII columns, names in folded form.

    A value may hold several people (``张三、李四``) and a name beside a number
    (``吴十 13900008888``): every part counts. A name equal to a stop word (the
    vocabulary, and ``stop``) is not taken.
    """
    names: set[str] = set()
    numbers: set[str] = set()
    for value in values:
        value = str(value).strip()
        if _PLAIN_NAME.fullmatch(value):  # most values: a name and nothing else
            names.add(value)
            continue
        if _PLAIN_NUMBER.fullmatch(value):
            _add_number(numbers, value)
            continue
        v = normalise(value)
        for m in _NUMBER_PART.finditer(v):
            _add_number(numbers, re.sub(r"\D", "", m.group(0)))
            for pure in _PURE.findall(m.group(0)):
                _add_number(numbers, pure)
        v = _BRACKETED.sub(" ", v)
        for start, end in name_spans(v):
            word = v[start:end]
            names.add(word.replace(" ", ""))
            if " " in word:
                names.add(word)  # 张 三 as written, too
                # and each word of two characters or more: 张三 李四 may be two people
                names.update(w for w in word.split() if len(w) >= 2)
    stopped = vocabulary() | set(stop)
    return {n for n in names if n.replace(" ", "") not in stopped and n not in NOT_NAMES}, numbers


def _add_number(numbers: set[str], digits: str) -> None:
    if len(digits) >= 7:
        numbers.add(digits)
        if digits[0] == "0" and len(digits.lstrip("0")) >= 7:
            numbers.add(digits.lstrip("0"))  # a landline cast to an integer (phone::BIGINT) loses its 0


def _distinct(con, pii: bool) -> list[str]:
    """The distinct values of the PII columns (or of the stop columns) of every ledger, as text."""
    parts = [f'SELECT "{c.name}"::VARCHAR AS v FROM {lg.table} WHERE "{c.name}" IS NOT NULL'
             for lg in LEDGERS for c in lg.columns if (c.pii if pii else c.name in STOP_COLUMNS)]
    if not parts:
        return []
    return [r[0] for r in con.execute(f"SELECT DISTINCT v FROM ({' UNION ALL '.join(parts)})").fetchall()]


def store_values(con) -> tuple[set[str], set[str]]:
    """personal_values() of every PII column of the store, with its place, unit and subject
    columns as stop words; the distinct values are found by DuckDB."""
    values = _distinct(con, pii=True)
    return personal_values(values, stop_words(_distinct(con, pii=False))) if values else (set(), set())


def store_values_in(con, texts: list[str]) -> tuple[set[str], set[str]]:
    """:func:`store_values`, as far as the store's personal values can occur in ``texts``.

    A draft shows a few hundred characters of row text while a large store holds a
    hundred thousand names: a plain value (a name or a number, nothing to split) is
    read only when the texts hold it, a decorated one (张三 13800001111, 李四等3人)
    always, as its parts are what the texts would hold. Same result as the full list.
    """
    cands = _candidates(texts)
    if cands is None:
        return store_values(con)
    parts = [f'SELECT "{c.name}"::VARCHAR AS v FROM {lg.table} WHERE "{c.name}" IS NOT NULL'
             for lg in LEDGERS for c in lg.columns if c.pii]
    if not parts:
        return set(), set()
    sql = (f"SELECT DISTINCT v FROM ({' UNION ALL '.join(parts)}) "
           f"WHERE NOT (regexp_full_match(v, '{_PLAIN_DUCK}') AND length(v) <= {_CANDIDATE_LEN}) "
           "OR v IN (SELECT unnest($cands))")
    values = [r[0] for r in con.execute(sql, {"cands": cands}).fetchall()]
    names, numbers = personal_values(values)
    found = [n for n in names if " " not in n]
    if not found:
        return names, numbers
    stop = stop_words(v for v in _distinct(con, pii=False) if len(v) <= _LONGEST and any(n in v for n in found))
    return {n for n in names if n.replace(" ", "") not in stop}, numbers


# ------------------------------------------------------------------ ingest and check reports


def _pii_headers() -> set[str]:
    from .headers import normalise as header_key

    return {header_key(h) for lg in LEDGERS for c in lg.columns if c.pii for h in (c.label, *c.aliases)}


def report_values(report, texts: list[str]) -> tuple[set[str], set[str]]:
    """personal_values() of the PII columns of the files a report read — the loaded rows, the
    rejected rows' PII cells, the PII cells quoted in problems (the store may not have them yet) —
    as far as they can appear in ``texts``, the texts to be masked.

    A report quotes little (a few notes, the rejected cells), while the files may hold a
    million rows: a plain value (a name or a number, nothing else) is only taken when the
    texts hold it, which polars checks for every row at once.
    """
    import polars as pl

    from .headers import normalise as header_key

    cands = _candidates(texts)
    wanted = pl.Series(cands, dtype=pl.String).implode() if cands is not None else None
    values: set[str] = set()
    stops: list[pl.Series] = []  # the place, unit and subject columns, read only if a name is found
    for s in report.sheets:
        frame = getattr(s, "frame", None)
        if frame is None or s.ledger is None:
            continue
        for c in s.ledger.columns:
            if c.name not in frame.columns:
                continue
            col = frame.get_column(c.name)
            if c.name in STOP_COLUMNS:
                stops.append(col)
            elif c.pii:
                col = col.cast(pl.String).drop_nulls()
                if cands is not None:
                    plain = col.str.contains(_PLAIN_POLARS) & (col.str.len_chars() <= _CANDIDATE_LEN)
                    col = col.filter(~plain | col.is_in(wanted))
                values.update(col.unique().to_list())
        values.update(getattr(s, "personal", ()) or ())
    heads = _pii_headers()
    values.update(p.value for p in report.problems if p.value and p.column and header_key(p.column) in heads)
    names, numbers = personal_values(values)
    found = [n for n in names if " " not in n]
    if not found:
        return names, numbers
    # Only the stop values that could equal a name found (or one of their parts) are read.
    near = [col.cast(pl.String).drop_nulls() for col in stops]
    stop = stop_words(v for col in near for v in col.filter(
        (col.str.len_chars() <= _LONGEST) & col.str.contains_any(found)).unique().to_list())
    return {n for n in names if n.replace(" ", "") not in stop}, numbers


_CANDIDATE_TEXT = 20_000  # characters of text to mask: beyond, every value of the files is read
_CANDIDATE_LEN = 20
_PLAIN_POLARS = r"^(?:[\x{4e00}-\x{7b48}\x{7b4a}-\x{9fff}]+|[0-9]+)$"  # as _PLAIN_NAME, _PLAIN_NUMBER
_PLAIN_DUCK = "[\u4e00-\u7b48\u7b4a-\u9fff]+|[0-9]+"  # the same, for DuckDB (RE2)


def _candidates(texts: list[str]) -> list[str] | None:
    """Every string a plain value would equal if the texts held it: the texts' substrings up to
    20 characters, and the digits of each number in them however separated; None when the texts
    are too long for this to save anything. (A plain list: a draft need not load polars.)"""
    folded = fold("\n".join(texts))
    if len(folded) > _CANDIDATE_TEXT:
        return None
    out = {folded[i:j] for i in range(len(folded)) for j in range(i + 2, min(i + _CANDIDATE_LEN, len(folded)) + 1)}
    for m in _NUMBER_PART.finditer(folded):
        digits = re.sub(r"\D", "", m.group(0))
        out.update((digits, digits.lstrip("0"), "0" + digits, *_PURE.findall(m.group(0))))
    return sorted(out)


def mask_report(report):
    """Mask, in place, every value an ingest or check report quotes: problems' values and reasons,
    notes. A quoted cell of a PII column is masked whole. Returns the report."""
    from .headers import normalise as header_key

    heads = _pii_headers()
    problems = list({id(p): p for p in [*report.problems, *report.conflicts]}.values())
    texts = [t for p in problems for t in (p.value, p.reason) if t] + [n for s in report.sheets for n in s.notes]
    masker = Masker(loader=lambda: report_values(report, texts))
    for p in problems:
        if p.value:
            pii = p.column is not None and header_key(p.column) in heads
            p.value = mask_cell(p.value) if pii else masker.text(p.value)
        p.reason = masker.text(p.reason)
    for s in report.sheets:
        s.notes[:] = [masker.text(n) for n in s.notes]
    return report


def masker_for_store(con, enabled: bool = True) -> Masker:
    """A masker knowing every personal value of the store's PII columns, read when first needed."""
    if not enabled:
        return Masker(enabled=False)
    return Masker(loader=lambda: store_values(con))
