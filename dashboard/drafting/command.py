"""``dash draft``: draft parts three and four and write them as md, txt or docx."""

from __future__ import annotations

import sys
from pathlib import Path

from ..config import Config
from ..figures import Figures
from . import render as rendering
from .build import build_draft, parse_sections

FORMATS = ("md", "txt", "docx")


def _user_error(message: str) -> Exception:
    from ..cli import UserError

    return UserError(message)


def default_year(figures: Figures) -> int:
    """The latest year with data; this year when the store is empty."""
    from datetime import date

    return figures.years[-1] if figures.years else date.today().year


def run_draft(db: str | None, config: Config, year: int | None = None, section: str = "3,4",
              fmt: str = "md", out: Path | None = None, explain: bool = False,
              show_rows: bool = False, unmask: bool = False) -> None:
    """Draft the report's parts for ``year`` and print or write them; ``--explain`` adds the figures."""
    from .. import store

    fmt = (fmt or "md").lower()
    fmt = {"markdown": "md", "text": "txt"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise _user_error(f"不支持的格式 {fmt}（可用：{'|'.join(FORMATS)}）")
    suffix = out.suffix.lower().lstrip(".") if out is not None else ""
    if fmt == "md" and suffix in ("docx", "txt"):
        fmt = suffix  # md is only the default: `-o 报告.docx` means a Word file
    if fmt == "docx" and out is None:
        raise _user_error("docx 格式需要 -o 文件名，例如 dash draft -f docx -o 报告第三四部分.docx")
    if show_rows and not explain:
        explain = True
    try:
        sections = parse_sections(section)
    except ValueError as exc:
        raise _user_error(str(exc)) from None
    path = store.ensure_store(db)
    figures = Figures(path, config, unmask=unmask)
    try:
        if year is None:
            year = default_year(figures)
            print(f"（未指定 --year，起草数据中最近的年度 {year}）", file=sys.stderr)
        elif figures.years and year not in figures.years:
            have = "、".join(str(y) for y in figures.years)
            print(f"注意：台账中没有 {year} 年的记录（有：{have}），草稿将只有待补充项。", file=sys.stderr)
        draft = build_draft(figures, year, sections)
        _write(draft, fmt, out)
        if explain:
            _print_explain(draft, figures, show_rows)
        print(_summary(draft), file=sys.stderr)
    finally:
        figures.close()


def _write(draft, fmt: str, out: Path | None) -> None:
    if fmt == "docx":
        from .docx_writer import write_docx

        write_docx(draft, out)
        print(f"已写入 {out}", file=sys.stderr)
        return
    text = rendering.render(draft, fmt)
    if out is None:
        sys.stdout.write(text)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"已写入 {out}", file=sys.stderr)


def _print_explain(draft, figures: Figures, show_rows: bool) -> None:
    sys.stdout.write("\n" + rendering.explain(draft))
    if show_rows:
        sys.stdout.write("\n" + rendering.rows_behind(draft, figures))


def _summary(draft) -> str:
    n_fig, n_ph = len(draft.figures), len(draft.placeholders)
    tail = f"；{n_ph} 处【待补充】需人工补写" if n_ph else ""
    return f"草稿：{n_fig} 个数字均来自命名查询（--explain 查看来源）{tail}。"
