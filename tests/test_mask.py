"""The masker on its own: names and numbers found by set lookup, loaded only when needed."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings, strategies as st

from dashboard.mask import Masker, mask_name
from dashboard.personal import personal_values, store_values


def test_names_inside_text_longest_first_and_every_occurrence():
    m = Masker(["张三", "张三丰", "李四"])
    assert m.text("张三丰与张三、李四来访") == "张**与张*、李*来访"
    assert m.text("无人") == "无人"


def test_numbers_only_as_whole_digit_runs():
    m = Masker([], numbers=["7461234"])
    assert m.text("电话7461234。") == "电话****234。"
    assert m.text("编号174612345") == "编号174612345"  # the number inside a longer run is another number


def test_phones_and_ids_by_pattern_without_the_store():
    calls = []
    m = Masker(loader=lambda: calls.append(1) or (set(), set()))
    assert m.text("13812345678") == "138****5678"
    assert m.any(21) == 21 and m.any(2024.5) == 2024.5
    assert calls == []  # a count, a short number, a masked phone: the store's names were never needed
    m.text("群众来访")
    m.text("群众来访")
    assert calls == [1]  # text with letters needs them: read once


def test_personal_values_split_people_and_keep_digits():
    names, numbers = personal_values(["张三、李四", "匿名", "王五 0746-12345", "13812345678", "X"])
    assert names == {"张三", "李四", "王五"}
    assert {"074612345", "13812345678"} <= numbers


def test_store_values_match_personal_values():
    from dashboard import store
    from dashboard.ledgers import LEDGERS

    con = duckdb.connect()
    for lg in LEDGERS:
        con.execute(store.ddl(lg))
    values = [("张三、李四", "13812345678", "龙泉镇"), ("匿名", "0746-1234567", "陶岭镇"), ("王五；赵六", None, None),
              (None, "７４６１２３４５", None), ("  孙七 ", "不详", None), ("陶岭镇", None, None)]
    con.executemany("INSERT INTO petitions (petitioner, phone, township) VALUES (?, ?, ?)", values)
    got = store_values(con)
    assert got == personal_values([v for row in values for v in row[:2] if v is not None], {"龙泉镇", "陶岭镇"})
    assert got[0] == {"张三", "李四", "王五", "赵六", "孙七"}  # 陶岭镇 is a place: not a name to look for
    assert {"13812345678", "07461234567", "74612345"} <= got[1]


names_st = st.lists(st.text(alphabet="张王李赵三四五六丰明华", min_size=2, max_size=4), min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(names=names_st, text=st.text(alphabet="张王李赵三四五六丰明华，来访的 ", max_size=40))
def test_scan_agrees_with_a_longest_first_alternation(names, text):
    import re

    alternation = re.compile("|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True)))
    assert Masker(names).text(text) == alternation.sub(lambda m: mask_name(m.group(0)), text)


@pytest.mark.parametrize("enabled", [True, False])
def test_disabled_masker_passes_everything(enabled):
    m = Masker(["张三"], enabled=enabled)
    assert (m.text("张三 13812345678") == "张三 13812345678") is not enabled


def test_error_messages_are_masked_and_never_raise():
    m = Masker(["张三丰"])
    assert m.message(ValueError("could not convert '张三丰'\nLINE 1")) == "could not convert '张**'"

    def unreadable():
        raise OSError("store gone")

    shown = Masker(loader=unreadable).message(ValueError("could not convert '张三丰'"))
    assert "张三丰" not in shown and "已隐去" in shown
    assert Masker(enabled=False).message(ValueError("张三丰")) == "张三丰"


@pytest.mark.parametrize("text, shown", [
    ("家住北凯村3组12号，噪声扰民", "家住北凯村*组**号，噪声扰民"),
    ("润丰小区5栋2单元301室楼下饭店油烟", "润丰小区*栋*单元***室楼下饭店油烟"),
    ("住建设路88号3号楼", "住建设路**号*号楼"),
    # not addresses: a case number, a unit of a course, counts, dates
    ("新环罚〔2025〕1号", "新环罚〔2025〕1号"),
    ("第2单元学习行政处罚法", "第2单元学习行政处罚法"),
    ("2024年3月共3起", "2024年3月共3起"),
])
def test_house_numbers_of_addresses_are_masked(text, shown):
    assert Masker([]).text(text) == shown
    assert Masker([], enabled=False).text(text) == text


def test_a_placeholder_in_a_personal_column_is_shown_as_it_is():
    m = Masker(["张三"])
    assert m.value("petitioner", "匿名") == "匿名"  # says nobody: nothing to hide, and 匿* reads as a name
    assert m.value("petitioner", " 不详 ") == " 不详 "
    assert m.value("petitioner", "张三") == "张*"
    assert m.value("投诉人", "李四") == "李*"  # any name in the column, known or not
