"""The draft model: paragraphs of runs, where every number is a figure reference.

A run is one of:

- :class:`Text`: our own prose. It may not contain a digit, so a number can
  never be typed into a template; the constructor refuses one.
- :class:`Fig`: a figure from a named query (query name, parameters, value,
  rows behind it), shown as e.g. ``6次`` or ``58.16万元``.
- :class:`RowText`: content taken from the rows of a named query (a law's
  title, a shortcoming's 整改措施, a date), never a count.
- :class:`Param`: a parameter of the draft (the report year, a configured
  target), with where it came from.
- :class:`ConfigText`: standing arrangements written in the configuration.
- :class:`Placeholder`: 【待补充：…】 where the ledgers say nothing.
- :class:`UserText`: text the user typed while editing the draft.

:class:`Composer` fetches figures and rows through :class:`Figures`, caches
them and remembers every one it handed out, for ``--explain``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .. import queries
from ..clock import Period
from ..figures import Figure, Figures, format_value

_DIGIT = re.compile(r"[0-9０-９]")

class MaskedRow:
    """One row of a query, each value masked as it is read.

    A draft reads one or two columns of rows that may number thousands;
    masking only what it reads keeps a large store's draft fast, and nothing
    unmasked can leave: the raw values are reachable only through ``get``.
    """

    __slots__ = ("_index", "_raw", "_masker")

    def __init__(self, index: dict[str, int], raw: tuple, masker) -> None:
        self._index, self._raw, self._masker = index, raw, masker

    def get(self, column: str, default: Any = None) -> Any:
        i = self._index.get(column)
        return default if i is None else self._masker.value(column, self._raw[i])


# Paragraph styles, in the order of the official-document hierarchy.
TITLE, H1, H2, BODY = "title", "h1", "h2", "body"


@dataclass(frozen=True)
class FigureRef:
    """A figure as used in a draft: which query, for which period, with what result."""

    name: str
    period: Period
    figure: Figure

    @property
    def year(self) -> int:
        return self.period.year

    @property
    def params(self) -> dict[str, Any]:
        return self.figure.params

    @property
    def key(self) -> tuple:
        return (self.name, tuple(sorted((k, str(v)) for k, v in self.params.items())))


@dataclass(frozen=True)
class RowSource:
    """The rows of a named query that list-type content was taken from."""

    name: str
    label: str
    period: Period
    params: dict[str, Any]
    count: int

    @property
    def year(self) -> int:
        return self.period.year

    @property
    def key(self) -> tuple:
        return (self.name, tuple(sorted((k, str(v)) for k, v in self.params.items())))


@dataclass(frozen=True)
class Text:
    text: str

    def __post_init__(self) -> None:
        if _DIGIT.search(self.text):
            raise ValueError(f"草稿模板中不得直接写数字（应引用查询结果）：{self.text!r}")


@dataclass(frozen=True)
class Fig:
    ref: FigureRef
    text: str


@dataclass(frozen=True)
class RowText:
    text: str
    source: RowSource


@dataclass(frozen=True)
class Param:
    text: str
    source: str  # "year", "config:targets.study_sessions_per_year", …


@dataclass(frozen=True)
class ConfigText:
    text: str


@dataclass(frozen=True)
class Placeholder:
    what: str

    @property
    def text(self) -> str:
        return f"【待补充：{self.what}】"


@dataclass(frozen=True)
class UserText:
    text: str


Run = Text | Fig | RowText | Param | ConfigText | Placeholder | UserText


@dataclass
class Paragraph:
    style: str
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Draft:
    """Parts three and/or four of one year's report."""

    year: int
    bureau: str
    as_of: date | None
    paragraphs: list[Paragraph]
    figures: list[FigureRef] = field(default_factory=list)  # shown in the text, in order
    consulted: list[FigureRef] = field(default_factory=list)  # read to choose the wording only
    sources: list[RowSource] = field(default_factory=list)  # rows listed in the text
    rows_consulted: list[RowSource] = field(default_factory=list)  # rows read to choose the wording
    edited: bool = False

    @property
    def figure_runs(self) -> list[Fig]:
        return [r for p in self.paragraphs for r in p.runs if isinstance(r, Fig)]

    @property
    def placeholders(self) -> list[Placeholder]:
        return [r for p in self.paragraphs for r in p.runs if isinstance(r, Placeholder)]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


Part = str | Run


def runs(*parts: Part) -> list[Run]:
    """Runs from a mix of prose strings and runs; empty strings are dropped."""
    return [Text(p) if isinstance(p, str) else p for p in parts if p != ""]


class Composer:
    """Hands out figures and rows for one draft, reading each query once and remembering it."""

    def __init__(self, figures: Figures, period: Period):
        self.figures = figures
        self.period = period
        self.year = period.year
        self.refs: dict[tuple[str, int], FigureRef] = {}
        self._rows: dict[tuple[str, int], tuple[RowSource, list[dict[str, Any]]]] = {}

    def param_year(self, offset: int = 0) -> Param:
        """The report year (or the next one) as a parameter run."""
        return Param(str(self.year + offset), "year" if not offset else f"year{offset:+d}")

    def param_config(self, section: str, key: str) -> Param:
        """A configured value (a target), named by where it is set."""
        return Param(str(getattr(getattr(self.figures.config, section), key)), f"config:{section}.{key}")

    def period_of(self, year: int) -> Period:
        """The period another year's figures are read in (judged by the same today)."""
        return self.period if year == self.year else self.period.shifted(year - self.year)

    # -- figures
    def ref(self, name: str, year: int | None = None) -> FigureRef:
        key = (name, self.year if year is None else year)
        if key not in self.refs:
            period = self.period_of(key[1])
            self.refs[key] = FigureRef(name, period, self.figures.figure(name, period))
        return self.refs[key]

    def value(self, name: str, year: int | None = None) -> Any:
        """A figure's value, for choosing a sentence (the figure is recorded for --explain)."""
        return self.ref(name, year).figure.value

    def fig(self, name: str, year: int | None = None, zero: str | None = None) -> Fig:
        """A figure run: the value with its unit (``6次``, ``58.16万元``), or the word ``zero`` for 0."""
        ref = self.ref(name, year)
        f = ref.figure
        if zero is not None and not f.value:
            return Fig(ref, zero)
        text = format_value(f.value, f.unit)
        return Fig(ref, text if f.unit == "元" else text + f.unit)

    # -- rows (masked unless the Figures were opened with unmask)
    def rows(self, name: str, year: int | None = None) -> list["MaskedRow"]:
        """The rows of a named query; ``row.get(column)`` gives a value masked unless --unmask."""
        key = (name, self.year if year is None else year)
        if key not in self._rows:
            q = queries.get(name)
            period = self.period_of(key[1])
            res = self.figures.rows(name, period, masked=False)
            index = {c: i for i, c in enumerate(res.columns)}
            records = [MaskedRow(index, r, self.figures.masker) for r in res.rows]
            self._rows[key] = (RowSource(name, q.label, period, self.figures.params(q, period), len(records)),
                               records)
        return self._rows[key][1]

    @property
    def sources(self) -> list[RowSource]:
        return [src for src, _ in self._rows.values()]

    def row_text(self, name: str, text: str, year: int | None = None) -> RowText:
        """Text taken from the rows of ``name`` (escape sequences in a cell shown, never obeyed)."""
        from ..output import safe_text

        key = (name, self.year if year is None else year)
        self.rows(*key)
        return RowText(safe_text(text), self._rows[key][0])


CN_DIGITS = "零一二三四五六七八九"


def cn_ordinal(n: int) -> str:
    """Chinese numerals for enumeration labels: 1 → 一, 12 → 十二, 23 → 二十三."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")
