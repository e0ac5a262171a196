"""The text summary printed by ``dash ingest`` and ``dash check``."""

from __future__ import annotations

from collections import Counter

from .ingest import Report
from .ledgers import BY_TABLE
from .output import render, safe_text


def ingest_summary(report: Report) -> str:
    """What an ingest or check read, loaded and refused; file names and values made safe to show."""
    out: list[str] = []
    files = [(s.file, s.ledger.label, s.how, s.header_row, s.read, s.loaded, s.skipped_total, s.rejected)
             for s in report.sheets]
    if files:
        out.append("按文件：")
        out.append(render(["文件", "台账", "工作表/编码", "表头行", "读取", "导入", "跳过", "拒绝"], files, "table"))
    per = report.per_ledger()
    if per:
        out.append("按台账：")
        rows = [(BY_TABLE[t].label, t, d["read"], d["loaded"], d["skipped"], d["rejected"]) for t, d in per.items()]
        out.append(render(["台账", "表", "读取", "导入", "跳过", "拒绝"], rows, "table"))
    reasons: Counter = Counter()
    for s in report.sheets:
        reasons.update(s.skipped)
    check = "✓" if report.balanced() else "✗ 不平衡"
    out.append(f"合计：读取 {report.read} = 导入 {report.loaded} + 跳过 {report.skipped} + 拒绝 {report.rejected} {check}")
    if reasons:
        out.append("跳过原因：" + "，".join(f"{k} {v}" for k, v in reasons.most_common()))
    notes = [(s.file, n) for s in report.sheets for n in s.notes]
    if notes:
        out.append("提示：")
        out.extend(f"  {f}：{n}" for f, n in notes)
    if report.unreadable:
        out.append(f"无法读取的文件（{len(report.unreadable)}）：")
        out.extend("  " + p.line() for p in report.unreadable)
    rejected = [p for s in report.sheets for p in s.problems]
    if rejected:
        out.append(f"被拒绝的记录（{report.rejected} 行，{len(rejected)} 处问题）：")
        out.extend("  " + p.line() for p in rejected)
    if report.ignored:
        out.append("忽略的非台账文件：" + "、".join(report.ignored))
    return safe_text("\n".join(out) + "\n")
