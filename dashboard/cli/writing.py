"""Documents: ``dash draft`` (the annual report) and ``dash brief`` (the meeting brief)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import UserError
from .base import (
    ConfigOption,
    DbOption,
    OutOption,
    UnmaskOption,
    YearOption,
    _edge,
    _guard,
    _latest_year,
    _note_year_without_data,
    app,
    say,
    show,
)

def _document_format(fmt: Optional[str], out: Optional[Path], formats: tuple[str, ...], example: str) -> str:
    """The format asked for (or named by -o's suffix); docx goes to a file only."""
    from .. import output

    fmt = output.choose_format(fmt, out, formats)
    if fmt == "docx" and out is None:
        raise UserError(f"docx 格式需要 -o 文件名，例如 {example}")
    return fmt


def _hand_over(data: bytes, out: Optional[Path]) -> None:
    """A document to stdout (text, made safe) or to the file -o names (its folder created)."""
    if out is None:
        show(data.decode("utf-8"))
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    say(f"已写入 {out}")


@app.command()
@_guard
def draft(
    ctx: typer.Context,
    year: Annotated[Optional[int], typer.Option("--year", "-y", help="报告年度（默认数据中最近的年度）")] = None,
    section: Annotated[str, typer.Option("--section", help="起草的部分：1,2,3,4 中的一个或几个（默认全部）")] = "1,2,3,4",
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="md|txt|docx")] = None,
    out: OutOption = None,
    explain: Annotated[bool, typer.Option("--explain", help="列出每个数字的查询、参数、值和记录数")] = False,
    show_rows: Annotated[bool, typer.Option("--rows", help="与 --explain 同用：同时列出每个数字背后的记录")] = False,
    unmask: UnmaskOption = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """起草年度法治政府建设情况报告（默认第一至四部分）。"""
    from ..clock import Period
    from ..drafting import render as rendering
    from ..drafting.build import build_draft, parse_sections
    from ..drafting.export import DRAFT_FORMATS, draft_bytes

    fmt = _document_format(fmt, out, DRAFT_FORMATS, "dash draft -f docx -o 法治政府建设情况报告.docx")
    try:
        sections = parse_sections(section)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    edge = _edge(ctx, db, config)
    figures = edge.figures(unmask)
    try:
        if year is None:
            year = _latest_year(figures, edge, "起草")
        elif year not in figures.years:
            _note_year_without_data(figures, year)
            say("草稿将只有待补充项。")
        period = Period.of(year, edge.today)
        result = build_draft(figures, period, sections)
        _hand_over(draft_bytes(result, fmt), out)
        if explain or show_rows:
            show("\n" + rendering.explain(result))
            for note in _calendar_notes(figures, period):
                show(f"注：{note}\n")
            if show_rows:
                show("\n" + rendering.rows_behind(result, figures))
        say(rendering.summary(result))
    finally:
        figures.close()


def _calendar_notes(figures, period) -> list[str]:
    """The working-day clocks' note for a year without holiday data (once, naming the figures)."""
    from .. import queries
    from ..workdays import uses_calendar

    counted = [q for q in queries.catalogue().values() if uses_calendar(q.params)]
    notes = {figures.calendar_note(q.name, period) for q in counted} - {None}
    return [f"{'、'.join(q.label for q in counted)}：{n}" for n in sorted(notes)]


@app.command()
@_guard
def brief(
    ctx: typer.Context,
    year: YearOption = None,
    fmt: Annotated[Optional[str], typer.Option(
        "--format", "-f", metavar="格式", help="md|docx（默认 md，或按 -o 的扩展名）")] = None,
    out: OutOption = None,
    unmask: UnmaskOption = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """会议简报：各领域主要指标及同比、各股室待办数、超期最久的事项，一页。"""
    from ..brief import build_brief
    from ..brief_docx import BRIEF_FORMATS, brief_bytes
    from ..clock import Period

    fmt = _document_format(fmt, out, BRIEF_FORMATS, "dash brief -o 会议简报.docx")
    edge = _edge(ctx, db, config)
    figures = edge.figures(unmask)
    try:
        if year is None:
            year = _latest_year(figures, edge)
        else:
            _note_year_without_data(figures, year)
        _hand_over(brief_bytes(build_brief(figures, Period.of(year, edge.today)), fmt), out)
    finally:
        figures.close()
