"""The rows screen's filter and sort cannot be used to read what masking hides.

The filter matches what the screen shows (the masked text), and a sort on a
personal-data column orders by the masked value, so neither typing a name or a
phone's hidden digits nor sorting by a masked column tells anything about the
hidden values. With ``--unmask`` both work on the real values.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.figures import RowView
from tests.conftest import period

from dashboard import config
from dashboard.figures import Figures
from tests.tui.fixture_data import build_store

# Three 2024 petitioners sharing a surname: masked, they read 张**, 张*, 张*.
EXTRA = {"信访投诉台账.csv": [
    ["XF2024-010", "2024-06-01", "12345", "县级", "张九", "13811112222", "甲化工有限公司", "龙泉镇", "大气",
     "异味", "", "2024-06-20", "属实", "满意"],
    ["XF2024-011", "2024-06-02", "12345", "县级", "张一", "13833334444", "甲化工有限公司", "龙泉镇", "大气",
     "异味，张一要求回复", "", "2024-06-21", "属实", "满意"],
]}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("rows-filter")
    return build_store(base / "exports", base / "dash.duckdb", extra=EXTRA)


def figures(db: Path, unmask: bool) -> Figures:
    return Figures(db, config.Config(), unmask=unmask)


def ids(res) -> list[str]:
    return [r[res.columns.index("petition_no")] for r in res.rows]


@pytest.mark.parametrize("needle, masked_hits, unmasked_hits", [
    ("张三丰", 0, 1),          # a full name: in the raw petitioner column and in the free text
    ("张一", 0, 1),
    ("3812", 0, 1),            # the hidden middle digits of 138 1234 5678
    ("13812345678", 0, 1),
    ("张*", 3, 0),             # what the screen shows
    ("138****5678", 1, 0),
    ("5678", 1, 1),            # the digits that stay visible
    ("甲化工", 3, 3),          # ordinary text works the same either way
])
def test_filter_matches_what_the_screen_shows(db, needle, masked_hits, unmasked_hits):
    for unmask, want in ((False, masked_hits), (True, unmasked_hits)):
        f = figures(db, unmask)
        try:
            res, total = f.page("petitions_received", period(2024), RowView(needle=needle))
        finally:
            f.close()
        assert total == len(res.rows) == want, (needle, unmask, ids(res))


def test_sort_on_a_masked_column_orders_by_the_masked_value(db):
    f = figures(db, unmask=False)
    raw = figures(db, unmask=True)
    try:
        cols = f.page("petitions_received", period(2024), RowView(limit=0))[0].columns
        col = cols.index("petitioner")
        masked, _ = f.page("petitions_received", period(2024), RowView(sort=col))
        real, _ = raw.page("petitions_received", period(2024), RowView(sort=col))
        shown = [r[col] for r in masked.rows]
        assert shown == sorted(shown)
        zhang = [i for i, r in zip(ids(masked), masked.rows) if r[col].startswith("张")]
        # ties in the masked value keep the order of the other columns, not of the hidden names
        assert zhang == ["XF2024-010", "XF2024-011", "XF2024-001"]
        assert [i for i, r in zip(ids(real), real.rows) if r[col].startswith("张")] == [
            "XF2024-011", "XF2024-001", "XF2024-010"]  # 张一 < 张三丰 < 张九
        desc, total = f.page("petitions_received", period(2024), RowView(sort=col, descending=True, offset=1, limit=2))
        assert total == len(shown) and [r[col] for r in desc.rows] == sorted(shown, reverse=True)[1:3]
    finally:
        f.close()
        raw.close()
