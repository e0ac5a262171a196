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

# Invisible characters that reorder or hide text: bidi marks (LRM, RLM, ALM), zero-width
# space, joiners, word joiner, BOM.
INVISIBLE = "甲\u200e乙\u200f丙\u061c丁\ufeff戊\u200b己\u200c庚\u200d辛\u2060壬"

# What no output may carry raw: C0 controls but tab and newline (CR included: it moves the
# cursor back over what was shown), DEL, C1, bidi embeddings, overrides, isolates and marks,
# zero-width characters and the BOM.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                      "\u200b-\u200f\u061c\u2060\ufeff]")


def raw_controls(text: str) -> list[str]:
    """The terminal-driving characters in ``text`` (empty when it is safe to show)."""
    text = text.removeprefix("\ufeff")  # the BOM a csv starts with, for Excel: the writer's, no cell's
    return sorted({f"U+{ord(ch):04X}" for ch in CONTROLS.findall(text)})
