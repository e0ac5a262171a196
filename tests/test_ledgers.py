"""The ledger declarations are consistent: every rule names columns the ledger has, of the right type."""

from __future__ import annotations

import pytest

from dashboard.ledgers import DATE, LEDGERS, ColumnType, Ledger


@pytest.mark.parametrize("lg", LEDGERS, ids=lambda lg: lg.table)
def test_rules_name_the_ledgers_own_columns(lg: Ledger) -> None:
    names = set(lg.column_names)
    assert set(lg.key) <= names
    for early, late in lg.order:
        assert lg.column(early).type is DATE and lg.column(late).type is DATE
    for col in lg.columns:
        if col.future_ok or col.flag_headers:
            assert col.type is DATE, col.name
        assert set(col.flag_date_from) <= names, col.name
        assert bool(col.flag_headers) == bool(col.flag_date_from), col.name
    if lg.year_column:
        assert lg.year_column in names


def test_every_type_has_a_store_type_a_dtype_and_a_parser() -> None:
    for t in ColumnType:
        assert t.sql and t.polars() is not None
        assert t.parse(None) is None  # an empty cell is empty, whatever the type
