"""Hostile text for output tests: what a ledger cell or a file name can hold to drive a terminal.

Defined here on its own (not taken from dashboard.output) so a sanitiser that
forgot a character cannot make its own test pass.
"""

from __future__ import annotations

import re

# Set the terminal's clipboard (OSC 52), move the cursor and paint, clear the screen.
OSC52 = "\x1b]52;c;ZWNobyBoaQ==\x1b\\"
PAINT = "\x1b[1;1H\x1b[31m假标题\x1b[0m"
CLEAR = "\x1b[2J"
BIDI = "\u202e反向文字\u202c结束\u2066隔离\u2069"
C1 = "\x9b31m一字节CSI\x7f删除\x07响铃"

HOSTILE = [OSC52, PAINT, CLEAR, BIDI, C1]

# What no output may carry raw: C0 controls but tab and newline (CR included: it moves the
# cursor back over what was shown), DEL, C1, bidi embeddings, overrides and isolates.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def raw_controls(text: str) -> list[str]:
    """The terminal-driving characters in ``text`` (empty when it is safe to show)."""
    return sorted({f"U+{ord(ch):04X}" for ch in CONTROLS.findall(text)})
