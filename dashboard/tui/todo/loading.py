"""Thread side of the to-do list: every alert's items, each alert on its own.

The core's :func:`dashboard.agenda.todo_items` builds the list; here each alert
is read separately so one failing query costs only its own items (and is
named), as a failing figure costs only its own line on a panel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...agenda import NO_UNIT, TodoItem, alert_items, find_record
from ...areas import alert_queries
from ...ledgers import column_labels
from ..rows.columns import display_order

if TYPE_CHECKING:
    from ...clock import Period
    from ...figures import Figures

# The list as the screen shows it, and as the export writes it: (column title, the item's attribute).
SCREEN_COLUMNS: tuple[tuple[str, str], ...] = (
    ("期限", "when"), ("领域", "area_title"), ("事项", "label"), ("记录", "record"), ("责任", "whose"),
    ("到期日", "due_on"),
)
EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("领域", "area_title"), ("事项", "label"), ("记录", "record"), ("责任股室", "unit_or_none"),
    ("责任人", "person"), ("到期日", "due_on"), ("期限", "when"), ("超期天数", "days_overdue"),
    ("剩余天数", "days_left"),
)


def whose(item: TodoItem) -> str:
    """责任股室、责任人 in one cell (未指定 when the ledger names neither)."""
    return "、".join(x for x in (item.unit, item.person) if x) or NO_UNIT


def item_cells(item: TodoItem, columns: tuple[tuple[str, str], ...]) -> list[Any]:
    """An item's values under ``columns`` (None where it has none)."""
    return [whose(item) if attr == "whose" else getattr(item, attr) for _, attr in columns]


@dataclass
class TodoList:
    items: list[TodoItem]
    errors: list[str] = field(default_factory=list)  # 查询名：错误 of alerts that failed


def load_todo(figures: Figures, period: Period) -> TodoList:
    """Every alert row of every area as of ``period.as_of``, most urgent first."""
    out = TodoList([])
    for q in alert_queries():
        try:
            out.items += alert_items(figures, q.name, period)
        except Exception as exc:  # noqa: BLE001 - one failing alert costs only its own items
            out.errors.append(f"{q.label}：{figures.masker.message(exc)}")
    out.items.sort(key=TodoItem.urgency)
    return out


@dataclass
class Record:
    """The row behind an item, with Chinese labels, or why there is none."""

    item: TodoItem
    labels: list[str]
    row: tuple | None
    error: str = ""


def load_record(figures: Figures, item: TodoItem, period: Period) -> Record:
    """The record an item stands for (None when it stands for no single record)."""
    try:
        found = find_record(figures, item, period)
    except Exception as exc:  # noqa: BLE001 - told on screen
        return Record(item, [], None, figures.masker.message(exc))
    if found is None:
        return Record(item, [], None)
    columns, row = found
    order = display_order(item.alert, columns)  # as its rows screen shows it
    labels = column_labels(columns)
    return Record(item, [labels[i] for i in order], tuple(row[i] for i in order))
