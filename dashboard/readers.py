"""Reading export files into grids of text cells.

A grid is a polars DataFrame whose columns are all strings, one DataFrame row
per sheet row, plus the sheet row number of its first row so that every cell
can be reported with the row number the user sees in Excel. Title rows, the
header and trailers stay in the grid: finding the header is the ingest's job.
"""

from __future__ import annotations

import codecs
import errno
import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

SUPPORTED = (".xlsx", ".xlsm", ".csv", ".txt")
# How far down a sheet the header may sit.
HEADER_SCAN_ROWS = 60


class UnreadableFile(Exception):
    """A file that cannot be read at all; the message says why, in Chinese."""


@dataclass
class Grid:
    sheet: str | None  # None for csv
    frame: object  # polars.DataFrame of str columns
    first_row: int  # sheet row number (1-based) of frame row 0
    encoding: str | None = None  # csv only
    # (range, first sheet row, last sheet row) of cells merged down and filled
    merged: list[tuple[str, int, int]] = field(default_factory=list)
    # what the user should hear about the file besides its rows (hidden sheets …)
    notes: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"工作表「{self.sheet}」" if self.sheet is not None else f"编码 {self.encoding}"


# Spreadsheets dash does not read, and what they are, so the user hears "save as .xlsx".
OTHER_SPREADSHEETS = {".xls": "旧版 .xls ", ".et": "WPS 表格 .et ", ".ods": "OpenDocument .ods ",
                      ".numbers": "Numbers "}


def read_file(path: Path) -> list[Grid]:
    """All grids of a file (one per visible sheet of a workbook, one for a csv)."""
    suffix = path.suffix.lower()
    if path.is_symlink() and not path.exists():
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise UnreadableFile("链接（快捷方式）互相指向，形成循环，找不到真正的文件") from None
        raise UnreadableFile("链接（快捷方式）指向的文件不存在")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UnreadableFile("文件在读取时已不存在（被移走或删除）") from None
    if size == 0:
        raise UnreadableFile("空文件（0 字节）")
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path)
        if suffix in (".csv", ".txt"):
            return [_read_csv(path)]
    except (UnreadableFile, OSError):
        # Whatever the reader tripped over, a file that is gone is the message.
        if not path.exists():
            raise UnreadableFile("文件在读取时已不存在（被移走或删除）") from None
        raise
    if suffix == ".xls":
        raise UnreadableFile("旧版 .xls 格式不受支持：请在 Excel 中另存为 .xlsx")
    if suffix in OTHER_SPREADSHEETS:
        raise UnreadableFile(f"{OTHER_SPREADSHEETS[suffix]}格式不受支持：请另存为 .xlsx")
    raise UnreadableFile(f"不支持的文件类型 {suffix or '（无扩展名）'}")


# ---------------------------------------------------------------- csv

_ENCODINGS = (("utf-8-sig", "UTF-8-BOM"), ("utf-8", "UTF-8"), ("gbk", "GBK"), ("gb18030", "GB18030"))


def decode(data: bytes) -> tuple[str, str]:
    """Decode csv bytes, detecting the encoding; returns (text, encoding name)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "UTF-16"
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8):]
        try:
            return body.decode("utf-8"), "UTF-8-BOM"
        except UnicodeDecodeError as exc:
            line = body[:exc.start].count(b"\n") + 1
            raise UnreadableFile(f"编码混杂：文件以 UTF-8 BOM 开头，但第 {line} 行起不是 UTF-8（可能是 GBK）；"
                                 "请统一另存为 UTF-8 或 GBK") from None
    if b"\x00" in data[:4096]:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise UnreadableFile("不是文本文件（含二进制内容）")
        return utf16
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _has_utf8_chinese_lines(data):
        line = data.count(b"\n", 0, utf8_error.start) + 1
        raise UnreadableFile(f"编码混杂：部分行是 UTF-8，第 {line} 行起不是 UTF-8（可能是 GBK）；"
                             "请统一另存为 UTF-8 或 GBK")
    for enc, name in _ENCODINGS[2:]:
        try:
            return data.decode(enc), name
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("无法识别的编码：既不是 UTF-8，也不是 GBK/GB18030")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte order mark: ASCII characters leave their zero
    bytes all on one side (odd offsets for little endian); binary data does not."""
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= 4 and even * 16 <= odd:
        enc = "utf-16-le"
    elif even >= 4 and odd * 16 <= even:
        enc = "utf-16-be"
    else:
        return None
    try:
        return data.decode(enc), enc.upper() + "（无 BOM）"
    except UnicodeDecodeError:
        return None


def _has_utf8_chinese_lines(data: bytes) -> bool:
    """Whether some lines are valid UTF-8 with non-ASCII text (GBK text almost never is)."""
    for line in data.splitlines()[:2000]:
        if max(line, default=0) < 0x80:
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return True
    return False


def _read_csv(path: Path) -> Grid:
    import polars as pl

    data = path.read_bytes()
    text, encoding = decode(data)
    # polars parses UTF-8 bytes in parallel; other encodings are re-encoded once.
    if "\r" in text and "\n" not in text:
        # Old Mac line ends (CR only): polars only splits lines at LF.
        text = text.replace("\r", "\n")
        data = text.encode("utf-8")
    elif encoding == "UTF-8-BOM":
        data = data[len(codecs.BOM_UTF8):]
    elif encoding != "UTF-8":
        data = text.encode("utf-8")
    # Title rows above the header have fewer fields than the data: polars wants
    # one width, so find the widest of the first lines with the csv module and
    # read with that many columns.
    lines = text[: 1 << 20].splitlines()[:HEADER_SCAN_ROWS]
    sep = _separator(lines)
    width = max((len(r) for r in _split_lines(lines, sep)), default=0)
    del text
    if width == 0:
        raise UnreadableFile("文件没有内容")

    if sep != ",":
        encoding += f"，{_SEPARATORS[sep]}分隔"
    try:
        frame = pl.read_csv(
            data,
            separator=sep,
            has_header=False,
            infer_schema=False,
            new_columns=[f"c{i}" for i in range(width)],
            schema_overrides={f"c{i}": pl.String for i in range(width)},
            # A later row with more fields (an unquoted 5,800.00) must not be cut
            # off: polars refuses it, and the csv module below keeps its fields.
            truncate_ragged_lines=False,
            quote_char='"',
            raise_if_empty=False,
        )
    except Exception:  # polars raises ComputeError / NoDataError variants
        # polars is strict about quotes; the csv module reads a stray quote
        # inside a field as text and names the line when a quote never closes.
        frame = _read_csv_slowly(data.decode("utf-8"), sep, width)
    return Grid(None, frame, 1, encoding)


_SEPARATORS = {",": "逗号", "\t": "制表符", ";": "分号"}


def _split_lines(lines: list[str], sep: str) -> list[list[str]]:
    try:
        return list(csv.reader(lines, delimiter=sep))
    except csv.Error:  # a cell over the csv module's size limit: split plainly
        return [line.split(sep) for line in lines]


def _separator(lines: list[str]) -> str:
    """Comma, or tab / semicolon when those split more of the first lines
    (Excel's "文本文件（制表符分隔）" and "Unicode 文本" saves are tab separated)."""
    best, score = ",", 0
    for sep in _SEPARATORS:
        n = sum(1 for row in _split_lines(lines, sep) if len(row) > 1)
        if n > score:
            best, score = sep, n
    return best


def _read_csv_slowly(text: str, sep: str, width: int):
    import polars as pl

    # One column more than the widest of the first lines: a row with more fields
    # than those shows there, and validation rejects it (its cells have shifted).
    width += 1
    rows: list[list[str | None]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    line = 1
    try:
        for row in reader:
            rows.append([(v if v != "" else None) for v in row[:width]] + [None] * (width - len(row)))
            line = reader.line_num + 1
    except csv.Error as exc:
        why = str(exc)
        if "end of data" in why:
            why = "引号没有闭合（该行起的内容都被当作一个单元格）"
        elif "expected after" in why:
            why = "引号后紧跟了其他字符"
        elif "field larger" in why:
            why = "单元格过长（超过 128K 字符）"
        raise UnreadableFile(f"CSV 第 {line} 行起无法分列：{why}；请检查该行的英文双引号") from None
    return pl.DataFrame(rows, schema={f"c{i}": pl.String for i in range(width)}, orient="row")


# ---------------------------------------------------------------- xlsx

_ROW_RE = re.compile(rb'<row\b[^>]*\br="(\d+)"[^>]*>(.*?)</row>', re.S)


def _first_used_row(path: Path, sheet_index: int) -> int:
    """Sheet row number of the first row holding a value.

    calamine (through fastexcel) trims leading empty rows; the worksheet XML
    still says where the data starts, and we need it for row numbers.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            names = sorted(
                (n for n in zf.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
                key=lambda n: int(re.search(r"(\d+)", n.rsplit("/", 1)[1]).group(1)),
            )
            target = _sheet_part(zf, sheet_index) or (names[sheet_index] if sheet_index < len(names) else None)
            if target is None:
                return 1
            with zf.open(target) as fh:
                chunk = b""
                while len(chunk) < 8 << 20:
                    more = fh.read(1 << 16)
                    if not more:
                        break
                    chunk += more
                    for m in _ROW_RE.finditer(chunk):
                        if b"<v>" in m.group(2) or b"<v " in m.group(2) or b"<is>" in m.group(2):
                            return int(m.group(1))
    except (zipfile.BadZipFile, KeyError, OSError):
        pass
    return 1


def _sheet_part(zf: zipfile.ZipFile, index: int) -> str | None:
    """The worksheet part of the index-th sheet, following workbook relationships."""
    try:
        wb = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    rids = re.findall(rb'<sheet\b[^>]*?r:id="([^"]+)"', wb)
    if index >= len(rids):
        return None
    m = re.search(rb'<Relationship\b[^>]*Id="' + re.escape(rids[index]) + rb'"[^>]*Target="([^"]+)"', rels)
    if m is None:
        m = re.search(rb'<Relationship\b[^>]*Target="([^"]+)"[^>]*Id="' + re.escape(rids[index]) + rb'"', rels)
    if m is None:
        return None
    target = m.group(1).decode()
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def _source(path: Path) -> str | bytes:
    """The path for the Rust reader, or the file's bytes when the name is not valid UTF-8
    (a zip made on Windows unpacked on Linux leaves GBK bytes in file names)."""
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return path.read_bytes()
    return name


def _read_xlsx(path: Path) -> list[Grid]:
    import fastexcel

    with open(path, "rb") as fh:
        magic = fh.read(4)
    if magic != b"PK\x03\x04":
        if magic.startswith(b"\xd0\xcf\x11\xe0"):
            raise UnreadableFile("文件已加密（设有打开密码）或是改了扩展名的旧版 .xls，无法读取")
        raise UnreadableFile("不是有效的 xlsx 文件（内容不是 Excel 工作簿）")
    try:
        reader = fastexcel.read_excel(_source(path))
    except Exception as exc:
        raise UnreadableFile(f"xlsx 无法打开（文件损坏或不完整）：{_first_line(exc)}") from None
    grids: list[Grid] = []
    hidden: list[str] = []
    for index, name in enumerate(reader.sheet_names):
        try:
            sheet = reader.load_sheet(index, header_row=None, dtypes="string")
            if getattr(sheet, "visible", "visible") != "visible":
                hidden.append(name)
                continue
            frame = sheet.to_polars()
        except Exception as exc:
            if "empty" in str(exc).lower() or "no data" in str(exc).lower():
                continue
            raise UnreadableFile(f"工作表「{name}」无法读取：{_first_line(exc)}") from None
        if frame.height == 0 or frame.width == 0:
            continue
        frame = frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)})
        first_row = _first_used_row(path, index)
        merged: list[tuple[str, int, int]] = []
        frame = _patch_cells(frame, path, index, first_row, merged)
        grids.append(Grid(name, frame, first_row, merged=merged))
    # Hidden sheets often hold lookup lists; they are not read, but never silently.
    note = "隐藏的工作表未读取：" + "、".join(f"「{n}」" for n in hidden) if hidden else ""
    if not grids:
        raise UnreadableFile("工作簿中没有含数据的工作表（空白或只有图表）" + (f"；{note}" if note else ""))
    if note:
        grids[0].notes.append(note)
    return grids


# Cells worth patching, found by regex in C speed: error cells, and formula
# cells whose value is missing or empty (never opened in Excel).
_ERROR_CELL_RE = re.compile(rb'<c\b([^>]*\bt="e"[^>]*)>(.*?)</c>', re.S)
_BARE_FORMULA_RE = re.compile(rb"<c\b([^>]*)>\s*<f\b[^>]*?(?:/>|>([^<]*)</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>")
# Value-holding cells, for the leftmost used column (calamine trims empty ones).
_VALUE_CELL_RE = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)\d+"[^>/]*>(?:<f\b[^>]*?(?:/>|>[^<]*</f>))?<(?:v>[^<]|is>)')
_REF_RE = re.compile(rb'\br="([A-Z]+)(\d+)"')
_MERGE_RE = re.compile(rb'<mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _patch_cells(frame, path: Path, sheet_index: int, first_row: int, merged: list):
    """Put back into the grid what calamine reads as empty, from the worksheet XML.

    - Excel error values (#REF!, #VALUE!, ...): the user must hear "#REF!", not
      meet a silently empty cell.
    - Formulas saved without a computed value (files written by programs and
      never opened in Excel): the cell becomes ``=formula`` and is rejected with
      its own reason instead of loading as empty.
    - Cells merged down over several rows: calamine gives the value to the top
      row only; each row of the merge gets it (``merged`` collects the ranges,
      which the validator reports).
    """
    import html

    import polars as pl

    try:
        with zipfile.ZipFile(path) as zf:
            part = _sheet_part(zf, sheet_index)
            xml = zf.read(part) if part else b""
    except (zipfile.BadZipFile, KeyError, OSError):
        return frame
    patches: dict[int, dict[int, str]] = {}  # sheet column -> sheet row -> value

    def patch(attrs: bytes, text: str) -> None:
        ref = _REF_RE.search(attrs)
        if ref is not None:
            patches.setdefault(_col_index(ref.group(1)), {})[int(ref.group(2))] = text

    if b't="e"' in xml:
        for m in _ERROR_CELL_RE.finditer(xml):
            v = re.search(rb"<v>([^<]+)</v>", m.group(2))
            patch(m.group(1), v.group(1).decode() if v else "#ERROR")
    if b"<f" in xml:
        for m in _BARE_FORMULA_RE.finditer(xml):
            if b't="str"' in m.group(1) or b't="e"' in m.group(1):
                continue  # t="str" with an empty value: the formula's result is "", a value
            formula = html.unescape(m.group(2).decode()) if m.group(2) else "（共享公式）"
            patch(m.group(1), "=" + formula)
    merges = [m.groups() for m in _MERGE_RE.finditer(xml)] if b"<mergeCell " in xml else []
    if not (patches or merges):
        return frame
    used = {m.group(1) for m in _VALUE_CELL_RE.finditer(xml)}
    first_col = min((_col_index(c) for c in used), default=0)
    columns: dict[int, list] = {}

    def values_of(c: int) -> list:
        if c not in columns:
            columns[c] = frame.get_column(frame.columns[c]).to_list()
        return columns[c]

    for col, rows in patches.items():
        c = col - first_col
        if not 0 <= c < frame.width:
            continue
        vals = values_of(c)
        for row, text in rows.items():
            if 0 <= row - first_row < len(vals):
                vals[row - first_row] = text
    for c1, r1, c2, r2 in merges:
        top, bottom = int(r1) - first_row, int(r2) - first_row
        if bottom <= top or top < 0:
            continue
        filled = False
        for c in range(_col_index(c1) - first_col, _col_index(c2) - first_col + 1):
            if not 0 <= c < frame.width:
                continue
            vals = values_of(c)
            value = vals[top] if top < len(vals) else None
            if value is None:
                continue
            for r in range(top + 1, min(bottom, len(vals) - 1) + 1):
                if vals[r] is None:
                    vals[r] = value
                    filled = True
        if filled:
            merged.append((f"{c1.decode()}{int(r1)}:{c2.decode()}{int(r2)}", int(r1), int(r2)))
    if not columns:
        return frame
    return frame.with_columns(
        pl.Series(frame.columns[c], vals, dtype=pl.String) for c, vals in columns.items())


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
