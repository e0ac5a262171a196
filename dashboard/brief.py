"""会议简报: one printable page for a progress meeting.

Each area's key figures with the change since last year, the to-do counts by
unit, and the most overdue items. :func:`build_brief` returns the page as
data; :func:`brief_markdown` and ``brief_docx.brief_docx_bytes`` write it out,
so the dashboard can show the same page it exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import agenda, areas
from .agenda import TodoItem, UnitCount
from .compare import YearOnYear, same_period_note, year_on_year, years_with_rows
from .figures import no_data_note
from .output import clip

if TYPE_CHECKING:
    from .clock import Period
    from .figures import Figures

TOP_OVERDUE = 8  # overdue items on the page: enough for a meeting, still one page
RECORD_CELLS = 30  # a record's text on the page (a long 问题描述 would take three lines)
NO_BUREAU = "【单位名称】"


@dataclass(frozen=True)
class BriefArea:
    key: str
    title: str
    figures: tuple[YearOnYear, ...]
    todo: int  # items on the to-do list
    overdue: int  # of which open and past due


@dataclass(frozen=True)
class Brief:
    """The page: who, when, the areas, the to-do counts by unit, the top overdue items."""

    bureau: str
    period: Period
    areas: tuple[BriefArea, ...]
    units: tuple[UnitCount, ...]
    top_overdue: tuple[TodoItem, ...]
    overdue_total: int
    todo_total: int
    notes: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return f"{self.bureau}法治建设工作简报"

    @property
    def subtitle(self) -> str:
        as_of = self.period.as_of
        return f"{self.period.year}年 · 截至{as_of.year}年{as_of.month}月{as_of.day}日"


def build_brief(figures: Figures, period: Period, top: int = TOP_OVERDUE) -> Brief:
    """The meeting brief of ``period`` from the store."""
    data_years = years_with_rows(figures)
    items = agenda.todo_items(figures, period)
    out_areas = []
    for a in areas.AREAS:
        mine = [i for i in items if i.area == a.key]
        out_areas.append(BriefArea(
            a.key, a.title, tuple(year_on_year(figures, n, period, data_years) for n in a.key_figures),
            len(mine), sum(i.is_overdue for i in mine)))
    overdue = [i for i in items if i.is_overdue]
    notes = []
    note = figures.calendar_note("decisions_unpublished", period)
    if note:
        notes.append(f"执法决定公示时限：{note}")
    if period.year not in figures.years:
        notes.append(no_data_note(period.year, figures.years))
    elif same_period_note(period):
        notes.append(same_period_note(period))
    return Brief(figures.config.bureau.name or NO_BUREAU, period, tuple(out_areas),
                 tuple(agenda.unit_counts(items)), tuple(overdue[:top]), len(overdue), len(items), tuple(notes))


def todo_summary(brief: Brief) -> str:
    """待办 in one line: 待办20项，其中超期8项."""
    if not brief.todo_total:
        return "待办0项"
    return f"待办{brief.todo_total}项，其中超期{brief.overdue_total}项"


def overdue_line(item: TodoItem) -> tuple[str, str, str, str, str]:
    """(领域, 事项, 记录, 责任, 期限) of an overdue item, as the page lists it."""
    whose = "、".join(x for x in (item.unit, item.person) if x) or agenda.NO_UNIT
    return (item.area_title, item.label, clip(item.record, RECORD_CELLS), whose,
            f"{item.due_on.isoformat() if item.due_on else '无期限'}（{item.when}）")


UNIT_COLUMNS = ("股室", "待办", "超期", "未到期")


def unit_line(count: UnitCount) -> tuple[str, ...]:
    """A unit's counts as text, under :data:`UNIT_COLUMNS`."""
    return (count.unit, str(count.total), str(count.overdue), str(count.due_soon))


def brief_markdown(brief: Brief) -> str:
    """The page as Markdown (one table per part, fits a printed A4 page)."""
    out = [f"# {brief.title}", "", brief.subtitle, "", "## 主要指标（同比）", "",
           "| 领域 | 指标 | 本年 | 同比 |", "|---|---|---:|---|"]
    for a in brief.areas:
        for i, f in enumerate(a.figures):
            out.append(f"| {a.title if i == 0 else ''} | {_cell(f.label)} | {f.text} | {f.change} |")
    out += ["", f"## 待办（{todo_summary(brief)}）", ""]
    if brief.units:
        out += ["| " + " | ".join(UNIT_COLUMNS) + " |", "|---|---:|---:|---:|"]
        out += ["| " + " | ".join(map(_cell, unit_line(c))) + " |" for c in brief.units]
    else:
        out.append("没有待办事项。")
    out += ["", f"## 超期最久的事项（前{len(brief.top_overdue)}项，共{brief.overdue_total}项）" if brief.top_overdue
            else "## 超期事项", ""]
    if brief.top_overdue:
        out += ["| 领域 | 事项 | 记录 | 责任 | 期限 |", "|---|---|---|---|---|"]
        out += ["| " + " | ".join(map(_cell, overdue_line(i))) + " |" for i in brief.top_overdue]
    else:
        out.append("没有超期事项。")
    if brief.notes:
        out += [""] + [f"注：{n}" for n in brief.notes]
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
