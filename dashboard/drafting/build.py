"""Building a draft of parts three and four from a store's figures."""

from __future__ import annotations

from ..figures import Figures
from ..clock import Period
from .model import TITLE, Composer, ConfigText, Draft, Paragraph, Placeholder, RowText, runs
from .part_four import part_four
from .part_three import part_three

SECTIONS = {"3": part_three, "4": part_four}
NUMERALS = {"3": "三", "4": "四"}


def parse_sections(text: str) -> tuple[str, ...]:
    """'3,4' → ('3', '4'); raises ValueError naming what is wrong."""
    parts = tuple(dict.fromkeys(p.strip() for p in text.replace("，", ",").split(",") if p.strip()))
    bad = [p for p in parts if p not in SECTIONS]
    if not parts or bad:
        raise ValueError(f"--section 只能是 3、4 或 3,4（收到：{text}）")
    return tuple(sorted(parts))


def build_draft(figures: Figures, period: Period, sections: tuple[str, ...] = ("3", "4")) -> Draft:
    """The draft of the given parts for the period's year; every number in it is a recorded figure."""
    c = Composer(figures, period)
    year = period.year
    bureau = figures.config.bureau_name or ""
    which = "、".join(NUMERALS[s] for s in sections)
    # No bureau configured: the title says so rather than borrow another bureau's name.
    paragraphs = [Paragraph(TITLE, runs(ConfigText(bureau) if bureau else Placeholder("单位名称"))),
                  Paragraph(TITLE, runs(c.param_year(), "年法治政府建设情况报告")),
                  Paragraph(TITLE, runs(f"（第{which}部分）"))]  # its own line: 二号 breaks it mid-word otherwise
    for s in sections:
        paragraphs += SECTIONS[s](c)
    draft = Draft(year=year, bureau=bureau, as_of=period.as_of, paragraphs=paragraphs)
    shown = {r.ref.key: r.ref for r in draft.figure_runs}
    listed = {r.source.key: r.source for p in paragraphs for r in p.runs if isinstance(r, RowText)}
    draft.figures = list(shown.values())
    draft.consulted = [r for r in c.refs.values() if r.key not in shown]
    draft.sources = list(listed.values())
    draft.rows_consulted = [s for s in c.sources if s.key not in listed]
    return draft
