"""The writing rules of the report, as checks on a generated draft (issue: whole annual report).

``violations(draft)`` lists every rule a draft breaks, in words; a test asserts the list
is empty for every sample year and for random ledgers.
"""

from __future__ import annotations

import re
from collections import Counter

from dashboard.drafting.area import COMPARED
from dashboard.drafting.model import (
    BODY,
    H1,
    H2,
    NOTE,
    TITLE,
    Draft,
    Fig,
    Label,
    Paragraph,
    Placeholder,
)

CN = "一二三四五六七八九十"
STATUS_IN_BRACKETS = re.compile(r"[（(][^（）()]*(截至|目前|未启动|整改中|已完成|已超过|已到期|年内到期)[^（）()]*[）)]")
DOUBLED = re.compile(r"[，。；、：,.;:]{2}|等等|】[，；、：]?[，。；、：]{2}")
TOOL_WORDS = ("台账显示", "本局", "持证台账显示")
BARE_HEAD = re.compile(r"(?<!主要)负责人")
EXAM_ORGANISED = re.compile(r"组织[^。；，]*学法考试")


def cn(n: int) -> str:
    return CN[n - 1] if n <= 10 else "十" + CN[n - 11]


def blocks(draft: Draft) -> list[tuple[Paragraph | None, list[Paragraph]]]:
    """(heading, its body paragraphs) for each heading of the draft; part two's numbered points,
    which have no heading of their own, each count as a block."""
    out: list[tuple[Paragraph | None, list[Paragraph]]] = []
    for p in draft.paragraphs:
        if p.style in (TITLE, NOTE):
            continue
        if p.style in (H1, H2) or not out:
            out.append((p if p.style in (H1, H2) else None, []))
            continue
        heading = out[-1][0]
        if heading is not None and heading.text.startswith("二、") and p.runs and isinstance(p.runs[0], Label):
            out.append((heading, [p]))
        else:
            out[-1][1].append(p)
    return out


def part_of(draft: Draft, numeral: str) -> list[Paragraph]:
    """The paragraphs of one part (一 … 四), its heading included."""
    out: list[Paragraph] = []
    inside = False
    for p in draft.paragraphs:
        if p.style == H1:
            inside = p.text.startswith(numeral + "、")
        if inside:
            out.append(p)
    return out


def violations(draft: Draft) -> list[str]:
    found: list[str] = []
    text = draft.text
    # Comparisons only for the figures where a change matters, at most once per subsection.
    for fig in draft.figure_runs:
        if fig.ref.year != draft.year and fig.ref.name not in COMPARED:
            found.append(f"同比不该出现：{fig.ref.name} {fig.ref.year}")
    for heading, body in blocks(draft):
        said = "".join(p.text for p in body)
        earlier = [r for p in body for r in p.runs if isinstance(r, Fig) and r.ref.year != draft.year]
        if len(earlier) > 1 or said.count("上年") > 1:
            found.append(f"一个小节里同比超过一次：{heading.text if heading else said[:20]}")
        if said.count("上年") > len(earlier):
            found.append(f"说了上年却没有上年的数字：{heading.text if heading else said[:20]}")
    if "与上年持平" in text:
        found.append("与上年持平：上年的数字要写出来，且只对案件、罚款、信访、审批说")
    # One fact once: a figure of the year is shown once in the whole report.
    shown = Counter((f.ref.name, f.ref.year) for f in draft.figure_runs)
    found += [f"同一数字出现{n}次：{k}" for k, n in shown.items() if n > 1]
    held = {f.ref.name: f.ref.figure.value for f in draft.figure_runs if f.ref.year == draft.year}
    if "study_head_chaired" in held and held.get("study_meetings") == held["study_head_chaired"]:
        found.append("会议次数与主持次数相同，却各说一遍")
    # Words of the report, not of the tool.
    found += [f"用了工具的说法：{w}" for w in TOOL_WORDS if w in text]
    found += [f"“负责人”前没有“主要”：…{text[max(0, m.start() - 8):m.end()]}"
              for m in BARE_HEAD.finditer(text)]
    four = "".join(p.text for p in part_of(draft, "四"))
    found += [f"计划里有括号写的状态：{m.group(0)}" for m in STATUS_IN_BRACKETS.finditer(four)]
    found += [f"学法考试是参加，不是组织：{m.group(0)}" for m in EXAM_ORGANISED.finditer(text)]
    # Numbering: 一、/（一）/1. in order; no doubled punctuation (next to a placeholder or not).
    found += numbering(draft)
    for p in draft.paragraphs:
        for m in DOUBLED.finditer(p.text):
            found.append(f"标点重复：…{p.text[max(0, m.start() - 10):m.end() + 2]}")
        if p.style == BODY and p.text and p.text[-1] not in "。】”":
            found.append(f"段落没有句号收尾：…{p.text[-15:]}")
    for r in draft.placeholders:
        if not re.fullmatch(r"【待补充：[^【】]+】", r.text):
            found.append(f"占位写法不对：{r.text}")
    return found


def numbering(draft: Draft) -> list[str]:
    found: list[str] = []
    parts = [p for p in draft.paragraphs if p.style == H1]
    expected = [cn(int(s)) for s in draft.sections]
    if [p.text.split("、", 1)[0] for p in parts] != expected:
        found.append(f"一级标题编号不对：{[p.text[:3] for p in parts]}")
    h2 = 0
    item = 0
    for p in draft.paragraphs:
        if p.style == H1:
            h2 = item = 0
        elif p.style == H2:
            h2 += 1
            item = 0
            if not p.text.startswith(f"（{cn(h2)}）"):
                found.append(f"二级标题编号不对：{p.text[:6]}（应为（{cn(h2)}））")
        elif p.style == BODY and p.runs and isinstance(p.runs[0], Label):
            item += 1
            if p.runs[0].text != f"{item}.":
                found.append(f"三级编号不对：{p.text[:6]}（应为{item}.）")
        elif p.style == BODY and re.match(r"^\d+[.．、]", p.text):
            found.append(f"编号不是由编号标签给出：{p.text[:6]}")
    return found


def placeholder_whats(draft: Draft) -> list[str]:
    return [r.what for p in draft.paragraphs for r in p.runs if isinstance(r, Placeholder)]
