"""Defects found by a security review of the masker, each pinned by a test.

A name written with a space inside its own PII cell, numbers glued into one long run by
ad-hoc SQL, phone and ID numbers spelled with spaced groups, a PII value quoted in an
ingest conflict, and the invisible characters and tabs the output sanitiser lets through.
"""

from __future__ import annotations

import pytest

from dashboard.mask import Masker, mask_cell, mask_digits
from dashboard.personal import personal_values


# ------------------------------------------------------------ 1. a name with a space in its own cell

@pytest.mark.parametrize("cell, shown", [
    ("司马 光", "司* *"),
    ("周\u3000芷若", "周\u3000**"),
    ("欧阳 娜娜", "欧* **"),
    ("欧阳\u3000娜娜", "欧*\u3000**"),
    # already handled, and must stay so
    ("张\u3000三", "张\u3000*"),
    ("李四等3人", "李*等3人"),
    ("王五（村民代表）", "王*（村民代表）"),
    ("王五 村民代表", "王* 村民代表"),               # a role word beside a name stays
    ("吴十 13900008888", "吴* 139****8888"),
    ("ZHANG WEI", "Z**** W**"),
])
def test_a_spaced_name_is_masked_whole_in_its_cell(cell: str, shown: str) -> None:
    assert mask_cell(cell) == shown


def test_a_spaced_name_is_known_in_free_text() -> None:
    names, _ = personal_values(["司马 光", "周\u3000芷若", "欧阳 娜娜"])
    assert {"司马光", "周芷若", "欧阳娜娜"} <= names
    m = Masker(names)
    assert m.text("司马光反映噪声扰民") == "司**反映噪声扰民"
    assert m.text("周芷若来电") == "周**来电"
    assert m.text("欧阳娜娜、司马 光联名") == "欧***、司* *联名"


# ------------------------------------------------------------ 2. numbers glued into one run by ad-hoc SQL

@pytest.mark.parametrize("text, shown", [
    ("139000088881390000111113900002222", "139**************************2222"),       # string_agg(phone, '')
    ("13900008888139-0000-1111", "139***********-****-1111"),                          # mixed spellings
    ("139-0000-8888139.0000.2222", "139-****-*******.****.2222"),
    ("0746123456713900008888", "074***************8888"),
    ("+86 139 0000 4444139000088880746-1234567", "+86 1** **** *******************-***4567"),
    ("张三 13900008888，李四 13900001111", "张三 139****8888，李四 139****1111"),   # separate numbers: as before
])
def test_a_long_glued_run_of_digits_is_masked(text: str, shown: str) -> None:
    assert mask_digits(text) == shown
    assert Masker([]).text(text) == shown
    assert Masker([]).any(text) == shown


@pytest.mark.parametrize("text", [
    "新环罚〔2024〕12号", "2024-03-01 2024-03-05", "20240301103000", "罚款999999999999.99元",
    "备案号202343112800000032", "12 5 8 130 22 17 3 9 41 2 6", "2021 2022 2023 2024 2025",
    "合计 1234567 2345678",
])
def test_ordinary_long_numbers_stay(text: str) -> None:
    assert mask_digits(text) == text
    assert Masker([]).text(text) == text


def test_amounts_as_numbers_stay() -> None:
    from decimal import Decimal

    m = Masker([])
    assert m.any(Decimal("999999999999.99")) == Decimal("999999999999.99")
    assert m.any(5999999999999) == 5999999999999


# ------------------------------------------------------------ 3. phone and ID spellings with spaced groups

@pytest.mark.parametrize("text, shown", [
    ("电话139 - 0000 - 2626", "电话139 - **** - 2626"),
    ("电话 1 3 9 0 0 0 0 9 9 9 9", "电话 1 3 9 * * * * 9 9 9 9"),
    ("id 4311 2819 8001 0112 34", "id 431* **** **** **12 34"),
    ("证 4311 2819 8001 0112 3x", "证 431* **** **** **12 3x"),
    ("电话１３９　－　００００　－　２６２６", "电话１３９　－　****　－　２６２６"),
])
def test_spaced_phone_and_id_spellings_are_masked(text: str, shown: str) -> None:
    assert mask_digits(text) == shown
    assert Masker([]).text(text) == shown


def test_spaced_spellings_in_a_cell() -> None:
    assert mask_cell("司马光 139 - 0000 - 2626") == "司** 139 - **** - 2626"


@pytest.mark.parametrize("text", [
    "2024 年 1 3 件", "2024 年 1 月 3 日 共 12 件", "2024 03 01", "1 250 000 元", "第 1 3 5 7 9 号",
    "13 25 8 130 22 1 件",  # counts written one after another: eleven digits, not a phone
    "2023-2024-2025年度", "共 139 - 140 户", "5.8 万元 12.5 吨",
])
def test_spaced_ordinary_numbers_stay(text: str) -> None:
    assert mask_digits(text) == text
    assert Masker([]).text(text) == text
