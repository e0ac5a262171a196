"""A draft as a .docx laid out the way Chinese official documents are (GB/T 9704-2012).

A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm, and a lines-and-
characters document grid of 22 lines of 28 characters (the character pitch set
so a line holds 28 characters of 三号, not the 27 that fit unaided). Body 仿宋_GB2312
三号 (16 pt), first-level headings 黑体, second-level 楷体_GB2312, the title
方正小标宋简体 二号 (22 pt) on up to two lines with the note of which parts it
holds beneath in 三号 楷体; fixed line spacing of one grid line; two-character
first-line indent. Page numbers "— N —" in 宋体 四号, odd pages right and even
pages left, one character in. Fonts are set both on the styles and on every run,
with the East Asian font in ``w:eastAsia`` (Word ignores ``w:ascii`` for Chinese
characters), so the text keeps its look when pasted into the report.

The core properties are the draft's own (title, author from the configuration,
created now); nothing of python-docx's template is left: no "python-docx"
description, no 2013 dates, no Japanese theme language, no thumbnail.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from ..output import docx_text
from .model import BODY, H1, H2, NOTE, TITLE, Draft, Placeholder, Suggestion

BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
TITLE_FONT = "方正小标宋简体"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
PAGE_NUMBER_PT = 14  # 四号
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
_PT_PER_MM = 72 / 25.4

# The grid: a line pitch that fits 22 lines in the text area (28.95 pt) and a character
# pitch that fits 28 characters in its width.
TEXT_HEIGHT_PT = (PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * _PT_PER_MM
TEXT_WIDTH_PT = (PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) * _PT_PER_MM
LINE_TWIPS = int(TEXT_HEIGHT_PT / LINES_PER_PAGE * 20)  # 579: whole twips, so 22 lines always fit
LINE_PT = LINE_TWIPS / 20
# w:charSpace is the character pitch less the default font size, in 4096ths of a point.
CHAR_SPACE = round((TEXT_WIDTH_PT / CHARS_PER_LINE - BODY_PT) * 4096)

# style name, East Asian font, size
STYLES = {
    TITLE: ("报告标题", TITLE_FONT, TITLE_PT),
    NOTE: ("部分说明", H2_FONT, BODY_PT),
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

    for kind in (TITLE, NOTE):
        if STYLES[kind][0] not in [s.name for s in doc.styles]:
            doc.styles.add_style(STYLES[kind][0], WD_STYLE_TYPE.PARAGRAPH).base_style = doc.styles["Normal"]
    for kind, (name, font, size) in STYLES.items():
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.bold = False
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        set_fonts(style.element, font, size)
        _paragraph_format(style.paragraph_format, indent=kind not in (TITLE, NOTE), centred=kind in (TITLE, NOTE))
        if kind in (H1, H2, TITLE, NOTE):
            style.paragraph_format.keep_with_next = True


def _chinese_defaults(doc) -> None:
    """The text is Chinese (line breaking, punctuation compression, the theme's East Asian
    language), at 三号 by default: the grid's character pitch is measured from it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is not None:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:eastAsia"), "zh-CN")
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(BODY_PT * 2))
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")
    preview = settings.find(qn("w:savePreviewPicture"))  # Word would write a thumbnail back
    if preview is not None:
        settings.remove(preview)


def _page(doc) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    sec.top_margin, sec.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    sec.left_margin, sec.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    sec.footer_distance = Mm(28)
    sect = sec._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    for attr in list(grid.attrib):
        del grid.attrib[attr]
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_TWIPS))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(sec.footer.paragraphs[0], odd=True)
    _page_number(sec.even_page_footer.paragraphs[0], odd=False)


def _page_number(p, odd: bool) -> None:
    """'— N —' with a PAGE field, 宋体 四号: odd pages right, even pages left, one character in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = p.paragraph_format
    fmt.first_line_indent = Pt(0)
    if odd:
        fmt.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        fmt.left_indent = Pt(PAGE_NUMBER_PT)

    def run(text: str = ""):
        r = p.add_run(text)
        set_fonts(r._element, PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
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


APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           '<Application>dash</Application><DocSecurity>0</DocSecurity></Properties>')


def _properties(doc, title: str, author: str, created: datetime) -> None:
    """The draft's own core properties; the template's thumbnail and application details dropped."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    props = doc.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.subject = props.keywords = props.comments = props.category = ""
    props.revision = 1
    # The properties hold UTC; a naive time from the clock is the machine's local time.
    props.created = props.modified = created.astimezone(UTC)
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML.encode("utf-8")


def write_docx(draft: Draft, path: Path | IO[bytes], author: str = "",
               created: datetime | None = None) -> Path | IO[bytes]:
    """Write the draft to ``path`` (a .docx file or a binary stream). Placeholders are highlighted
    yellow and 【建议补充】 marks green, for the clerk to find; ``author`` goes in the properties."""
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX

    from ..clock import now

    doc = Document()
    _page(doc)
    _setup_styles(doc)
    _chinese_defaults(doc)
    for i, para in enumerate(draft.paragraphs):
        if para.style not in (TITLE, NOTE) and i and draft.paragraphs[i - 1].style in (TITLE, NOTE):
            doc.add_paragraph(style=STYLES[BODY][0])  # a blank line under the title
        name, font, size = STYLES.get(para.style, STYLES[BODY])
        p = doc.add_paragraph(style=name)
        for r in para.runs:
            run = p.add_run(docx_text(r.text))
            set_fonts(run._element, font, size)
            if isinstance(r, Placeholder):
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            elif isinstance(r, Suggestion):
                run.font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN
    title = "".join(p.text for p in draft.paragraphs if p.style == TITLE)
    _properties(doc, docx_text(title), author or draft.author or draft.bureau, created or now())
    if isinstance(path, (str, Path)):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        doc.save(str(path))
    else:
        doc.save(path)
    return path
