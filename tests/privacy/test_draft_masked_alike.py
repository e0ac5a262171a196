"""A masked draft differs from the unmasked one only in the masked characters.

The wording (headings, which sentence, 等 or not) is chosen on the stored
values; masking touches only what is shown. So for any ledgers the draft with
and without ``--unmask`` has the same paragraphs, styles and figures, and each
paragraph's text is the same except where a character is shown as ``*``.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.drafting.build import build_draft
from tests.conftest import period
from dashboard.drafting.model import Draft, Fig, H2
from dashboard.drafting.part_four import CATEGORY_ITEMS as CATEGORY_TITLES
from dashboard.drafting.render import to_markdown
from dashboard.figures import Figures
from tests.drafting.ledger_fixture import base_rows, build_figures, config

from .surfaces import run

YEAR = 2024
# Words the ledgers use (categories, units, statuses, 法治…) and the ways a petitioner is written:
# a petitioner equal to one of them, or hiding inside one, is what made drafts differ.
WORDS = ["法治", "法治意识", "执法力量", "信息化", "制度建设", "执法大队", "法制股", "办公室", "各股室",
         "局属各单位", "整改中", "未启动", "已完成", "陶岭镇", "年度", "学法", "信访", "督办"]
PETITIONERS = [*WORDS, "张三", "张　三", "李四等3人", "王五（村民代表）", "吴十 13900008888", "ZHANG WEI",
               "Zhang Wei", "匿名", "法治、李四"]
CHARS = "法治意识执法力量信息化制度建设大队股室办公各局属单位整改中未启动已完成陶岭镇张三李四王五年度学"
# Numbers a measure or a subject may quote, personal or not.
NUMBERS = ["13900001111", "１３９００００２２２２", "139.0000.3333", "431128 19800101 5678", "0746-1234567",
           "3组12号", "2024年", "12345"]

text = st.builds(str.__add__, st.text(alphabet=CHARS, min_size=1, max_size=8),
                 st.one_of(st.just(""), st.sampled_from(NUMBERS)))
word = st.one_of(st.sampled_from(WORDS), text)


@st.composite
def ledgers(draw) -> dict[str, list[dict[str, Any]]]:
    """The drafting fixture with its wording columns and petitioners redrawn."""
    rows = copy.deepcopy(base_rows())
    for p in rows["petitions"]:
        p["petitioner"] = draw(st.one_of(st.sampled_from(PETITIONERS), text))
        p["summary"] = draw(text) + p["petitioner"] + draw(text)
    for i in range(draw(st.integers(0, 3))):
        rows["petitions"].append({
            "petition_no": f"XF{YEAR}-1{i}", "received_on": f"{YEAR}-0{i + 2}-11", "channel": "12345",
            "level": "县级", "petitioner": draw(st.one_of(st.sampled_from(PETITIONERS), text)),
            "phone": "", "subject": draw(word), "township": draw(word), "category": "大气",
            "summary": draw(text), "due_on": "", "closed_on": "", "finding": "", "satisfaction": ""})
    categories = st.sampled_from([*CATEGORY_TITLES, "其他", "法治"])
    for s in rows["shortcomings"]:
        s["category"] = draw(st.one_of(categories, text))
        s["status"] = draw(st.sampled_from(["整改中", "未启动", "已完成"]))
        s["owner"], s["measure"], s["problem"] = draw(word), draw(text), draw(text)
    for d in rows["leadership_duties"]:
        d["unit"], d["subject"] = draw(word), draw(text)
    for m in rows["study_sessions"]:
        if m["law_topic"]:
            m["law_topic"] = draw(st.sampled_from(["《{}》", "{}"])).format(draw(text))
    return rows


def alike(shown: str, stored: str) -> bool:
    """The same text, except that some characters are shown as *."""
    return len(shown) == len(stored) and all(a == b or a == "*" for a, b in zip(shown, stored))


def figures_of(draft: Draft) -> list[tuple]:
    return [(r.name, r.year, r.figure.value, r.figure.rows) for r in [*draft.figures, *draft.consulted]]


def assert_alike(masked: Draft, unmasked: Draft) -> None:
    assert [p.style for p in masked.paragraphs] == [p.style for p in unmasked.paragraphs]
    assert figures_of(masked) == figures_of(unmasked)
    for a, b in zip(masked.paragraphs, unmasked.paragraphs):
        assert [type(r) for r in a.runs] == [type(r) for r in b.runs], (a.text, b.text)
        assert [r.text for r in a.runs if isinstance(r, Fig)] == [r.text for r in b.runs if isinstance(r, Fig)]
        assert alike(a.text, b.text), (a.text, b.text)
    assert alike(to_markdown(masked), to_markdown(unmasked))


def drafts(folder: Path, rows: dict[str, list[dict[str, Any]]]) -> tuple[Draft, Draft]:
    masked = build_figures(folder, rows)
    unmasked = Figures(masked.db, config(), unmask=True)
    try:
        return build_draft(masked, period(YEAR)), build_draft(unmasked, period(YEAR))
    finally:
        masked.close()
        unmasked.close()


def test_a_petitioner_called_like_a_category_changes_no_heading(tmp_path: Path) -> None:
    """法治 petitioned: 法治意识 is still read as 法治意识 to choose part four's heading."""
    rows = base_rows()
    rows["petitions"][1]["petitioner"] = "法治"
    masked, unmasked = drafts(tmp_path, rows)
    headings = [p.text for p in unmasked.paragraphs if p.style == H2]
    assert any(CATEGORY_TITLES["法治意识"] in h for h in headings)
    assert [p.text for p in masked.paragraphs if p.style == H2] == headings
    assert_alike(masked, unmasked)
    # and on the command line, in every format's text
    db = tmp_path / "store.duckdb"
    for fmt in ("md", "txt"):
        code, shown = run("draft", "--year", YEAR, "-f", fmt, "--db", db)
        code_u, shown_u = run("draft", "--year", YEAR, "-f", fmt, "--db", db, "--unmask")
        assert code == code_u == 0 and alike(shown, shown_u), fmt


EXAMPLES = 12  # each example ingests a store and drafts twice


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=ledgers())
def test_masked_and_unmasked_drafts_alike(tmp_path_factory, rows) -> None:
    folder = tmp_path_factory.mktemp("alike")
    assert_alike(*drafts(folder, rows))
