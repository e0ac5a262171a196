"""Thread-side loading: turn named queries into plain data for the widgets.

Everything here runs inside thread workers and never touches a widget (and
never imports Textual); the workers post the results back as messages. Each
figure is loaded on its own so one failing query marks only itself (and its
panel) as broken.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..clock import Period
from .panels.base import PanelSpec

if TYPE_CHECKING:
    from ..figures import Figures, RowView

# The core's figures, comparison and queries are imported where they are used, in the
# workers: the first frame (which needs none of them) is painted before they load.

ROW_LIMIT = 5000  # never more rows than this into a table widget
ROW_PAGE = 200  # the rows screen fetches this many rows at a time (filter and sort run in SQL)


def _number(v: Any) -> bool:
    return isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)


@dataclass
class Value:
    """One figure's outcome: a value with its text, or the error that stopped it."""

    name: str
    label: str
    unit: str
    value: Any = None
    rows: int = 0
    error: str | None = None
    prev: Any = None  # the previous year's value (同比), when asked for
    compared: bool = False  # True when the previous year was asked for (prev may still be None)
    has_prev: bool = True  # False: the store holds nothing for the previous year
    has_this: bool = True  # False: the figure's ledgers hold nothing for this year (本年尚无记录)
    imported: bool = True  # False: the ledger behind the figure has no rows at all (未导入, not 0)
    missing: tuple[str, ...] = ()  # columns it needs that no export had: 无「公示日期」列, not 0

    @property
    def text(self) -> str:
        from ..compare import NOT_IMPORTED
        from ..figures import figure_text, no_column_text  # the core's: 万 grouping included

        if self.error is not None:
            return "出错"
        if not self.imported:
            return NOT_IMPORTED
        return no_column_text(self.missing) if self.missing else figure_text(self.value, self.unit)

    @property
    def prev_text(self) -> str:
        from ..compare import NO_PREVIOUS
        from ..figures import figure_text

        return figure_text(self.prev, self.unit) if self.has_prev else NO_PREVIOUS

    @property
    def change_text(self) -> str:
        """The change against the previous year: +3起（+14%）, -1.2个百分点, 持平, 无上年数据."""
        from ..compare import NO_PREVIOUS, NONE_YET, change_text

        if self.error is not None or not self.imported or self.missing:
            return ""
        if not self.has_this:
            return NONE_YET
        if not self.has_prev:
            return NO_PREVIOUS
        return change_text(self.value, self.prev, self.unit)

    @property
    def hot(self) -> bool:
        """True when an alert has something to act on."""
        return (self.error is None and self.imported and not self.missing and _number(self.value)
                and self.value > 0)


@dataclass
class Series:
    """A by-month table query: twelve counts, January first."""

    name: str
    label: str
    values: list[float] = field(default_factory=list)
    prev: list[float] | None = None
    error: str | None = None
    value_label: str = ""  # what is counted: the query's count column (案件数)


@dataclass
class PanelData:
    key: str
    period: Period
    values: dict[str, Value]
    trend: Series | None = None
    todo: int = 0  # the panel's items on the to-do list (open alert rows), as the list counts them

    @property
    def errors(self) -> list[Value]:
        return [v for v in self.values.values() if v.error]


def imported(figures: Figures, name: str) -> bool:
    """False when no ledger behind ``name`` has ever been imported (its figures are 未导入, not 0)."""
    from ..compare import tables_of

    tables = tables_of(name)
    return not tables or any(figures.imported(t) for t in tables)


# ---------------------------------------------------------------------- values, remembered

class FigureCache:
    """Figures and by-month series already read from the open store.

    Switching years back and forth, 同比 on and off, or a panel's detail after the
    panel reads each figure once. The app clears it when the store is reopened.
    Workers share it: a dict's get and set are atomic, and two workers computing
    the same figure at once both get the same answer.
    """

    def __init__(self) -> None:
        self._figures: dict[tuple[str, Period], tuple[Any, int]] = {}
        self._series: dict[tuple[str, Period], tuple[list[float], str]] = {}
        self._data_years: dict[str, set[int]] | None = None

    def figure(self, figures: Figures, name: str, period: Period) -> tuple[Any, int]:
        """(value, rows behind it) of ``name`` for ``period``."""
        key = (name, period)
        hit = self._figures.get(key)
        if hit is None:
            fig = figures.figure(name, period)
            hit = self._figures[key] = (fig.value, fig.rows)
        return hit

    def monthly(self, figures: Figures, name: str, period: Period) -> tuple[list[float], str]:
        """A by-month query as twelve numbers, and the name of what it counts (its last column)."""
        key = (name, period)
        hit = self._series.get(key)
        if hit is None:
            res = figures.rows(name, period)
            hit = self._series[key] = (_monthly(res.rows), res.columns[-1] if res.columns else "")
        return hit

    def has_year(self, figures: Figures, name: str, period: Period) -> bool:
        """Whether the ledgers behind ``name`` hold rows of ``period``'s year (else 本年尚无记录)."""
        from ..compare import has_year, years_with_rows

        if self._data_years is None:
            self._data_years = years_with_rows(figures)
        return has_year(figures, name, period, self._data_years)

    def has_previous_year(self, figures: Figures, name: str, period: Period) -> bool:
        """Whether the year before ``period`` has rows behind ``name`` (else 无上年数据)."""
        from ..compare import has_previous_year, years_with_rows

        if self._data_years is None:
            self._data_years = years_with_rows(figures)
        return has_previous_year(figures, name, period, self._data_years)


def _error_text(figures: Figures, exc: Exception) -> str:
    from ..output import safe_text

    # A database message can quote a cell: masked, and its escape sequences shown, never obeyed.
    return safe_text(figures.masker.message(exc))


def load_value(figures: Figures, name: str, period: Period, prev: Period | None = None,
               cache: FigureCache | None = None) -> Value:
    """One figure (and its previous-year value); errors are caught and kept."""
    from .. import queries

    cache = cache or FigureCache()
    try:
        q = queries.get(name)
    except Exception as exc:  # noqa: BLE001 - an unknown name is this figure's problem only
        return Value(name, name, "", error=_error_text(figures, exc))
    out = Value(name, q.label, q.unit)
    try:
        out.imported = imported(figures, name)
        out.missing = figures.missing(name) if out.imported else ()
        out.value, out.rows = cache.figure(figures, name, period)
        if prev is not None:
            out.compared = True
            out.has_prev = cache.has_previous_year(figures, name, period)
            out.has_this = cache.has_year(figures, name, period)
            out.prev = cache.figure(figures, name, prev)[0] if out.has_prev else None
    except Exception as exc:  # noqa: BLE001 - one failing query breaks only its own figure
        out.error = _error_text(figures, exc)
    return out


def load_series(figures: Figures, name: str, period: Period, prev: Period | None = None,
                cache: FigureCache | None = None) -> Series:
    """A by-month query as twelve numbers (the last numeric column of each month)."""
    from .. import queries

    cache = cache or FigureCache()
    try:
        label = queries.get(name).label
    except Exception as exc:  # noqa: BLE001 - one failing query breaks only its own figure
        return Series(name, name, error=_error_text(figures, exc))
    out = Series(name, label)
    try:
        out.values, out.value_label = cache.monthly(figures, name, period)
        if prev is not None and prev.year in figures.years:
            out.prev = cache.monthly(figures, name, prev)[0]
    except Exception as exc:  # noqa: BLE001 - one failing query breaks only its own figure
        out.error = _error_text(figures, exc)
    return out


def _monthly(rows: list[tuple]) -> list[float]:
    months = [0.0] * 12
    for row in rows:
        m, n = row[0], row[-1]
        if isinstance(m, int) and 1 <= m <= 12 and _number(n):
            months[m - 1] = float(n)
    return months


def load_panel(figures: Figures, spec: PanelSpec, period: Period, prev: Period | None = None,
               cancelled: Callable[[], bool] = lambda: False, cache: FigureCache | None = None) -> PanelData:
    """Every home-screen figure, alert and the trend of one panel."""
    cache = cache or FigureCache()
    data = PanelData(spec.key, period, {})
    for name in spec.figures + spec.alerts:
        if cancelled():
            break
        data.values[name] = load_value(figures, name, period, prev if name in spec.figures else None, cache)
    data.todo = todo_count(figures, {n: data.values[n] for n in spec.alerts if n in data.values and data.values[n].hot},
                           period)
    if spec.trend and not cancelled():
        data.trend = load_series(figures, spec.trend, period, prev, cache)
    return data


def todo_count(figures: Figures, values: dict[str, Value], period: Period) -> int:
    """How many items of these (firing) alerts the to-do list holds, as :func:`agenda.todo_items`
    counts them: a target is one item, a count of rows its rows, less those settled late."""
    from .. import queries
    from ..agenda import alert_items

    n = 0
    for name, v in values.items():
        q = queries.get(name)
        if "due" not in q.meta or q.value != "count(*)":
            n += 1
        elif not q.meta.get("settled"):
            n += int(v.value)
        else:
            try:
                n += sum(i.is_open for i in alert_items(figures, name, period, masked=False))  # a count only
            except Exception:  # noqa: BLE001 - the figure itself already shows its error
                n += int(v.value)
    return n


@dataclass
class Table:
    """A query's rows for a table widget, bounded, with Chinese column labels."""

    name: str
    label: str
    columns: list[str]
    labels: list[str]
    rows: list[tuple]
    truncated: bool = False
    total: int | None = None  # rows behind a figure, when known
    error: str | None = None
    value_text: str = ""  # the figure's value, for a figure query
    doc: str = ""
    imported: bool = True
    missing: tuple[str, ...] = ()


def load_table(figures: Figures, name: str, period: Period, limit: int = ROW_LIMIT,
               cache: FigureCache | None = None) -> Table:
    """The rows behind a figure, or a table query's result; at most ``limit`` rows."""
    from .. import queries
    from ..compare import NOT_IMPORTED
    from ..figures import figure_text, no_column_text
    from ..ledgers import column_labels

    cache = cache or FigureCache()
    try:
        q = queries.get(name)
    except Exception as exc:  # noqa: BLE001 - one failing query breaks only its own figure
        return Table(name, name, [], [], [], error=_error_text(figures, exc))
    try:
        res = figures.rows(name, period, limit=limit)
        table = Table(name, q.label, res.columns, column_labels(res.columns), res.rows, res.truncated,
                      len(res.rows), doc=q.doc, imported=imported(figures, name))
        if q.is_figure:
            value, table.total = cache.figure(figures, name, period)
            table.missing = figures.missing(name) if table.imported else ()
            table.value_text = (NOT_IMPORTED if not table.imported else no_column_text(table.missing)
                                if table.missing else figure_text(value, q.unit))
        return table
    except Exception as exc:  # noqa: BLE001 - one failing query breaks only its own figure
        return Table(name, q.label, [], [], [], error=_error_text(figures, exc), doc=q.doc)


@dataclass
class Page:
    """Rows ``offset`` … of a figure's rows under a filter and sort, and how many match."""

    offset: int
    rows: list[tuple]
    total: int
    error: str | None = None


def load_page(figures: Figures, name: str, period: Period, view: RowView) -> Page:
    """One page of a figure's rows for the rows screen."""
    try:
        res, total = figures.page(name, period, view)
        return Page(view.offset, res.rows, total)
    except Exception as exc:  # noqa: BLE001 - a failing page marks only this table
        return Page(view.offset, [], 0, error=_error_text(figures, exc))


@dataclass
class DetailData:
    key: str
    period: Period
    values: dict[str, Value]
    trend: Series | None
    breakdowns: list[Table]


def load_detail(figures: Figures, spec: PanelSpec, period: Period, prev: Period | None = None,
                cancelled: Callable[[], bool] = lambda: False, cache: FigureCache | None = None) -> DetailData:
    """Everything the panel's detail screen shows."""
    cache = cache or FigureCache()
    values = {}
    for name in spec.detail_figures + spec.alerts:
        if cancelled():
            break
        values[name] = load_value(figures, name, period, prev if name not in spec.alerts else None, cache)
    trend = load_series(figures, spec.trend, period, prev, cache) if spec.trend and not cancelled() else None
    tables = [] if cancelled() else [load_table(figures, b, period, 200, cache) for b in spec.breakdowns]
    return DetailData(spec.key, period, values, trend, tables)
