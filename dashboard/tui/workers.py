"""One way to load data off the screen's thread, with stale answers dropped in one place.

A screen or widget asks for data with :meth:`ThreadLoader.load`: the work runs
in a thread worker (DuckDB and polars hold the GIL only part of the time, so
the screen stays responsive), never touches a widget, and posts a
:class:`Loaded` message back. The message is handled on the owner's thread,
where the result is shown only if it answers the latest request of its kind:
a year switched twice quickly, or a filter typed letter by letter, never shows
an older answer over a newer one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual.message import Message
from textual.worker import get_current_worker

T = TypeVar("T")

_tickets = itertools.count(1)  # unique across owners, so a ticket can never be confused


class Loaded(Message, Generic[T], bubble=False):
    """A worker's answer, for the owner that asked."""

    def __init__(self, kind: str, ticket: int, result: T, show: Callable[[T], None]) -> None:
        super().__init__()
        self.kind = kind
        self.ticket = ticket
        self.result = result
        self.show = show


class ThreadLoader:
    """Mixin for a screen or widget whose data comes from thread workers.

    ``kind`` names a stream of requests (``"panel"``, ``"page"`` …): a new
    request of a kind makes the older ones of that kind stale; :meth:`drop_pending`
    makes every outstanding one stale (the store or the year changed).
    """

    def _latest(self) -> dict[str, int]:
        latest = self.__dict__.get("_thread_loader_latest")
        if latest is None:
            latest = self.__dict__["_thread_loader_latest"] = {}
        return latest

    def load(self, kind: str, work: Callable[[Callable[[], bool]], T], show: Callable[[T], None]) -> None:
        """Run ``work(cancelled)`` in a thread; ``show(result)`` runs later on the owner's thread.

        ``work`` receives a function telling whether it has been superseded, so a
        long load can stop early. ``show`` is skipped when a newer request of the
        same kind was made meanwhile.
        """
        ticket = next(_tickets)
        self._latest()[kind] = ticket
        post = self.post_message  # type: ignore[attr-defined]

        def run() -> None:
            worker = get_current_worker()
            result = work(lambda: worker.is_cancelled)
            if not worker.is_cancelled:
                post(Loaded(kind, ticket, result, show))

        self.run_worker(run, thread=True, exclusive=True, group=f"load-{kind}",  # type: ignore[attr-defined]
                        name=kind)

    def drop_pending(self) -> None:
        """Forget every request still out: their answers will not be shown."""
        self._latest().clear()

    def awaiting(self, kind: str) -> bool:
        """Whether a request of ``kind`` is still unanswered."""
        return kind in self._latest()

    def on_loaded(self, message: Loaded[Any]) -> None:
        message.stop()
        latest = self._latest()
        if latest.get(message.kind) != message.ticket:
            return  # superseded: a newer request of this kind is (or was) on its way
        del latest[message.kind]
        message.show(message.result)
