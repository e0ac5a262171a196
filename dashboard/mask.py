"""Masking personal data for the screen, drafts and exports.

Two rules, applied to every value that leaves the store (unless ``--unmask``):

* by column: a column declared ``pii`` in the ledgers (or its Chinese label) is
  masked whole, whatever it holds;
* by value: every other value — text, numbers, lists, structs, bytes, whatever
  ad-hoc SQL made of the columns — has phone numbers, ID numbers and the known
  personal values of the store (every petitioner name, every phone value the
  patterns would not recognise) masked wherever they appear inside it.

Masking by value is what makes ad-hoc ``dash query`` SQL safe without parsing it:
``upper(petitioner)``, ``petitioner || ''``, ``string_agg(...)``, a CTE or an
alias all still carry the value, so the value is masked. What it cannot see is
a value deliberately disguised (``reverse(phone)``, ``md5(...)``, one digit per
column): masking keeps personal data off the projector and out of exports, it
is not access control — whoever runs ``dash query`` can read the store file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from .ledgers import LEDGERS

PII_COLUMNS = {c.name for lg in LEDGERS for c in lg.columns if c.pii} | {
    c.label for lg in LEDGERS for c in lg.columns if c.pii}

# Values a PII column holds that are not personal data.
PLACEHOLDERS = frozenset({"匿名", "不详", "未知", "未留", "保密"})

_BIRTH8 = r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_BIRTH6 = r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
# 18-digit and old 15-digit ID numbers; the birth date must be a plausible date,
# so 18-digit record numbers (备案号 202343112800000032) are not taken for IDs.
_ID = re.compile(rf"(?<![0-9])([1-9]\d{{5}})({_BIRTH8})(\d{{3}}[0-9Xx])(?![0-9])"
                 rf"|(?<![0-9])([1-9]\d{{5}})({_BIRTH6})(\d{{3}})(?![0-9])")
# Mobiles, also written 138-1234-5678, 138 1234 5678, +86 138…, 86138…
_MOBILE = re.compile(r"(?<![0-9])((?:\+?86[- ]?)?1[3-9]\d[- ]?)(\d{4})([- ]?\d{4})(?![0-9])")
# Landlines with an area code: 0746-1234567, (0746)1234567, 0746 1234567, 07461234567
_LANDLINE = re.compile(r"(?<![0-9])(\(?0\d{2,3}[)\- ]?)(\d{3,4})(\d{4})(?![0-9])")
_SPLIT = re.compile(r"[、,，;；/|\s]+")


def mask_name(name: str) -> str:
    name = name.strip()
    if not name:
        return name
    return name[0] + "*" * max(1, len(name) - 1)


def mask_number(digits: str) -> str:
    """A number that is personal data: only the last four characters stay."""
    keep = min(4, len(digits) // 2)
    return "*" * (len(digits) - keep) + digits[len(digits) - keep:]


def mask_digits(text: str) -> str:
    """Phone and ID numbers inside any text."""
    def _id(m: re.Match) -> str:
        if m.group(1):
            return m.group(1)[:3] + "*" * 11 + m.group(3)[-4:]
        return m.group(4)[:3] + "*" * 8 + m.group(6)[-4:]

    text = _ID.sub(_id, text)
    text = _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    return _LANDLINE.sub(lambda m: m.group(1) + "****" + m.group(3), text)


def personal_values(values: Iterable[str]) -> tuple[set[str], set[str]]:
    """(names, numbers) among the values of PII columns that the patterns alone would miss.

    A value may hold several people (``张三、李四``): it is split. Numbers the
    phone / ID patterns already recognise are left out (the patterns mask them).
    """
    names: set[str] = set()
    numbers: set[str] = set()
    for value in values:
        for part in _SPLIT.split(str(value)):
            part = part.strip()
            if len(part) < 2 or part in PLACEHOLDERS:
                continue
            digits = "".join(ch for ch in part if ch.isdigit())
            if not digits:
                names.add(part)
            elif len(digits) >= 5 and mask_digits(digits) == digits:
                numbers.add(digits)
    return names, numbers


def _alternation(items: Iterable[str]) -> str:
    return "|".join(re.escape(s) for s in sorted(items, key=len, reverse=True))


class Masker:
    """Masks values by column and by value; knows the store's personal values."""

    def __init__(self, names: Iterable[str] = (), enabled: bool = True, numbers: Iterable[str] = ()):
        self.enabled = enabled
        self.names = sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True)
        self.numbers = sorted(set(numbers), key=len, reverse=True)
        self._names_re = re.compile(_alternation(self.names)) if self.names else None
        self._numbers_re = (re.compile(rf"(?<![0-9])(?:{_alternation(self.numbers)})(?![0-9])")
                            if self.numbers else None)

    @classmethod
    def for_store(cls, con, enabled: bool = True) -> "Masker":
        """Every value of every PII column declared in the ledgers."""
        if not enabled:
            return cls(enabled=False)
        parts = [f'SELECT DISTINCT "{c}"::VARCHAR AS v FROM {lg.table} WHERE "{c}" IS NOT NULL'
                 for lg in LEDGERS for c in lg.pii_columns]
        rows = con.execute(" UNION ".join(parts)).fetchall() if parts else []
        names, numbers = personal_values(r[0] for r in rows)
        return cls(names, True, numbers)

    def text(self, value: str) -> str:
        if not self.enabled:
            return value
        value = mask_digits(value)
        if self._numbers_re is not None:
            value = self._numbers_re.sub(lambda m: mask_number(m.group(0)), value)
        if self._names_re is not None:
            value = self._names_re.sub(lambda m: mask_name(m.group(0)), value)
        return value

    def any(self, value: object) -> object:
        """Any value ad-hoc SQL can produce: masked as text when its text holds personal data."""
        if value is None or isinstance(value, (bool, date, datetime, time, timedelta)):
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, (bytes, bytearray, memoryview)):
            shown = bytes(value).decode("utf-8", "replace")
        elif isinstance(value, float):
            shown = format(value, ".0f") if value.is_integer() else repr(value)
        else:  # int, Decimal, list, dict (struct / map), UUID …
            shown = format(value, "f") if hasattr(value, "as_tuple") else str(value)
        masked = self.text(shown)
        return masked if masked != shown else value

    def value(self, column: str, value: object) -> object:
        if not self.enabled or value is None:
            return value
        if column in PII_COLUMNS:
            s = str(value)
            if any(ch.isdigit() for ch in s):
                masked = mask_digits(s)
                return masked if masked != s else mask_number(s)
            return mask_name(s)
        return self.any(value)

    def columns(self, columns: Sequence[str]) -> list[str]:
        """Column names, which SQL can make from values (``PIVOT … ON petitioner``)."""
        return [self.text(c) for c in columns] if self.enabled else list(columns)

    def rows(self, columns: Sequence[str], rows: Iterable[Sequence]) -> list[tuple]:
        if not self.enabled:
            return [tuple(r) for r in rows]
        return [tuple(self.value(c, v) for c, v in zip(columns, r)) for r in rows]
