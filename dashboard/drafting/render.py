"""Text renderings of a draft: Markdown, plain text, and the ``--explain`` tables."""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import output
from ..figures import Figures, format_value
from ..ledgers import column_labels
from .checks import checks_text
from .model import BODY, H1, H2, NOTE, TITLE, Draft, Fig, FigureRef, Paragraph, Param, RowSource

INDENT = "\u3000\u3000"  # two full-width spaces: the first-line indent of Chinese prose
ROWS_SHOWN = 50


def to_markdown(draft: Draft) -> str:
    """Markdown: the title as one heading (the part note in it), headings by level, figures
    with digits in bold."""
    title = "".join(_md_runs(p) for p in draft.paragraphs if p.style in (TITLE, NOTE))
    lines: list[str] = [f"# {title}", ""] if title else []
    prefix = {H1: "## ", H2: "### ", BODY: ""}
    for p in draft.paragraphs:
        if p.style not in (TITLE, NOTE):
            lines += [prefix.get(p.style, "") + _md_runs(p), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_runs(p: Paragraph) -> str:
    out = []
    for r in p.runs:
        if isinstance(r, Fig) and any(ch.isdigit() for ch in r.text):
            out.append(f"**{r.text}**")
        else:
            out.append(r.text)
    return "".join(out)


def to_text(draft: Draft) -> str:
    """Plain text ready to paste: one line per paragraph, indented as Chinese prose is."""
    titles = [p.text for p in draft.paragraphs if p.style in (TITLE, NOTE)]
    lines: list[str] = [*titles, ""] if titles else []
    lines += [INDENT + p.text for p in draft.paragraphs if p.style not in (TITLE, NOTE)]
    return "\n".join(lines) + "\n"


def render(draft: Draft, fmt: str) -> str:
    if fmt == "md":
        return to_markdown(draft)
    if fmt == "txt":
        return to_text(draft)
    raise ValueError(fmt)


def params_text(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v.isoformat() if isinstance(v, date) else v}" for k, v in params.items())


def value_text(ref: FigureRef) -> str:
    f = ref.figure
    text = format_value(f.value, f.unit)
    return text if f.unit in ("元", "") or f.value is None else text + f.unit


EXPLAIN_COLUMNS = ["序号", "查询", "指标", "参数", "值", "记录数", "用途"]


def explain_rows(draft: Draft) -> list[tuple]:
    """One row per figure in the text, per figure read to choose the wording, per row list used."""
    rows: list[tuple] = []
    for ref in draft.figures:
        rows.append((ref.name, ref.figure.label, params_text(ref.params), value_text(ref), ref.figure.rows, "文中数字"))
    for ref in draft.consulted:
        rows.append((ref.name, ref.figure.label, params_text(ref.params), value_text(ref), ref.figure.rows,
                     "决定措辞"))
    for src in draft.sources:
        rows.append((src.name, src.label, params_text(src.params), "（记录）", src.count, "文中列举"))
    for src in draft.rows_consulted:
        rows.append((src.name, src.label, params_text(src.params), "（记录）", src.count, "决定措辞"))
    return [(i, *r) for i, r in enumerate(rows, 1)]


def explain(draft: Draft) -> str:
    """The table of every figure behind the draft, then the 核对 list."""
    head = (f"草稿中的数字：{len(draft.figures)} 个来自命名查询的数字，"
            f"{len(draft.consulted)} 个用于决定措辞，{len(draft.sources)} 处列举来自查询记录；"
            f"待补充 {len(draft.placeholders)} 处，建议补充 {draft.suggestions} 处。\n")
    configured = dict.fromkeys(f"{r.source.removeprefix('config:')} → {r.text}" for p in draft.paragraphs
                               for r in p.runs if isinstance(r, Param) and r.source.startswith("config:"))
    config_line = f"配置（dash.toml）中的数字：{'；'.join(configured)}\n" if configured else ""
    return (head + output.render(EXPLAIN_COLUMNS, explain_rows(draft), "table") + "\n" + config_line
            + checks_text(draft.checks, draft.year))


def rows_behind(draft: Draft, figures: Figures, limit: int = ROWS_SHOWN) -> str:
    """The rows behind each figure and list of the draft (masked unless the Figures are unmasked)."""
    parts: list[str] = []
    items: list[FigureRef | RowSource] = [*draft.figures, *draft.consulted, *draft.sources,
                                          *draft.rows_consulted]
    for item in items:
        res = figures.rows(item.name, item.period, limit=limit)
        label = item.figure.label if isinstance(item, FigureRef) else item.label
        parts.append(f"\n== {item.name}（{label}；{params_text(item.params)}）：{_count(item)} 行")
        if res.rows:
            parts.append(output.render(column_labels(list(res.columns)), res.rows, "table").rstrip("\n"))
        if res.truncated:
            parts.append(f"（只显示前 {limit} 行；dash query {item.name} --year {item.year} --rows 查看全部）")
    return "\n".join(parts).lstrip("\n") + "\n"


def _count(item: FigureRef | RowSource) -> int:
    return item.figure.rows if isinstance(item, FigureRef) else item.count


def marks(draft: Draft) -> tuple[str, str]:
    """('【待补充】6 处', '【建议补充】2 处'): the two counts, in the same words on the draft
    screen and after ``dash draft``, zeros included."""
    return f"【待补充】{len(draft.placeholders)} 处", f"【建议补充】{draft.suggestions} 处"


def summary(draft: Draft) -> str:
    """The line said after a draft is written: figures, placeholders, suggestions, 核对 items."""
    n_fig = len(draft.figures)
    to_fill, to_choose = marks(draft)
    tail = f"；{to_fill}需人工补写，{to_choose}请取舍"
    tail += f"；核对发现台账之间 {len(draft.checks)} 处不一致（--explain 查看）" if draft.checks else ""
    return f"草稿：{n_fig} 个数字均来自命名查询（--explain 查看来源）{tail}。"
