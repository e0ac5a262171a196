"""Property tests: ingest of generated ledgers never loses, invents or crashes.

Hypothesis writes small ledger tables for any of the twelve ledgers (columns
taken from the declarations), mixing good rows, rows with bad cells of every
column type, blank rows, 合计 rows and duplicate keys (identical and
conflicting), as csv in UTF-8 or GBK or as xlsx, one or two files. A model of
the accounting rule predicts, row by row, which rows load, which are skipped
and which are rejected; the test checks, for every example:

- no exception (the CLI would have shown a traceback);
- read = loaded + skipped + rejected per sheet and in total, and every data
  row written was read;
- the rows loaded are exactly those the model predicts (by file and row
  number), and the store holds exactly them, nothing else.

The value parsers' own properties live in tests/test_values.py.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import ingest, sources
from dashboard.ledgers import BOOL, DATE, DECIMAL, INT, LEDGERS, MONEY, Ledger
from tests.conftest import TODAY, write_csv, write_xlsx

# Characters no total / footer word starts with, so a good text cell never reads as a 合计 or 表尾 row.
SAFE = "甲乙丙丁戊己庚辛企业公司环境科技东西南北山水"
EXAMPLES = {"run": 0, "rows": 0}


@dataclass
class Row:
    kind: str  # good | bad | blank | total
    cells: list  # what is written (None = empty)
    canon: tuple = ()  # good rows: the parsed value of every column, for duplicate checks
    key: tuple = ()


class Table:
    def __init__(self, ledger: Ledger, columns: list):
        self.ledger = ledger
        self.columns = columns  # Column declarations, in sheet order
        self.files: list = []  # [(format, title, [Row])]

    def __repr__(self) -> str:  # what hypothesis prints for a failing example
        lines = [f"{self.ledger.table}: {[c.label for c in self.columns]}"]
        for fmt, title, rows in self.files:
            lines.append(f"  {fmt} title={title!r}")
            lines += [f"    {r.kind:<5} {r.cells}" for r in rows]
        return "\n".join(lines)

    def file_name(self, n: int) -> str:
        fmt = self.files[n][0]
        return f"{n}_{self.ledger.label.replace('/', '')}.{'xlsx' if fmt == 'xlsx' else 'csv'}"


def _good_value(draw, col, idx: int, day: dt.date):
    """(cell as written, parsed value) of a valid cell."""
    if col.type == DATE:
        fmt = draw(st.sampled_from(["%Y-%m-%d", "%Y/%-m/%-d", "%Y年%-m月%-d日", "%Y%m%d", "date"]))
        return (day if fmt == "date" else day.strftime(fmt)), day
    if col.type == INT:
        n = draw(st.integers(2015, 2024)) if col.name == "year" else draw(st.integers(0, 500))
        return draw(st.sampled_from([str(n), n])), n
    if col.type is MONEY:
        n = draw(st.integers(0, 500)) * 100
        text = draw(st.sampled_from([str(n), f"{n:,}.00", f"{n}元", f"{Decimal(n) / 10000}万元"]))
        return text, Decimal(n)
    if col.type is DECIMAL:
        n = Decimal(draw(st.integers(0, 40))) / 2
        return str(n), n
    if col.type == BOOL:
        text, value = draw(st.sampled_from([("是", True), ("√", True), ("Y", True), ("否", False), ("×", False),
                                            ("无", False)]))
        return text, value
    text = draw(st.text(alphabet=SAFE, min_size=1, max_size=4)) + str(idx)
    return text, text


def _bad_value(draw, col, fmt: str):
    """A cell the column must reject."""
    # Error values and formula text are bad in a column of any type (an xlsx writer
    # would store "=B2" as a real formula with a computed value, which is fine).
    options = ["#REF!"] if fmt == "xlsx" else ["=B2", "#REF!"]
    if col.type == DATE:
        options += ["2024-02-30", "昨天", "1999-12-31", "2024/13/1"]
        if not col.future_ok:
            options.append((TODAY + dt.timedelta(days=30)).isoformat())
    elif col.type == INT:
        options += ["3.5", "三天"] + (["-3"] if col.non_negative else [])
    elif col.type in (DECIMAL, MONEY):
        options += ["十元", "1.2.3"] + (["-5"] if col.non_negative else [])
    elif col.type == BOOL:
        options += ["可能", "2"]
    if col.required:
        options.append("")
    return draw(st.sampled_from(options))


@st.composite
def tables(draw) -> Table:
    lg = draw(st.sampled_from(LEDGERS))
    optional = [c for c in lg.columns if not c.required]
    extra = draw(st.lists(st.sampled_from(optional), unique_by=lambda c: c.name, max_size=5)) if optional else []
    columns = [*lg.required, *extra]
    if len(columns) < 2:  # a header needs two recognised columns
        columns.append(optional[0] if optional[0] not in columns else optional[1])
    columns = draw(st.permutations(columns))
    table = Table(lg, list(columns))
    good: list[Row] = []
    idx = 0
    for _ in range(draw(st.integers(1, 2))):
        fmt = draw(st.sampled_from(["utf-8", "gbk", "xlsx"]))
        title = draw(st.sampled_from([None, f"2024年{lg.label}"]))
        rows: list[Row] = []
        for _ in range(draw(st.integers(0, 12))):
            idx += 1
            kind = draw(st.sampled_from(["good", "good", "good", "bad", "blank", "total", "dup", "conflict"]))
            if kind == "blank":
                rows.append(Row("blank", [None] * len(columns)))
                continue
            if kind == "total":
                cells = [None] * len(columns)
                cells[0] = draw(st.sampled_from(["合计", "总计", "小计"]))
                rows.append(Row("total", cells))
                continue
            if kind == "dup" and good:
                rows.append(draw(st.sampled_from(good)))
                continue
            day = draw(st.dates(dt.date(2015, 1, 1), dt.date(2024, 12, 31)))
            pairs = [_good_value(draw, c, idx, day) for c in columns]
            # Optional cells are sometimes left empty.
            for i, c in enumerate(columns):
                if not c.required and draw(st.integers(0, 4)) == 0:
                    pairs[i] = (None, None)
            if kind == "conflict" and good:
                # An earlier row's key with fresh content: rejected unless the content is the same.
                other = draw(st.sampled_from(good))
                for i, c in enumerate(columns):
                    if c.name in lg.key_columns:
                        pairs[i] = (other.cells[i], other.canon[i])
            cells = [p[0] for p in pairs]
            if kind == "bad":
                for i in draw(st.sets(st.integers(0, len(columns) - 1), min_size=1, max_size=2)):
                    cells[i] = _bad_value(draw, columns[i], fmt)
                order = [(a, b) for a, b in lg.order if a in _names(columns) and b in _names(columns)]
                if order and draw(st.booleans()):
                    a, b = draw(st.sampled_from(order))
                    ia, ib = _names(columns).index(a), _names(columns).index(b)
                    cells[ia], cells[ib] = day.isoformat(), (day - dt.timedelta(days=3)).isoformat()
                if all(v in (None, "") for v in cells):
                    rows.append(Row("blank", [None] * len(columns)))
                else:
                    rows.append(Row("bad", cells))
                continue
            canon = tuple(p[1] for p in pairs)
            key = _key(lg, columns, canon)
            row = Row("good", cells, canon, key)
            good.append(row)
            rows.append(row)
        table.files.append((fmt, title, rows))
    return table


def _key(lg: Ledger, columns, canon: tuple) -> tuple:
    """A row's natural key; an empty key column takes the column that stands in for it (执法证号 → 姓名)."""
    names = _names(columns)

    def value(k: str):
        return canon[names.index(k)] if k in names else None

    fallback = dict(lg.key_fallback)
    return tuple(("\x00", value(fallback[k])) if value(k) is None and k in fallback else value(k) for k in lg.key)


def _names(columns) -> list[str]:
    return [c.name for c in columns]


def _cell_text(v):
    return v.isoformat() if isinstance(v, dt.date) else v


def write(table: Table, folder: Path) -> list[tuple[str, int, list[Row]]]:
    """Write the files; returns (file name, sheet row of the first data row, rows) per file."""
    out = []
    header = [c.label for c in table.columns]
    for n, (fmt, title, rows) in enumerate(table.files):
        name = table.file_name(n)
        first = 2 + (title is not None)
        if fmt == "xlsx":
            write_xlsx(folder / name, [header, *(r.cells for r in rows)], title=title)
        else:
            body = [[_cell_text(v) for v in r.cells] for r in rows]
            write_csv(folder / name, ([[title]] if title else []) + [header, *body], fmt)
        out.append((name, first, rows))
    return out


def _period_end(table: Table, rows: list[Row]):
    """The last day of the year column among a file's valid rows ('' when it has none): its period."""
    names = _names(table.columns)
    col = table.ledger.year_column
    if col is None or col not in names:
        return ""
    i = names.index(col)
    days = [r.canon[i] for r in rows if r.kind == "good" and r.canon[i] is not None]
    if not days:
        return ""
    last = max(days)
    return f"{last}-12-31" if isinstance(last, int) else last.isoformat()


def model(table: Table, written, fmt_of: dict[str, str], copies: set[str]):
    """Per file: (rows read, loaded sheet rows, skipped, rejected) as the accounting rule says.

    Where files hold the same record, the one of the later period wins, then the
    later file (files are written in order, each a second after the last). A file
    whose bytes repeat an earlier one's (``copies``) is imported once, not again.
    """
    counted = [(n, w) for n, w in enumerate(written) if w[0] not in copies]
    ranked = sorted(counted, key=lambda nw: (_period_end(table, nw[1][2]), nw[0]), reverse=True)
    seen: dict[tuple, tuple] = {}
    out = {}
    for _, (name, first, rows) in ranked:
        n = len(rows)
        if fmt_of[name] == "xlsx":  # trailing empty rows are not in a workbook at all
            while n and rows[n - 1].kind == "blank":
                n -= 1
        loaded, skipped, rejected = [], 0, 0
        for i, r in enumerate(rows[:n]):
            if r.kind in ("blank", "total"):
                skipped += 1
            elif r.kind == "bad":
                rejected += 1
            elif r.key in seen:
                if seen[r.key] == r.canon:
                    skipped += 1
                else:
                    rejected += 1
            else:
                seen[r.key] = r.canon
                loaded.append(first + i)
        out[name] = (n, loaded, skipped, rejected)
    return out


@pytest.fixture(scope="module", autouse=True)
def _report_examples():
    yield
    print(f"\nhypothesis: {EXAMPLES['run']} generated ledgers ingested, {EXAMPLES['rows']} rows in all")


# DASH_PROPERTY_EXAMPLES=600 for a deeper run than CI's.
@settings(max_examples=int(os.environ.get("DASH_PROPERTY_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(table=tables())
def test_ingest_of_generated_ledgers_keeps_the_accounts(table, tmp_path_factory):
    base = tmp_path_factory.mktemp("prop")
    src = base / "exports"
    src.mkdir()
    written = write(table, src)
    fmt_of = {table.file_name(n): fmt for n, (fmt, _, _) in enumerate(table.files)}
    stamp = 1_700_000_000
    seen_bytes: set[bytes] = set()
    copies: set[str] = set()
    for n, (name, _, _) in enumerate(written):
        os.utime(src / name, (stamp + n, stamp + n))
        data = (src / name).read_bytes()
        if data in seen_bytes:
            copies.add(name)
        seen_bytes.add(data)
    db = base / "dash.duckdb"
    expected = model(table, written, fmt_of, copies)
    EXAMPLES["run"] += 1
    EXAMPLES["rows"] += sum(len(rows) for _, _, rows in written)

    if not any(loaded for _, loaded, _, _ in expected.values()):
        with pytest.raises(sources.NothingToLoad):  # a store is never written without a row
            sources.ingest_paths([src], db, today=TODAY)
        assert not db.exists()
        return
    report = sources.ingest_paths([src], db, today=TODAY)  # any other exception fails the example

    assert report.balanced()
    assert report.read == report.loaded + report.skipped + report.rejected
    got = {s.file: s for s in report.sheets}
    for name, (read, loaded_rows, skipped, rejected) in expected.items():
        if name not in got:  # a file with no data rows at all: header only, nothing to account for
            assert read == 0, (name, [p.line() for p in report.unreadable])
            continue
        s = got[name]
        assert s.ledger is table.ledger, (name, s.ledger and s.ledger.table)
        assert s.read == s.loaded + s.skipped_total + s.rejected
        assert (s.read, s.loaded, s.skipped_total, s.rejected) == (read, len(loaded_rows), skipped, rejected), (
            name, [p.line() for p in s.problems], dict(s.skipped))
    assert not report.unreadable or all(expected[p.file][0] == 0 for p in report.unreadable)

    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = con.execute(f"SELECT source_file, source_row FROM {table.ledger.table} "
                             "ORDER BY source_file, source_row").fetchall()
        others = sum(con.execute(f"SELECT count(*) FROM {lg.table}").fetchall()[0][0]
                     for lg in LEDGERS if lg is not table.ledger)
        files = con.execute("SELECT sum(rows_read), sum(loaded), sum(skipped), sum(rejected) FROM _dash_files"
                            ).fetchall()[0]
    finally:
        con.close()
    want = sorted((name, row) for name, (_, rows, _, _) in expected.items() for row in rows)
    assert stored == want
    assert others == 0
    assert len(stored) == report.loaded
    if report.sheets:
        assert files == (report.read, report.loaded, report.skipped, report.rejected)
