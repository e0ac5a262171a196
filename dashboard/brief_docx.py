"""The meeting brief as a one-page .docx.

A meeting handout, not an official document, so it is denser than the report
drafts: A4 with 20 mm margins, tables in 仿宋_GB2312 五号 (10.5 pt); it keeps
their fonts (方正小标宋简体 title, 黑体 headings, East Asian fonts set on every
run, text marked zh-CN) through ``drafting.docx_writer.set_fonts``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from .brief import UNIT_COLUMNS, Brief, brief_markdown, overdue_line, todo_summary, unit_line

# The drafts' font handling, and their zh-CN marking (line breaking, punctuation compression).
from .drafting.docx_writer import BODY_FONT, H1_FONT, H2_FONT, TITLE_FONT, set_fonts
from .drafting.docx_writer import _chinese_defaults as mark_chinese

TABLE_PT = 10.5  # 五号
HEADING_PT = 14  # 四号
TITLE_PT = 18  # 小二
MARGIN_MM = 20


BRIEF_FORMATS = ("md", "docx")


def brief_bytes(brief: Brief, fmt: str) -> bytes:
    """The brief as a file's bytes in ``fmt`` (one of :data:`BRIEF_FORMATS`): Markdown or this .docx."""
    return brief_docx_bytes(brief) if fmt == "docx" else brief_markdown(brief).encode("utf-8")


def brief_docx_bytes(brief: Brief) -> bytes:
    """The brief as the bytes of a .docx file."""
    from docx import Document
    from docx.shared import Mm

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin = sec.bottom_margin = sec.left_margin = sec.right_margin = Mm(MARGIN_MM)
    _paragraph(doc, brief.title, TITLE_FONT, TITLE_PT, centred=True)
    _paragraph(doc, brief.subtitle, H2_FONT, HEADING_PT, centred=True)

    _paragraph(doc, "一、主要指标（同比）", H1_FONT, HEADING_PT)
    rows = []
    for a in brief.areas:
        rows += [(a.title if i == 0 else "", f.label, f.text, f.change) for i, f in enumerate(a.figures)]
    _table(doc, ("领域", "指标", "本年", "同比"), rows, widths_mm=(14, 90, 30, 36))

    _paragraph(doc, f"二、待办（{todo_summary(brief)}）", H1_FONT, HEADING_PT)
    if brief.units:
        _table(doc, UNIT_COLUMNS, [unit_line(c) for c in brief.units], widths_mm=(60, 30, 30, 30))
    else:
        _paragraph(doc, "没有待办事项。", BODY_FONT, TABLE_PT)

    _paragraph(doc, f"三、超期最久的事项（共{brief.overdue_total}项）", H1_FONT, HEADING_PT)
    if brief.top_overdue:
        _table(doc, ("领域", "事项", "记录", "责任", "期限"), [overdue_line(i) for i in brief.top_overdue],
               widths_mm=(12, 30, 56, 26, 46))
    else:
        _paragraph(doc, "没有超期事项。", BODY_FONT, TABLE_PT)
    for note in brief.notes:
        _paragraph(doc, f"注：{note}", BODY_FONT, TABLE_PT)

    doc.core_properties.title = brief.title
    doc.core_properties.author = "dash"
    mark_chinese(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _paragraph(doc, text: str, font: str, size: float, centred: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(3)
    if centred:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    set_fonts(run._element, font, size)
    return p


def _table(doc, header: Sequence[str], rows: Sequence[Sequence[str]], widths_mm: Sequence[float]) -> None:
    from docx.shared import Mm, Pt

    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for r, values in enumerate([header, *rows]):
        cells = table.rows[0].cells if r == 0 else table.add_row().cells
        for c, text in enumerate(values):
            cell = cells[c]
            cell.width = Mm(widths_mm[c])
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            run = p.add_run(str(text))
            set_fonts(run._element, H1_FONT if r == 0 else BODY_FONT, TABLE_PT)

