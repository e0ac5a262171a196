"""The key footer, fitted to the width: whole keys only, down to 60 columns.

Textual's footer lays every key out and lets the last ones run under the
command-palette key, where a wide (Chinese) character cut in half is drawn as
blanks. This one measures the keys and, when they do not all fit, leaves out
the ones the user needs least (:data:`DROP_FIRST`, then the app's keys before
the screen's own); ``?`` (help, which lists every key) is kept to the last.
Below :data:`COMPACT_BELOW` columns the keys are laid out without padding.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from ..text import cell_width

COMPACT_BELOW = 120
# Dropped first when the footer is too narrow, in this order (binding ids).
DROP_FIRST = ("dash.drill", "dash.palette", "dash.home", "dash.draft", "dash.quit", "dash.compare",
              "dash.brief", "dash.open_panel", "dash.year_next")
KEEP_LAST = ("dash.help",)


def key_width(binding: Binding, key_display: str, compact: bool) -> int:
    """Cells a key takes in Textual's footer styles: key, a space, the description, a margin or padding
    (the palette key: always drawn compact, after a one-cell rule, padded by a cell in a wide footer)."""
    return cell_width(key_display) + cell_width(binding.description) + (2 if compact else 3)


def rank(binding: Binding, position: int) -> tuple[int, int]:
    """Lower ranks are left out first."""
    bid = binding.id or ""
    if bid in DROP_FIRST:
        return 0, DROP_FIRST.index(bid)
    if bid in KEEP_LAST:
        return 2, KEEP_LAST.index(bid)
    return 1, -position  # the screen's own keys come first in the list: keep them longest


class DashFooter(Footer):
    laid_out_for = 0  # the width the keys were chosen for
    shown: tuple = ()  # the keys on display, as _plan() chose them

    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < COMPACT_BELOW
        if event.size.width != self.laid_out_for:
            self.laid_out_for = event.size.width
            self.call_after_refresh(self.recompose)

    def _plan(self) -> tuple[tuple[tuple[Binding, bool, str], ...], tuple[Binding, bool, str] | None]:
        """(the keys that fit, the palette key if it fits), fitted to the width."""
        active = self.screen.active_bindings
        keys: list[tuple[Binding, bool, str]] = []
        seen: set[str] = set()
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in seen:  # one key per action, as Textual's footer does
                seen.add(binding.action)
                keys.append((binding, enabled, tooltip))
        found = active.get(self.app.COMMAND_PALETTE_BINDING) if self.app.ENABLE_COMMAND_PALETTE else None
        palette = (found[1], found[2], found[3]) if found else None
        display = self.app.get_key_display
        entries = [(rank(b, i), key_width(b, display(b), self.compact), i) for i, (b, _, _) in enumerate(keys)]
        if palette is not None:
            entries.append((rank(palette[0], len(keys)), key_width(palette[0], display(palette[0]), self.compact), -1))
        room = (self.size.width or self.app.size.width) - 1  # a cell spare: the last key never touches the edge
        total = sum(cost for _, cost, _ in entries)
        dropped: set[int] = set()
        for _, cost, i in sorted(entries):
            if total <= room:
                break
            dropped.add(i)
            total -= cost
        kept = tuple(k for i, k in enumerate(keys) if i not in dropped)
        return kept, (palette if -1 not in dropped else None)

    async def recompose(self) -> None:
        # Coming back to a screen asks for a new footer; the same keys need no new widgets
        # (building them restyles each one: a tenth of a second on a busy machine).
        if self._bindings_ready and self.is_attached and (self._plan(), self.compact) == self.shown:
            return
        await super().recompose()

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        keys, palette = plan = self._plan()
        self.shown = (plan, self.compact)
        display = self.app.get_key_display
        for binding, enabled, tooltip in keys:
            yield self._key(FooterKey(binding.key, display(binding), binding.description, binding.action,
                                      disabled=not enabled, tooltip=tooltip))
        if palette is not None:
            binding, enabled, tooltip = palette
            yield FooterKey(binding.key, display(binding), binding.description, binding.action,
                            classes="-command-palette", disabled=not enabled,
                            tooltip=binding.tooltip or binding.description)

    def _key(self, key: FooterKey) -> FooterKey:
        # Set before mounting, so binding it to the footer's style changes nothing (no restyle).
        key.set_reactive(FooterKey.compact, self.compact)
        key.set_class(self.compact, "-compact", update=False)
        return key.data_bind(compact=Footer.compact)
