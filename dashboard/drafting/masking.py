"""Masking the text a draft takes from the rows, in one pass at the end.

A draft chooses its words on raw values and sends the row text it shows through
:class:`RowText` runs. Those are masked here with the same :class:`Masker` rules
as everywhere else, but the masker is given only the store's personal values
that can occur in the draft's own text: the full list of a million-row store's
names takes over a second to read, the few that matter a tenth of that. The
result is the same text the full masker gives.
"""

from __future__ import annotations

from ..figures import Figures
from ..mask import Masker
from ..personal import store_values_in
from .model import Draft, RowText


def mask_draft(draft: Draft, figures: Figures) -> None:
    """Mask every row-derived run of the draft in place (nothing to do under --unmask)."""
    if figures.unmask:
        return
    places = [(p, i) for p in draft.paragraphs for i, r in enumerate(p.runs) if isinstance(r, RowText)]
    if not places:
        return
    masker = masker_for(figures, [p.runs[i].text for p, i in places])
    for p, i in places:
        run = p.runs[i]
        p.runs[i] = RowText(masker.text(run.text), run.source)


def masker_for(figures: Figures, texts: list[str]) -> Masker:
    """A masker holding the store's personal values that can occur in ``texts`` (the same
    names and numbers the full masker would use there, see :func:`personal.store_values_in`)."""
    with figures.cursor() as cur:
        names, numbers = store_values_in(cur, texts)
    return Masker(names=names, numbers=numbers)
