"""Consistency checks between ledgers (核对).

Where two ledgers tell different stories — the head signed one major case but
the case ledger has four; a signature dated before the case was filed; a court
appearance with no hearing in the litigation ledger — the draft does not pick
one: it writes what the ledger of record says (major cases from the case
ledger) and lists the disagreement here, for ``--explain`` and the draft screen.
Every count comes from a named query (``queries/checks.sql`` and the panels').
"""

from __future__ import annotations

from .model import Check, Composer


def cross_checks(c: Composer) -> list[Check]:
    """The disagreements between the ledgers for the draft's year, in a fixed order."""
    out: list[Check] = []
    y = c.year
    # A count the exports lack a column for (no 重大案件 column) is no side of a disagreement.
    if c.imported("enforcement_cases", "leadership_duties") and not c.missing("cases_major"):
        majors, signed = c.value("cases_major"), c.value("head_major_cases_signed")
        if majors != signed:
            out.append(Check("head_major_cases_signed / cases_major",
                             f"主要负责人履职纪实台账记录{y}年审签重大案件{signed}件，"
                             f"行政处罚案件台账中{y}年立案的重大案件为{majors}件", abs(majors - signed)))
        early = c.value("check_signed_before_filing")
        if early:
            out.append(Check("check_signed_before_filing",
                             f"有{early}条“审签重大案件”记录的日期早于所审签案件的立案日期", early))
    if c.imported("enforcement_cases", "legal_reviews") and not c.missing("cases_major"):
        majors, reviewed = c.value("cases_major"), c.value("major_decisions_reviewed")
        if reviewed and majors != reviewed:
            out.append(Check("major_decisions_reviewed / cases_major",
                             f"合法性审查台账记录{y}年重大执法决定审查{reviewed}件，"
                             f"行政处罚案件台账中{y}年立案的重大案件为{majors}件", abs(majors - reviewed)))
    if c.imported("leadership_duties") or c.imported("litigation"):
        court = c.value("check_court_without_hearing")
        if court:
            tail = "（未导入行政复议及诉讼台账）" if not c.imported("litigation") else ""
            out.append(Check("check_court_without_hearing",
                             f"有{court}条出庭应诉记录与行政复议及诉讼台账的开庭记录对不上{tail}", court))
    return out


def checks_text(checks: list[Check], year: int) -> str:
    """The 核对 list as lines of text (for --explain)."""
    if not checks:
        return "核对：未发现台账之间不一致。\n"
    lines = [f"核对：台账之间有 {len(checks)} 处不一致（草稿未作调和，请核实后修改台账或草稿）："]
    lines += [f"  {i}. {ch.text}（dash query {ch.name.split(' / ')[0]} --year {year} --rows）"
              for i, ch in enumerate(checks, 1)]
    return "\n".join(lines) + "\n"
