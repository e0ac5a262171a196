"""What a screen may ask of the dashboard, and the base every dashboard screen shares.

Screens never import the application: they type against :class:`Dashboard`,
the few things the app holds for all of them (the open store, the year, the
同比 setting, the figure cache) and the places it can take the user. The app
satisfies it; a test could hand a screen anything else that does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from .widgets.header import HeaderLine
from .workers import ThreadLoader

if TYPE_CHECKING:
    from ..clock import Period
    from ..config import Config
    from ..figures import Figures
    from .loading import FigureCache
    from .widgets.header import HeaderInfo


class Dashboard(Protocol):
    """The dashboard's state and navigation, as screens see them."""

    figures: Figures | None
    config: Config
    period: Period
    compare: bool
    store_error: str
    cache: FigureCache

    @property
    def years(self) -> list[int]: ...

    def header_info(self, where: str = "") -> HeaderInfo: ...

    def open_rows(self, query: str, needle: str = "") -> None: ...

    def open_panel(self, key: str) -> None: ...

    def open_todo(self) -> None: ...

    def action_home(self) -> None: ...

    def warm_up(self) -> None: ...


class DashScreen(ThreadLoader, Screen[None]):
    """A dashboard screen: a header, a reload for the app's current state, keys for help.

    ``HELP_TITLE`` names the screen in help; ``HELP_PARTS`` lists the widgets whose
    keys also work here (their bindings are listed under the screen's title).
    """

    HELP_TITLE: ClassVar[str] = ""
    HELP_PARTS: ClassVar[tuple[type[DOMNode], ...]] = ()

    @property
    def dash(self) -> Dashboard:
        return cast("Dashboard", self.app)

    @property
    def where(self) -> str:
        """The screen's place, shown in the header (执法 › …)."""
        return ""

    def reload(self) -> None:
        """Show the app's current store, year and 同比 setting: the header, then the screen's data."""
        self.query_one(HeaderLine).info = self.dash.header_info(self.where)
        figures = self.dash.figures
        if figures is not None:
            self.load_period(figures, self.dash.period)

    def load_period(self, figures: Figures, period: Period) -> None:
        """Start loading what this screen shows of ``period`` (a screen of fixed content has nothing to load)."""

    @classmethod
    def key_bindings(cls) -> list[Binding]:
        """Every key of this screen: its own (and its dashboard base classes'), then its parts'."""
        out: list[Binding] = []
        for owner in (cls, *cls.HELP_PARTS):
            out += own_bindings(owner)
        return out


def own_bindings(owner: type[DOMNode]) -> list[Binding]:
    """The bindings ``owner`` and its dashboard base classes declare (not Textual's own)."""
    out: list[Binding] = []
    for klass in owner.__mro__:
        if issubclass(klass, DOMNode) and klass.__module__.startswith("dashboard."):
            out += [b for b in klass.__dict__.get("BINDINGS", ()) if isinstance(b, Binding)]
    return out
