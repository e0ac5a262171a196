"""Tests for dashboard.values: the cell parsers and the vectorised column parser."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.values import (
    SCALAR,
    WHITESPACE,
    Bad,
    parse_bool,
    parse_column,
    parse_date,
    parse_decimal,
    parse_int,
    parse_money,
    parse_text,
)

D = Decimal
W = D(10000)
FW = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")  # to full width


# --- table-driven: what must parse -------------------------------------------------

@pytest.mark.parametrize(
    "cell, expected",
    [
        ("2024-03-05", date(2024, 3, 5)),
        ("2024/3/5", date(2024, 3, 5)),
        ("2024.3.5", date(2024, 3, 5)),
        ("2024年3月5日", date(2024, 3, 5)),
        ("2024年03月05日", date(2024, 3, 5)),
        (" 2024 年 3 月 5 日 ", date(2024, 3, 5)),
        ("２０２４年３月５日", date(2024, 3, 5)),
        ("２０２４－０３－０５", date(2024, 3, 5)),
        ("2024年3月5", date(2024, 3, 5)),
        ("20240305", date(2024, 3, 5)),
        ("20240305.0", date(2024, 3, 5)),
        ("45356", date(2024, 3, 5)),
        ("45356.0", date(2024, 3, 5)),
        ("45356.75", date(2024, 3, 5)),
        ("1", date(1899, 12, 31)),
        ("2958465", date(9999, 12, 31)),
        ("2024-03-06 00:00:00", date(2024, 3, 6)),
        ("2024-03-06 00:00:00.000000", date(2024, 3, 6)),
        ("2024-03-06T08:30:00", date(2024, 3, 6)),
        ("2024/3/6 8:30", date(2024, 3, 6)),
        ("2024年3月6日 8:30", date(2024, 3, 6)),
        ("2024-02-29", date(2024, 2, 29)),
        ("1900-01-01", date(1900, 1, 1)),
        ("\u30002024-03-05\n", date(2024, 3, 5)),
        (None, None),
        ("", None),
        ("   ", None),
        ("\u3000", None),
        ("-", None),
        ("—", None),
        ("/", None),
        ("无", None),
    ],
)
def test_parse_date(cell, expected):
    assert parse_date(cell) == expected


@pytest.mark.parametrize(
    "cell, expected",
    [
        *[(c, True) for c in ["是", "√", "✓", "有", "Y", "y", "yes", "YES", "Yes", "1", "1.0",
                              "TRUE", "true", "True", " 是 ", "Ｙ", "１"]],
        *[(c, False) for c in ["否", "×", "✗", "无", "N", "n", "no", "NO", "0", "0.0",
                               "FALSE", "false", "False", "\u3000否"]],
        (None, None), ("", None), ("  ", None), ("-", None), ("/", None), ("—", None),
    ],
)
def test_parse_bool(cell, expected):
    assert parse_bool(cell) is expected


@pytest.mark.parametrize(
    "cell, scale, expected",
    [
        ("5800", 1, D("5800.00")),
        ("5,800.00", 1, D("5800.00")),
        ("5800元", 1, D("5800.00")),
        ("¥5,800", 1, D("5800.00")),
        ("￥5800", 1, D("5800.00")),
        ("¥ 5800.5", 1, D("5800.50")),
        ("5800.5", 1, D("5800.50")),
        ("0.58万元", 1, D("5800.00")),
        ("0.58万", 1, D("5800.00")),
        ("５，８００", 1, D("5800.00")),
        ("５８００．５元", 1, D("5800.50")),
        ("5.8E3", 1, D("5800.00")),
        ("5.8e+3", 1, D("5800.00")),
        ("1.2345", 1, D("1.23")),
        ("0.005", 1, D("0.01")),  # half up
        ("-5800", 1, D("-5800.00")),
        ("−5800", 1, D("-5800.00")),
        ("1,234,567.891", 1, D("1234567.89")),
        ("999999999999.99", 1, D("999999999999.99")),
        # a 万元 header scales bare numbers only
        ("0.58", W, D("5800.00")),
        ("5800元", W, D("5800.00")),
        ("0.58万元", W, D("5800.00")),
        ("¥0.58", W, D("5800.00")),
        ("1.23456", W, D("12345.60")),
        (None, 1, None), ("", 1, None), ("-", 1, None), ("无", 1, None), ("/", W, None),
    ],
)
def test_parse_money(cell, scale, expected):
    assert parse_money(cell, D(scale)) == expected


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("12", 12), ("12.0", 12), ("1,200", 1200), ("１２", 12), ("12人", 12), ("12份", 12),
        ("12天", 12), ("12 人", 12), ("+7", 7), ("-3", -3), ("1.2E3", 1200), ("007", 7),
        ("9223372036854775807", 2**63 - 1), (None, None), ("", None), ("-", None), ("无", None),
    ],
)
def test_parse_int(cell, expected):
    assert parse_int(cell) == expected


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("1.5", D("1.50")), ("2", D("2.00")), ("2学时", D("2.00")), ("1.5 小时", D("1.50")),
        ("1,000.125", D("1000.13")), ("３．５", D("3.50")), ("5800元", D("5800.00")),
        (None, None), ("—", None),
    ],
)
def test_parse_decimal(cell, expected):
    assert parse_decimal(cell) == expected


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("新环罚〔2024〕1号", "新环罚〔2024〕1号"),
        ("  罚款\u3000\u30005800元\n整 ", "罚款 5800元 整"),
        ("a\r\n\tb", "a b"),
        ("（全角括号）", "（全角括号）"),
        ("ＡＢＣ", "ＡＢＣ"),  # no NFKC
        (None, None), ("", None), (" \u3000\n", None), ("-", None), ("/", None), ("无", None),
    ],
)
def test_parse_text(cell, expected):
    assert parse_text(cell) == expected


# --- table-driven: what must be rejected, with a reason naming the value ----------

BAD_CASES = [
    (parse_date, "2024-02-30"), (parse_date, "2024-13-01"), (parse_date, "2023-02-29"),
    (parse_date, "2024-13-05"), (parse_date, "20241301"), (parse_date, "0000-01-01"),
    (parse_date, "abc"), (parse_date, "2024-03"), (parse_date, "3/5/2024"),
    (parse_date, "2024-3/5"), (parse_date, "2024-03-05日"), (parse_date, "0"),
    (parse_date, "-45356"), (parse_date, "2958466"), (parse_date, "123456789"),
    (parse_date, "2024-03-06 25:00"), (parse_date, "2024-03-06 08:61"), (parse_date, "是"),
    (parse_bool, "maybe"), (parse_bool, "对"), (parse_bool, "2"), (parse_bool, "1.5"),
    (parse_bool, "是否"),
    (parse_money, "abc"), (parse_money, "5800美元"), (parse_money, "5,80"),
    (parse_money, "1e20"), (parse_money, "1000000000000"), (parse_money, "5.8.1"),
    (parse_money, "--5"), (parse_money, "-¥-5"), (parse_money, "nan"), (parse_money, "Infinity"),
    (parse_int, "12.5"), (parse_int, "abc"), (parse_int, "3万人"), (parse_int, "¥12"),
    (parse_int, "9223372036854775808"), (parse_int, "1e-3"), (parse_int, "12 pcs"),
    (parse_decimal, "1.5万"), (parse_decimal, "abc"), (parse_decimal, "1e13"),
]


@pytest.mark.parametrize("parser, cell", BAD_CASES)
def test_bad_has_reason_with_value(parser, cell):
    result = parser(cell)
    assert isinstance(result, Bad)
    assert result.reason and cell in result.reason


def test_bad_reason_is_shortened_for_long_values():
    result = parse_date("x" * 1000)
    assert isinstance(result, Bad) and len(result.reason) < 80


def test_whitespace_constant_matches_str_isspace():
    assert set(WHITESPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}


def test_parsers_keyed_by_column_type():
    from dashboard.ledgers import ColumnType

    assert set(SCALAR) == {t.value for t in ColumnType}
    assert SCALAR["MONEY"] is parse_money and SCALAR["DECIMAL"] is parse_decimal
    assert ColumnType.MONEY.sql == ColumnType.DECIMAL.sql == "DECIMAL(14,2)"
    assert ColumnType.MONEY.parse("0.58万元") == D("5800.00")


# --- properties --------------------------------------------------------------------

SCALARS = [parse_date, parse_bool, parse_int, parse_decimal, parse_money, parse_text]
NOISE = " 0123456789-/.,:T年月日万元人¥+eE是否无√×YyNn\u3000\n０１，"


@settings(max_examples=300)
@given(cell=st.one_of(st.none(), st.text(), st.text(alphabet=NOISE)))
def test_parsers_never_raise(cell):
    for parser in SCALARS:
        result = parser(cell)
        assert result is None or isinstance(result, (Bad, date, bool, int, Decimal, str))
        if isinstance(result, Bad):
            assert result.reason
    assert parse_money(cell, W) is None or isinstance(parse_money(cell, W), (Bad, Decimal))


def date_styles(d: date) -> list[str]:
    y, m, dd = f"{d.year:04d}", d.month, d.day
    return [
        f"{y}-{m:02d}-{dd:02d}", f"{y}/{m}/{dd}", f"{y}.{m}.{dd}", f"{y}年{m}月{dd}日",
        f"{y} 年 {m:02d} 月 {dd} 日", f"{y}年{m}月{dd}日".translate(FW), f"{y}{m:02d}{dd:02d}",
        f"{y}-{m:02d}-{dd:02d} 00:00:00", f"{y}-{m:02d}-{dd:02d}T08:30:00", f"{y}/{m}/{dd} 8:30",
        f"{y}-{m:02d}-{dd:02d} 23:59:59.999999",
    ]


@given(st.dates(min_value=date(1, 1, 1)))
def test_date_round_trip(d):
    for text in date_styles(d):
        assert parse_date(text) == d, text


@given(st.dates(min_value=date(1899, 12, 31)), st.sampled_from(["", ".0", ".25", ".999"]))
def test_excel_serial_round_trip(d, frac):
    serial = (d - date(1899, 12, 30)).days
    if len(str(serial)) < 8:
        assert parse_date(f"{serial}{frac}") == d


MONEY = st.decimals(min_value=D("-99999999.99"), max_value=D("99999999.99"), places=2,
                    allow_nan=False, allow_infinity=False)


@given(MONEY)
def test_money_round_trip(v):
    styles = [f"{v}", f"{v:,}", f"{v}元", f"¥{v:,}", f"{v:,}".translate(FW), f"{v:E}",
              f"{v / 10000}万元", f" {v} 元 "]
    for text in styles:
        assert parse_money(text) == v, text
    assert parse_money(f"{v / 10000}", W) == v
    assert parse_money(f"{v}元", W) == v
    assert parse_decimal(f"{v:,}") == v


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_int_round_trip(n):
    for text in [str(n), f"{n:,}", f"{n}.0", f"{n}人", str(n).translate(FW)]:
        assert parse_int(text) == n, text


# --- parse_column agrees with the scalar parsers -----------------------------------

def _styled_dates(draw_date: date, i: int) -> str:
    return date_styles(draw_date)[i % 11]


CELL = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "-", "—", "/", "无", "－", "是", "否", "Y", "n", "TRUE", "√", "×",
                     "1", "0", "1.0", "1.00", "Yes", "有", "abc", "12人", "3万人", "12.5",
                     "5,800.00", "0.58万元", "5800元", "¥5,800", "5.8E3", "1e20",
                     "1,2", "+7", "-0", "007", "45356", "45356.0", "0", "2958466", "00000000",
                     "20240305", "20241301", "0000-01-01", "2024-02-30", "2024-3/5", "2024-03-05日",
                     "2024-03-06 25:00", "2024年3-5", "\x1c2024-03-05\x1c", "９", "99999999.99"]),
    st.builds(_styled_dates, st.dates(min_value=date(1, 1, 1)), st.integers(0, 10)),
    st.integers(-(10**20), 10**20).map(str),
    st.integers(-(10**7), 10**7).map(lambda n: f"{n:,}"),
    MONEY.map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=4,
                min_value=-(10**13), max_value=10**13).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(str),
    st.text(alphabet=NOISE, max_size=12),
    st.text(max_size=8),
)


def _check_column(cells, type_, scale=D(1)):
    series = pl.Series("c", cells, dtype=pl.String)
    out, reasons = parse_column(series, type_, scale)
    if type_ == "MONEY":
        expected = [parse_money(c, scale) for c in cells]
    else:
        expected = [SCALAR[type_](c) for c in cells]
    assert out.name == "c" and len(out) == len(cells)
    got = out.to_list()
    for i, (g, e) in enumerate(zip(got, expected)):
        assert g == (None if isinstance(e, Bad) else e), (i, cells[i], g, e)
        if type_ == "BOOL" and g is not None:
            assert g is e
    assert reasons == {i: e.reason for i, e in enumerate(expected) if isinstance(e, Bad)}
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(CELL, max_size=40))
def test_parse_column_agrees_with_scalar(cells):
    assert _check_column(cells, "DATE").dtype == pl.Date
    assert _check_column(cells, "BOOL").dtype == pl.Boolean
    assert _check_column(cells, "INT").dtype == pl.Int64
    assert _check_column(cells, "MONEY").dtype == pl.Decimal(14, 2)
    _check_column(cells, "MONEY", W)
    _check_column(cells, "DECIMAL")
    assert _check_column(cells, "TEXT").dtype == pl.String


@pytest.mark.parametrize("scale", [D(1), D(10), D(10000), D("0.5"), D(3)])
def test_parse_column_scales(scale):
    _check_column(["5800", "1,200.50", "0.58万元", "5800元", "x", None, "99999999.99"], "MONEY", scale)


def test_parse_column_fixed_examples():
    out, reasons = parse_column(
        pl.Series(["2024-03-05", "2024年3月5日", "45356", None, "-", "2024-02-30", "foo"]), "DATE")
    assert out.to_list() == [date(2024, 3, 5)] * 3 + [None] * 4
    assert reasons == {5: "日期不存在：2024-02-30", 6: "无法识别的日期：foo"}


def test_parse_column_non_string_input():
    out, reasons = parse_column(pl.Series([45356.0, None, 1.5e20]), "DATE")
    assert out.to_list()[:2] == [date(2024, 3, 5), None] and list(reasons) == [2]
    out, _ = parse_column(pl.Series([5800.5, 12.0]), "MONEY")
    assert out.to_list() == [D("5800.50"), D("12.00")]
    out, _ = parse_column(pl.Series([True, False, None]), "BOOL")
    assert out.to_list() == [True, False, None]
    out, _ = parse_column(pl.Series([None, None]), "INT")
    assert out.dtype == pl.Int64 and out.to_list() == [None, None]


@pytest.mark.parametrize(
    "type_, cells",
    [
        ("DATE", ["2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "20240305", "45356",
                  "45356.0", "2024-03-06 00:00:00", "2024-03-06T08:30:00", "2024/3/6 8:30"]),
        ("BOOL", ["是", "否", "√", "×", "有", "无", "Y", "n", "1", "0.0", "TRUE", "false"]),
        ("INT", ["12", "12.0", "1,200", "-3", "+7"]),
        ("MONEY", ["5800", "5,800.00", "5800.5", "-1.25", "999999999999.99"]),
    ],
)
def test_fast_path_covers_common_forms(type_, cells, monkeypatch):
    """The common forms never reach the (slow) scalar fallback."""
    import dashboard.values as values

    def boom(*args):
        raise AssertionError(f"scalar fallback used for {args}")

    monkeypatch.setitem(values.SCALAR, type_, boom)
    monkeypatch.setattr(values, "parse_money", boom)
    out, reasons = parse_column(pl.Series(cells), type_)
    assert out.null_count() == 0 and reasons == {}


def test_parse_column_unknown_type():
    with pytest.raises(ValueError):
        parse_column(pl.Series(["x"]), "BLOB")


def test_import_does_not_load_polars():
    root = Path(__file__).resolve().parents[1]
    code = "import sys, dashboard.values; print('polars' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize("text", ["2024.3", "2024.12", "2024-03", "2024/3", "2024年3月"])
def test_a_year_and_month_without_a_day_is_said_to_be_so(text):
    from dashboard.values import Bad, parse_column, parse_date

    got = parse_date(text)
    assert isinstance(got, Bad) and "只有年月" in got.reason
    series, errors = parse_column(pl.Series([text, "45356"]), "DATE", Decimal(1))
    assert series.to_list() == [None, date(2024, 3, 5)] and "只有年月" in errors[0]


def test_choices_take_declared_spellings_only():
    from dashboard.ledgers import BY_TABLE
    from dashboard.values import canonical_choice

    meeting = BY_TABLE["study_sessions"].column("meeting_type").choices
    doc = BY_TABLE["permits"].column("doc_type").choices
    assert canonical_choice("党组会议（扩大）", meeting) == "党组扩大会议"
    assert canonical_choice(" 党组（扩大）会议 ", meeting) == "党组扩大会议"
    assert canonical_choice("党组会议（3）", meeting) is None  # a bracket is not simply dropped
    assert canonical_choice("报告书（审批）", doc) == "报告书"
    assert canonical_choice("环境影响报告表", doc) == "报告表"
    assert canonical_choice("排污许可", doc) is None
