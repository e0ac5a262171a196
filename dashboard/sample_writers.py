"""The two sample exports not written as xlsx or csv: a BIFF8 .xls (as old systems
export) and an HTML table named .xls (as web systems' "导出Excel" does).

Both offer the few xlsxwriter worksheet calls the sample generator uses, so it
writes every workbook the same way. The .xls writer (xlwt) is a generator-only
dependency, installed with the test extras.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path


class XlsSheet:
    """An xlwt worksheet behind xlsxwriter's write_* / merge_range / set_column calls."""

    def __init__(self, ws, date_style) -> None:
        self.ws, self.date_style = ws, date_style

    def write_string(self, r: int, c: int, v: str, fmt=None) -> None:
        self.ws.write(r, c, v)

    def write_number(self, r: int, c: int, v, fmt=None) -> None:
        self.ws.write(r, c, v)

    def write_datetime(self, r: int, c: int, v, fmt=None) -> None:
        self.ws.write(r, c, v, self.date_style)

    def merge_range(self, r1: int, c1: int, r2: int, c2: int, v: str, fmt=None) -> None:
        self.ws.write_merge(r1, r2, c1, c2, v)

    def set_column(self, first: int, last: int, width: float) -> None:
        for c in range(first, last + 1):
            self.ws.col(c).width = int(width * 256)


class XlsBook:
    """A BIFF8 workbook with xlsxwriter's add_worksheet / add_format / close."""

    def __init__(self, path: Path, date_format: str) -> None:
        try:
            import xlwt
        except ImportError:
            raise SystemExit("生成 .xls 示例需要 xlwt：pip install -e '.[test]'") from None
        self.path, self.book = path, xlwt.Workbook(encoding="utf-8")
        self.date_style = xlwt.easyxf(num_format_str=date_format or "yyyy-mm-dd")

    def add_worksheet(self, name: str) -> XlsSheet:
        return XlsSheet(self.book.add_sheet(name), self.date_style)

    def add_format(self, props: dict | None = None) -> None:
        return None  # cell styles do not matter to the sample's reader

    def set_properties(self, props: dict) -> None:
        pass

    def close(self) -> None:
        self.book.save(str(self.path))


class HtmlSheet:
    """Rows of an HTML table, collected until the file is written."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], object] = {}
        self.spans: dict[tuple[int, int], tuple[int, int]] = {}

    def write_string(self, r: int, c: int, v, fmt=None) -> None:
        self.cells[(r, c)] = v

    write_number = write_datetime = write_string

    def merge_range(self, r1: int, c1: int, r2: int, c2: int, v, fmt=None) -> None:
        self.cells[(r1, c1)] = v
        self.spans[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)

    def set_column(self, first: int, last: int, width: float) -> None:
        pass


class HtmlBook:
    """A web system's export: one HTML table per sheet, in ``encoding``, named .xls."""

    def __init__(self, path: Path, encoding: str) -> None:
        self.path, self.encoding, self.sheets = path, encoding, []

    def add_worksheet(self, name: str) -> HtmlSheet:
        self.sheets.append(HtmlSheet())
        return self.sheets[-1]

    def add_format(self, props: dict | None = None) -> None:
        return None

    def set_properties(self, props: dict) -> None:
        pass

    def close(self) -> None:
        out = [(f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={self.encoding}">'
                "</head><body>")]
        for sheet in self.sheets:
            out.append('<table border="1" cellspacing="0">')
            last_row = max((r for r, _ in sheet.cells), default=-1)
            width = max((c + sheet.spans.get((r, c), (1, 1))[1] for r, c in sheet.cells), default=0)
            for r in range(last_row + 1):
                cells, c = [], 0
                while c < width:
                    across = sheet.spans.get((r, c), (1, 1))[1]
                    span = f' colspan="{across}"' if across > 1 else ""
                    cells.append(f"<td{span}>{_text(sheet.cells.get((r, c)))}</td>")
                    c += across
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</table>")
        out.append("</body></html>")
        self.path.write_bytes("\r\n".join(out).encode(self.encoding))


def _text(v: object) -> str:
    if v is None:
        return "&nbsp;"
    if isinstance(v, dt.date):
        return v.isoformat()
    return html.escape(str(v)).replace("\n", "<br>")
