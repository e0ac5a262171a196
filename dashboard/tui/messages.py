"""Messages posted by workers and widgets; handlers on screens and the app change state.

The data flow reads as a chain: store opened → panel / detail / table loaded;
a figure selected → its rows; a row selected → its fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from ..figures import Figures
    from .loading import DetailData, Page, PanelData, Table


class StoreOpened(Message):
    """A worker opened the store (or failed to: ``error`` says why)."""

    def __init__(self, figures: Figures | None, stamp: Any, error: str | None = None) -> None:
        super().__init__()
        self.figures = figures
        self.stamp = stamp
        self.error = error


class PanelLoaded(Message):
    """A panel's figures arrived from its worker."""

    def __init__(self, generation: int, data: PanelData) -> None:
        super().__init__()
        self.generation = generation
        self.data = data


class DetailLoaded(Message):
    def __init__(self, generation: int, data: DetailData) -> None:
        super().__init__()
        self.generation = generation
        self.data = data


class TableLoaded(Message):
    def __init__(self, generation: int, table: Table) -> None:
        super().__init__()
        self.generation = generation
        self.table = table


class ShowRows(Message):
    """Drill from a figure, alert or breakdown to the rows behind it."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query


class ShowPanel(Message):
    """Open a panel's detail screen."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


class PageLoaded(Message):
    """A page of a rows screen's table (filtered and sorted in SQL) arrived."""

    def __init__(self, generation: int, page: Page) -> None:
        super().__init__()
        self.generation = generation
        self.page = page
