"""What part one's subsections are made of, shared by its modules."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Composer, Part

# The only figures compared with the year before (where a change says something), at most
# once per subsection: counts of meetings, laws or exams are not compared.
COMPARED = frozenset({"cases_filed", "fines_total", "petitions_received", "permits_approved", "permits_filed"})

Item = tuple[str, list[Part]]  # (title of a numbered point, or "" for a plain paragraph; its sentences)


@dataclass
class Area:
    title: str
    items: list[Item]


def compared(c: Composer, name: str) -> list[Part]:
    """'（上年为18起）' / '（上年同为21起）' right after the figure; nothing without last year's records."""
    if name not in COMPARED:
        raise ValueError(f"{name} 不作同比")
    if c.year - 1 not in c.figures.years:
        return []
    now, before = c.value(name), c.value(name, c.year - 1)
    if now is None or not before:
        return []
    return ["（上年同为" if now == before else "（上年为", c.fig(name, c.year - 1), "）"]


def missing_area(c: Composer, title: str, *tables: str) -> Area:
    """The heading kept, its text a 【待补充：未导入…】: a missing ledger is never a zero."""
    return Area(title, [("", [c.not_imported(*tables), "。"])])
