"""The draft's one-pass masking gives the same text as the store's full masker."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.drafting.masking import masker_for
from dashboard.figures import Figures
from dashboard.personal import store_values

from .ledger_fixture import PETITIONER, PHONE, base_rows, build_figures

NAMES = [PETITIONER, "李四", "王小明", "欧阳某某"]


def _figures(tmp_path) -> Figures:
    rows = base_rows()
    rows["petitions"].append({**rows["petitions"][1], "petition_no": "XF2024-003", "petitioner": "王小明、欧阳某某",
                              "phone": "0746-1234567"})
    return build_figures(tmp_path, rows)


@pytest.fixture(scope="module")
def shared_figures(tmp_path_factory):
    """One store for every example (the examples only read it)."""
    figs = _figures(tmp_path_factory.mktemp("m"))
    yield figs
    figs.close()


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(st.sampled_from(["接访", "反映", "砖厂", "电话", "、", "，", " ", *NAMES, PHONE, "07461234567",
                                       "13900001111", "张", "三丰", "新环罚〔2024〕1号"]), max_size=12))
def test_same_as_the_full_masker(shared_figures, parts) -> None:
    texts = ["".join(parts), "".join(reversed(parts)), "审签新环罚〔2024〕2号行政处罚决定"]
    restricted = masker_for(shared_figures, texts)
    assert [restricted.text(t) for t in texts] == [shared_figures.masker.text(t) for t in texts]


def test_it_reads_only_the_names_in_the_text(tmp_path) -> None:
    figs = _figures(tmp_path)
    try:
        m = masker_for(figs, [f"接访{PETITIONER}反映的问题，联系王小明"])
        # a plain name is read only when the text holds it; a decorated value (王小明、欧阳某某) always
        with figs.cursor() as cur:
            every, _ = store_values(cur)
        assert {PETITIONER, "王小明"} <= m.names and "李四" not in m.names and m.names <= every
        assert m.text(f"接访{PETITIONER}") == f"接访{PETITIONER[0]}**"
    finally:
        figs.close()


def test_masked_and_unmasked_drafts_have_the_same_structure_and_figures(sample_store, sample_config) -> None:
    """Words are chosen on raw values: masking changes the personal values in the text, nothing else."""
    from dashboard.drafting.build import build_draft
    from tests.conftest import period

    masked, plain = Figures(sample_store[0], sample_config), Figures(sample_store[0], sample_config, unmask=True)
    try:
        for year in (2023, 2024, 2025):
            a, b = build_draft(masked, period(year)), build_draft(plain, period(year))
            assert [(p.style, [type(r) for r in p.runs]) for p in a.paragraphs] == \
                [(p.style, [type(r) for r in p.runs]) for p in b.paragraphs]
            assert [(f.ref.key, f.text) for f in a.figure_runs] == [(f.ref.key, f.text) for f in b.figure_runs]
            assert a.checks == b.checks and [p.what for p in a.placeholders] == [p.what for p in b.placeholders]
    finally:
        masked.close()
        plain.close()
