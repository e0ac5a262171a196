"""Masking personal data for the screen, drafts and exports.

Two rules, applied to every value that leaves the store (unless ``--unmask``):

* by column: a column declared ``pii`` in the ledgers (or its Chinese label) is
  masked whole, whatever it holds;
* by value: every other value — text, numbers, lists, structs, bytes, whatever
  ad-hoc SQL made of the columns — has phone numbers, ID numbers, the house
  numbers of addresses (村3组12号, 5栋2单元301室, 建设路88号) and the known
  personal values of the store (every petitioner name, the digits of every
  phone value, in whatever form it was written) masked wherever they appear.

Masking by value is what makes ad-hoc ``dash query`` SQL safe without parsing it:
``upper(petitioner)``, ``petitioner || ''``, ``string_agg(...)``, a CTE or an
alias all still carry the value, so the value is masked. What it cannot see is
a value deliberately disguised (``reverse(phone)``, ``md5(...)``, one digit per
column): masking keeps personal data off the projector and out of exports, it
is not access control — whoever runs ``dash query`` can read the store file.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
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
# House-level parts of an address in free text ("家住北凯村3组12号", "润丰小区5栋2单元301室",
# "建设路88号"): the numbers go, the village, street or estate stays (it says where, not who).
_ADDRESS = re.compile(r"(?<=[村区])\d+(?=组)|(?<![第0-9])\d+(?=栋|幢|单元|室|号楼)|(?<=[路街巷弄])\d+(?=号)"
                      r"|(?<=组)\d+(?=号)")


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
    """Phone and ID numbers, and the house numbers of an address, inside any text."""
    def _id(m: re.Match) -> str:
        if m.group(1):
            return m.group(1)[:3] + "*" * 11 + m.group(3)[-4:]
        return m.group(4)[:3] + "*" * 8 + m.group(6)[-4:]

    text = _ID.sub(_id, text)
    text = _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    text = _LANDLINE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    return _ADDRESS.sub(lambda m: "*" * len(m.group(0)), text)


def personal_values(values: Iterable[str]) -> tuple[set[str], set[str]]:
    """(names, numbers) among the values of PII columns.

    A value may hold several people (``张三、李四``): it is split. A part with
    no digit is a name; a part with five or more digits gives its digits as a
    number (one the phone / ID patterns recognise is harmless in the set: by
    the time the set is consulted the patterns have masked it).
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
            elif len(digits) >= 5:
                numbers.add(digits)
    return names, numbers


def store_values(con) -> tuple[set[str], set[str]]:
    """personal_values() of every PII column of the store, the splitting done by DuckDB.

    A million-row store holds hundreds of thousands of distinct names and
    phones; splitting them in SQL takes a tenth of the time Python would.
    """
    parts = [f'SELECT "{c}"::VARCHAR AS v FROM {lg.table} WHERE "{c}" IS NOT NULL'
             for lg in LEDGERS for c in lg.pii_columns]
    if not parts:
        return set(), set()
    placeholders = ", ".join(f"'{p}'" for p in sorted(PLACEHOLDERS))
    sql = f"""
        WITH v AS (SELECT DISTINCT v FROM ({' UNION ALL '.join(parts)})),
        p AS (SELECT DISTINCT trim(unnest(regexp_split_to_array(v, '{_SPLIT.pattern}'))) AS part FROM v),
        d AS (SELECT part, regexp_replace(part, '[^0-9０-９]', '', 'g') AS digits FROM p
              WHERE length(part) >= 2 AND part NOT IN ({placeholders}))
        SELECT 'n' AS kind, part FROM d WHERE digits = ''
        UNION ALL
        SELECT DISTINCT 'd', translate(digits, '０１２３４５６７８９', '0123456789') FROM d WHERE length(digits) >= 5
    """
    names: set[str] = set()
    numbers: set[str] = set()
    for kind, value in con.execute(sql).fetchall():
        (names if kind == "n" else numbers).add(value)
    return names, numbers


_DIGIT_RUN = re.compile(r"[0-9]{5,}")


class Masker:
    """Masks values by column and by value; knows the store's personal values.

    The store's values are read on first need (``loader``): a figure, a count
    or a date never needs them, so ``dash query NAME`` on a large store does
    not pay for reading every name.
    """

    def __init__(self, names: Iterable[str] = (), enabled: bool = True, numbers: Iterable[str] = (),
                 loader: Callable[[], tuple[set[str], set[str]]] | None = None):
        self.enabled = enabled
        self._loader = loader
        self._loading = threading.Lock()
        if loader is None:
            self._set(names, numbers)

    def _set(self, names: Iterable[str], numbers: Iterable[str]) -> None:
        self.names = {n.strip() for n in names if n and len(n.strip()) >= 2}
        self.numbers = set(numbers)
        # Names by first character, longest first: a scan finds at each position
        # the longest name that starts there, as a longest-first alternation would.
        by_first: dict[str, set[int]] = {}
        for n in self.names:
            by_first.setdefault(n[0], set()).add(len(n))
        self._lengths = {ch: sorted(ls, reverse=True) for ch, ls in by_first.items()}
        self._firsts = (re.compile("[" + "".join(re.escape(ch) for ch in sorted(by_first)) + "]")
                        if by_first else None)
        self._loader = None

    def _load(self) -> None:
        if self._loader is not None:
            with self._loading:  # two worker threads may need it at once: read the store once
                if self._loader is not None:
                    self._set(*self._loader())

    @classmethod
    def for_store(cls, con, enabled: bool = True) -> "Masker":
        """Every value of every PII column declared in the ledgers, read when first needed."""
        if not enabled:
            return cls(enabled=False)
        return cls(loader=lambda: store_values(con))

    def _names_in(self, value: str) -> str:
        firsts = self._firsts
        if firsts is None:
            return value
        out: list[str] = []
        i = done = 0
        while (m := firsts.search(value, i)) is not None:
            i = m.start()
            for length in self._lengths[value[i]]:
                if value[i:i + length] in self.names:
                    out.append(value[done:i])
                    out.append(mask_name(value[i:i + length]))
                    i = done = i + length
                    break
            else:
                i += 1
        if not out:
            return value
        out.append(value[done:])
        return "".join(out)

    def _numbers_in(self, value: str) -> str:
        def _one(m: re.Match) -> str:
            run = m.group(0)
            return mask_number(run) if run in self.numbers else run
        return _DIGIT_RUN.sub(_one, value)

    def text(self, value: str) -> str:
        if not self.enabled:
            return value
        value = mask_digits(value)
        if _DIGIT_RUN.search(value):
            self._load()
            if self.numbers:
                value = self._numbers_in(value)
        if not value.isascii() or any(ch.isalpha() for ch in value):
            self._load()
            value = self._names_in(value)
        return value

    def message(self, error: object) -> str:
        """The first line of an error, masked (a database message can quote a row's value).

        Never raises: if the store cannot give its personal values, no part of
        the message is shown rather than an unmasked one.
        """
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        try:
            return self.text(first)
        except Exception:  # noqa: BLE001 - the store's names are unreadable: show none of the text
            return "出错（错误信息可能含个人信息，已隐去；用 --unmask 查看）"

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
            return s if s.strip() in PLACEHOLDERS else mask_name(s)
        return self.any(value)

    def columns(self, columns: Sequence[str]) -> list[str]:
        """Column names, which SQL can make from values (``PIVOT … ON petitioner``)."""
        return [self.text(c) for c in columns] if self.enabled else list(columns)

    def rows(self, columns: Sequence[str], rows: Iterable[Sequence]) -> list[tuple]:
        if not self.enabled:
            return [tuple(r) for r in rows]
        return [tuple(self.value(c, v) for c, v in zip(columns, r)) for r in rows]
