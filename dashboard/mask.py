"""Masking personal data for the screen, drafts, exports, messages and ingest reports.

Two rules, applied to every value that leaves the store (unless ``--unmask``):

* by column: a cell of a column declared ``pii`` in the ledgers (or its Chinese
  label) has all its personal content masked: every name-like part (吴十 in
  ``吴十 13900008888``, 张　三, 李四 in ``李四等3人``) and every number;
* by value: every other value — text, numbers, lists, structs, bytes, whatever
  ad-hoc SQL made of the columns — has phone numbers, ID numbers, landlines, the
  house numbers of addresses (村3组12号, 5栋2单元301室, 建设路88号) and the known
  personal values of the store (its petitioner names, the digits of its phone
  values, see ``personal.py``) masked wherever they appear.

Numbers are found however they are written: full-width digits, ``139.0000.3333``,
``139-0000-3333``, ``+86 139 0000 3333``, ``431128 19800101 1234``, ``0746-1234567``,
and in spaced groups (``139 - 0000 - 3333``, ``1 3 9 0 0 0 0 3 3 3 3``,
``4311 2819 8001 0112 34``). In text, numbers glued together into one run
(``string_agg(phone, '')``) are masked as a whole: all but the first three and last four digits.
The text is folded one character for one (full-width to half-width, Latin to
lower case) before matching, so a match's place in the folded text is its place
in the original, and only the hidden characters change: the rest of the text,
and its length, stay as written. Latin names match in any case.

Masking by value is what makes ad-hoc ``dash query`` SQL safe without parsing it:
``upper(petitioner)``, ``petitioner || ''``, ``string_agg(...)``, a CTE or an
alias all still carry the value, so the value is masked. What it cannot see is
a value deliberately disguised (``reverse(phone)``, ``hex(...)``, ``md5(...)``,
``string_split`` into characters, one digit per row or column): masking keeps
personal data off the projector and out of exports, it is not access control — whoever runs ``dash query`` can read the store file.
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
# Words beside a name in a PII cell that say who, not which person (王五（村民代表）, 李四等多人).
ROLE_WORDS = frozenset({"村民", "居民", "群众", "业主", "代表", "村民代表", "居民代表", "群众代表", "联名",
                        "多人", "本人", "家属"})
NOT_NAMES = PLACEHOLDERS | ROLE_WORDS

# One character for one: full-width digits, letters and separators to half-width,
# Latin letters to lower case, dashes to '-'. Lengths and places are kept.
_FOLD = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)},
     **{chr(0xFF21 + i): chr(0x61 + i) for i in range(26)},
     **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
     **{chr(0x41 + i): chr(0x61 + i) for i in range(26)},
     "＋": "+", "－": "-", "．": ".", "（": "(", "）": ")", "\u3000": " ", "\u00a0": " ",
     "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})


def fold(text: str) -> str:
    """``text`` folded one character for one (see the module docstring)."""
    return text.translate(_FOLD)


_SEP = r"[-. ]?"
_BIRTH8 = r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_BIRTH6 = r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
# In folded text. 18- and 15-digit ID numbers (the birth date must be a plausible
# date, so 18-digit record numbers such as 备案号 202343112800000032 are not IDs);
# mobiles (+86 / 86 and a separator or none between the groups); landlines with an
# area code; the house-level numbers of an address in free text ("北凯村3组12号",
# "5栋2单元301室", "建设路88号": the numbers go, the village, street or estate stays).
_NUMBER = re.compile(
    rf"(?<![0-9])(?:(?P<id>[1-9]\d{{5}}{_SEP}{_BIRTH8}{_SEP}\d{{3}}[0-9x]|[1-9]\d{{5}}{_SEP}{_BIRTH6}{_SEP}\d{{3}})"
    rf"|(?P<mobile>(?P<cc>\+?86{_SEP})?1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}})"
    rf"|(?P<tel>(?P<area>\(0\d{{2,3}}\)|0\d{{2,3}}){_SEP}\d{{3,4}}{_SEP}\d{{4}}))(?![0-9])")
_HOUSE_NUMBER = re.compile(r"(?<=[村区])\d+(?=组)|(?<![第0-9])\d+(?=栋|幢|单元|室|号楼)|(?<=[路街巷弄])\d+(?=号)"
                           r"|(?<=组)\d+(?=号)")
# A number however separated (139 0000 3333, 139.0000.3333): five digits or more, at most one
# separator between two; a dot only before three digits or more (2024.5 is a decimal).
_LONG_RUN = re.compile(r"\d(?:(?: ?- ?| |\.(?=\d{3}))?\d){4,}")
_ANY_DIGIT = re.compile(r"[0-9０-９]")
_HOUSE = re.compile(r"\d(?:组|栋|幢|单元|室|号)")  # without it, _HOUSE_NUMBER finds nothing
_LATIN = re.compile(r"[A-Za-z]")


def _hide_digits(hide: list[int], folded: str, start: int, end: int, head: int, tail: int) -> None:
    """Add to ``hide`` the digits of ``folded[start:end]``, all but the first ``head`` and last ``tail``."""
    places = [i for i in range(start, end) if folded[i] in _DIGITS]
    hide.extend(places[head:len(places) - tail])


_DIGITS = frozenset("0123456789x")


def _numbers(hide: list[int], folded: str, runs: bool = True) -> str:
    """Add to ``hide`` the hidden digits of every phone, ID and house number of ``folded``;
    returns ``folded`` with those numbers blotted out ('#'), for the passes that come after.
    ``runs``: also the long runs of digits glued together (:func:`_glued`), which text can
    be but a number value (an amount) is not."""
    spans: list[tuple[int, int]] = []
    if _LONG_RUN.search(folded):  # phones and IDs have ten digits or more
        matched: set[tuple[int, int]] = set()
        for m in _NUMBER.finditer(folded):
            start, end = m.span()
            spans.append((start, end))
            matched.add((start, end))
            if m.group("id"):
                head = 3
            elif m.group("mobile"):
                cc = m.group("cc")
                head = 3 + (sum(c.isdigit() for c in cc) if cc else 0)
            else:
                head = sum(c.isdigit() for c in m.group("area"))
            _hide_digits(hide, folded, start, end, head, 4)
        _spaced(hide, spans, folded)
        if runs:
            _glued(hide, spans, folded, matched)
    if _HOUSE.search(folded):
        for m in _HOUSE_NUMBER.finditer(folded):
            spans.append(m.span())
            _hide_digits(hide, folded, m.start(), m.end(), 0, 0)
    if not spans:
        return folded
    rest = list(folded)
    for start, end in spans:
        rest[start:end] = "#" * (end - start)
    return "".join(rest)


# Groups of digits separated by a space, a dash (with or without spaces around it) or a dot
# before three digits: 139 - 0000 - 2626, 1 3 9 0 0 0 0 9 9 9 9, 4311 2819 8001 0112 34.
_GROUPS = re.compile(r"(?<![0-9])[0-9]+(?:(?: ?- ?| |\.(?=[0-9]{3}))[0-9]+)+x?(?![0-9a-z])")
_GROUP = re.compile(r"[0-9]+x?")
_WHOLE = re.compile(rf"1[3-9]\d{{9}}|[1-9]\d{{5}}{_BIRTH8}\d{{3}}[0-9x]|[1-9]\d{{5}}{_BIRTH6}\d{{3}}|0[1-9]\d{{8,10}}")


def _spaced(hide: list[int], spans: list[tuple[int, int]], folded: str) -> None:
    """Phone and ID numbers written in spaced groups that the patterns do not see: consecutive
    groups whose digits make a whole mobile, ID or landline number, when the groups are shaped
    as such numbers are written — one digit each, or three or four digits each but the last
    (two to four). Counts and dates written one after another (13 25 8 130, 2024 03 01) are
    not so shaped."""
    for run in _GROUPS.finditer(folded):
        if run.end() - run.start() < 11:  # fewer than eleven digits: no phone or ID
            continue
        groups = [(g.start() + run.start(), g.end() + run.start(), len(g.group(0)))
                  for g in _GROUP.finditer(run.group(0))]
        i = 0
        while i < len(groups) - 1:
            found = 0
            digits = ""
            for j in range(i, len(groups)):
                digits += folded[groups[j][0]:groups[j][1]]
                if len(digits) > 18:
                    break
                sizes = [g[2] for g in groups[i:j + 1]]
                if j > i and (all(n == 1 for n in sizes)
                              or (all(n in (3, 4) for n in sizes[:-1]) and 2 <= sizes[-1] <= 4)) \
                        and _WHOLE.fullmatch(digits):
                    found = j
            if found:
                start, end = groups[i][0], groups[found][1]
                spans.append((start, end))
                _hide_digits(hide, folded, start, end, 3, 4)
                i = found + 1
            else:
                i += 1


# Digits joined by nothing, a dash or a dot before three digits: what string_agg(phone, '')
# or a || b makes of several numbers.
_JOINED = re.compile(r"(?<![0-9.])[0-9]+(?:(?: ?- ?|\.(?=[0-9]{3}))[0-9]+)*x?(?![0-9])")
_TIMESTAMP = re.compile(rf"{_BIRTH8}\d{{0,6}}")
_GROUP_BEFORE = re.compile(r"(?<![0-9])[0-9]{1,4}(?: ?- ?| )$")
_GROUP_AFTER = re.compile(r"(?: ?- ?| )[0-9]{1,4}x?(?![0-9])")


def _glued(hide: list[int], spans: list[tuple[int, int]], folded: str, matched: set[tuple[int, int]]) -> None:
    """Numbers glued together (13900008888139000011111…, 139-0000-8888139.0000.2222): a run of
    twelve digits or more, with a group of seven or more, that is not one phone, ID or landline;
    all its digits hidden but the first three and the last four, and the spaced groups of four
    digits or fewer beside it (+86 139 0000 4444139…) with them. A date, a case number, an
    amount or a count as written (2024-03-01, 〔2024〕12号, 5,800.00, 12 5 8) has no such
    group; an 18-digit number that is no ID (备案号 202343112800000032), a timestamp
    (20240301103000) and an amount (999999999999.99) stay."""
    for m in _JOINED.finditer(folded):
        if m.end() - m.start() < 12 or m.span() in matched:
            continue
        run = m.group(0)
        groups = [len(g) for g in _GROUP.findall(run)]
        n = sum(groups)
        if n < 12 or max(groups) < 7:
            continue
        if len(groups) == 1 and (n == 18 or (n <= 14 and _TIMESTAMP.fullmatch(run))
                                 or folded[m.end():m.end() + 1] == "." and folded[m.end() + 1:m.end() + 2].isdigit()):
            continue
        start, end = m.span()
        while (b := _GROUP_BEFORE.search(folded, 0, start)) is not None:
            start = b.start()
        while (a := _GROUP_AFTER.match(folded, end)) is not None:
            end = a.end()
        spans.append((start, end))
        _hide_digits(hide, folded, start, end, 3, 4)


def _starred(text: str, hide: list[int]) -> str:
    """``text`` with a * at every hidden place."""
    if not hide:
        return text
    chars = list(text)
    for i in hide:
        chars[i] = "*"
    return "".join(chars)


def mask_digits(text: str) -> str:
    """Phone and ID numbers, landlines, and the house numbers of an address, inside any text."""
    if not _ANY_DIGIT.search(text):
        return text
    hide: list[int] = []
    _numbers(hide, fold(text))
    return _starred(text, hide)


def mask_name(name: str) -> str:
    """A name as shown: its first character, then a * for every other (spaces stay)."""
    name = name.strip()
    return name[:1] + "".join(ch if ch.isspace() else "*" for ch in name[1:])


def mask_number(digits: str) -> str:
    """A number that is personal data: only the last four characters stay."""
    keep = min(4, len(digits) // 2)
    return "*" * (len(digits) - keep) + digits[len(digits) - keep:]


def _kept(digits: int) -> int:
    return min(4, digits // 2)


# A PII cell's parts: text between separators, digits and 等 (李四等3人, 张三、李四, 王五（村民代表）).
_PART = re.compile(r"[^、，,；;:：/|()\[\]【】<>《》\"“”'‘’。.!！?？#*+\-_=~0-9等]+")
_WORD = re.compile(r"\S+")
_CJK_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def name_spans(folded: str) -> list[tuple[int, int]]:
    """Where the name-like words of a (folded) PII cell are: the words of each part, Chinese
    words separated only by spaces taken as one name (张　三 spaced out to align a column,
    司马 光, 欧阳 娜娜); a placeholder or role word (王五 村民代表) is not joined.
    Words of one character (the 人 of 等3人), placeholders and role words are left out."""
    spans: list[tuple[int, int]] = []
    for part in _PART.finditer(folded):
        text = part.group(0)
        words: list[tuple[int, int]] = []
        joinable = False  # whether the last word is Chinese and may be joined by the next
        for w in _WORD.finditer(text):
            chinese = _CJK_WORD.fullmatch(w.group(0)) is not None and w.group(0) not in NOT_NAMES
            if chinese and joinable:
                words[-1] = (words[-1][0], w.end())
            else:
                words.append(w.span())
            joinable = chinese
        for s, e in words:
            word = part.group(0)[s:e]
            if len(word) - word.count(" ") >= 2 and word not in NOT_NAMES and any(c.isalpha() for c in word):
                spans.append((part.start() + s, part.start() + e))
    return spans


_PLAIN_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_PLAIN_NAME = re.compile(r"[\u4e00-\u7b48\u7b4a-\u9fff]{2,}")  # Chinese characters but 等 (李四等)


def mask_cell(value: str) -> str:
    """A value of a PII column: every number and every name-like part masked (``name_spans``);
    placeholders (匿名) and role words (村民代表) stay."""
    if _PLAIN_MOBILE.fullmatch(value):  # most cells: a mobile alone, or a name alone
        return value[:3] + "****" + value[7:]
    if _PLAIN_NAME.fullmatch(value) and value not in NOT_NAMES:
        return value[0] + "*" * (len(value) - 1)
    if value.strip() in NOT_NAMES:
        return value
    hide: list[int] = []
    folded = fold(value)
    if _ANY_DIGIT.search(value):
        rest = _numbers(hide, folded)
        for m in _LONG_RUN.finditer(rest):  # any other number of five digits or more
            n = sum(c.isdigit() for c in m.group(0))
            _hide_digits(hide, folded, m.start(), m.end(), 0, _kept(n))
        folded = _starred(rest, hide)  # numbers split names, as digits do
    for start, end in name_spans(folded):
        hide.extend(i for i in range(start + 1, end) if not folded[i].isspace())
    return _starred(value, hide)


_DIGIT_RUN = re.compile(r"[0-9]{5,}")


class Masker:
    """Masks values by column and by value; knows the store's personal values.

    The store's values are read on first need (``loader``): a figure, a count
    or a date never needs them, so ``dash query NAME`` on a large store does
    not pay for reading every name. Names and numbers given (or loaded) are in
    folded form (``fold``): Latin names in lower case.
    """

    _MEMO = 1 << 16  # values remembered: a column of few values is masked once per value

    def __init__(self, names: Iterable[str] = (), enabled: bool = True, numbers: Iterable[str] = (),
                 loader: Callable[[], tuple[set[str], set[str]]] | None = None):
        self.enabled = enabled
        self._loader = loader
        self._loading = threading.Lock()
        self._memo: dict[str, str] = {}
        if loader is None:
            self._set(names, numbers)

    def _set(self, names: Iterable[str], numbers: Iterable[str]) -> None:
        self.names = {fold(n.strip()) for n in names if n and len(n.strip()) >= 2}
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

    def _names_in(self, hide: list[int], folded: str) -> None:
        """Add to ``hide`` every known name in ``folded`` but its first character (a Latin name
        only as a whole word, not the wei of weight)."""
        firsts = self._firsts
        if firsts is None:
            return
        i = 0
        while (m := firsts.search(folded, i)) is not None:
            i = m.start()
            for length in self._lengths[folded[i]]:
                word = folded[i:i + length]
                if (len(word) == length and word in self.names
                        and (not word[0].isascii() or _whole_word(folded, i, i + length))):
                    hide.extend(k for k in range(i + 1, i + length) if not folded[k].isspace())
                    i += length
                    break
            else:
                i += 1

    def _numbers_in(self, hide: list[int], folded: str) -> None:
        """Add to ``hide`` the known numbers of the store (a phone value 7461234 in 电话746-1234)."""
        for m in _LONG_RUN.finditer(folded):
            run = m.group(0)
            digits = run.replace("-", "").replace(".", "").replace(" ", "")
            if digits in self.numbers:
                _hide_digits(hide, folded, m.start(), m.end(), 0, _kept(len(digits)))
                continue
            for sub in _DIGIT_RUN.finditer(run):  # 电话7461234 2024年: the number beside others
                if sub.group(0) in self.numbers:
                    start = m.start() + sub.start()
                    _hide_digits(hide, folded, start, start + len(sub.group(0)), 0, _kept(len(sub.group(0))))

    def text(self, value: str) -> str:
        """Any text with every phone, ID and house number and every known personal value masked."""
        if not self.enabled:
            return value
        memo = self._memo.get(value)
        if memo is not None:
            return memo
        out = self._text(value)
        if len(self._memo) >= self._MEMO:
            self._memo.clear()
        self._memo[value] = out
        return out

    def _text(self, value: str, runs: bool = True) -> str:
        """:meth:`text`, not remembered; ``runs=False`` for a number value's text (an amount of
        twelve digits is no glued phone numbers)."""
        digits = _ANY_DIGIT.search(value) is not None
        letters = not value.isascii() or _LATIN.search(value) is not None
        if not digits and not letters:
            return value
        hide: list[int] = []
        folded = value.translate(_FOLD)
        if digits:
            rest = _numbers(hide, folded, runs)
            if _LONG_RUN.search(rest):
                self._load()
                if self.numbers:
                    self._numbers_in(hide, rest)
        if letters:
            self._load()
            self._names_in(hide, folded)
        return _starred(value, hide)

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
        if value is None or type(value) in _NEVER_PERSONAL:
            return value
        if isinstance(value, str):
            return self.text(value)
        if type(value) is int:
            return self._int(value)
        if isinstance(value, (bytes, bytearray, memoryview)):
            shown = bytes(value).decode("utf-8", "replace")
        elif isinstance(value, float):
            shown = format(value, ".0f") if value.is_integer() else repr(value)
        else:  # int, Decimal, list, dict (struct / map), UUID …
            shown = format(value, "f") if hasattr(value, "as_tuple") else str(value)
        number = isinstance(value, float) or hasattr(value, "as_tuple")
        masked = self._text(shown, runs=False) if number else self.text(shown)
        return masked if masked != shown else value

    def _int(self, value: int) -> object:
        """An integer: a phone or ID number by pattern, or a known number of the store."""
        shown = str(value)
        if len(shown) < 5:
            return value  # a count, a year: too short to be a phone or ID number
        if len(shown) < 10:  # too short for any pattern: only a known number (7461234) can be personal
            self._load()
            return mask_number(shown) if shown.lstrip("-") in self.numbers else value
        masked = self._text(shown, runs=False)
        return masked if masked != shown else value

    def value(self, column: str, value: object) -> object:
        """A value of ``column``: a PII column's cell by :func:`mask_cell`, anything else by value."""
        if not self.enabled or value is None:
            return value
        if column in PII_COLUMNS:
            return mask_cell(str(value))
        return self.any(value)

    def columns(self, columns: Sequence[str]) -> list[str]:
        """Column names, which SQL can make from values (``PIVOT … ON petitioner``)."""
        return [self.text(c) for c in columns] if self.enabled else list(columns)

    def rows(self, columns: Sequence[str], rows: Iterable[Sequence]) -> list[tuple]:
        """Every value of every row masked by its column.

        Column by column, each distinct value once: most columns of a ledger
        hold few values (乡镇, 污染类型, dates), so a million cells are a few
        thousand maskings.
        """
        rows = [tuple(r) for r in rows]
        if not self.enabled or not rows:
            return rows
        masked = [self._column(c, [r[j] for r in rows]) for j, c in enumerate(columns)]
        return list(zip(*masked)) if masked else rows

    def _column(self, column: str, values: list) -> list:
        kind = next((type(v) for v in values if v is not None), None)
        if kind is None or kind in _NEVER_PERSONAL:  # a column has one type: dates are dates throughout
            return values
        done: dict = {}
        out = []
        for v in values:
            if v is None or type(v) in _NEVER_PERSONAL:
                out.append(v)
                continue
            try:
                shown = done[v]
            except KeyError:
                shown = done[v] = self.value(column, v)
            except TypeError:  # a list or struct: not hashable, masked each time
                shown = self.value(column, v)
            out.append(shown)
        return out


# Values that never carry personal data (a bool is no number here).
_NEVER_PERSONAL = frozenset({bool, date, datetime, time, timedelta})


def _whole_word(folded: str, start: int, end: int) -> bool:
    """Whether folded[start:end] is not part of a longer Latin word (wei in weight)."""
    return ((start == 0 or not ("a" <= folded[start - 1] <= "z"))
            and (end >= len(folded) or not ("a" <= folded[end] <= "z")))
