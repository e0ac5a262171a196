"""Where a widget can take the user: posted by widgets, handled by the app.

A figure line, a breakdown or a to-do line does not know the screens; it says
what it wants to see, and the app (which owns the screen stack) opens it.
"""

from __future__ import annotations

from textual.message import Message


class ShowRows(Message):
    """Drill from a figure, alert or breakdown to the rows behind it (``needle`` pre-filters them)."""

    def __init__(self, query: str, needle: str = "") -> None:
        super().__init__()
        self.query = query
        self.needle = needle


class ShowPanel(Message):
    """Open a panel's detail screen."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


class ShowTodo(Message):
    """Open the to-do list (待办) of every area."""
