"""Idle-time work once the home screen is filled, so the next key answers at once.

Runs in a thread worker after every panel has its figures: loads the modules
of the screens a key opens (the detail screen's chart library, the rows, the
to-do list, the draft), then reads into the figure cache what ``Y`` and ``c``
will ask for (the previous year's figures and trends) and what ``o`` shows
beyond the panel. It stops as soon as it is superseded (a year switched, the
store reopened).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .panels import PANELS

if TYPE_CHECKING:
    from ..clock import Period
    from ..figures import Figures
    from .loading import FigureCache


def load_screens() -> None:
    """Import what the first Enter, o, t, b and d would otherwise import while the user waits."""
    from ..drafting import build  # noqa: F401 - loaded for the first d
    from .draft import screen as draft_screen  # noqa: F401
    from .detail import chart, screen  # noqa: F401 - chart brings plotext
    from .rows import record  # noqa: F401
    from .rows import screen as rows_screen  # noqa: F401
    from .todo import brief  # noqa: F401
    from .todo import screen as todo_screen  # noqa: F401


def warm(figures: Figures, period: Period, cache: FigureCache, cancelled: Callable[[], bool]) -> None:
    """Modules first, then the figures Y, c and o will read, one query at a time."""
    load_screens()
    previous = period.previous()  # what c compares with (the same period, for a year still running)
    year_before = period.shifted(-1)  # what Y opens
    for spec in PANELS:
        wanted = [(n, previous) for n in spec.detail_figures + spec.alerts] + [(n, period) for n in spec.more]
        if year_before != previous:
            wanted += [(n, year_before) for n in spec.detail_figures + spec.alerts]
        for name, when in wanted:
            if cancelled():
                return
            try:
                cache.figure(figures, name, when)
            except Exception:  # noqa: BLE001 - a failing figure fails again, on screen, when it is asked for
                pass
        if spec.trend and not cancelled():
            try:
                cache.monthly(figures, spec.trend, previous)
            except Exception:  # noqa: BLE001 - as above
                pass
