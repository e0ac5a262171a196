"""Delimited text: csv, tab-separated .txt/.tsv, and "Excel" exports that are really text.

The encoding is detected from the bytes (UTF-8, UTF-8 with BOM, UTF-16, GBK,
GB18030) and said in the summary; so is the separator when it is not a comma.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from .grid import HEADER_SCAN_ROWS, Grid, UnreadableFile

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


def read_text(path: Path, kind: str = "") -> Grid:
    """The grid of a delimited text file; ``kind`` is how the summary names the format."""
    data = path.read_bytes()
    return _read_plain_utf8(data, kind) or _read_decoded(data, kind)


def _read_plain_utf8(data: bytes, kind: str) -> Grid | None:
    """A UTF-8 file (with or without BOM) read without decoding all of it in Python (most exports, and the
    big ones): the header lines come from its start, and polars checks every byte is UTF-8 as it
    parses. None when the file is anything else, or polars cannot read it: the full path decides."""
    encoding = "UTF-8"
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8):], "UTF-8-BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        return None
    if b"\r" in data and b"\n" not in data:
        return None  # old Mac line ends: the full path rewrites them
    try:
        # Enough bytes for the first 2**20 characters (at most 4 bytes each); a character cut
        # at the end is left out, not an error.
        head, _ = codecs.utf_8_decode(data[: (4 << 20) + 4], "strict", False)
    except UnicodeDecodeError:
        return None
    lines = head[: 1 << 20].splitlines()[:HEADER_SCAN_ROWS]
    sep = _separator(lines)
    width = max((len(r) for r in _split_lines(lines, sep)), default=0)
    if width == 0:
        return None
    try:
        frame = _polars_csv(data, sep, width)
    except Exception:  # not UTF-8 after all, or quotes polars refuses: the full path
        return None
    if sep != ",":
        encoding += f"，{_SEPARATORS[sep]}分隔"
    return Grid(None, frame, 1, encoding, kind=kind, delimited=True)


def _polars_csv(data: bytes, sep: str, width: int):
    import polars as pl

    return pl.read_csv(
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


def _read_decoded(data: bytes, kind: str) -> Grid:
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
        frame = _polars_csv(data, sep, width)
    except Exception:  # polars raises ComputeError / NoDataError variants
        # polars is strict about quotes; the csv module reads a stray quote
        # inside a field as text and names the line when a quote never closes.
        frame = _read_csv_slowly(data.decode("utf-8"), sep, width)
    return Grid(None, frame, 1, encoding, kind=kind, delimited=True)


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
