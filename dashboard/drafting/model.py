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
- :class:`Suggestion`: 【建议补充】 before a sentence the figures suggest (a clock
  missed, a target not met) that the clerk accepts or drops.
- :class:`Label`: the number of an enumerated item (``1.``, ``（2）``).
- :class:`UserText`: text the user typed while editing the draft.

:class:`Composer` fetches figures and rows through :class:`Figures`, caches
them and remembers every one it handed out, for ``--explain``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .. import queries
from ..clock import Period
from ..figures import Figure, Figures, format_value
from .sql import figure as unordered_figure

_DIGIT = re.compile(r"[0-9０-９]")

class MaskedRow:
    """One row of a query, each value masked as it is read.

    A draft reads one or two columns of rows that may number thousands;
    masking only what it reads keeps a large store's draft fast, and nothing
    unmasked can leave: the raw values are reachable only through ``get``.
    """

    __slots__ = ("_index", "_masker", "_raw")

    def __init__(self, index: dict[str, int], raw: tuple, masker) -> None:
        self._index, self._raw, self._masker = index, raw, masker

    def get(self, column: str, default: Any = None) -> Any:
        i = self._index.get(column)
        return default if i is None else self._masker.value(column, self._raw[i])

    def raw(self, column: str, default: Any = None) -> Any:
        """The value as stored, for choosing words (a keyword, a heading): never for output."""
        i = self._index.get(column)
        return default if i is None else self._raw[i]


# Paragraph styles, in the order of the official-document hierarchy: the title (up to two
# lines), the note of which parts a partial draft holds, headings of two levels, body text.
TITLE, NOTE, H1, H2, BODY = "title", "note", "h1", "h2", "body"


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
class Suggestion:
    """【建议补充】: the sentence after it is what the figures show, for the clerk to keep or drop."""

    @property
    def text(self) -> str:
        return SUGGESTION


SUGGESTION = "【建议补充】"


@dataclass(frozen=True)
class Label:
    """An enumeration label (``1.``, ``（2）``): the one place a digit is ours, not a figure's."""

    text: str


@dataclass(frozen=True)
class UserText:
    text: str


Run = Text | Fig | RowText | Param | ConfigText | Placeholder | Suggestion | Label | UserText


@dataclass
class Paragraph:
    style: str
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Check:
    """A disagreement between two ledgers (核对), for the clerk: the draft does not settle it."""

    name: str  # the named query (or queries) behind it
    text: str  # what disagrees, in a sentence
    count: int  # how many rows (or how far apart the two counts are)


@dataclass
class Draft:
    """The report (or some of its parts) for one year."""

    year: int
    bureau: str
    as_of: date | None
    paragraphs: list[Paragraph]
    figures: list[FigureRef] = field(default_factory=list)  # shown in the text, in order
    consulted: list[FigureRef] = field(default_factory=list)  # read to choose the wording only
    sources: list[RowSource] = field(default_factory=list)  # rows listed in the text
    rows_consulted: list[RowSource] = field(default_factory=list)  # rows read to choose the wording
    checks: list[Check] = field(default_factory=list)  # 核对: where the ledgers disagree
    sections: tuple[str, ...] = ("1", "2", "3", "4")
    author: str = ""  # who the exported document names as its author (bureau.drafter or the bureau)
    edited: bool = False

    @property
    def figure_runs(self) -> list[Fig]:
        return [r for p in self.paragraphs for r in p.runs if isinstance(r, Fig)]

    @property
    def placeholders(self) -> list[Placeholder]:
        return [r for p in self.paragraphs for r in p.runs if isinstance(r, Placeholder)]

    @property
    def suggestions(self) -> int:
        """How many sentences are marked 【建议补充】."""
        return sum(isinstance(r, Suggestion) for p in self.paragraphs for r in p.runs)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


Part = str | Run


def runs(*parts: Part) -> list[Run]:
    """Runs from a mix of prose strings and runs; empty strings are dropped."""
    return [Text(p) if isinstance(p, str) else p for p in parts if p != ""]


class Composer:
    """Hands out figures and rows for one draft, reading each query once and remembering it."""

    def __init__(self, figures: Figures, period: Period, cursor: Any = None):
        self.figures = figures
        self._cur = cursor  # one cursor for the whole draft (a hundred queries), or one each
        self.period = period
        self.year = period.year
        self.refs: dict[tuple[str, int], FigureRef] = {}
        self._rows: dict[tuple[str, int], tuple[RowSource, list[MaskedRow]]] = {}
        self._said: set[str] = set()
        self._shown: set[tuple[str, int]] = set()
        self._ready: dict[tuple[str, int], Figure] = {}  # read ahead, not yet asked for
        self._ready_rows: dict[tuple[str, int], queries.Result] = {}

    def prefetch(self, names: Iterable[tuple[str, int]], rows: Iterable[tuple[str, int]] = (),
                 workers: int = 2) -> None:
        """Read these (query, year) figures, and the rows of ``rows``, ahead in ``workers`` threads,
        a cursor each: DuckDB runs them side by side. What is read ahead is recorded for --explain
        only when the draft asks for it; a count over rows read ahead is counted from them (the
        same query, so the same number); a query that fails here fails again when asked for."""
        from concurrent.futures import ThreadPoolExecutor

        wanted_rows = [key for key in dict.fromkeys(rows) if key not in self._rows]
        counted = {key for key in wanted_rows if _counts_rows(queries.get(key[0]))}
        todo = [("rows", key) for key in wanted_rows] + [
            ("figure", key) for key in dict.fromkeys(names) if key not in self.refs and key not in counted]

        def read(chunk: list[tuple[str, tuple[str, int]]]) -> list[tuple[str, tuple[str, int], Any]]:
            done = []
            with self.figures.cursor() as cur:
                for kind, (name, year) in chunk:
                    q = queries.get(name)
                    params = self.figures.params(q, self.period_of(year))
                    try:
                        if kind == "rows":
                            done.append((kind, (name, year), queries.rows(cur, q, params)))
                        else:
                            value, n = unordered_figure(cur, q, params)
                            done.append((kind, (name, year), Figure(q.name, q.label, q.unit, value, n, params)))
                    except queries.QueryError:
                        continue
            return done

        with ThreadPoolExecutor(workers) as pool:
            for part in pool.map(read, [todo[i::workers] for i in range(workers)]):
                for kind, key, result in part:
                    (self._ready_rows if kind == "rows" else self._ready)[key] = result

    def once(self, fact: str) -> bool:
        """True the first time a fact is asked for: one fact is said once in the whole report."""
        if fact in self._said:
            return False
        self._said.add(fact)
        return True

    def shown(self, name: str, year: int | None = None) -> bool:
        """Whether the draft already shows this figure (one fact once)."""
        return (name, self.year if year is None else year) in self._shown

    def said(self, fact: str) -> bool:
        """Whether an earlier part already said this fact."""
        return fact in self._said

    def imported(self, *tables: str) -> bool:
        """Whether every one of these ledgers has rows at all (else it is 未导入, never a zero)."""
        return all(self.figures.imported(t) for t in tables)

    def not_imported(self, *tables: str) -> Placeholder:
        """【待补充：未导入…台账】 for the ledgers of ``tables`` that have no rows at all."""
        from ..ledgers import BY_TABLE

        missing = [BY_TABLE[t].label for t in tables if not self.figures.imported(t)]
        return Placeholder("未导入" + "、".join(missing or [BY_TABLE[t].label for t in tables]))

    def missing(self, name: str) -> bool:
        """Whether ``name`` needs a column no loaded export had: it is not a number, and no
        sentence may rest on it (a zero, an 均… claim or a finding would be the column's, not the
        bureau's)."""
        return bool(self.figures.missing(name))

    def no_column(self, name: str) -> Placeholder:
        """【待补充：台账无「公示日期」列】 for the columns ``name`` needs that the exports lack."""
        return Placeholder("台账无" + "".join(f"「{label}」" for label in self.figures.missing(name)) + "列")

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
            self.refs[key] = FigureRef(name, period, self._figure(name, period, key))
        return self.refs[key]

    def _figure(self, name: str, period: Period, key: tuple[str, int]) -> Figure:
        """The figure as :meth:`Figures.figure` gives it; a count over rows already read is counted
        from them (the same query, so the same number)."""
        if self._cur is None or self.figures.missing(name):
            self._ready.pop(key, None)
            return self.figures.figure(name, period)
        if key in self._ready:
            return self._ready.pop(key)
        q = queries.get(name)
        if not q.is_figure:
            raise queries.QueryError(f"{name} 不是指标查询")
        params = self.figures.params(q, period)
        if _counts_rows(q) and (key in self._rows or key in self._ready_rows):
            value = n = len(self._rows[key][1]) if key in self._rows else len(self._ready_rows[key].rows)
        else:
            value, n = unordered_figure(self._cur, q, params)
        return Figure(q.name, q.label, q.unit, value, n, params)

    def value(self, name: str, year: int | None = None) -> Any:
        """A figure's value, for choosing a sentence (the figure is recorded for --explain)."""
        return self.ref(name, year).figure.value

    def fig(self, name: str, year: int | None = None, zero: str | None = None) -> Fig | Placeholder:
        """A figure run: the value with its unit (``6次``, ``58.16万元``), or the word ``zero`` for 0;
        for a figure whose column the exports lack, 【待补充：台账无「…」列】 in its place."""
        ref = self.ref(name, year)
        self._shown.add((name, ref.year))
        f = ref.figure
        if f.missing:
            return self.no_column(name)
        if zero is not None and not f.value:
            return Fig(ref, zero)
        text = format_value(f.value, f.unit)
        return Fig(ref, text if f.unit == "元" else text + f.unit)

    # -- rows (masked unless the Figures were opened with unmask)
    def rows(self, name: str, year: int | None = None) -> list[MaskedRow]:
        """The rows of a named query; ``row.get(column)`` gives a value masked unless --unmask."""
        key = (name, self.year if year is None else year)
        if key not in self._rows:
            q = queries.get(name)
            period = self.period_of(key[1])
            if key in self._ready_rows:
                res = self._ready_rows.pop(key)
            elif self._cur is None:
                res = self.figures.rows(name, period, masked=False)
            else:
                res = queries.rows(self._cur, q, self.figures.params(q, period))
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


def _counts_rows(q: queries.Query) -> bool:
    """Whether a figure is the number of its rows (so rows already read give it)."""
    return q.is_figure and (q.value or "").replace(" ", "").lower() == "count(*)"


CN_DIGITS = "零一二三四五六七八九"


def cn_ordinal(n: int) -> str:
    """Chinese numerals for enumeration labels: 1 → 一, 12 → 十二, 23 → 二十三."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")
