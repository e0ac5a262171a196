"""The .docx draft, opened with python-docx: page, headings, fonts, sizes and line spacing (GB/T 9704)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from dashboard.drafting.build import build_draft
from dashboard.drafting.docx_writer import write_docx
from dashboard.drafting.model import BODY, H1, H2, TITLE
from tests.conftest import period


def test_docx_layout(build, rows, tmp_path: Path) -> None:
    draft = build_draft(build(rows), period(2024))
    path = write_docx(draft, tmp_path / "out" / "draft.docx")
    doc = docx.Document(str(path))

    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == \
        [37, 35, 28, 26]

    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    assert [p.text for p in paragraphs] == [p.text for p in draft.paragraphs]

    expected = {TITLE: ("报告标题", "方正小标宋简体", 22), H1: ("Heading 1", "黑体", 16),
                H2: ("Heading 2", "楷体_GB2312", 16), BODY: ("Normal", "仿宋_GB2312", 16)}
    for model_p, p in zip(draft.paragraphs, paragraphs):
        style, font, size = expected[model_p.style]
        assert p.style.name == style
        # on the style (for Word's navigation pane and later typing) …
        assert p.style.element.rPr.rFonts.get(qn("w:eastAsia")) == font
        assert p.style.font.size == Pt(size)
        fmt = p.style.paragraph_format
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing == Pt(28)
        # … and on every run, so the text keeps its look when pasted into the report
        for run in p.runs:
            assert run.element.rPr.rFonts.get(qn("w:eastAsia")) == font, (p.text, run.text)
            assert run.font.size == Pt(size)
        if model_p.style != TITLE:
            assert fmt.first_line_indent == Pt(32)  # two characters
    assert doc.styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0, 0, 0)
    assert not doc.styles["Heading 1"].font.bold


def test_placeholders_are_highlighted(build, rows, tmp_path: Path) -> None:
    doc = docx.Document(str(write_docx(build_draft(build(rows), period(2024)), tmp_path / "d.docx")))
    marked = [r.text for p in doc.paragraphs for r in p.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert "【待补充：年终述法情况】" in marked
    assert all(t.startswith("【待补充：") for t in marked)


def test_page_number_field(build, rows, tmp_path: Path) -> None:
    doc = docx.Document(str(write_docx(build_draft(build(rows), period(2024)), tmp_path / "d.docx")))
    footer = doc.sections[0].footer.paragraphs[0]
    assert "PAGE" in footer._p.xml and footer.text.startswith("— ")
    assert round(doc.sections[0].footer_distance.mm) == 28
