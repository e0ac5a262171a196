"""The Textual dashboard: panels of named-query figures, drill-down to rows.

Nothing here runs SQL of its own: every number and every row comes from
:class:`dashboard.figures.Figures`, which reads the named queries in
``queries/`` and masks personal data unless ``--unmask``.
"""

import os

# A lone Esc is told from the start of an arrow key's escape sequence by waiting; Textual
# waits 100 ms (ESCDELAY), which is most of what Esc takes to answer. A terminal sends a key's
# sequence in one write, so 50 ms is ample even over SSH; ESCDELAY in the environment still wins.
# Set here, before Textual is first imported (it reads the setting once).
os.environ.setdefault("ESCDELAY", "50")
