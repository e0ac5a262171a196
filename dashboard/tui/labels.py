"""Chinese labels for result columns, taken from the ledger declarations."""

from __future__ import annotations

from functools import lru_cache

from ..ledgers import all_labels


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, str]]:
    return all_labels()


def column_labels(columns: list[str]) -> list[str]:
    """Labels for a result's columns.

    Column names repeat across ledgers with different labels (``title`` is 培训名称
    in one, 标题 in another), so the ledger whose columns overlap the result most
    decides; computed columns (already Chinese, e.g. 已过天数) are kept as they are.
    """
    cols = set(columns)
    best: dict[str, str] = {}
    best_n = 0
    for labels in _tables().values():
        n = len(cols & labels.keys())
        if n > best_n:
            best, best_n = labels, n
    return [best.get(c, c) for c in columns]
