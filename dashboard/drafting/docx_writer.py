"""A draft as a .docx laid out the way Chinese official documents are (GB/T 9704-2012).

A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body 仿宋_GB2312
三号 (16 pt), first-level headings 黑体, second-level 楷体_GB2312, the title
方正小标宋简体 二号 (22 pt); fixed 28 pt line spacing, two-character first-line
indent; page numbers "— 1 —" in the footer. Fonts are set both on the styles
and on every run, with the East Asian font in ``w:eastAsia`` (Word ignores
``w:ascii`` for Chinese characters), so the text keeps its look when pasted
into the report.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from ..output import docx_text
from .model import BODY, H1, H2, TITLE, Draft, Placeholder

BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
TITLE_FONT = "方正小标宋简体"
LATIN_FONT = "Times New Roman"
BODY_PT = 16
TITLE_PT = 22
LINE_PT = 28
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}

# style name, East Asian font, size
STYLES = {
    TITLE: ("报告标题", TITLE_FONT, TITLE_PT),
    H1: ("Heading 1", H1_FONT, BODY_PT),
    H2: ("Heading 2", H2_FONT, BODY_PT),
    BODY: ("Normal", BODY_FONT, BODY_PT),
}


def set_fonts(element, east_asian: str, size_pt: float | None = None) -> None:
    """Latin and East Asian fonts (and size) on a style's or run's rPr; theme fonts would override them."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    rpr = element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), LATIN_FONT)
    rfonts.set(qn("w:eastAsia"), east_asian)
    if size_pt is not None:
        rpr.sz_val = Pt(size_pt)


def _paragraph_format(fmt, indent: bool, centred: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(2 * BODY_PT) if indent else Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.JUSTIFY


def _setup_styles(doc) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    if STYLES[TITLE][0] not in [s.name for s in doc.styles]:
        doc.styles.add_style(STYLES[TITLE][0], WD_STYLE_TYPE.PARAGRAPH).base_style = doc.styles["Normal"]
    for kind, (name, font, size) in STYLES.items():
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.bold = False
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        set_fonts(style.element, font, size)
        _paragraph_format(style.paragraph_format, indent=kind != TITLE, centred=kind == TITLE)
        if kind in (H1, H2):
            style.paragraph_format.keep_with_next = True


def _chinese_defaults(doc) -> None:
    """Mark the text as Chinese (line breaking and punctuation compression follow it)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _page(doc) -> None:
    from docx.shared import Mm

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    sec.left_margin, sec.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    sec.footer_distance = Mm(28)
    _page_number(sec.footer.paragraphs[0])


def _page_number(p) -> None:
    """'— N —' with a PAGE field, 宋体 四号, centred."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def run(text: str = ""):
        r = p.add_run(text)
        set_fonts(r._element, "宋体", 14)
        return r

    run("— ")
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
        r = run("1" if kind is None and instr is None else "")
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            r._element.append(el)
        elif instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            r._element.append(el)
    run(" —")


def write_docx(draft: Draft, path: Path | IO[bytes]) -> Path | IO[bytes]:
    """Write the draft to ``path`` (a .docx file or a binary stream); placeholders are highlighted yellow."""
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX

    doc = Document()
    _page(doc)
    _setup_styles(doc)
    _chinese_defaults(doc)
    for i, para in enumerate(draft.paragraphs):
        if para.style != TITLE and i and draft.paragraphs[i - 1].style == TITLE:
            doc.add_paragraph(style=STYLES[BODY][0])  # a blank line under the title
        name, font, size = STYLES.get(para.style, STYLES[BODY])
        p = doc.add_paragraph(style=name)
        for r in para.runs:
            run = p.add_run(docx_text(r.text))
            set_fonts(run._element, font, size)
            if isinstance(r, Placeholder):
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    doc.core_properties.title = docx_text("".join(p.text for p in draft.paragraphs if p.style == TITLE))
    doc.core_properties.author = "dash"
    if isinstance(path, (str, Path)):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        doc.save(str(path))
    else:
        doc.save(path)
    return path
