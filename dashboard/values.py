"""Value parsers for cells read from exported ledgers (台账).

Every scalar parser takes a raw cell (``str`` or ``None``) and returns a value,
``None`` for an empty cell, or :class:`Bad` with a reason in Chinese; none of
them raises. :func:`parse_column` parses a whole polars column quickly; the
scalar parsers are the definition and the column path must agree with them.
polars is imported lazily so that importing this module stays cheap.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_UP, Context, Decimal
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    import polars as pl


@dataclass(frozen=True, slots=True)
class Bad:
    """A rejected cell, with a short reason in Chinese naming the value."""

    reason: str


# Exactly the characters for which str.isspace() is true (checked by a test):
# scalar parsers strip them, parse_text collapses runs of them to one space.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
# Placeholders that mean "no value" in a non-boolean column.
EMPTY = frozenset({"-", "--", "—", "——", "–", "/", "－", "／", "无"})
_BOOL_EMPTY = EMPTY - {"无"}  # 无 is a boolean False

# Full-width ASCII forms (０-９, ，, ．, Ｙ …) fold to ASCII; NFKC is not used (it would also
# rewrite characters a value means, such as ㎡ or a compatibility ideograph).
FULL_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
FULL_WIDTH.update({"\u3000": " ", "\uffe5": "\xa5", "\u2212": "-"})  # 全角空格, ￥, − (minus)
_FOLD = str.maketrans(FULL_WIDTH)

# Money units a header or a cell can carry, in yuan.
MONEY_UNITS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "万": Decimal(10000),
               "百万元": Decimal(1000000), "亿元": Decimal(100000000), "亿": Decimal(100000000)}


def fold_width(text: str) -> str:
    """Full-width letters, digits, marks and spaces as their ASCII forms (the one way dash folds width)."""
    return text.translate(_FOLD)


def fold_width_column(series: pl.Series) -> pl.Series:
    """:func:`fold_width` over a polars column of text."""
    return series.str.replace_many(list(FULL_WIDTH), list(FULL_WIDTH.values()))

_CTX = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, rounding=ROUND_HALF_UP)
_CENT = Decimal("0.01")
_EPOCH = date(1899, 12, 30)  # Excel serial day 0 (1900 date system)
_MAX_SERIAL = 2958465  # 9999-12-31
_MULTIPLIERS = frozenset("十百千万亿")

_TIME = r"(?:(?:T|\s+)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?)?"
_YMD = re.compile(r"(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})" + _TIME, re.ASCII)
_CN_YMD = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?" + _TIME, re.ASCII)
_DIGITS8 = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\.0+)?", re.ASCII)
_SERIAL = re.compile(r"(\d+)(?:\.\d+)?", re.ASCII)
# 2024.3, 2024-03, 2024/3, 2024年3月: a month, not a day (2024.3 is no Excel serial either)
_YEAR_MONTH = re.compile(r"(?:19|20)\d{2}(?:[./-](?:0?[1-9]|1[0-2])|年(?:0?[1-9]|1[0-2])月)", re.ASCII)
_NUM = re.compile(
    r"([-+]?)\s*(¥|RMB|人民币)?\s*([-+]?)\s*"
    r"(\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)"
    r"(?:[eE]([-+]?\d{1,6}))?\s*([\u3400-\u9fff]*)",
    re.ASCII,
)
_TRUE = frozenset({"是", "√", "✓", "✔", "有", "y", "yes", "true", "1", "1.0"})
_FALSE = frozenset({"否", "×", "✗", "✘", "无", "n", "no", "false", "0", "0.0"})
_BOOL_NUM = re.compile(r"([01])\.0+", re.ASCII)


def _show(cell: object) -> str:
    """The cell as the user sees it, shortened for a message."""
    text = str(cell).strip()
    return text if len(text) <= 40 else text[:40] + "…"


def _prep(cell: object, empty: frozenset[str] = EMPTY) -> str | None:
    """Strip and fold full-width forms; None for an empty cell or placeholder."""
    if cell is None:
        return None
    s = (cell if isinstance(cell, str) else str(cell)).strip()
    if not s or s in empty:
        return None
    s = fold_width(s)
    return None if s in empty else s


def parse_text(cell: object) -> str | None:
    """Strip, collapse inner whitespace (incl. 全角空格, line breaks) to one space."""
    if cell is None:
        return None
    s = " ".join((cell if isinstance(cell, str) else str(cell)).split())
    return None if not s or s in EMPTY else s


def parse_date(cell: object) -> date | None | Bad:
    """2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, Excel serials, datetimes."""
    s = _prep(cell)
    if s is None:
        return None
    time: tuple[str | None, ...] = (None, None, None)
    if m := _YMD.fullmatch(s):
        y, mo, d, time = m[1], m[3], m[4], m.group(5, 6, 7)
    elif m := _CN_YMD.fullmatch(s):
        y, mo, d, time = m[1], m[2], m[3], m.group(4, 5, 6)
    elif m := _DIGITS8.fullmatch(s):
        y, mo, d = m.groups()
    elif _YEAR_MONTH.fullmatch(s):
        return Bad(f"只有年月、没有日：{_show(cell)}")
    elif m := _SERIAL.fullmatch(s):
        digits = m[1].lstrip("0")
        if not digits or len(digits) > 7 or int(digits) > _MAX_SERIAL:
            return Bad(f"Excel日期序号超出范围：{_show(cell)}")
        return _EPOCH + timedelta(days=int(digits))
    else:
        return Bad(f"无法识别的日期：{_show(cell)}")
    hh, mi, ss = time
    if hh is not None and not (int(hh) < 24 and int(mi or 0) < 60 and int(ss or 0) < 60):
        return Bad(f"无效的时间：{_show(cell)}")
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        return Bad(f"日期不存在：{_show(cell)}")


def parse_bool(cell: object) -> bool | None | Bad:
    """是/否, √/×, ✓/✗, 有/无, Y/N, yes/no, 1/0, 1.0/0.0, TRUE/FALSE (any case)."""
    s = _prep(cell, _BOOL_EMPTY)
    if s is None:
        return None
    key = s.lower()
    if m := _BOOL_NUM.fullmatch(key):
        key = m[1]
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    return Bad(f"无法识别的是/否值：{_show(cell)}")


def _number(s: str) -> tuple[Decimal, bool, str] | None:
    """(value, has currency sign, trailing CJK unit) of a numeric cell, or None."""
    m = _NUM.fullmatch(s)
    if not m or (m[1] and m[3]):
        return None
    v = Decimal(m[4].replace(",", "") + (f"e{m[5]}" if m[5] else ""))
    return (-v if "-" in (m[1], m[3]) else v), bool(m[2]), m[6]


def _cents(v: Decimal, cell: object) -> Decimal | Bad:
    """Round half up to 0.01 and check it fits DECIMAL(14,2)."""
    if v and v.adjusted() >= 13:
        return Bad(f"数值超出范围：{_show(cell)}")
    q = v.quantize(_CENT, context=_CTX)
    if q and q.adjusted() >= 12:
        return Bad(f"数值超出范围：{_show(cell)}")
    return q


def parse_money(cell: object, scale: Decimal = Decimal(1)) -> Decimal | None | Bad:
    """Yuan, 2 decimals: 5,800.00 / ¥5800 / 5800元 / 0.58万元 / 5.8E3.

    ``scale`` (10000 under a 万元 header) applies to bare numbers only; a 元 or
    万元 suffix says the unit itself.
    """
    s = _prep(cell)
    if s is None:
        return None
    n = _number(s)
    if n is None:
        return Bad(f"无法识别的金额：{_show(cell)}")
    v, _, unit = n
    factor = Decimal(scale) if unit == "" else MONEY_UNITS.get(unit)
    if factor is None:
        return Bad(f"无法识别的金额单位：{_show(cell)}")
    return _cents(_CTX.multiply(v, factor), cell)


def parse_decimal(cell: object) -> Decimal | None | Bad:
    """A plain number (e.g. 学时), 2 decimals; a trailing unit like 学时 is dropped."""
    s = _prep(cell)
    if s is None:
        return None
    n = _number(s)
    if n is None:
        return Bad(f"无法识别的数值：{_show(cell)}")
    if n[2][:1] in _MULTIPLIERS:
        return Bad(f"数值带有数量单位，无法换算：{_show(cell)}")
    return _cents(n[0], cell)


def parse_int(cell: object) -> int | None | Bad:
    """12, 12.0, 1,200, １２, 12人 / 12份 / 12天; 12.5 is not a whole number."""
    s = _prep(cell)
    if s is None:
        return None
    n = _number(s)
    if n is None or n[1]:
        return Bad(f"无法识别的整数：{_show(cell)}")
    v, _, unit = n
    if unit[:1] in _MULTIPLIERS:
        return Bad(f"数值带有数量单位，无法换算：{_show(cell)}")
    if v and v.adjusted() > 18:
        return Bad(f"数值超出范围：{_show(cell)}")
    if v != v.to_integral_value(context=_CTX):
        return Bad(f"不是整数：{_show(cell)}")
    i = int(v)
    if not -(2**63) <= i < 2**63:
        return Bad(f"数值超出范围：{_show(cell)}")
    return i


# The scalar parser of each kind of column (ledgers.ColumnType names them).
SCALAR: dict[str, Callable[[Any], Any]] = {
    "TEXT": parse_text,
    "DATE": parse_date,
    "INT": parse_int,
    "MONEY": parse_money,
    "BOOL": parse_bool,
    "DECIMAL": parse_decimal,
}


# --- vectorised column parsing ---------------------------------------------------

_D = "[0-9]"  # the Rust regex \d is Unicode-aware; be explicit
_FAST_TIME = rf"(?:[ T](?:[01]?{_D}|2[0-3]):[0-5]{_D}(?::[0-5]{_D}(?:\.{_D}+)?)?)?"
_FAST_YMD = rf"^({_D}{{4}})([-/.年])({_D}{{1,2}})([-/.月])({_D}{{1,2}})(日?){_FAST_TIME}$"
_FAST_8 = rf"^({_D}{{4}})({_D}{{2}})({_D}{{2}})(?:\.0+)?$"
_FAST_SERIAL = rf"^({_D}{{1,7}})(?:\.{_D}+)?$"
_FAST_INT = rf"^([+-]?{_D}{{1,18}})(?:\.0+)?$"
_FAST_DEC = rf"^[+-]?(?:{_D}{{1,12}}|{_D}{{1,3}}(?:,{_D}{{3}}){{1,3}})(?:\.{_D}{{1,2}})?$"


def _fast_date(st: pl.Series, scale: Decimal) -> pl.Series:
    """ISO dates through polars' own parser first (most cells), the rest by regex."""
    import polars as pl

    iso = st.str.to_date("%Y-%m-%d", strict=False)
    # only exact ISO shapes count here; anything else takes the regex path
    shape = pl.lit(st).str.contains(rf"^{_D}{{4}}-{_D}{{2}}-{_D}{{2}}$") & (pl.lit(iso).dt.year() >= 1)
    iso = pl.select(pl.when(shape).then(pl.lit(iso)))
    iso = iso.to_series()
    rest = iso.is_null() & st.is_not_null()
    if not rest.any():
        return iso
    idx = rest.arg_true()
    return iso.scatter(idx, _regex_date(st.gather(idx)))


def _regex_date(st: pl.Series) -> pl.Series:
    import polars as pl

    s, c = pl.col("s"), pl.col
    df = pl.DataFrame({"s": st}).select(
        g=s.str.extract_groups(_FAST_YMD).struct.rename_fields(["y", "s1", "m", "s2", "d", "x"]),
        g8=s.str.extract_groups(_FAST_8).struct.rename_fields(["y8", "m8", "d8"]),
        n=s.str.extract(_FAST_SERIAL).cast(pl.Int32),
    ).unnest("g", "g8")
    s1, s2 = c("s1"), c("s2")
    ok = ((s1 == s2) & s1.is_in(["-", "/", "."]) & (c("x") == "")) | ((s1 == "年") & (s2 == "月"))
    df = df.select(c("n"), *(pl.when(ok).then(c(k)).otherwise(c(f"{k}8")).cast(pl.Int32) for k in "ymd"))
    y, m, d, n = c("y"), c("m"), c("d"), c("n")
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    days = pl.when(m == 2).then(28 + leap.cast(pl.Int32)).otherwise(30 + (m + m // 8) % 2)
    df = df.with_columns(ok=(y >= 1) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= days))
    ok, one = c("ok"), pl.lit(1, pl.Int32)
    made = pl.date(pl.when(ok).then(y).otherwise(one), pl.when(ok).then(m).otherwise(one),
                   pl.when(ok).then(d).otherwise(one))
    month_only = pl.lit(st).str.contains(f"^(?:{_YEAR_MONTH.pattern})$")
    serial = pl.when((n >= 1) & (n <= _MAX_SERIAL) & ~month_only).then((n - 25569).cast(pl.Date))
    return df.select(pl.coalesce(pl.when(ok).then(made), serial)).to_series()


def _fast_bool(st: pl.Series, scale: Decimal) -> pl.Series:
    import polars as pl

    table = {k: True for k in _TRUE} | {k: False for k in _FALSE}
    return st.str.to_lowercase().replace_strict(table, default=None, return_dtype=pl.Boolean)


def _fast_int(st: pl.Series, scale: Decimal) -> pl.Series:
    import polars as pl

    s = pl.col("s")
    commas = s.str.contains(rf"^[+-]?{_D}{{1,3}}(?:,{_D}{{3}}){{1,5}}$")
    text = pl.when(commas).then(s.str.replace_all(",", "")).otherwise(s)
    return pl.DataFrame({"s": st}).select(text.str.extract(_FAST_INT).cast(pl.Int64)).to_series()


def _fast_money(st: pl.Series, scale: Decimal) -> pl.Series:
    import polars as pl

    k = {Decimal(10**i): i for i in range(11)}.get(Decimal(scale))
    if k is None:  # only 10**k scales keep bare numbers exact here; others go scalar
        return pl.repeat(None, len(st), dtype=pl.Decimal(14, 2), eager=True)
    s = pl.col("s")
    ok = s.str.contains(_FAST_DEC) & (s.str.replace_all(r"[+\-,]|\..*", "").str.len_chars() <= 12 - k)
    num = pl.DataFrame({"s": st}).select(pl.when(ok).then(s.str.replace_all(",", ""))).to_series()
    num = num.cast(pl.Decimal(14, 2), strict=False)
    return (num * 10**k).cast(pl.Decimal(14, 2)) if k else num


_FAST: dict[str, Callable[[Any, Decimal], Any]] = {
    "DATE": _fast_date,
    "BOOL": _fast_bool,
    "INT": _fast_int,
    "MONEY": _fast_money,
    "DECIMAL": lambda st, scale: _fast_money(st, Decimal(1)),
}


def parse_column(
    values: pl.Series, kind: str, scale: Decimal = Decimal(1)
) -> tuple[pl.Series, dict[int, str]]:
    """Parse a column of kind ``kind`` (a ledgers.ColumnType value: TEXT, DATE, INT, BOOL, MONEY,
    DECIMAL): (Series of the store dtype, {row index: reason} for Bad cells).

    A vectorised pass handles the common forms; only non-empty cells it leaves
    null go through the scalar parser (once per distinct value).
    """
    import polars as pl

    if kind not in SCALAR:
        raise ValueError(f"unknown column kind {kind!r}")
    dtypes = {"TEXT": pl.String, "DATE": pl.Date, "INT": pl.Int64, "BOOL": pl.Boolean}
    dtype = dtypes.get(kind, pl.Decimal(14, 2))
    s = values if values.dtype == pl.String else values.cast(pl.String)
    if kind == "TEXT":
        t = s.str.replace_all(f"[{WHITESPACE}]+", " ").str.strip_chars(" ")
        t = pl.select(pl.when(pl.lit(t).is_in(["", *EMPTY])).then(None).otherwise(pl.lit(t)))
        return t.to_series().alias(values.name), {}

    def scalar(cell: str) -> Any:
        return parse_money(cell, scale) if kind == "MONEY" else SCALAR[kind](cell)

    st = s.str.strip_chars(WHITESPACE)
    empty = st.is_null() | st.is_in(["", *(_BOOL_EMPTY if kind == "BOOL" else EMPTY)])
    out = _FAST[kind](st, scale).cast(dtype)
    idx = (out.is_null() & ~empty).arg_true()
    reasons: dict[int, str] = {}
    if len(idx):
        cache: dict[str, Any] = {}
        fixed: list[Any] = []
        for i, cell in zip(idx.to_list(), s.gather(idx).to_list()):
            r = cache[cell] if cell in cache else cache.setdefault(cell, scalar(cell))
            if isinstance(r, Bad):
                reasons[i] = r.reason
                r = None
            fixed.append(r)
        out = out.scatter(idx, pl.Series(fixed, dtype=dtype))
    return out.alias(values.name), reasons


def canonical_choice(value: str, choices: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    """The canonical value ``value`` writes (环境影响报告表 → 报告表, 报告书（审批） → 报告书), or None.

    Only the spellings declared are taken: a bracket is not simply dropped, since
    党组会议（扩大） is not a 党组会议."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
    for canonical, others in choices:
        if key == canonical or key in others:
            return canonical
    return None


def unify_choices(series: pl.Series, choices: tuple[tuple[str, tuple[str, ...]], ...]
                  ) -> tuple[pl.Series, dict[str, str], dict[str, int]]:
    """(series with canonical values, {written: canonical} applied, {value not known: rows})."""
    mapping: dict[str, str] = {}
    unknown: dict[str, int] = {}
    for value, count in series.drop_nulls().value_counts().iter_rows():
        canonical = canonical_choice(value, choices)
        if canonical is None:
            unknown[value] = count
        elif canonical != value:
            mapping[value] = canonical
    if mapping:
        series = series.replace(mapping)
    return series, mapping, unknown
