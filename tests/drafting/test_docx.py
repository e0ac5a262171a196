"""The .docx draft, opened with python-docx and as XML: GB/T 9704-2012 layout and clean properties."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from dashboard.drafting.build import build_draft
from dashboard.drafting.docx_writer import write_docx
from dashboard.drafting.model import BODY, H1, H2, NOTE, TITLE
from tests.conftest import period


@pytest.fixture
def written(build, rows, tmp_path: Path):
    draft = build_draft(build(rows), period(2024))
    return draft, write_docx(draft, tmp_path / "out" / "draft.docx", author="某某分局法制股",
                             created=datetime(2025, 1, 20, 9, 30))


def test_page_and_grid(written) -> None:
    _, path = written
    doc = docx.Document(str(path))
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == \
        [37, 35, 28, 26]
    grid = sec._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    # 22 lines of 28 characters of 三号 in the 225 × 156 mm text area
    line = int(grid.get(qn("w:linePitch"))) / 20
    assert 22 * line <= (297 - 37 - 35) / 25.4 * 72 < 23 * line
    pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    width = (210 - 28 - 26) / 25.4 * 72
    assert 28 * pitch <= width < 29 * pitch
    assert Pt(line) == doc.styles["Normal"].paragraph_format.line_spacing


def test_styles_fonts_and_sizes(written) -> None:
    draft, path = written
    doc = docx.Document(str(path))
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    assert [p.text for p in paragraphs] == [p.text for p in draft.paragraphs]
    expected = {TITLE: ("报告标题", "方正小标宋简体", 22), NOTE: ("部分说明", "楷体_GB2312", 16),
                H1: ("Heading 1", "黑体", 16), H2: ("Heading 2", "楷体_GB2312", 16), BODY: ("Normal", "仿宋_GB2312", 16)}
    for model_p, p in zip(draft.paragraphs, paragraphs):
        style, font, size = expected[model_p.style]
        assert p.style.name == style
        assert p.style.element.rPr.rFonts.get(qn("w:eastAsia")) == font
        assert p.style.font.size == Pt(size)
        fmt = p.style.paragraph_format
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        for run in p.runs:
            assert run.element.rPr.rFonts.get(qn("w:eastAsia")) == font, (p.text, run.text)
            assert run.font.size == Pt(size)
        if model_p.style not in (TITLE, NOTE):
            assert fmt.first_line_indent == Pt(32)  # two characters
    assert doc.styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0, 0, 0)
    assert not doc.styles["Heading 1"].font.bold


def test_title_on_two_lines_and_the_part_note_beneath(build, rows, tmp_path: Path) -> None:
    draft = build_draft(build(rows), period(2024), ("3", "4"))
    doc = docx.Document(str(write_docx(draft, tmp_path / "d.docx")))
    top = [p for p in doc.paragraphs if p.text.strip()][:3]
    assert [p.style.name for p in top] == ["报告标题", "报告标题", "部分说明"]
    assert top[2].text == "（第三、四部分）"
    assert all(p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in top)


def test_placeholders_and_suggestions_are_highlighted(written) -> None:
    _, path = written
    doc = docx.Document(str(path))
    marked = {(r.text, r.font.highlight_color) for p in doc.paragraphs for r in p.runs if r.font.highlight_color}
    assert ("【待补充：年终述法情况】", WD_COLOR_INDEX.YELLOW) in marked
    assert ("【建议补充】", WD_COLOR_INDEX.BRIGHT_GREEN) in marked
    assert all(t.startswith(("【待补充：", "【建议补充】")) for t, _ in marked)


def test_page_numbers_odd_right_even_left_one_character_in(written) -> None:
    _, path = written
    doc = docx.Document(str(path))
    assert doc.settings.odd_and_even_pages_header_footer
    sec = doc.sections[0]
    for footer, align, side in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
                                (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent")):
        p = footer.paragraphs[0]
        assert "PAGE" in p._p.xml and p.text.startswith("— ") and p.text.endswith(" —")
        assert p.alignment == align and getattr(p.paragraph_format, side) == Pt(14)
        for run in p.runs:
            assert run.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体" and run.font.size == Pt(14)
    assert round(sec.footer_distance.mm) == 28


def test_core_properties_are_the_drafts_own(written) -> None:
    _, path = written
    props = docx.Document(str(path)).core_properties
    assert props.title == "【待补充：单位名称】2024年法治政府建设情况报告"
    assert props.author == "某某分局法制股" and props.last_modified_by == "某某分局法制股"
    assert props.created == datetime(2025, 1, 20, 9, 30).astimezone(UTC) == props.modified
    assert props.comments == "" and props.revision == 1


def test_no_template_leftovers(written) -> None:
    _, path = written
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        everything = "\n".join(z.read(n).decode("utf-8", "replace") for n in names if n.endswith((".xml", ".rels")))
    assert not any("thumbnail" in n for n in names)
    assert "python-docx" not in everything
    assert "2013-" not in everything
    assert "Macintosh" not in everything and "Normal.dotm" not in everything
    assert not re.search(r'w:eastAsia="ja-JP"', everything)
    assert "savePreviewPicture" not in everything


def test_author_defaults_to_the_configured_drafter(sample_store, sample_config, tmp_path: Path) -> None:
    from dashboard.figures import Figures

    figs = Figures(sample_store[0], sample_config)
    try:
        draft = build_draft(figs, period(2024))
    finally:
        figs.close()
    props = docx.Document(str(write_docx(draft, tmp_path / "s.docx"))).core_properties
    assert props.author == "永州市生态环境局新田分局"
    assert props.title == "永州市生态环境局新田分局2024年法治政府建设情况报告"
    assert props.created.year >= 2025
