"""The reading layer on files the tests write: every format through the same grid,
detection from the bytes, and the checks a workbook passes before the engine reads it."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from dashboard.readers import UnreadableFile, read_file, sheetxml
from dashboard.readers.sniff import sniff
from tests.conftest import write_xlsx
from tests.formats import write_html, write_ods, write_xls, write_xlsb

ROWS = [["2024年行政处罚案件台账", None, None, None], ["案号", "当事人", "立案日期", "罚款金额"],
        ["A1", "甲公司", dt.date(2024, 3, 5), 5800], ["A2", None, dt.date(2024, 3, 6), 100],
        ["A3", "乙", dt.date(2024, 3, 7), 1.5]]
MERGES = [(0, 0, 0, 3), (2, 1, 3, 1)]


def _cells(grid) -> list[tuple]:
    return grid.frame.rows()


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods", "xlsb", "html"])
def test_every_format_gives_the_same_grid_with_merges_filled_down(tmp_path, fmt):
    path = tmp_path / f"台账.{'xls' if fmt == 'html' else fmt}"
    if fmt == "xlsx":
        import xlsxwriter

        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet("Sheet1")
        datefmt = wb.add_format({"num_format": "yyyy-mm-dd"})
        ws.merge_range(0, 0, 0, 3, ROWS[0][0])
        ws.write_row(1, 0, ROWS[1])
        for r, row in enumerate(ROWS[2:], start=2):
            ws.write(r, 0, row[0])
            ws.write_datetime(r, 2, dt.datetime.combine(row[2], dt.time()), datefmt)
            ws.write(r, 3, row[3])
        ws.merge_range(2, 1, 3, 1, "甲公司")
        ws.write(4, 1, "乙")
        wb.close()
    elif fmt == "xls":
        write_xls(path, ROWS, merges=MERGES)
    elif fmt == "ods":
        write_ods(path, ROWS, merges=MERGES)
    elif fmt == "xlsb":
        write_xlsb(path, [[v.isoformat() if isinstance(v, dt.date) else v for v in r] for r in ROWS], merges=MERGES)
    else:
        write_html(path, [[v.isoformat() if isinstance(v, dt.date) else v for v in r] for r in ROWS],
                   rowspans={(2, 1): 2})
    (grid,) = read_file(path)
    rows = _cells(grid)
    assert rows[1] == ("案号", "当事人", "立案日期", "罚款金额")
    assert [r[1] for r in rows[2:]] == ["甲公司", "甲公司", "乙"]
    assert [r[2][:10] for r in rows[2:]] == ["2024-03-05", "2024-03-06", "2024-03-07"]
    assert rows[2][3] in ("5800", "5800.0") and rows[4][3] == "1.5"
    assert grid.first_row == 1 and grid.merged == [("B3:B4", 3, 4)]
    assert grid.kind == {"html": "网页表格"}.get(fmt, fmt)


@pytest.mark.parametrize("writer", [write_xls, write_ods, write_xlsb])
def test_leading_empty_rows_and_columns_keep_the_row_numbers_and_merges_the_user_sees(tmp_path, writer):
    rows = [[None] * 5] * 3 + [[None, *r] for r in (["案号", "当事人"], ["A1", "甲"], ["A2", None], ["A3", "乙"])]
    path = tmp_path / f"x.{writer.__name__.split('_')[1]}"
    if writer is write_xls:
        write_xls(path, rows[3:], start_row=3, merges=[(1, 2, 2, 2)])
    else:
        writer(path, rows, merges=[(4, 2, 5, 2)])
    (grid,) = read_file(path)
    assert grid.first_row == 4
    assert [r[1] for r in _cells(grid)] == ["当事人", "甲", "甲", "乙"]
    assert grid.merged == [("C5:C6", 5, 6)]


def test_xls_error_values_come_through_as_excel_shows_them():
    """BOOLERR cells and formulas whose saved result is an error (xlwt writes neither, so
    the records are built here as Excel writes them)."""
    from dashboard.readers import xls

    def record(rt: int, body: bytes) -> bytes:
        return rt.to_bytes(2, "little") + len(body).to_bytes(2, "little") + body

    def cell(row: int, col: int) -> bytes:
        return row.to_bytes(2, "little") + col.to_bytes(2, "little") + (15).to_bytes(2, "little")

    stream = (record(0x0809, bytes.fromhex("0006 1000") + bytes(12))
              + record(0x0205, cell(1, 0) + bytes([0x17, 1]))  # #REF!
              + record(0x0205, cell(2, 0) + bytes([1, 0]))  # TRUE: a value, not an error
              + record(0x0006, cell(3, 2) + bytes([2, 0, 0x07, 0, 0, 0, 0xFF, 0xFF]) + bytes(6))  # #DIV/0!
              + record(0x00E5, (1).to_bytes(2, "little") + bytes.fromhex("0400 0600 0100 0100"))
              + record(0x000A, b""))
    layout = xls.SheetLayout("S")
    xls._walk_sheet(stream, 0, layout, True)
    assert layout.patches == {(1, 0): "#REF!", (3, 2): "#DIV/0!"}
    assert layout.first_row == 1 and layout.merges == [(4, 1, 6, 1)]


def test_hidden_xls_sheets_are_named_not_read(tmp_path):
    import xlwt

    wb = xlwt.Workbook()
    wb.add_sheet("说明").write(0, 0, "导出说明")
    hidden = wb.add_sheet("代码表")
    hidden.write(0, 0, "x")
    hidden.visibility = 1
    wb.save(str(tmp_path / "h.xls"))
    grids = read_file(tmp_path / "h.xls")
    assert [g.sheet for g in grids] == ["说明"]
    assert grids[0].notes == ["隐藏的工作表未读取：「代码表」"]


def test_html_tables_colspan_nested_tags_and_layout_tables(tmp_path):
    page = ("<html><head><meta charset='utf-8'></head><body><table><tr><td>"
            "<table><tr><th colspan=2>编号 与 日期</th><th>反映<br/>问题</th></tr>"
            "<tr><td>X1</td><td>2024-05-01</td><td><span>夜间<b>噪声</b></span>&nbsp;扰民</td></tr></table>"
            "</td></tr></table>"
            "<table><tr><td>共 1 条</td></tr></table></body></html>")
    (tmp_path / "p.xls").write_text(page, encoding="utf-8")
    (grid,) = read_file(tmp_path / "p.xls")
    assert _cells(grid) == [("编号 与 日期", None, "反映\n问题"), ("X1", "2024-05-01", "夜间噪声 扰民")]
    assert grid.notes == ["名为 .xls，实为网页表格（UTF-8）"] and grid.encoding == "UTF-8"


def test_html_with_several_data_tables_names_each(tmp_path):
    write_html(tmp_path / "a.xls", [["查询条件", "2024年"], ["导出人", "张三"]], "utf-8")
    text = (tmp_path / "a.xls").read_text(encoding="utf-8").replace("</body>", "<table><tr><td>编号</td></tr>"
                                                                    "<tr><td>X1</td></tr></table></body>")
    (tmp_path / "a.xls").write_text(text, encoding="utf-8")
    assert [g.sheet for g in read_file(tmp_path / "a.xls")] == ["表格1", "表格2"]


@pytest.mark.parametrize("head,family", [
    (b"PK\x03\x04rest", "zip"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),
    (b"\xef\xbb\xbf<html><body><table>", "html"), (b"  <TABLE border=1><tr>", "html"),
    ("<html>".encode("utf-16"), "html"),
    (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">', "xml2003"),
    ("编号\t日期\r\n".encode("gbk"), "text"), ("a,b\n".encode("utf-16-le"), "text"),
    (bytes(range(256)) * 4, "binary")])
def test_the_format_comes_from_the_bytes(head, family):
    assert sniff(head) == family


def test_a_far_cell_is_refused_before_the_engine_sees_it(tmp_path):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(tmp_path / "far.xlsx"))
    ws = wb.add_worksheet()
    ws.write(0, 0, "案号")
    ws.write(1_048_575, 99, "x")  # CV1048576: 5.4 GB in the engine
    wb.close()
    with pytest.raises(UnreadableFile, match="1,048,576 行 × 100 列"):
        read_file(tmp_path / "far.xlsx")


def test_a_far_cell_under_a_small_declared_dimension_is_found_in_the_cells(tmp_path):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(tmp_path / "far.xlsx"))
    ws = wb.add_worksheet()
    ws.write(0, 0, "案号")
    ws.write(1_048_575, 16_383, "x")
    wb.close()
    path = tmp_path / "far.xlsx"
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b'ref="A1:XFD1048576"', b'ref="A1"')
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    with pytest.raises(UnreadableFile, match="实际单元格范围.*最远的单元格 XFD1048576"):
        read_file(path)


def test_a_large_sheet_read_in_parts_gives_the_same_grid(tmp_path, monkeypatch):
    """Sheets too large to check cell by cell go to the engine in a child process, and only
    the regions that may hold formulas, errors or merges are parsed: same grid as a full read."""
    import xlsxwriter

    path = tmp_path / "big.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("台账")
    ws.merge_range(2, 0, 2, 3, "标题")
    ws.write_row(3, 0, ["案号", "当事人", "金额", "备注"])
    for r in range(4, 3000):
        ws.write_row(r, 0, [f"A{r}", None if 1500 <= r <= 1502 else f"企业{r}", r, "x" * 40])
    ws.merge_range(1500, 1, 1502, 1, "合并的当事人")
    ws.write_formula(2500, 2, "=1/0", None, "#DIV/0!")
    ws.write_formula(2600, 2, "=C5+C6", None, "")
    wb.close()
    full = read_file(path)[0]
    monkeypatch.setattr(sheetxml, "FULL_SCAN_BYTES", 0)
    monkeypatch.setattr(sheetxml, "CHUNK", 4096)
    parts = read_file(path)[0]
    assert parts.frame.equals(full.frame) and (parts.first_row, parts.merged) == (full.first_row, full.merged) == (
        3, [("B1501:B1503", 1501, 1503)])
    assert full.frame.row(2500 - 2)[2] == "#DIV/0!" and full.frame.row(2600 - 2)[2] == "=C5+C6"


def test_a_bare_title_and_hidden_sheets_in_xlsx(tmp_path):
    write_xlsx(tmp_path / "t.xlsx", [["案号"], ["A1"]], title="2024年台账", start_row=5)
    (grid,) = read_file(tmp_path / "t.xlsx")
    assert grid.first_row == 6 and _cells(grid)[0][0] == "2024年台账"


def test_an_xlsb_whose_dimension_claims_the_whole_sheet_is_refused(tmp_path):
    import struct

    rows = [["案号"], ["A1"]]
    write_xlsb(tmp_path / "a.xlsb", rows, errors={})
    with zipfile.ZipFile(tmp_path / "a.xlsb") as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = bytearray(parts["xl/worksheets/sheet1.bin"])
    at = sheet.find(bytes([0x94, 0x01, 16]))  # BrtWsDim: first row, last row, first column, last column
    struct.pack_into("<I", sheet, at + 7, 1_048_575)
    struct.pack_into("<I", sheet, at + 15, 16_383)
    parts["xl/worksheets/sheet1.bin"] = bytes(sheet)
    with zipfile.ZipFile(tmp_path / "b.xlsb", "w") as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    with pytest.raises(UnreadableFile, match="声明的数据范围达 1,048,576 行 × 16,384 列"):
        read_file(tmp_path / "b.xlsb")
