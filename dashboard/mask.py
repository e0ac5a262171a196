"""Masking personal data for the screen, drafts and exports.

Columns declared ``pii`` in the ledgers are masked whole; every other text
value has phone numbers, ID numbers and known petitioner names masked inside
it. ``--unmask`` switches this off explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .ledgers import LEDGERS

PII_COLUMNS = {c.name for lg in LEDGERS for c in lg.columns if c.pii} | {
    c.label for lg in LEDGERS for c in lg.columns if c.pii}

_ID = re.compile(r"(?<![0-9])([1-9]\d{5})(\d{8})(\d{3}[0-9Xx])(?![0-9])|(?<![0-9])([1-9]\d{5})(\d{6})(\d{3})(?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])(1[3-9]\d)(\d{4})(\d{4})(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])(0\d{2,3}-)(\d{3,4})(\d{4})(?![0-9])")


def mask_name(name: str) -> str:
    name = name.strip()
    if not name:
        return name
    return name[0] + "*" * max(1, len(name) - 1)


def mask_digits(text: str) -> str:
    """Phone and ID numbers inside any text."""
    def _id(m: re.Match) -> str:
        if m.group(1):
            return m.group(1)[:3] + "*" * 11 + m.group(3)[-4:]
        return m.group(4)[:3] + "*" * 8 + m.group(6)[-4:]

    text = _ID.sub(_id, text)
    text = _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    return _LANDLINE.sub(lambda m: m.group(1) + "****" + m.group(3), text)


class Masker:
    """Masks values by column; knows the petitioner names to find inside free text."""

    def __init__(self, names: Iterable[str] = (), enabled: bool = True):
        self.enabled = enabled
        self.names = sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True)
        self._names_re = re.compile("|".join(re.escape(n) for n in self.names)) if self.names else None

    @classmethod
    def for_store(cls, con, enabled: bool = True) -> "Masker":
        if not enabled:
            return cls(enabled=False)
        rows = con.execute("SELECT DISTINCT petitioner FROM petitions WHERE petitioner IS NOT NULL").fetchall()
        return cls((r[0] for r in rows), True)

    def text(self, value: str) -> str:
        if not self.enabled:
            return value
        value = mask_digits(value)
        if self._names_re is not None:
            value = self._names_re.sub(lambda m: mask_name(m.group(0)), value)
        return value

    def value(self, column: str, value: object) -> object:
        if not self.enabled or value is None:
            return value
        if column in PII_COLUMNS:
            s = str(value)
            if any(ch.isdigit() for ch in s):
                masked = mask_digits(s)
                return masked if masked != s else "*" * max(0, len(s) - 4) + s[-4:]
            return mask_name(s)
        if isinstance(value, str):
            return self.text(value)
        return value

    def rows(self, columns: Sequence[str], rows: Iterable[Sequence]) -> list[tuple]:
        if not self.enabled:
            return [tuple(r) for r in rows]
        return [tuple(self.value(c, v) for c, v in zip(columns, r)) for r in rows]
