"""Each messy-export feature of the ledger contract, on files the tests write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import duckdb
import pytest

from dashboard.ingest import check_paths
from dashboard.sources import ingest_paths
from tests.conftest import CASE_HEADER, TODAY, accounting_holds, case_rows, write_csv, write_xlsx


def _load(tmp_path, files_dir, **kw):
    db = tmp_path / "store.duckdb"
    report = ingest_paths([files_dir], db, today=TODAY, **kw)
    assert accounting_holds(report), report
    con = duckdb.connect(str(db), read_only=True)
    return report, con


@pytest.fixture
def d(tmp_path):
    p = tmp_path / "in"
    p.mkdir()
    return p


def test_title_rows_merged_totals_and_footer_are_skipped_and_counted(tmp_path, d):
    rows = [CASE_HEADER, *case_rows(3), [None] * 11, ["合计", None, None, None, None, None, None, 30000],
            ["制表人：张三    审核人：李四"]]
    write_xlsx(d / "2024年行政处罚案件台账.xlsx", rows, title="2024年行政处罚案件台账")
    report, con = _load(tmp_path, d)
    s = report.sheets[0]
    assert (s.read, s.loaded, s.rejected) == (6, 3, 0)
    assert s.skipped == {"空行": 1, "合计行": 1, "表尾行": 1}
    assert s.header_row == 2
    assert con.execute("select count(*), sum(fine_yuan) from enforcement_cases").fetchall() == [(3, Decimal(30000))]
    # provenance: the Excel row number the user sees
    assert con.execute("select min(source_row) from enforcement_cases").fetchall()[0][0] == 3


def test_two_title_rows_and_header_found_further_down(tmp_path, d):
    write_xlsx(d / "cases.xlsx", [["填报单位：新田分局", None, "填报日期：2025年1月6日"], [], [], CASE_HEADER,
                                  *case_rows(2)], title="2024年行政处罚案件台账")
    report, con = _load(tmp_path, d)
    assert report.sheets[0].header_row == 5
    assert report.sheets[0].loaded == 2


def test_header_on_row_40_with_leading_blank_rows_keeps_excel_row_numbers(tmp_path, d):
    write_xlsx(d / "cases.xlsx", [CASE_HEADER, *case_rows(1)], start_row=39)
    report, con = _load(tmp_path, d)
    assert report.sheets[0].header_row == 40
    assert con.execute("select source_row from enforcement_cases").fetchall() == [(41,)]


def test_header_synonyms_fullwidth_units_and_line_breaks(tmp_path, d):
    header = ["案件\n编号", "被处罚单位", " 立案 时间 ", "罚款金额（万元）", "处理结果"]
    write_xlsx(d / "x.xlsx", [header, ["A1", "甲", "2024/3/5", 0.58, "行政处罚"],
                              ["A2", "乙", "2024年3月6日", "5800元", "行政处罚"]])
    report, con = _load(tmp_path, d)
    assert con.execute("select case_no, fine_yuan from enforcement_cases order by 1").fetchall() == [
        ("A1", Decimal("5800.00")), ("A2", Decimal("5800.00"))]


@pytest.mark.parametrize("encoding,name", [("gbk", "GBK"), ("gb18030", "GB18030"), ("utf-8-sig", "UTF-8-BOM"),
                                           ("utf-8", "UTF-8")])
def test_csv_encodings_are_detected_and_reported(tmp_path, d, encoding, name):
    rows = [["编号", "受理日期", "投诉人", "反映问题", "级别"],
            ["X1", "2024-01-02", "王小明", "噪声扰民", "县级"],
            ["X2", "2024.1.3", "李四", "废气异味" + ("䶮" if encoding == "gb18030" else ""), "县级"]]
    write_csv(d / "信访台账.csv", rows, encoding)
    report, con = _load(tmp_path, d)
    assert report.sheets[0].how == f"CSV 编码 {name}"
    assert con.execute("select petitioner from petitions order by 1").fetchall() == [("李四",), ("王小明",)]


def test_date_boolean_and_money_forms(tmp_path, d):
    header = ["案号", "当事人", "立案日期", "罚款金额", "全过程记录"]
    forms = [("2024-03-05", "5800", "是"), ("2024/3/5", "5,800.00", "√"), ("2024.3.5", "5800元", "有"),
             ("2024年3月5日", "0.58万元", "Y"), ("20240305", "5800", "1"), ("45356", "5800", "TRUE"),
             (dt.date(2024, 3, 5), 5800, "否")]
    rows = [header] + [[f"C{i}", "甲", f[0], f[1], f[2]] for i, f in enumerate(forms)]
    write_xlsx(d / "处罚案件.xlsx", rows)
    report, con = _load(tmp_path, d)
    got = con.execute("select filed_on, fine_yuan, fully_recorded from enforcement_cases order by case_no").fetchall()
    assert {r[0] for r in got} == {dt.date(2024, 3, 5)}
    assert {r[1] for r in got} == {Decimal("5800.00")}
    assert [r[2] for r in got] == [True] * 6 + [False]


def test_bad_cells_are_rejected_with_file_sheet_row_column_value_reason(tmp_path, d):
    rows = [["案号", "当事人", "立案日期", "罚款金额"], ["C1", "甲", "2024-02-30", "100"], ["C2", "乙", "2024-03-01", "-5"],
            ["C3", None, "2024-03-01", "10"], ["C4", "丁", "2024-03-01", "十元"], ["C5", "戊", "2024-03-01", "7"]]
    write_xlsx(d / "处罚案件.xlsx", rows, sheet="台账")
    report, con = _load(tmp_path, d)
    s = report.sheets[0]
    assert (s.read, s.loaded, s.rejected) == (5, 1, 4)
    by_row = {p.row: p for p in s.problems}
    assert by_row[2].file == "处罚案件.xlsx" and by_row[2].sheet == "台账"
    assert (by_row[2].column, by_row[2].value) == ("立案日期", "2024-02-30")
    assert "不能为负数" in by_row[3].reason
    assert by_row[4].column == "当事人" and "必填" in by_row[4].reason
    assert by_row[5].value == "十元"
    assert "第2行" in by_row[2].line() and "列「立案日期」" in by_row[2].line()


def test_identical_duplicates_dropped_and_conflicts_reported(tmp_path, d):
    base = case_rows(3)
    write_xlsx(d / "2024年1-6月行政处罚案件.xlsx", [CASE_HEADER, *base[:2]])
    changed = list(base[1])
    changed[7] = 99999
    write_xlsx(d / "2024年6-12月行政处罚案件.xlsx", [CASE_HEADER, base[0], changed, base[2]])
    report, con = _load(tmp_path, d)
    assert report.duplicates["enforcement_cases"] == 1
    assert len(report.conflicts) == 1 and "罚款金额" in report.conflicts[0].reason
    assert con.execute("select count(*) from enforcement_cases").fetchall()[0][0] == 3
    # in one batch the export of the later period wins; the other value is reported with its row
    assert con.execute("select fine_yuan from enforcement_cases where case_no = ?",
                       [base[1][1]]).fetchall()[0][0] == Decimal(99999)
    p = report.conflicts[0]
    assert p.file == "2024年1-6月行政处罚案件.xlsx" and p.row == 3
    assert "10000.00" in p.reason and "99999.00" in p.reason and "2024年6-12月行政处罚案件.xlsx 第3行" in p.reason


def test_file_mapped_by_headers_when_name_says_nothing(tmp_path, d):
    write_csv(d / "export_0001.csv", [["信访编号", "登记日期", "污染类型"], ["P1", "2024-05-01", "噪声"]])
    report, con = _load(tmp_path, d)
    assert report.sheets[0].ledger.table == "petitions"


def test_extra_aliases_from_config(tmp_path, d):
    write_csv(d / "信访.csv", [["流水号", "受理日期"], ["P1", "2024-05-01"]])
    assert check_paths([d], today=TODAY).unreadable  # unknown without the alias
    report, con = _load(tmp_path, d, extra_aliases={"petitions": {"petition_no": ["流水号"]}})
    assert con.execute("select petition_no from petitions").fetchall() == [("P1",)]


def test_unreadable_file_reported_by_name_rest_still_ingests(tmp_path, d):
    (d / "坏文件.xlsx").write_bytes(b"not a workbook at all" * 20)
    (d / "empty.csv").write_bytes(b"")
    write_xlsx(d / "处罚案件.xlsx", [CASE_HEADER, *case_rows(2)])
    report, con = _load(tmp_path, d)
    names = {p.file: p.reason for p in report.unreadable}
    assert set(names) == {"坏文件.xlsx", "empty.csv"}
    assert con.execute("select count(*) from enforcement_cases").fetchall()[0][0] == 2


def test_required_column_missing_rejects_the_sheet_with_one_message(tmp_path, d):
    write_xlsx(d / "行政处罚案件台账.xlsx", [["案号", "当事人", "罚款金额"], ["C1", "甲", 1], ["C2", "乙", 2]])
    report = check_paths([d], today=TODAY)
    s = report.sheets[0]
    assert (s.read, s.rejected) == (2, 2)
    assert "缺少必填列：立案日期" in s.problems[0].reason
    assert accounting_holds(report)


def test_unknown_columns_reported_once_not_an_error(tmp_path, d):
    write_xlsx(d / "处罚案件.xlsx", [[*CASE_HEADER, "备用列"], *[r + ["x"] for r in case_rows(2)]])
    report = check_paths([d], today=TODAY)
    assert report.sheets[0].rejected == 0
    assert any("备用列" in n for n in report.sheets[0].notes)


def test_dates_out_of_range_and_out_of_order_are_rejected(tmp_path, d):
    rows = [["案号", "当事人", "立案日期", "决定日期"], ["C1", "甲", "1999-12-31", None], ["C2", "乙", "2030-01-01", None],
            ["C3", "丙", "2024-05-01", "2024-04-01"], ["C4", "丁", "2024-05-01", "2024-05-02"]]
    write_xlsx(d / "处罚案件.xlsx", rows)
    report = check_paths([d], today=TODAY)
    reasons = {p.row: p.reason for p in report.sheets[0].problems}
    assert set(reasons) == {2, 3, 4}
    assert "2000" in reasons[2] and "晚于今天" in reasons[3] and "早于立案日期" in reasons[4]


def test_legal_review_yes_no_column_counts_as_reviewed(tmp_path, d):
    rows = [["案号", "当事人", "立案日期", "决定日期", "法制审核"], ["C1", "甲", "2024-05-01", "2024-06-01", "是"],
            ["C2", "乙", "2024-05-01", "2024-06-01", "否"]]
    write_xlsx(d / "处罚案件.xlsx", rows)
    report, con = _load(tmp_path, d)
    assert con.execute("select case_no, legal_review_on from enforcement_cases order by 1").fetchall() == [
        ("C1", dt.date(2024, 6, 1)), ("C2", None)]


def test_repeated_header_row_is_skipped(tmp_path, d):
    write_xlsx(d / "处罚案件.xlsx", [CASE_HEADER, *case_rows(1), CASE_HEADER, *case_rows(3)[1:]])
    report, con = _load(tmp_path, d)
    assert report.sheets[0].skipped["重复的表头行"] == 1
    assert report.loaded == 3


@pytest.mark.parametrize("early", [True, False], ids=["among-first-lines", "far-down"])
def test_csv_row_with_more_fields_than_the_header_is_rejected_not_cut(tmp_path, d, early):
    """An unquoted 5,800.00 shifts the cells: the row must not load as a fine of 5."""
    good = [f"C{i},甲{i},2024-03-{i % 28 + 1:02d},100" for i in range(1, 80)]
    bad = "CX,乙,2024-03-06,5,800.00"
    lines = ["案号,当事人,立案日期,罚款金额", *([bad] + good if early else good + [bad]), 'CQ,丙,2024-03-07,"12,000"']
    (d / "处罚案件.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report, con = _load(tmp_path, d)
    s = report.sheets[0]
    assert (s.read, s.loaded, s.rejected) == (81, 80, 1) and accounting_holds(report)
    (p,) = s.problems
    assert p.row == (2 if early else 81) and p.value == "800.00" and "多出字段" in p.reason
    assert con.execute("select count(*) from enforcement_cases where case_no = 'CX'").fetchall() == [(0,)]
    assert con.execute("select fine_yuan from enforcement_cases where case_no = 'CQ'").fetchall() == [
        (Decimal("12000.00"),)]


@pytest.mark.parametrize("header,yuan", [
    ("罚款金额（单位：万元）", "5800.00"), ("罚款金额(千元)", "580.00"), ("罚款金额/万元", "5800.00"),
    ("罚款金额（万）", "5800.00"), ("罚款金额 万元", "5800.00"), ("罚款金额\n（万元）", "5800.00"),
    ("罚款金额（人民币万元）", "5800.00"), ("罚款金额(元)", "0.58"), ("罚款金额-万元", "5800.00"),
])
def test_money_units_in_the_header_scale_the_column(tmp_path, d, header, yuan):
    write_xlsx(d / "处罚案件.xlsx", [["案号", "当事人", "立案日期", header], ["C1", "甲", "2024-03-05", "0.58"]])
    report, con = _load(tmp_path, d)
    assert report.loaded == 1
    assert con.execute("select fine_yuan from enforcement_cases").fetchall() == [(Decimal(yuan),)]


def test_a_money_unit_dash_cannot_convert_is_not_loaded_as_yuan(tmp_path, d):
    write_xlsx(d / "处罚案件.xlsx", [["案号", "当事人", "立案日期", "罚款金额（美元）"], ["C1", "甲", "2024-03-05", "800"]])
    report, con = _load(tmp_path, d)
    assert report.loaded == 1
    assert any("未识别的列" in n and "罚款金额（美元）" in n for n in report.sheets[0].notes)
    assert con.execute("select fine_yuan from enforcement_cases").fetchall() == [(None,)]


def test_values_the_figures_count_by_are_written_one_way(tmp_path, d):
    """环境影响报告表 is a 报告表 and 免予处罚 a 不予处罚, or the figures would miss them."""
    write_xlsx(d / "环评台账.xlsx", [
        ["受理编号", "项目名称", "环评文件类型", "受理日期", "批复日期"],
        ["P1", "甲项目", "环境影响报告表", "2024-03-01", "2024-03-20"],
        ["P2", "乙项目", "报告书（审批）", "2024-03-01", "2024-04-20"],
        ["P3", "丙项目", "环境影响登记表", "2024-03-01", "2024-03-02"],
        ["P4", "丁项目", "排污许可", "2024-03-01", "2024-03-05"],
    ])
    write_xlsx(d / "处罚案件.xlsx", [
        ["案号", "当事人", "立案日期", "处理结果"],
        ["C1", "甲", "2024-03-05", "免予处罚"], ["C2", "乙", "2024-03-05", " 行政处罚 "],
        ["C3", "丙", "2024-03-05", "报请县政府关闭"],
    ])
    report, con = _load(tmp_path, d)
    assert report.loaded == 7 and accounting_holds(report)
    assert con.execute("select permit_no, doc_type from permits order by 1").fetchall() == [
        ("P1", "报告表"), ("P2", "报告书"), ("P3", "登记表"), ("P4", "排污许可")]
    assert con.execute("select case_no, outcome from enforcement_cases order by 1").fetchall() == [
        ("C1", "不予处罚"), ("C2", "行政处罚"), ("C3", "报请政府关闭")]
    notes = [n for s in report.sheets for n in s.notes]
    assert any("环境影响报告表→报告表" in n for n in notes)
    assert any("约定之外的取值：排污许可（1行）" in n for n in notes)


def test_the_fields_own_label_beats_an_alias_left_of_it(tmp_path, d):
    write_xlsx(d / "处罚案件.xlsx", [
        ["处罚决定书文号", "案号", "当事人", "立案日期"],
        ["新环罚〔2024〕1号", "XT2024-01", "甲", "2024-03-05"],
        [None, "XT2024-02", "乙", "2024-04-05"],  # open case: no decision number yet
    ])
    report, con = _load(tmp_path, d)
    assert (report.loaded, report.rejected) == (2, 0)
    assert con.execute("select case_no from enforcement_cases order by 1").fetchall() == [("XT2024-01",), ("XT2024-02",)]
    assert any("使用「案号」" in n for n in report.sheets[0].notes)


@pytest.mark.parametrize("name,content", [("处罚案件.xlsx", None), ("说明.txt", b"notes"), ("store", b"%PDF-1.4 ...")])
def test_ingest_never_overwrites_a_document_given_as_db(tmp_path, d, name, content):
    from dashboard.errors import DashError

    write_xlsx(d / "处罚案件.xlsx", [CASE_HEADER, *case_rows(2)])
    target = tmp_path / name
    if content is None:
        write_xlsx(target, [CASE_HEADER, *case_rows(1)])
    else:
        target.write_bytes(content)
    before = target.read_bytes()
    with pytest.raises(DashError, match="不是 dash 数据库"):
        ingest_paths([d], target, today=TODAY)
    assert target.read_bytes() == before


def test_a_damaged_store_beside_its_library_is_replaced_but_a_stranger_file_is_not(tmp_path, d):
    from dashboard.errors import DashError

    write_xlsx(d / "处罚案件.xlsx", [CASE_HEADER, *case_rows(2)])
    db = tmp_path / "dash.duckdb"
    ingest_paths([d], db, today=TODAY)
    db.write_bytes(b"\x00garbage" * 100)  # damaged on disk: its library says it is dash's
    ingest_paths([d], db, today=TODAY)
    assert duckdb.connect(str(db), read_only=True).execute("select count(*) from enforcement_cases").fetchall() == [(2,)]
    stranger = tmp_path / "other.duckdb"
    stranger.write_bytes(b"\x00garbage" * 100)  # no library beside it: not ours to replace
    with pytest.raises(DashError, match="不是 dash 数据库"):
        ingest_paths([d], stranger, today=TODAY)
    assert stranger.read_bytes() == b"\x00garbage" * 100


def test_rows_holding_only_a_prefilled_serial_number_are_blank(tmp_path, d):
    header = ["序号", *CASE_HEADER]
    rows = [[i + 1, *r] for i, r in enumerate(case_rows(3))] + [[n, *[None] * len(CASE_HEADER)] for n in range(4, 31)]
    write_xlsx(d / "处罚案件.xlsx", [header, *rows])
    report, con = _load(tmp_path, d)
    s = report.sheets[0]
    assert (s.read, s.loaded, s.rejected, s.skipped.get("空行")) == (30, 3, 0, 27)
    assert not report.has_problems


def test_case_numbers_written_with_full_width_digits_or_spaces_are_the_same_case(tmp_path, d):
    header = ["案号", "当事人", "立案日期"]
    write_xlsx(d / "处罚案件（1-6月）.xlsx", [header, ["新环罚〔2024〕1号", "甲", "2024-03-05"],
                                             ["新环罚〔2024〕2号", "乙", "2024-04-05"]])
    write_xlsx(d / "处罚案件（6-12月）.xlsx", [header, ["新环罚〔2024〕 1号", "甲", "2024-03-05"],
                                              ["新环罚〔2024〕２号", "乙", "2024-04-05"]])
    report, con = _load(tmp_path, d)
    assert report.loaded == 2 and accounting_holds(report)
    assert con.execute("select case_no from enforcement_cases order by 1").fetchall() == [
        ("新环罚〔2024〕1号",), ("新环罚〔2024〕2号",)]


def test_file_names_in_gbk_bytes_are_read_and_named_in_chinese(tmp_path, d):
    """A zip made on Windows and unpacked on Linux leaves GBK bytes in the file names."""
    import os

    write_xlsx(d / "x.xlsx", [CASE_HEADER, *case_rows(2)])
    write_csv(d / "y.csv", [["编号", "受理日期", "投诉人", "反映问题"], ["X1", "2024-01-02", "王小明", "噪声"]])
    os.rename(d / "x.xlsx", os.fsdecode(str(d).encode() + b"/" + "处罚案件台账.xlsx".encode("gbk")))
    os.rename(d / "y.csv", os.fsdecode(str(d).encode() + b"/" + "信访台账.csv".encode("gbk")))
    report, con = _load(tmp_path, d)
    assert (report.loaded, report.rejected, report.unreadable) == (3, 0, [])
    files = {f for (f,) in con.execute("select distinct source_file from enforcement_cases union "
                                       "select distinct source_file from petitions").fetchall()}
    assert files == {"处罚案件台账.xlsx", "信访台账.csv"}


def test_linked_folders_are_read_once_and_link_loops_end(tmp_path, d):
    import os

    other = tmp_path / "elsewhere"
    other.mkdir()
    write_xlsx(other / "处罚案件.xlsx", [CASE_HEADER, *case_rows(2)])
    os.symlink(other, d / "链接到处罚")
    os.symlink(".", d / "loop")  # a folder linking to itself
    os.symlink("b.xlsx", d / "a.xlsx")
    os.symlink("a.xlsx", d / "b.xlsx")
    report, con = _load(tmp_path, d)
    assert report.loaded == 2 and accounting_holds(report)
    assert {p.file: p.reason for p in report.unreadable} == {
        "a.xlsx": "链接（快捷方式）互相指向，形成循环，找不到真正的文件",
        "b.xlsx": "链接（快捷方式）互相指向，形成循环，找不到真正的文件"}
    assert con.execute("select distinct source_file from enforcement_cases").fetchall() == [("链接到处罚/处罚案件.xlsx",)]


def test_a_folder_that_cannot_be_read_is_named(tmp_path, d, monkeypatch):
    from dashboard import ingest

    write_xlsx(d / "处罚案件.xlsx", [CASE_HEADER, *case_rows(1)])
    (d / "secret").mkdir()
    real_walk = ingest.os.walk

    def walk(top, **kw):  # as a user without the right to enter "secret" sees it (tests may run as root)
        for here, subdirs, names in real_walk(top, **kw):
            if "secret" in subdirs:
                subdirs.remove("secret")
                kw["onerror"](PermissionError(13, "Permission denied", str(d / "secret")))
            yield here, subdirs, names

    monkeypatch.setattr(ingest.os, "walk", walk)
    report = check_paths([d], today=TODAY)
    assert report.loaded == 1 and report.has_problems
    (p,) = report.unreadable
    assert p.file == "secret/" and "文件夹无法读取（Permission denied）" in p.reason


@pytest.mark.parametrize("sub", [["决定日期", "罚款金额"], ["日期", "金额"]], ids=["full-names", "under-the-group"])
def test_a_header_over_two_rows_is_read_as_one(tmp_path, d, sub):
    """处罚决定 merged across two columns, with their own names in the row below."""
    rows = [["序号", "案号", "当事人", "立案日期", "处罚决定", None],
            [None, None, None, None, *sub],
            ["1", "XT-1", "甲", "2024-03-05", "2024-04-01", "5000"],
            ["2", "XT-2", "乙", "2024-03-06", "2024-04-02", "0.5万元"]]
    write_xlsx(d / "处罚案件.xlsx", rows)
    report, con = _load(tmp_path, d)
    s = report.sheets[0]
    assert (s.read, s.loaded, s.rejected) == (2, 2, 0) and s.header_row == 2
    assert any("表头占两行（第1、2行）" in n for n in s.notes)
    assert con.execute("select case_no, decided_on, fine_yuan, source_row from enforcement_cases order by 1").fetchall() == [
        ("XT-1", dt.date(2024, 4, 1), Decimal("5000.00"), 3), ("XT-2", dt.date(2024, 4, 2), Decimal("5000.00"), 4)]


def test_a_data_row_under_the_header_is_not_taken_for_a_second_header_row(tmp_path, d):
    write_xlsx(d / "处罚案件.xlsx", [["案号", "当事人", "立案日期", "决定日期"], ["XT-1", "甲", "2024-03-05", "2024-04-01"]])
    report, con = _load(tmp_path, d)
    assert (report.loaded, report.sheets[0].header_row) == (1, 1)


def test_wps_and_opendocument_files_are_read_or_named_with_what_is_wrong(tmp_path, d):
    from tests.formats import write_ods, write_xls

    write_xls(d / "培训台账.et", [["培训名称", "培训日期", "参训人数", "学时"], ["法律知识培训", dt.date(2024, 5, 6), 30, 4]])
    write_ods(d / "信访.ods", [["编号", "受理日期", "投诉人"], ["X1", dt.date(2024, 5, 1), "王五"]])
    (d / "坏.ods").write_bytes(b"PK\x03\x04ods")
    (d / "坏.et").write_bytes(b"\xd0\xcf\x11\xe0wps")
    report, con = _load(tmp_path, d)
    assert report.loaded == 2
    assert con.execute("select held_on from trainings").fetchall() == [(dt.date(2024, 5, 6),)]
    assert con.execute("select received_on from petitions").fetchall() == [(dt.date(2024, 5, 1),)]
    reasons = {p.file: p.reason for p in report.unreadable}
    assert reasons["坏.ods"].startswith("ods 无法打开（文件损坏或不完整）")
    assert reasons["坏.et"].startswith("不是有效的 et 文件")


def test_a_damaged_files_reason_is_in_chinese(tmp_path):
    """坏文件.xlsx：xlsx 无法打开（文件损坏或不完整）：不是有效的压缩格式 — not the zip library's English."""
    import zipfile

    from dashboard.errors import broken_reason
    from dashboard.readers.zipbook import open_zip

    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"not a workbook at all")
    with pytest.raises(Exception) as caught:
        open_zip(bad)
    assert str(caught.value).endswith("xlsx 无法打开（文件损坏或不完整）：不是有效的压缩格式")
    assert "File is not" not in str(caught.value)
    assert broken_reason(zipfile.BadZipFile("Bad CRC-32 for file 'xl/workbook.xml'")) == "数据校验失败"
    assert broken_reason(EOFError()) == "文件被截断"
    assert broken_reason(PermissionError(13, "Permission denied")) == "没有读取权限"
