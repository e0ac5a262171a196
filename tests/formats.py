"""Writers for the formats other than xlsx and csv, so that tests generate every file they read.

``write_xls`` uses xlwt (BIFF8, as Excel 97-2003 and WPS write it); ``write_ods``
and ``write_xlsb`` write the few parts those formats need by hand (no Python
library writes .xlsb); ``write_html`` writes what web systems' "导出Excel" does.
"""

from __future__ import annotations

import datetime as dt
import html
import struct
import zipfile
from pathlib import Path

Rows = list[list]
# (first row, first column, last row, last column), 0-based, value in the top-left cell
Merge = tuple[int, int, int, int]


def write_xls(path: Path, rows: Rows, sheet: str = "Sheet1", merges: list[Merge] = (),
              start_row: int = 0, start_col: int = 0, more_sheets: dict[str, Rows] | None = None) -> Path:
    """A BIFF8 workbook: dates as numbers with a date format, merged ranges as MERGEDCELLS."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    datefmt = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for name, body, merge in [(sheet, rows, merges), *((n, r, ()) for n, r in (more_sheets or {}).items())]:
        ws = wb.add_sheet(name)
        tops = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in merge}
        for r, row in enumerate(body):
            for c, v in enumerate(row):
                at = (r + start_row, c + start_col)
                if (r, c) in tops:
                    r2, c2 = tops[(r, c)]
                    ws.write_merge(at[0], r2 + start_row, at[1], c2 + start_col, v)
                elif any(r1 <= r <= r2 and c1 <= c <= c2 for r1, c1, r2, c2 in merge):
                    continue  # covered by a merge: Excel keeps only the top-left value
                elif isinstance(v, dt.date):
                    ws.write(*at, dt.datetime(v.year, v.month, v.day), datefmt)
                elif v is not None:
                    ws.write(*at, v)
    wb.save(str(path))
    return path


def write_html(path: Path, rows: Rows, encoding: str = "gbk", title: str | None = None,
               rowspans: dict[tuple[int, int], int] | None = None) -> Path:
    """An HTML table as web systems export it (meta charset, &nbsp; for empty cells)."""
    rowspans = rowspans or {}
    covered = {(r + k, c) for (r, c), n in rowspans.items() for k in range(1, n)}
    width = max(len(r) for r in rows)
    lines = [(f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
              "</head><body>")]
    if title:
        lines.append(f"<table><tr><td>{html.escape(title)}</td></tr></table>")
    lines.append('<table border="1">')
    if title:
        lines.append(f'<tr><td colspan="{width}"><b>{html.escape(title)}</b></td></tr>')
    for r, row in enumerate(rows):
        cells = []
        for c, v in enumerate(row):
            if (r, c) in covered:
                continue
            span = f' rowspan="{rowspans[(r, c)]}"' if (r, c) in rowspans else ""
            text = "&nbsp;" if v is None else html.escape(str(v)).replace("\n", "<br>")
            cells.append(f"<td{span}>{text}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table></body></html>")
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def write_ods(path: Path, rows: Rows, sheet: str = "Sheet1", merges: list[Merge] = ()) -> Path:
    """An OpenDocument spreadsheet with one sheet (strings, numbers and dates as ODF types)."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"')
    tops = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in merges}
    covered = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - set(tops)
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, v in enumerate(row):
            if (r, c) in covered:
                cells.append("<table:covered-table-cell/>")
                continue
            span = ""
            if (r, c) in tops:
                down, across = tops[(r, c)]
                span = f' table:number-rows-spanned="{down}" table:number-columns-spanned="{across}"'
            if v is None:
                cells.append(f"<table:table-cell{span}/>")
            elif isinstance(v, dt.date):
                cells.append(f'<table:table-cell office:value-type="date" office:date-value="{v.isoformat()}"{span}>'
                             f"<text:p>{v.isoformat()}</text:p></table:table-cell>")
            elif isinstance(v, (int, float)):
                cells.append(f'<table:table-cell office:value-type="float" office:value="{v}"{span}>'
                             f"<text:p>{v}</text:p></table:table-cell>")
            else:
                cells.append(f'<table:table-cell office:value-type="string"{span}>'
                             f"<text:p>{html.escape(str(v))}</text:p></table:table-cell>")
        body.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body>'
               f'<office:spreadsheet><table:table table:name="{html.escape(sheet)}">{"".join(body)}'
               "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


# ---------------------------------------------------------------- xlsb (BIFF12)

def _varint(n: int, limit: int) -> bytes:
    out = bytearray()
    for _ in range(limit):
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            break
    return bytes(out)


def _rec(rt: int, body: bytes = b"") -> bytes:
    return _varint(rt, 2) + _varint(len(body), 4) + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def write_xlsb(path: Path, rows: Rows, sheet: str = "Sheet1", merges: list[Merge] = (),
               errors: dict[tuple[int, int], int] | None = None) -> Path:
    """A binary workbook: text as inline strings (BrtCellSt), numbers as BrtCellReal,
    ``errors`` as BrtCellError codes (0x17 is #REF!), ``merges`` as BrtMergeCell."""
    errors = errors or {}
    width = max(len(r) for r in rows)
    sh = [_rec(0x81), _rec(0x94, struct.pack("<IIII", 0, len(rows) - 1, 0, width - 1)), _rec(0x91)]
    for r, row in enumerate(rows):
        sh.append(_rec(0x00, struct.pack("<IIHBBI", r, 0, 300, 0, 0, 0)))
        for c, v in enumerate(row):
            head = struct.pack("<I", c) + b"\x00\x00\x00\x00"
            if (r, c) in errors:
                sh.append(_rec(0x03, head + bytes([errors[(r, c)]])))
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                sh.append(_rec(0x05, head + struct.pack("<d", float(v))))
            elif v is not None:
                sh.append(_rec(0x06, head + _wide(str(v))))
    sh.append(_rec(0x92))
    if merges:
        sh.append(_rec(0xB1, struct.pack("<I", len(merges))))
        sh += [_rec(0xB0, struct.pack("<IIII", r1, r2, c1, c2)) for r1, c1, r2, c2 in merges]
        sh.append(_rec(0xB2))
    sh.append(_rec(0x82))
    book = [_rec(0x83), _rec(0x8F), _rec(0x9C, struct.pack("<II", 0, 1) + _wide("rId1") + _wide(sheet)),
            _rec(0x90), _rec(0x84)]
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/>'
             "</Types>")
    rel = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{}" '
           'Target="{}"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", rel.format("officeDocument", "xl/workbook.bin"))
        zf.writestr("xl/_rels/workbook.bin.rels", rel.format("worksheet", "worksheets/sheet1.bin"))
        zf.writestr("xl/workbook.bin", b"".join(book))
        zf.writestr("xl/worksheets/sheet1.bin", b"".join(sh))
    return path
