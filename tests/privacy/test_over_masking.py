"""Masking hides people, it does not change what the rest says.

In the shapes store a petitioner is recorded as 陶岭镇 (a place) and another as
法治 (a term of every report): each is masked in its own 投诉人 cell only, and
the drafts read the same masked or not, but for the hidden characters.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import config
from dashboard.drafting.build import build_draft
from tests.conftest import period
from dashboard.figures import Figures

from .surfaces import run
from .test_draft_masked_alike import assert_alike


def figures(db: Path, unmask: bool = False) -> Figures:
    return Figures(db, config.Config(), unmask=unmask)


def test_a_place_or_a_term_as_petitioner_is_masked_in_its_own_cell_only(shapes_exports) -> None:
    _, db = shapes_exports
    f = figures(db)
    try:
        res = f.rows("petitions_all", period(2024))
    finally:
        f.close()
    col = {c: i for i, c in enumerate(res.columns)}
    by_no = {r[col["petition_no"]]: r for r in res.rows}
    place, term = by_no["XF2024-106"], by_no["XF2024-107"]
    assert place[col["petitioner"]] == "陶**" and term[col["petitioner"]] == "法*"
    assert place[col["township"]] == "陶岭镇" and place[col["summary"]] == "陶岭镇砖厂粉尘大"
    code, shown = run("query", "SELECT township, count(*) AS n FROM petitions GROUP BY 1 ORDER BY 1", "--db", db)
    assert code == 0 and "陶岭镇" in shown and "陶**" not in shown


@pytest.mark.parametrize("year", [2024, 2025])
def test_drafts_on_the_shapes_read_the_same_masked(shapes_exports, year: int) -> None:
    _, db = shapes_exports
    masked, unmasked = figures(db), figures(db, unmask=True)
    try:
        shown, stored = build_draft(masked, period(year)), build_draft(unmasked, period(year))
    finally:
        masked.close()
        unmasked.close()
    assert "法治" in stored.text  # the term the petitioner shares is in the draft, and stays
    assert shown.text.count("法治") == stored.text.count("法治")
    assert_alike(shown, stored)
