"""Reading benchmarks for the formats besides xlsx and csv, and for the workbook checks.

    python bench/formats_bench.py [--runs 5] [--out /tmp/dash-bench]

Also called by bench/run.py. Prints medians:

- ``dash ingest`` of a 100,000-row .xls (BIFF8 holds 65,536 rows a sheet: two sheets of 50,000);
- ``dash ingest`` of a 20,000-row web-page export (an HTML table in GBK named .xls);
- the checks a workbook passes before the engine reads it (zip directory, sheet list,
  every cell of each sheet), per workbook of the bundled sample data: ordinary workbooks;
- ``dash ingest`` of a 3,000-sheet workbook and of a zip bomb (a sheet inflating to 1 GB),
  both refused by the checks, with the peak memory of the ingest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from query_bench import fresh_ingest, timed

DASH = shutil.which("dash", path=str(Path(sys.executable).parent)) or "dash"
CASE_HEADER = ["序号", "案号", "当事人", "违法类型", "立案日期", "决定日期", "处理结果", "罚款金额", "公示日期", "法制审核日期",
               "全过程记录"]


def _ingest(folder: Path, out: Path, runs: int) -> float:
    db = out / f"ingest-{folder.name}.duckdb"
    return statistics.median(fresh_ingest(DASH, folder, db, dict(os.environ))
                             for _ in range(runs))


def xls_100k(out: Path, runs: int) -> float:
    """dash ingest of a 100,000-row .xls, two sheets of 50,000 (median seconds)."""
    import xlwt

    d = out / "xls-100k"
    path = d / "行政处罚案件台账.xls"
    if not path.exists():
        d.mkdir(parents=True, exist_ok=True)
        wb = xlwt.Workbook(encoding="utf-8")
        datefmt = xlwt.easyxf(num_format_str="yyyy-mm-dd")
        base, i = dt.date(2023, 1, 1), 0
        for s in range(2):
            ws = wb.add_sheet(f"案件{s + 1}")
            for c, h in enumerate(CASE_HEADER):
                ws.write(0, c, h)
            for r in range(1, 50_001):
                i += 1
                filed = base + dt.timedelta(days=i % 900)
                dec = filed + dt.timedelta(days=20 + i % 50)
                row = [i, f"新环罚〔{filed.year}〕{i}号", f"企业{i % 3000}", "大气", filed, dec, "行政处罚",
                       1000 + i % 90000, dec, dec, "是"]
                for c, v in enumerate(row):
                    if isinstance(v, dt.date):
                        ws.write(r, c, dt.datetime(v.year, v.month, v.day), datefmt)
                    else:
                        ws.write(r, c, v)
        wb.save(str(path))
    return _ingest(d, out, runs)


def html_20k(out: Path, runs: int) -> float:
    """dash ingest of a 20,000-row hotline export, an HTML table in GBK named .xls (median seconds)."""
    d = out / "html-20k"
    path = d / "2025年信访件办理情况.xls"
    if not path.exists():
        d.mkdir(parents=True, exist_ok=True)
        head = ["工单号", "来件日期", "信访渠道", "交办级别", "反映人", "手机号码", "被举报对象", "投诉类型", "主要诉求", "办结时间"]
        lines = ['<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body>',
                 '<table border="1">', "<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"]
        base = dt.date(2025, 1, 1)
        for i in range(1, 20_001):
            got = base + dt.timedelta(days=i % 360)
            row = [f"XT2025{i:05d}", f"{got:%Y%m%d}", "12345" if i % 2 else "12369", "县级", f"投诉人{i % 500}",
                   f"138{i:08d}", f"某企业{i % 700}", "大气", "夜间生产噪声扰民，<br>请尽快处理", "&nbsp;"]
            lines.append("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>")
        lines.append("</table></body></html>")
        path.write_bytes("\r\n".join(lines).encode("gbk"))
    return _ingest(d, out, runs)


def precheck_per_workbook(runs: int) -> tuple[float, float, int]:
    """(median, largest) seconds of the checks per workbook of the sample data, and how many."""
    from dashboard import paths
    from dashboard.readers import xls, zipbook
    from dashboard.readers.workbook import _inspector

    times = []
    for path in sorted(paths.sample_data_dir().iterdir()):
        if path.suffix not in (".xlsx", ".xls") or not path.read_bytes().startswith((b"PK", b"\xd0\xcf")):
            continue
        took = []
        for _ in range(runs):
            t0 = time.perf_counter()
            if path.suffix == ".xls":
                zipbook.check_limits(xls.inspect(path))
            else:
                with zipbook.open_zip(path) as zf:
                    kind = zipbook.kind_of(zf)
                    zipbook.check_limits(_inspector(kind)(zf, kind, not zipbook.is_large(zf)))
            took.append(time.perf_counter() - t0)
        times.append(statistics.median(took))
    return statistics.median(times), max(times), len(times)


def _peak_ingest(folder: Path, out: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one dash ingest of ``folder`` (measured by a process of its own,
    so that earlier runs do not count toward the peak)."""
    db = out / f"ingest-{folder.name}.duckdb"
    script = ("import resource, subprocess, sys, time\n"
              "t0 = time.perf_counter()\n"
              "subprocess.run(sys.argv[1:], capture_output=True)  # a refused file is exit 1: fine here\n"
              "took = time.perf_counter() - t0\n"
              "print(took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n")
    proc = subprocess.run([sys.executable, "-c", script, DASH, "ingest", str(folder), "--db", str(db)],
                          capture_output=True, text=True, check=True)
    took, peak = proc.stdout.split()
    return float(took), float(peak)


def many_sheets(out: Path) -> tuple[float, float]:
    import xlsxwriter

    d = out / "sheets-3000"
    if not d.exists():
        d.mkdir(parents=True)
        wb = xlsxwriter.Workbook(str(d / "台账.xlsx"))
        for i in range(3000):
            wb.add_worksheet().write(0, 0, i)
        wb.close()
    return _peak_ingest(d, out)


def zip_bomb(out: Path) -> tuple[float, float]:
    """A real workbook (three cases) whose sheet XML holds 1 GB of spaces: about 1 MB zipped."""
    import xlsxwriter

    d = out / "zip-bomb"
    if not d.exists():
        d.mkdir(parents=True)
        plain = out / "zip-bomb-plain.xlsx"
        wb = xlsxwriter.Workbook(str(plain))
        ws = wb.add_worksheet()
        for r, row in enumerate([CASE_HEADER[1:4], ["新环罚〔2024〕1号", "企业1", "大气"]]):
            ws.write_row(r, 0, row)
        wb.close()
        with zipfile.ZipFile(plain) as src, zipfile.ZipFile(d / "台账.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
            for info in src.infolist():
                data = src.read(info)
                if info.filename != "xl/worksheets/sheet1.xml":
                    zf.writestr(info.filename, data)
                    continue
                at = data.index(b"</sheetData>")
                with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
                    fh.write(data[:at])
                    block = b" " * (1 << 24)
                    for _ in range(64):
                        fh.write(block)
                    fh.write(data[at:])
        plain.unlink()
    return _peak_ingest(d, out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "dash-bench"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print(f"dash ingest 100,000-row xls: {xls_100k(out, args.runs) * 1000:.0f} ms (target ≤ 2 s)")
    print(f"dash ingest 20,000-row HTML export: {html_20k(out, args.runs) * 1000:.0f} ms (target ≤ 2 s)")
    med, worst, n = precheck_per_workbook(max(args.runs, 5))
    print(f"workbook checks per sample workbook ({n}): median {med * 1000:.1f} ms, largest {worst * 1000:.1f} ms "
          "(target < 20 ms)")
    for name, fn in (("3,000-sheet workbook", many_sheets), ("zip bomb (one sheet inflating to 1 GB)", zip_bomb)):
        took, peak = fn(out)
        print(f"dash ingest of a {name}: {took * 1000:.0f} ms, peak RSS {peak:.0f} MB (refused)")


if __name__ == "__main__":
    main()
