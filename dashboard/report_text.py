"""The text printed by ``dash ingest``, ``dash check`` and ``dash sources``."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

from .ingest import Report
from .ledgers import BY_TABLE
from .output import render, safe_text


def check_summary(report: Report) -> str:
    """Per file and per ledger, the accounting line, skip reasons, notes, unreadable files and rejected rows."""
    return "\n".join(_report_lines(report, report)) + "\n"


def _report_lines(files: Report, ledgers: Report, ledger_title: str = "按台账：") -> list[str]:
    out: list[str] = []
    rows = [(s.file, s.ledger.label, s.how, s.header_row, s.read, s.loaded, s.skipped_total, s.rejected)
            for s in files.sheets]
    if rows:
        out.append("按文件：")
        out.append(render(["文件", "台账", "格式 工作表/编码", "表头行", "读取", "导入", "跳过", "拒绝"], rows, "table"))
    per = ledgers.per_ledger()
    if per:
        out.append(ledger_title)
        table = [(BY_TABLE[t].label, t, d["read"], d["loaded"], d["skipped"], d["rejected"]) for t, d in per.items()]
        out.append(render(["台账", "表", "读取", "导入", "跳过", "拒绝"], table, "table"))
    reasons: Counter = Counter()
    for s in files.sheets:
        reasons.update(s.skipped)
    check = "✓" if files.balanced() else "✗ 不平衡"
    out.append(f"合计：读取 {files.read} = 导入 {files.loaded} + 跳过 {files.skipped} + 拒绝 {files.rejected} {check}")
    if reasons:
        out.append("跳过原因：" + "，".join(f"{k} {v}" for k, v in reasons.most_common()))
    notes = [(s.file, n) for s in files.sheets for n in s.notes]
    if notes:
        out.append("提示：")
        out.extend(f"  {f}：{n}" for f, n in notes)
    lacking = missing_columns(files)
    if lacking:
        out.append("缺少指标所需的列：")
        out.extend(f"  {f}：缺少列：{'、'.join(labels)}（相关指标将显示为待补充）" for f, labels in lacking.items())
    if files.unreadable:
        out.append(f"无法读取的文件（{len(files.unreadable)}）：")
        out.extend("  " + p.line() for p in files.unreadable)
    rejected = [p for s in files.sheets for p in s.problems]
    if rejected:
        out.append(f"被拒绝的记录（{files.rejected} 行，{len(rejected)} 处问题）：")
        out.extend("  " + p.line() for p in rejected)
    if files.ignored:
        out.append("忽略的非台账文件：" + "、".join(files.ignored))
    return out


def missing_columns(report: Report) -> dict[str, list[str]]:
    """Per file, the labels of the optional columns some figure needs that its header lacks
    (a file whose every sheet was refused is left out: its rows are not loaded anyway)."""
    from .queries import needed_columns

    needed = needed_columns()
    out: dict[str, list[str]] = {}
    for s in report.sheets:
        if s.ledger is None or not s.loaded:
            continue
        wanted = needed.get(s.ledger.table, set())
        labels = [s.ledger.column(c).label for c in s.missing_optional if c in wanted]
        if labels:
            have = out.setdefault(s.file, [])
            have.extend(label for label in labels if label not in have)
    return out


def ingest_summary(outcome) -> str:
    """What an ingest (or a removal, a rebuild) did: the files given, the library, the whole store."""
    out: list[str] = []
    for label, e in outcome.known:
        out.append(f"已在导出库中（内容相同，未重复添加）：{label}（添加于 {_when(e.added)}）")
    for old, new in outcome.superseded:
        o, n = _names(old, new)
        out.append(f"较新的导出 {n} 包含 {o} 的全部记录且期间覆盖它：{o} 已被取代（不再使用）")
    for old, new, missing in outcome.kept_both:
        o, n = _names(old, new)
        out.append(f"{n} 期间覆盖 {o}，但缺少其中 {missing} 条记录：两份都保留，同一记录以较新的为准")
    if outcome.dropped:
        out.append("移出导出库：" + "、".join(e.name for e in outcome.dropped))
    out.extend(outcome.notes)
    batch = outcome.batch_report()
    whole = outcome.report
    if outcome.batch or batch.unreadable:
        out.extend(_report_lines(batch, whole, "数据库中各台账（导出库的全部导出）："))
    elif whole.sheets:
        out.extend(_report_lines(whole, whole))
    elsewhere = outcome.conflicts_elsewhere()
    if elsewhere:
        out.append(f"与导出库中较早导出不一致的记录（{len(elsewhere)} 条，采用本次导出的值）：")
        out.extend("  " + p.line() for p in elsewhere)
    if outcome.written:
        n = len([e for e in outcome.exports if e.active])
        out.append(f"数据库由导出库中的 {n} 个导出建成，共 {whole.loaded} 行（dash sources 查看）")
    return safe_text("\n".join(out) + "\n")


def sources_listing(db: Path, show_all: bool = False) -> str:
    """``dash sources``: the store, its library and the exports in it."""
    from .library import Library
    from .sources import store_age

    lib = Library(db)
    exports = lib.load()
    built = store_age(db)
    lines = [f"数据库：{db}" + (f"（建于 {_when(built)}）" if built else "（不存在或无法读取）")]
    if not exports:
        lines.append("导出库中还没有导出；用 dash ingest 目录或文件 导入台账。")
        return "\n".join(lines) + "\n"
    active = [e for e in exports if e.active]
    lines.append(f"导出库：{lib.dir}（{len(active)} 个在用，共 {_size(lib.size())}）；"
                 f"保留的旧数据库 {len(lib.backups())} 个（dash restore）")
    by_id = {e.id: e for e in exports}
    shown = exports if show_all else active
    rows = []
    for e in sorted(shown, key=lambda e: (e.ledgers[:1], e.period_text, e.seq)):
        newer = _names(e, by_id[e.superseded_by])[1] if e.superseded_by in by_id else "?"
        status = "在用" if e.active else f"被 {newer} 取代"
        rows.append((e.id[:8], e.ledger_labels, e.period_text, e.name, e.stored if e.active else e.loaded,
                     e.read, _when(e.added), status + ("（示例）" if e.sample else "")))
    lines.append(render(["编号", "台账", "期间", "文件", "入库行数", "读取行数", "添加时间", "状态"], rows,
                        "table").rstrip("\n"))
    hidden = len(exports) - len(active)
    if hidden and not show_all:
        lines.append(f"另有 {hidden} 个已被取代的导出（dash sources --all）")
    return safe_text("\n".join(lines) + "\n")


def _names(a, b) -> tuple[str, str]:
    """Two exports' names as the summary shows them: with their numbers when the names are the same
    (a corrected re-export often keeps the name of the export it corrects)."""
    if a.name != b.name:
        return a.name, b.name
    return f"{a.name}（编号 {a.id[:8]}）", f"{b.name}（编号 {b.id[:8]}）"


def _when(stamp: str | None) -> str:
    if not stamp:
        return "—"
    try:
        return datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"
