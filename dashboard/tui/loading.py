"""Thread-side loading: turn named queries into plain data for the widgets.

Everything here runs inside ``@work(thread=True)`` workers and never touches a
widget; the workers post the results back as messages. Each figure is loaded on
its own so one failing query marks only itself (and its panel) as broken.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..clock import Period
from ..figures import RowView
from .panels.base import PanelSpec

if TYPE_CHECKING:
    from ..figures import Figures

ROW_LIMIT = 5000  # never more rows than this into a table widget
ROW_PAGE = 200  # the rows screen fetches this many rows at a time (filter and sort run in SQL)


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

    @property
    def text(self) -> str:
        return figure_text(self.value, self.unit) if self.error is None else "出错"

    @property
    def prev_text(self) -> str:
        return figure_text(self.prev, self.unit)

    @property
    def hot(self) -> bool:
        """True when an alert has something to act on."""
        return self.error is None and isinstance(self.value, (int, float, Decimal)) and self.value > 0


@dataclass
class Series:
    """A by-month table query: twelve counts, January first."""

    name: str
    label: str
    values: list[float] = field(default_factory=list)
    prev: list[float] | None = None
    error: str | None = None


@dataclass
class PanelData:
    key: str
    period: Period
    values: dict[str, Value]
    trend: Series | None = None

    @property
    def errors(self) -> list[Value]:
        return [v for v in self.values.values() if v.error]


def figure_text(value: Any, unit: str) -> str:
    """A figure with its unit as the report writes it: 21起, 58.16万元, 100%."""
    from ..figures import format_value

    text = format_value(value, unit)
    if value is None or unit in ("", "元"):
        return text
    return text + unit


def _error_text(figures: Figures, exc: Exception) -> str:
    from ..output import safe_text

    # A database message can quote a cell: masked, and its escape sequences shown, never obeyed.
    return safe_text(figures.masker.message(exc))


def load_value(figures: Figures, name: str, period: Period, prev: Period | None = None) -> Value:
    """One figure (and its previous-year value); errors are caught and kept."""
    from .. import queries

    try:
        q = queries.get(name)
    except Exception as exc:  # noqa: BLE001 - an unknown name is this figure's problem only
        return Value(name, name, "", error=_error_text(figures, exc))
    out = Value(name, q.label, q.unit)
    try:
        fig = figures.figure(name, period)
        out.value, out.rows = fig.value, fig.rows
        if prev is not None:
            out.prev = figures.figure(name, prev).value
    except Exception as exc:  # noqa: BLE001 - one failing query breaks only its own figure
        out.error = _error_text(figures, exc)
    return out


def load_series(figures: Figures, name: str, period: Period, prev: Period | None = None) -> Series:
    """A by-month query as twelve numbers (the last numeric column of each month)."""
    from .. import queries

    try:
        label = queries.get(name).label
    except Exception as exc:  # noqa: BLE001 - one failing query breaks only its own figure
        return Series(name, name, error=_error_text(figures, exc))
    out = Series(name, label)
    try:
        out.values = _monthly(figures.rows(name, period).rows)
        if prev is not None:
            out.prev = _monthly(figures.rows(name, prev).rows)
    except Exception as exc:  # noqa: BLE001 - one failing query breaks only its own figure
        out.error = _error_text(figures, exc)
    return out


def _monthly(rows: list[tuple]) -> list[float]:
    months = [0.0] * 12
    for row in rows:
        m, n = row[0], row[-1]
        if isinstance(m, int) and 1 <= m <= 12 and isinstance(n, (int, float, Decimal)):
            months[m - 1] = float(n)
    return months


def load_panel(figures: Figures, spec: PanelSpec, period: Period, prev: Period | None = None,
               cancelled: Callable[[], bool] = lambda: False) -> PanelData:
    """Every home-screen figure, alert and the trend of one panel."""
    data = PanelData(spec.key, period, {})
    for name in spec.figures + spec.alerts:
        if cancelled():
            break
        data.values[name] = load_value(figures, name, period, prev if name in spec.figures else None)
    if spec.trend and not cancelled():
        data.trend = load_series(figures, spec.trend, period, prev)
    return data


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


def load_table(figures: Figures, name: str, period: Period, limit: int = ROW_LIMIT) -> Table:
    """The rows behind a figure, or a table query's result; at most ``limit`` rows."""
    from .. import queries
    from ..ledgers import column_labels

    try:
        q = queries.get(name)
    except Exception as exc:  # noqa: BLE001 - one failing query breaks only its own figure
        return Table(name, name, [], [], [], error=_error_text(figures, exc))
    try:
        res = figures.rows(name, period, limit=limit)
        table = Table(name, q.label, res.columns, column_labels(res.columns), res.rows, res.truncated,
                      len(res.rows), doc=q.doc)
        if q.is_figure:
            fig = figures.figure(name, period)
            table.total, table.value_text = fig.rows, figure_text(fig.value, fig.unit)
        return table
    except Exception as exc:  # noqa: BLE001 - one failing query breaks only its own figure
        return Table(name, q.label, [], [], [], error=_error_text(figures, exc), doc=q.doc)


@dataclass
class Page:
    """Rows ``offset`` … of a figure's rows under a filter and sort, and how many match."""

    request: int
    offset: int
    rows: list[tuple]
    total: int
    error: str | None = None


def load_page(figures: Figures, name: str, period: Period, request: int, view: RowView) -> Page:
    """One page of a figure's rows for the rows screen; ``request`` tells stale answers apart."""
    try:
        res, total = figures.page(name, period, view)
        return Page(request, view.offset, res.rows, total)
    except Exception as exc:  # noqa: BLE001 - a failing page marks only this table
        return Page(request, view.offset, [], 0, error=_error_text(figures, exc))


@dataclass
class DetailData:
    key: str
    period: Period
    values: dict[str, Value]
    trend: Series | None
    breakdowns: list[Table]


def load_detail(figures: Figures, spec: PanelSpec, period: Period, prev: Period | None = None,
                cancelled: Callable[[], bool] = lambda: False) -> DetailData:
    """Everything the panel's detail screen shows."""
    values = {}
    for name in spec.detail_figures + spec.alerts:
        if cancelled():
            break
        values[name] = load_value(figures, name, period, prev if name not in spec.alerts else None)
    trend = load_series(figures, spec.trend, period, prev) if spec.trend and not cancelled() else None
    tables = [] if cancelled() else [load_table(figures, b, period, limit=200) for b in spec.breakdowns]
    return DetailData(spec.key, period, values, trend, tables)
