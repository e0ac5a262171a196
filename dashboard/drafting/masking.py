"""Masking the text a draft takes from the rows, in one pass at the end.

A draft chooses its words on raw values and sends the row text it shows through
:class:`RowText` runs. Those are masked here with the same :class:`Masker` rules
as everywhere else, but the masker is given only the store's personal values
that occur in the draft's own text, found by DuckDB: the full list of a
million-row store's names takes over a second to read, the few that matter a
tenth of that. The result is the same text the full masker gives (a name is
masked wherever it occurs, whichever name list held it).
"""

from __future__ import annotations

import re

from ..figures import Figures
from ..ledgers import LEDGERS
from ..mask import _SPLIT, PLACEHOLDERS, Masker, mask_digits
from .model import Draft, RowText

_RUN = re.compile(r"[0-9]{5,}")
# Longer personal values than this (a paragraph typed into a name column), or a longer
# draft text than HAY_TRIED, are rare enough that the store's full list is read instead of
# every substring of the text being tried.
LONGEST_TRIED = 64
HAY_TRIED = 30_000


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


def _values_sql() -> str:
    parts = [f'SELECT "{c}"::VARCHAR AS v FROM {lg.table} WHERE "{c}" IS NOT NULL'
             for lg in LEDGERS for c in lg.pii_columns]
    return " UNION ALL ".join(parts)


def masker_for(figures: Figures, texts: list[str]) -> Masker:
    """A masker holding the store's personal values that occur in ``texts`` (names and numbers
    split from the values as :func:`dashboard.mask.store_values` splits them)."""
    values = _values_sql()
    if not values:
        return Masker(enabled=True)
    hay = "\n".join(mask_digits(t) for t in texts)
    runs = sorted(set(_RUN.findall(hay)))
    split = _SPLIT.pattern.replace("'", "''")
    placeholders = ", ".join("'" + p.replace("'", "''") + "'" for p in sorted(PLACEHOLDERS))
    with figures.cursor() as cur:
        longest = cur.execute(f"SELECT max(length(v)) FROM ({values})").fetchall()[0][0] or 0
        if longest > LONGEST_TRIED or len(hay) * min(longest, LONGEST_TRIED) > HAY_TRIED * 20:
            return figures.masker
        # A value without a separator is a name as it stands (a hash probe against the text's
        # substrings); only the few values with one are split first.
        names = [r[0] for r in cur.execute(f"""
            WITH cand AS (SELECT DISTINCT substr($hay, i::BIGINT, n::BIGINT) AS s
                          FROM range(1, $len + 1) AS t(i), range(2, $longest + 1) AS u(n)
                          WHERE i + n - 1 <= $len),
            raw AS ({values}),
            whole AS (SELECT DISTINCT v AS part FROM raw SEMI JOIN cand ON raw.v = cand.s),
            pieces AS (SELECT DISTINCT trim(unnest(regexp_split_to_array(v, '{split}'))) AS part
                       FROM raw WHERE regexp_matches(v, '{split}')),
            found AS (SELECT part FROM whole WHERE NOT regexp_matches(part, '{split}')
                      UNION SELECT part FROM pieces SEMI JOIN cand ON pieces.part = cand.s)
            SELECT part FROM found
            WHERE length(part) >= 2 AND part NOT IN ({placeholders}) AND NOT regexp_matches(part, '[0-9０-９]')
        """, {"hay": hay, "len": len(hay), "longest": max(2, min(longest, len(hay)))}).fetchall()]
        numbers: list[str] = []
        if runs:
            numbers = [r[0] for r in cur.execute(f"""
                WITH p AS (SELECT DISTINCT trim(unnest(regexp_split_to_array(v, '{split}'))) AS part
                           FROM (SELECT DISTINCT v FROM ({values})))
                SELECT DISTINCT d FROM (
                    SELECT translate(regexp_replace(part, '[^0-9０-９]', '', 'g'), '０１２３４５６７８９', '0123456789') AS d
                    FROM p WHERE length(part) >= 2 AND part NOT IN ({placeholders}))
                WHERE length(d) >= 5 AND d IN (SELECT unnest($runs))
            """, {"runs": runs}).fetchall()]
    return Masker(names=names, numbers=numbers)
