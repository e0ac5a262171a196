"""Fixtures for the drafting tests: a store built from small CSV ledgers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dashboard.figures import Figures

from .ledger_fixture import base_rows, build_figures

Builder = Callable[[dict[str, list[dict[str, Any]]]], Figures]


@pytest.fixture(scope="module")
def sample(sample_store, sample_config):
    """Figures over the bundled sample's store (shared, read only), once per module."""
    figs = Figures(sample_store[0], sample_config)
    yield figs
    figs.close()


@pytest.fixture
def build(tmp_path: Path):
    """build(rows) -> Figures over a fresh store made from those rows."""
    opened: list[Figures] = []

    def _build(rows: dict[str, list[dict[str, Any]]], unmask: bool = False) -> Figures:
        figs = build_figures(tmp_path / f"store{len(opened)}", rows, unmask)
        opened.append(figs)
        return figs

    yield _build
    for f in opened:
        f.close()


@pytest.fixture
def rows() -> dict[str, list[dict[str, Any]]]:
    return base_rows()
