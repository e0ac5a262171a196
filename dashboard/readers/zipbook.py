"""Zip workbooks (xlsx, xlsm, xlsb, ods): the directory checked once, before any engine sees it.

The zip's directory is read once per workbook. Every part's inflated size and
compression ratio are checked against the limits (a 2 MB zip can inflate to
gigabytes), the sheet count too, and each sheet's own records are read by the
scanner of its format (worksheet XML, BIFF12 records, ODF content).
"""

from __future__ import annotations

import posixpath
import struct
import xml.parsers.expat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from ..errors import broken_reason
from .grid import UnreadableFile
from .layout import MAX_PART_BYTES, MAX_RATIO, MAX_SHEETS, RATIO_FLOOR, SheetLayout, too_large

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SMALL_PART = 16 * 1024 * 1024  # workbook.xml and relationship parts are read whole


@dataclass
class Book:
    """A workbook as its own records describe it, checked."""

    kind: str  # xlsx, xlsm, xlsb, ods, xls
    sheets: list[SheetLayout] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def open_zip(path: Path) -> zipfile.ZipFile:
    """The zip with its directory checked against the size limits."""
    suffix = path.suffix.lower()
    what = suffix[1:] if suffix in (".xlsx", ".xlsm", ".xlsb", ".ods") else "工作簿"
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise UnreadableFile(f"{what} 无法打开（文件损坏或不完整）：{broken_reason(exc)}") from None
    for info in zf.infolist():
        if info.file_size > MAX_PART_BYTES:
            zf.close()
            raise UnreadableFile(f"工作簿中的「{info.filename}」解压后达 {info.file_size // 2**20:,} MB，"
                                 f"超出读取上限（{MAX_PART_BYTES // 2**20} MB）：文件异常，已跳过")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            zf.close()
            raise UnreadableFile(f"工作簿中的「{info.filename}」压缩比异常（{info.compress_size:,} 字节解压为 "
                                 f"{info.file_size:,} 字节，超过 {MAX_RATIO}:1），疑为压缩炸弹：已跳过")
    return zf


@contextmanager
def reading(what: str, part: str = "XML") -> Iterator[None]:
    """A damaged or truncated part met while reading ``what`` (工作表「名」, ods, xlsb), as one line.

    A missing file (FileNotFoundError) is not a damaged workbook: it passes through.
    """
    try:
        yield
    except xml.parsers.expat.ExpatError as exc:
        raise UnreadableFile(f"{what}的内容已损坏（{part} 第 {exc.lineno} 行格式错误）") from None
    except struct.error as exc:
        raise UnreadableFile(f"{what}的内容已损坏（二进制记录不完整）") from None
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise UnreadableFile(f"{what}无法解压（文件损坏或不完整）：{broken_reason(exc)}") from None


def is_large(zf: zipfile.ZipFile) -> bool:
    """Whether a sheet part is too large to read cell by cell before the engine does."""
    from .sheetxml import FULL_SCAN_BYTES

    return any(info.file_size > FULL_SCAN_BYTES for info in zf.infolist()
               if info.filename.startswith("xl/worksheets/") or info.filename == "content.xml")


def kind_of(zf: zipfile.ZipFile) -> str:
    """Which workbook a zip holds: xlsx, xlsm, xlsb, ods; "" for none."""
    names = set(zf.namelist())
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "xl/workbook.xml" in names:
        return "xlsm" if "xl/vbaProject.bin" in names else "xlsx"
    if "content.xml" in names:
        try:
            mime = zf.read("mimetype")[:100] if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError, EOFError):
            mime = b""
        if b"spreadsheet" in mime or not mime:
            return "ods"
        return ""
    # Some writers spell the workbook part in another case or folder; the content types say.
    return "xlsx" if any(n.lower().endswith("workbook.xml") for n in names) else ""


def read_small(zf: zipfile.ZipFile, name: str) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > _SMALL_PART:
        raise UnreadableFile(f"工作簿中的「{name}」异常巨大（{info.file_size // 2**20:,} MB）：已跳过")
    return zf.read(name)


def parse_small(zf: zipfile.ZipFile, name: str) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(read_small(zf, name))
    except ElementTree.ParseError as exc:
        raise UnreadableFile(f"工作簿的「{name}」已损坏（XML 格式错误）") from None


def relationships(zf: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id -> target part name, for ``part`` (e.g. xl/workbook.xml)."""
    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    if rels not in zf.NameToInfo:
        return {}
    out = {}
    for rel in parse_small(zf, rels):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id", "")] = name
    return out


def listed_sheets(zf: zipfile.ZipFile, workbook: str, sheet_tag: str) -> list[tuple[str, bool, str | None]]:
    """(name, visible, part) of each sheet the workbook part lists, in order, within the sheet limit."""
    root = parse_small(zf, workbook)
    rels = relationships(zf, workbook)
    found = [el for el in root.iter() if el.tag.rpartition("}")[2] == sheet_tag]
    if len(found) > MAX_SHEETS:
        raise UnreadableFile(f"工作簿含 {len(found):,} 个工作表，超出读取上限（{MAX_SHEETS} 个）：文件异常，已跳过")
    out = []
    for el in found:
        rid = el.get(f"{{{_REL_NS}}}id") or el.get("id") or ""
        out.append((el.get("name", ""), el.get("state", "visible") == "visible", rels.get(rid)))
    return out


def check_limits(book: Book) -> None:
    for layout in book.sheets:
        why = too_large(layout)
        if why:
            raise UnreadableFile(why)
