"""The second privacy fixture: personal data written the way real ledgers write it.

A small bureau (the TUI fixture's ledgers) plus petitions whose 投诉人 and
联系电话 hold a name beside a phone, a name with a full-width space inside,
``李四等3人``, ``王五（村民代表）``, Latin names in two cases, full-width digits,
phones with dots, dashes, spaces and ``+86``, spaced and full-width ID
numbers, landlines with an area code; a petitioner recorded as a place
(陶岭镇) and one recorded as a common term (法治). One more export holds rows
that are rejected or noted at ingest quoting such values, one of them with an
unquoted comma.

The secrets are written down here, by hand, not read with ``dashboard.mask``.
A surface leaks when, after folding the ways a value can be written (NFKC,
spaces, case, one separator between digits), it still shows one of them, or
anything shaped like a mobile or ID number.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from tests.tui.fixture_data import INGESTED_AT, TODAY, write_exports

from .conftest import ID_NO, MOBILE, Secrets

HEADER = ["编号", "受理日期", "来源渠道", "级别", "投诉人", "联系电话", "被投诉对象", "乡镇", "污染类型", "反映问题",
          "办理时限", "办结日期", "核查结论", "满意度"]


def _petition(no: str, received: str, who: str, phone: str, subject: str, town: str, kind: str, summary: str,
              closed: str = "", level: str = "县级") -> list[str]:
    return [no, received, "12345", level, who, phone, subject, town, kind, summary, "", closed,
            "属实" if closed else "", "满意" if closed else ""]


# Loaded petitions. Summaries stay under 40 cells, so the table format does not clip them.
PETITIONS = [
    _petition("XF2024-101", "2024-03-11", "吴十 13900008888", "", "甲化工有限公司", "龙泉镇", "大气",
              "吴十反映夜间异味", "2024-04-01"),
    _petition("XF2024-102", "2024-04-12", "张\u3000三", "１３９００００２２２２", "乙纸业有限公司", "金陵镇", "水",
              "张三反映电话１３９００００２２２２", "2024-05-02"),
    _petition("XF2024-103", "2024-05-13", "李四等3人", "139.0000.3333", "丁五金店", "龙泉镇", "噪声",
              "李四等3人联名，电话139-0000-3333", "2024-06-03"),
    _petition("XF2024-104", "2024-06-14", "王五（村民代表）", "+86 139 0000 4444", "戊建材有限公司", "骥村镇", "固废",
              "王五反映，证431128 19800101 5678", "2024-07-04"),
    _petition("XF2024-105", "2024-07-15", "ZHANG WEI", "0746-1234567", "甲化工有限公司", "龙泉镇", "大气",
              "Zhang Wei来电0746-1234567", "2024-08-05"),
    _petition("XF2024-106", "2024-08-16", "陶岭镇", "", "某砖厂", "陶岭镇", "大气", "陶岭镇砖厂粉尘大",
              "2024-09-06"),
    _petition("XF2024-107", "2024-09-17", "法治", "13900006666", "某饭店", "龙泉镇", "大气",
              "油烟，证４３１１２８１９８００１０１１２３４", "2024-10-07"),
    _petition("XF2024-108", "2024-10-18", "何某", "", "某饭店", "龙泉镇", "大气", "油烟扰民", "2024-11-08",
              level="13900001313"),  # a phone in a choice column: loaded as it is, with a note quoting it
    _petition("XF2025-101", "2025-01-06", "Zhang Wei", "13900007777", "庚砖厂", "金陵镇", "大气",
              "ZHANG WEI再次反映粉尘"),
    _petition("XF2025-102", "2025-02-07", "张\u3000三、赵七", "13900009999/0746-7654321", "壬养殖场", "骥村镇", "水",
              "张三、赵七联名反映"),
    _petition("XF2025-103", "2025-03-08", "李四等3人", "１３９．００００．１２１２", "庚砖厂", "金陵镇", "大气",
              "李四再次反映，１３９．００００．１２１２"),
    _petition("XF2025-104", "2025-03-09", "匿名", "", "庚砖厂", "金陵镇", "大气", "证431128198001019999反映粉尘"),
]

# Rows ingest rejects, quoting a value: a phone and a name with an ID number where a date belongs,
# and a row with an unquoted comma in its summary (one field more than the header).
REJECTED = [
    _petition("XF2024-201", "13900001111", "孙十一", "", "某厂", "龙泉镇", "大气", "异味"),
    _petition("XF2024-202", "李四 430111198001011234", "李四", "", "某厂", "龙泉镇", "大气", "异味"),
]
RAGGED = ["XF2024-203", "2024-05-20", "12345", "县级", "冯十二", "", "某厂", "龙泉镇", "噪声", "噪声扰民",
          "冯十二反映 13900005555"]
RAGGED_HEADER = HEADER[:10]

# By hand: every personal value above (and the TUI fixture's petitioners), as the scan folds them.
NAMES = {"吴十", "张三", "李四", "王五", "zhangwei", "zhang", "赵七", "孙十一", "冯十二",
         "张三丰", "李四海", "王小五", "赵六娘", "钱七郎", "孙八妹", "周九叔"}
NAMES_IN_TEXT = {"吴十", "张三", "李四", "王五", "zhangwei", "zhang", "赵七", "张三丰"}
NUMBERS_IN_TEXT = {"13900002222", "13900003333", "431128198001015678", "07461234567", "431128198001011234",
                   "13900001212", "431128198001019999", "13812345678"}
NUMBERS = NUMBERS_IN_TEXT | {
    "13900008888", "13900004444", "13900006666", "13900007777", "13900009999", "07467654321",
    "13812345678", "13987654321", "13700001111", "13600002222", "13500003333", "13400004444", "13300005555"}
# Quoted by ingest and check (rejected rows, a note), not in the petitions table.
INGEST_ONLY = {"13900001111", "430111198001011234", "13900005555", "13900001313", "孙十一", "冯十二"}
# Recorded as a petitioner but a place and a common term: masked in the 投诉人 cell only.
NOT_SECRET = {"陶岭镇", "法治"}

_SPACE = re.compile(r"\s+")
_BETWEEN_DIGITS = re.compile(r"(?<=\d)[-. ](?=\d)")


@dataclass
class ShapeSecrets(Secrets):
    """Secrets found however the surface writes them (full width, spaced, upper case, 139.0000.3333)."""

    ingest_only: set[str] = field(default_factory=set)  # quoted by ingest and check, not in the store

    def found(self, text: str) -> set[str]:
        folded = unicodedata.normalize("NFKC", text).lower()
        names = _SPACE.sub("", folded)
        digits = _BETWEEN_DIGITS.sub("", folded.replace("+86", " "))
        hits = {n for n in self.names | self.ingest_only if n in names}
        hits |= {d for d in self.numbers | self.ingest_only if d in digits}
        hits |= set(MOBILE.findall(digits)) | set(ID_NO.findall(digits))
        return hits


def shape_secrets() -> ShapeSecrets:
    return ShapeSecrets(names=NAMES - INGEST_ONLY, numbers=set(NUMBERS), names_in_text=set(NAMES_IN_TEXT),
                        numbers_in_text=set(NUMBERS_IN_TEXT), ingest_only=set(INGEST_ONLY))


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def write_shape_exports(folder: Path) -> Path:
    """The TUI fixture's exports with the petitions above, and one more export of rejected rows."""
    write_exports(folder, {"信访投诉台账.csv": PETITIONS})
    (folder / "信访投诉台账（补录）.csv").write_text(_csv([HEADER, *REJECTED]), encoding="utf-8")
    (folder / "信访投诉台账（补录二）.csv").write_text(_csv([RAGGED_HEADER, RAGGED]), encoding="utf-8")
    return folder


def build_shape_store(folder: Path, db: Path) -> Path:
    """Ingest the shape exports (rejected rows and notes included) into ``db``, ingest time pinned."""
    import duckdb

    from dashboard.sources import ingest_paths

    report = ingest_paths([write_shape_exports(folder)], db, today=TODAY)
    assert report.rejected == 3, [p.line() for p in report.problems]
    con = duckdb.connect(str(db))
    try:
        con.execute("UPDATE _dash_meta SET value = ? WHERE key = 'ingested_at'", [INGESTED_AT])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return db
