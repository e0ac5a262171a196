"""Reading export files into grids of text cells.

A grid is a polars DataFrame whose columns are all strings, one DataFrame row
per sheet row, plus the sheet row number of its first row so that every cell
can be reported with the row number the user sees in Excel. Title rows, the
header and trailers stay in the grid: finding the header is the ingest's job.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass
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

    @property
    def where(self) -> str:
        return f"工作表「{self.sheet}」" if self.sheet is not None else f"编码 {self.encoding}"


def read_file(path: Path) -> list[Grid]:
    """All grids of a file (one per visible sheet of a workbook, one for a csv)."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UnreadableFile("文件在读取时已不存在") from None
    if size == 0:
        raise UnreadableFile("空文件（0 字节）")
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt"):
        return [_read_csv(path)]
    if suffix == ".xls":
        raise UnreadableFile("旧版 .xls 格式不受支持：请在 Excel 中另存为 .xlsx")
    raise UnreadableFile(f"不支持的文件类型 {suffix or '（无扩展名）'}")


# ---------------------------------------------------------------- csv

_ENCODINGS = (("utf-8-sig", "UTF-8-BOM"), ("utf-8", "UTF-8"), ("gbk", "GBK"), ("gb18030", "GB18030"))


def decode(data: bytes) -> tuple[str, str]:
    """Decode csv bytes, detecting the encoding; returns (text, encoding name)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "UTF-16"
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "UTF-8-BOM"
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"文件以 UTF-8 BOM 开头，但第 {exc.start} 字节处不是 UTF-8：编码混杂") from None
    if b"\x00" in data[:4096]:
        raise UnreadableFile("不是文本文件（含二进制内容）")
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
    if encoding == "UTF-8-BOM":
        data = data[len(codecs.BOM_UTF8):]
    elif encoding != "UTF-8":
        data = text.encode("utf-8")
    # Title rows above the header have fewer fields than the data: polars wants
    # one width, so find the widest of the first lines with the csv module and
    # read with that many columns.
    head = list(csv.reader(io.StringIO("\n".join(text[: 1 << 20].splitlines()[:HEADER_SCAN_ROWS]))))
    del text
    width = max((len(r) for r in head), default=0)
    if width == 0:
        raise UnreadableFile("文件没有内容")
    try:
        frame = pl.read_csv(
            data,
            has_header=False,
            infer_schema=False,
            new_columns=[f"c{i}" for i in range(width)],
            schema_overrides={f"c{i}": pl.String for i in range(width)},
            truncate_ragged_lines=True,
            quote_char='"',
            raise_if_empty=False,
        )
    except Exception as exc:  # polars raises ComputeError / NoDataError variants
        raise UnreadableFile(f"CSV 无法解析：{_first_line(exc)}") from None
    return Grid(None, frame, 1, encoding)


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


def _read_xlsx(path: Path) -> list[Grid]:
    import fastexcel

    with open(path, "rb") as fh:
        magic = fh.read(4)
    if magic != b"PK\x03\x04":
        if magic.startswith(b"\xd0\xcf\x11\xe0"):
            raise UnreadableFile("文件已加密（设有打开密码）或是改了扩展名的旧版 .xls，无法读取")
        raise UnreadableFile("不是有效的 xlsx 文件（内容不是 Excel 工作簿）")
    try:
        reader = fastexcel.read_excel(str(path))
    except Exception as exc:
        raise UnreadableFile(f"xlsx 无法打开（文件损坏或不完整）：{_first_line(exc)}") from None
    grids: list[Grid] = []
    for index, name in enumerate(reader.sheet_names):
        try:
            sheet = reader.load_sheet(index, header_row=None, dtypes="string")
            if getattr(sheet, "visible", "visible") != "visible":
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
        frame = _restore_error_cells(frame, path, index, first_row)
        grids.append(Grid(name, frame, first_row))
    if not grids:
        raise UnreadableFile("工作簿中没有含数据的工作表（空白或只有图表）")
    return grids


_CELL_RE = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"([^>]*)>(.*?)</c>', re.S)


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _restore_error_cells(frame, path: Path, sheet_index: int, first_row: int):
    """Put Excel error values (#REF!, #VALUE!, ...) back into the grid.

    calamine reads error cells as empty; the validator must see them so that
    the user hears "#REF!" rather than a silently empty cell.
    """
    import polars as pl

    try:
        with zipfile.ZipFile(path) as zf:
            part = _sheet_part(zf, sheet_index)
            xml = zf.read(part) if part else b""
    except (zipfile.BadZipFile, KeyError, OSError):
        return frame
    if b't="e"' not in xml:
        return frame
    errors: list[tuple[int, int, str]] = []
    first_col: int | None = None
    for m in _CELL_RE.finditer(xml):
        col = _col_index(m.group(1))
        body = m.group(4)
        if b"<v>" in body or b"<is>" in body:
            first_col = col if first_col is None else min(first_col, col)
        if b't="e"' in m.group(3):
            v = re.search(rb"<v>([^<]*)</v>", body)
            errors.append((int(m.group(2)), col, v.group(1).decode() if v else "#ERROR"))
    first_col = first_col or 0
    idx = pl.int_range(0, pl.len())
    for row, col, value in errors:
        r, c = row - first_row, col - first_col
        if 0 <= r < frame.height and 0 <= c < frame.width:
            name = frame.columns[c]
            frame = frame.with_columns(pl.when(idx == r).then(pl.lit(value)).otherwise(pl.col(name)).alias(name))
    return frame


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
