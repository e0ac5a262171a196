"""Small fixture ledgers for the drafting tests, written as CSV exports (Chinese headers)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from dashboard.config import Arrangement, Config
from dashboard.figures import Figures
from dashboard.sources import ingest_paths
from dashboard.ledgers import BY_TABLE

INGEST_TODAY = date(2025, 3, 1)

PETITIONER = "张三丰"
PHONE = "13812345678"


def base_rows() -> dict[str, list[dict[str, Any]]]:
    """A small bureau: 2023 and 2024, with one of everything the draft looks at."""
    return {
        "study_sessions": [
            # 2023: four meetings, so 2024's three is a decrease.
            {"held_on": "2023-02-10", "meeting_type": "党组会议", "chaired_by_head": "是",
             "law_topic": "《中华人民共和国宪法》", "rule_of_law_agenda": "是", "attendees": 9},
            {"held_on": "2023-05-10", "meeting_type": "理论学习中心组", "chaired_by_head": "是",
             "law_topic": "《中华人民共和国行政处罚法》", "rule_of_law_agenda": "否", "attendees": 9},
            {"held_on": "2023-08-10", "meeting_type": "干部职工例会", "chaired_by_head": "是",
             "law_topic": "《中华人民共和国环境保护法》", "rule_of_law_agenda": "否", "attendees": 30},
            {"held_on": "2023-11-10", "meeting_type": "党组扩大会议", "chaired_by_head": "是",
             "law_topic": "《中华人民共和国大气污染防治法》", "rule_of_law_agenda": "是", "attendees": 12},
            # 2024: three meetings, one without a law studied, and one exam.
            {"held_on": "2024-03-12", "meeting_type": "党组会议", "chaired_by_head": "是",
             "law_topic": "《习近平法治思想学习纲要》", "rule_of_law_agenda": "是", "attendees": 9},
            {"held_on": "2024-06-18", "meeting_type": "理论学习中心组", "chaired_by_head": "是",
             "law_topic": "《生态环境行政处罚办法》", "rule_of_law_agenda": "是", "attendees": 9},
            {"held_on": "2024-09-20", "meeting_type": "干部职工例会", "chaired_by_head": "否",
             "law_topic": "", "rule_of_law_agenda": "否", "attendees": 31},
            {"held_on": "2024-11-05", "meeting_type": "学法考试", "chaired_by_head": "否",
             "law_topic": "", "rule_of_law_agenda": "否", "attendees": 35},
        ],
        "leadership_duties": [
            {"done_on": "2024-02-20", "duty_type": "亲自部署", "subject": "年度法治政府建设工作要点",
             "unit": "法制股", "outcome": "印发"},
            {"done_on": "2024-07-02", "duty_type": "亲自督办", "subject": "信访积案化解",
             "unit": "综合股", "outcome": "办结"},
            {"done_on": "2024-10-15", "duty_type": "督导检查", "subject": "执法案卷评查",
             "unit": "执法大队", "outcome": "整改"},
            {"done_on": "2024-05-09", "duty_type": "审签重大案件", "subject": "某公司超标排放案",
             "unit": "执法大队", "outcome": "审签"},
            {"done_on": "2023-12-20", "duty_type": "年终述法", "subject": "二〇二三年度述法",
             "unit": "", "outcome": ""},
        ],
        "trainings": [
            {"held_on": "2024-04-16", "title": "生态环境执法业务培训", "form": "业务培训",
             "organizer": "上级", "attendees": 12, "hours": 8, "head_attended": "是"},
            {"held_on": "2024-08-16", "title": "案卷评查案例研讨", "form": "案例研讨",
             "organizer": "本局", "attendees": 15, "hours": 4, "head_attended": "否"},
        ],
        "certificates": [
            {"staff_name": "李明", "unit": "执法大队", "on_duty": "是", "cert_no": "HN001",
             "valid_until": "2025-06-30", "exam_on": "2022-05-10", "exam_type": "换证", "exam_result": "合格"},
            {"staff_name": "王芳", "unit": "执法大队", "on_duty": "是", "cert_no": "HN002",
             "valid_until": "2027-06-30", "exam_on": "2024-05-10", "exam_type": "换证", "exam_result": "合格"},
            {"staff_name": "赵强", "unit": "法制股", "on_duty": "是", "cert_no": "HN003",
             "valid_until": "2026-06-30", "exam_on": "2024-05-10", "exam_type": "新申领", "exam_result": "合格"},
        ],
        "shortcomings": [
            {"item_no": "BZ2024-01", "year": 2024, "category": "法治意识", "problem": "新修订法规学习不够及时",
             "cause": "", "measure": "每季度专题学习新修订的生态环境法律法规", "owner": "法制股",
             "due_on": "2025-06-30", "status": "整改中", "completed_on": ""},
            {"item_no": "BZ2024-02", "year": 2024, "category": "信息化", "problem": "执法信息共享不畅",
             "cause": "", "measure": "接入省级执法信息平台", "owner": "执法大队",
             "due_on": "2024-08-31", "status": "已完成", "completed_on": "2024-08-20"},
            {"item_no": "BZ2024-03", "year": 2024, "category": "执法力量", "problem": "执法人员偏少",
             "cause": "", "measure": "向县委编办申请补充执法编制", "owner": "办公室",
             "due_on": "2024-11-30", "status": "未启动", "completed_on": ""},
        ],
        "petitions": [
            {"petition_no": "XF2024-001", "received_on": "2024-03-01", "channel": "12345", "level": "县级",
             "petitioner": PETITIONER, "phone": PHONE, "subject": "某砖厂", "category": "大气",
             "summary": f"砖厂夜间冒黑烟，联系人{PETITIONER}，电话{PHONE}", "due_on": "",
             "closed_on": "2024-06-20", "finding": "属实", "satisfaction": "五星"},
            {"petition_no": "XF2024-002", "received_on": "2024-05-01", "channel": "12369", "level": "县级",
             "petitioner": "李四", "phone": "13900001111", "subject": "某养殖场", "category": "水",
             "summary": "养殖废水直排", "due_on": "", "closed_on": "2024-08-15", "finding": "属实",
             "satisfaction": "满意"},
        ],
        "enforcement_cases": [
            {"case_no": "新环罚〔2024〕1号", "party": "某砖厂", "filed_on": "2024-01-05",
             "decided_on": "2024-06-01", "outcome": "行政处罚", "fine_yuan": "50000", "is_major": "否",
             "legal_review_on": "2024-05-20", "published_on": "2024-06-05", "fully_recorded": "是",
             "closed_on": "2024-07-01"},
            {"case_no": "新环罚〔2024〕2号", "party": "某养殖场", "filed_on": "2024-05-10",
             "decided_on": "2024-06-20", "outcome": "行政处罚", "fine_yuan": "31600", "is_major": "否",
             "legal_review_on": "2024-06-10", "published_on": "2024-06-25", "fully_recorded": "是",
             "closed_on": "2024-07-10"},
        ],
        "permits": [
            {"permit_no": "HP2024-01", "project_name": "某建材项目", "applicant": "某公司", "doc_type": "报告表",
             "received_on": "2024-04-01", "decided_on": "2024-04-20", "approval_no": "新环评〔2024〕1号",
             "paused_days": 0},
        ],
    }


def write_ledgers(directory: Path, rows: dict[str, list[dict[str, Any]]],
                  without: dict[str, tuple[str, ...]] | None = None) -> Path:
    """One CSV per ledger, headed with the ledger's Chinese labels; ``without`` leaves columns
    out of a ledger's export altogether (table → column names), as some systems export them."""
    directory.mkdir(parents=True, exist_ok=True)
    for table, records in rows.items():
        lg = BY_TABLE[table]
        cols = [c for c in lg.columns if c.name not in (without or {}).get(table, ())]
        with open(directory / f"{lg.label.replace('/', '')}.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow([c.label for c in cols])
            for rec in records:
                w.writerow(["" if rec.get(c.name) is None else rec.get(c.name, "") for c in cols])
    return directory


def config() -> Config:
    """The test bureau's configuration: one standing arrangement of its own (there is none by default)."""
    return Config(arrangements=(Arrangement(
        "推进“执法＋服务”，开展行政处罚案件回访",
        "对受到行政处罚的企业开展回访，把普法教育、技术指导和意见收集融入回访，推动监管与服务结合。"),))


def build_figures(directory: Path, rows: dict[str, list[dict[str, Any]]], unmask: bool = False,
                  without: dict[str, tuple[str, ...]] | None = None) -> Figures:
    """Write the rows as CSV exports under ``directory``, ingest them, open the store."""
    src = write_ledgers(directory / "ledgers", rows, without)
    db = directory / "store.duckdb"
    report = ingest_paths([src], db, today=INGEST_TODAY)
    assert not report.has_problems, list(report.problems)
    return Figures(db, config(), unmask=unmask)
