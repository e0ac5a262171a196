"""Editing the Markdown of a draft and reading it back."""

from __future__ import annotations

from dashboard.drafting.build import build_draft
from dashboard.drafting.edit import from_markdown
from dashboard.drafting.model import Fig, Placeholder, UserText
from dashboard.drafting.render import to_markdown, to_text
from tests.conftest import period


def test_unchanged_markdown_reads_back_the_same(build, rows) -> None:
    draft = build_draft(build(rows), period(2024))
    again = from_markdown(to_markdown(draft), draft)
    assert to_text(again) == to_text(draft)
    assert [r.ref.key for r in again.figure_runs if any(ch.isdigit() for ch in r.text)] == \
        [r.ref.key for r in draft.figure_runs if any(ch.isdigit() for ch in r.text)]
    assert again.edited and [p.what for p in again.placeholders] == [p.what for p in draft.placeholders]


def test_edits_keep_surviving_figures_and_drop_changed_ones(build, rows) -> None:
    draft = build_draft(build(rows), period(2024))
    md = to_markdown(draft)
    md = md.replace("【待补充：年终述法情况】", "年终向县委依法治县办述法")
    md = md.replace("干部职工例会**3次**", "干部职工例会**三次**")
    edited = from_markdown(md, draft)
    text = to_text(edited)
    assert "年终向县委依法治县办述法" in text and "【待补充：年终述法情况】" not in text
    names = [r.ref.name for r in edited.figure_runs]
    assert "law_exams" in names
    para = next(p for p in edited.paragraphs if "三次" in p.text)
    assert any(isinstance(r, UserText) and "例会三次" in r.text for r in para.runs)
    assert not any(isinstance(r, Fig) and r.ref.name == "study_meetings" and r.ref.year == 2024
                   for r in para.runs)
    assert all(not isinstance(r, Placeholder) or r.what != "年终述法情况" for p in edited.paragraphs
               for r in p.runs)


def test_suggestions_labels_and_the_part_note_survive_an_edit(build, rows) -> None:
    from dashboard.drafting.model import NOTE, Suggestion

    draft = build_draft(build(rows), period(2024), ("2", "4"))
    assert draft.suggestions and any(p.style == NOTE for p in draft.paragraphs)
    again = from_markdown(to_markdown(draft), draft)
    assert to_text(again) == to_text(draft)
    assert again.suggestions == draft.suggestions
    assert any(isinstance(r, Suggestion) for p in again.paragraphs for r in p.runs)
    assert [p.style for p in again.paragraphs][:3] == [p.style for p in draft.paragraphs][:3]
    assert again.checks == draft.checks and again.author == draft.author
