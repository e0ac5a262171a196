"""What ingest and check quote is masked before it is printed or stored.

The personal values come from the files being read: the PII cells of the loaded
rows and of the rejected ones (a name that only a rejected row holds is still a
name). A long report (thousands of rejected rows) is masked the same way as a
short one, though the values it looks for are then read differently.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from dashboard import personal
from dashboard.ingest import check_paths
from tests.tui.fixture_data import TODAY

HEADER = ["编号", "受理日期", "投诉人", "联系电话", "乡镇", "反映问题"]


def write(folder: Path, rows: list[list[str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([HEADER, *rows])
    (folder / "信访投诉台账.csv").write_text(buf.getvalue(), encoding="utf-8")
    return folder


ROWS = [
    ["XF-1", "2024-03-01", "吴十 13900008888", "", "龙泉镇", "噪声"],
    ["XF-2", "吴十反映", "孙十一", "", "龙泉镇", "异味"],                      # a name where a date belongs
    ["XF-3", "孙十一 13900001111", "冯十二", "", "龙泉镇", "异味"],             # rejected, as is XF-2
    ["XF-4", "2024-03-04", "陶岭镇", "", "陶岭镇", "粉尘"],
    ["XF-5", "陶岭镇", "何某", "", "龙泉镇", "粉尘"],                          # a place quoted: it stays
]


def lines(folder: Path) -> list[str]:
    report = check_paths([folder], today=TODAY)
    return [p.line() for p in report.problems]


def test_quoted_values_are_masked_with_the_names_of_the_files_read(tmp_path: Path) -> None:
    shown = "\n".join(lines(write(tmp_path / "a", ROWS)))
    assert "值「吴*反映」" in shown and "值「孙** 139****1111」" in shown  # 孙十一 is in rejected rows only
    assert "值「陶岭镇」" in shown  # 陶岭镇 is a 乡镇 of the files: not taken for a name
    for secret in ("吴十", "孙十一", "13900001111"):
        assert secret not in shown, shown


def test_a_long_report_is_masked_alike(tmp_path: Path, monkeypatch) -> None:
    """Beyond the length where candidates are worth it, every value of the files is read: same result."""
    folder = write(tmp_path / "b", ROWS)
    short = lines(folder)
    monkeypatch.setattr(personal, "_CANDIDATE_TEXT", 0)
    assert lines(folder) == short


def test_a_conflict_quotes_a_personal_cell_masked_whole(tmp_path: Path) -> None:
    """Two exports disagree on a petitioner: each value quoted is masked as its cell, whatever
    names are known (欧阳娜 is one, so a text scan would show 欧阳娜娜 as 欧**娜)."""
    folder = tmp_path / "c"
    folder.mkdir()
    for name, who in (("信访投诉台账（一）.csv", "欧阳娜娜"), ("信访投诉台账（二）.csv", "欧阳娜")):
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(
            [HEADER, ["XF-9", "2024-03-01", who, "13900002626", "龙泉镇", "噪声"]])
        (folder / name).write_text(buf.getvalue(), encoding="utf-8")
    report = check_paths([folder], today=TODAY)
    shown = "\n".join(p.line() for p in [*report.problems, *report.conflicts])
    assert "同一条记录但内容不同" in shown, shown
    assert "「欧***」" in shown and "「欧**」" in shown, shown
    assert "欧**娜" not in shown and "阳" not in shown and "娜" not in shown, shown
