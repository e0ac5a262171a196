"""Running the command-line surfaces and reading back what they produced, as text."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dashboard.cli import app

runner = CliRunner()


def file_text(path: Path) -> str:
    """Everything a written file shows: text, every xlsx cell, every docx paragraph and table cell."""
    if path.suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        try:
            return "\n".join(" ".join("" if v is None else str(v) for v in row)
                             for ws in wb.worksheets for row in ws.iter_rows(values_only=True))
        finally:
            wb.close()
    if path.suffix == ".docx":
        import docx

        doc = docx.Document(str(path))
        parts = [p.text for p in doc.paragraphs]
        parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
        parts += [p.text for s in doc.sections for p in (*s.header.paragraphs, *s.footer.paragraphs)]
        return "\n".join(parts)
    return path.read_text(encoding="utf-8")


def run(*args: str, out: Path | None = None) -> tuple[int, str]:
    """(exit code, everything shown: stdout, stderr and the file written with -o)."""
    argv = [str(a) for a in args] + (["-o", str(out)] if out is not None else [])
    res = runner.invoke(app, argv)
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    shown = res.stdout + res.stderr
    if out is not None and out.exists():
        shown += "\n" + file_text(out)
        out.unlink()
    return res.exit_code, shown
