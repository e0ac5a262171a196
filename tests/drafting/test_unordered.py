"""A draft computes a figure's value without its rows' ORDER BY (order is for the drill-down only)."""

from __future__ import annotations

import pytest

from dashboard import queries
from dashboard.drafting.sql import figure as unordered_figure
from dashboard.drafting.sql import unordered
from dashboard.figures import Figures
from tests.conftest import period


@pytest.mark.parametrize("sql, expected", [
    ("SELECT * FROM t WHERE a = 'ORDER BY' ORDER BY x, y", "SELECT * FROM t WHERE a = 'ORDER BY'"),
    ("SELECT m, count(*) FROM range(1, 13) GROUP BY m ORDER BY m", "SELECT m, count(*) FROM range(1, 13) GROUP BY m"),
    ("SELECT * FROM (SELECT * FROM t ORDER BY a) AS s", "SELECT * FROM (SELECT * FROM t ORDER BY a) AS s"),
    ("SELECT * FROM t ORDER BY b LIMIT 3", "SELECT * FROM t ORDER BY b LIMIT 3"),  # the order picks the rows
    ("SELECT * FROM t -- ORDER BY a\nWHERE b", "SELECT * FROM t -- ORDER BY a\nWHERE b"),
    ("SELECT * FROM t", "SELECT * FROM t"),
])
def test_unordered(sql, expected) -> None:
    assert unordered(sql) == expected


def test_every_figure_has_the_same_value_either_way(sample_store, sample_config) -> None:
    figs = Figures(sample_store[0], sample_config)
    try:
        with figs.cursor() as cur:
            for q in queries.catalogue().values():
                if not q.is_figure:
                    continue
                params = figs.params(q, period(2025))
                assert unordered_figure(cur, q, params) == queries.figure(cur, q, params), q.name
    finally:
        figs.close()
