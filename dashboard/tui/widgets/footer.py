"""The key footer, compact on narrow terminals.

At 80 columns the keys of the rows screen run under the command-palette key,
and a wide (Chinese) character cut by that overlap is drawn as blanks. Below
:data:`COMPACT_BELOW` columns the footer drops the padding between keys.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

COMPACT_BELOW = 120


class DashFooter(Footer):
    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < COMPACT_BELOW
