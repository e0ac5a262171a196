"""The masker on personal data written the ways real ledgers write it.

A PII cell's whole personal content, names collected from decorated cells, full-width
digits and spaced or dotted numbers, Latin names in any case, and the words that are
never taken for names (places, units, the ledgers' own vocabulary).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.mask import Masker, mask_cell, mask_digits
from dashboard.personal import personal_values, stop_words, vocabulary


@pytest.mark.parametrize("cell, shown", [
    ("吴十 13900008888", "吴* 139****8888"),            # a name beside a phone: both
    ("13900008888 吴十", "139****8888 吴*"),
    ("张\u3000三", "张\u3000*"),                         # spaced out to align the column
    ("张 三 丰", "张 * *"),
    ("李四等3人", "李*等3人"),
    ("王五（村民代表）", "王*（村民代表）"),              # a role is not a name
    ("张三、李四；王五", "张*、李*；王*"),
    ("ZHANG WEI", "Z**** W**"),
    ("陶岭镇", "陶**"),                                  # in its own cell, whatever it is
    ("匿名", "匿名"),
    ("１３９００００２２２２", "１３９****２２２２"),
    ("139.0000.3333", "139.****.3333"),
    ("+86 139 0000 4444", "+86 139 **** 4444"),
    ("13900009999/0746-7654321", "139****9999/0746-***4321"),
    ("座机 7654321", "座* ****321"),                      # a number no pattern knows: only its end stays
    ("李四 430111198001011234", "李* 430***********1234"),
])
def test_a_personal_cell_is_masked_whole(cell: str, shown: str) -> None:
    assert mask_cell(cell) == shown
    assert Masker(enabled=True).value("petitioner", cell) == shown
    assert Masker(enabled=False).value("petitioner", cell) == cell


@pytest.mark.parametrize("text, shown", [
    ("１３９００００２２２２", "１３９****２２２２"),
    ("证４３１１２８１９８００１０１１２３４", "证４３１***********１２３４"),
    ("电话139.0000.3333", "电话139.****.3333"),
    ("电话139-0000-3333", "电话139-****-3333"),
    ("+86 139 0000 3333", "+86 139 **** 3333"),
    ("＋８６　１３９　００００　３３３３", "＋８６　１３９　****　３３３３"),
    ("身份证431128 19800101 1234", "身份证431*** ******** 1234"),
    ("座机0746-1234567", "座机0746-***4567"),
    ("（0746）12345678", "（0746）****5678"),
    # not personal: dates, amounts, case numbers, counts
    ("2024-03-01 罚款5.8万元 新环罚〔2025〕1号 共12起", "2024-03-01 罚款5.8万元 新环罚〔2025〕1号 共12起"),
    ("备案号202343112800000032", "备案号202343112800000032"),
])
def test_numbers_however_written(text: str, shown: str) -> None:
    assert mask_digits(text) == shown
    assert Masker([]).text(text) == shown


def test_names_come_from_every_part_of_a_decorated_cell() -> None:
    values = ["张\u3000三", "李四等3人", "王五（村民代表）", "吴十 13900008888", "Zhang Wei", "赵七、钱八",
              "匿名", "村民代表", "陶岭镇", "法治", "何"]
    names, numbers = personal_values(values, stop_words(["陶岭镇", "执法大队、法制股"]))
    assert names == {"张三", "张 三", "李四", "王五", "吴十", "zhang", "wei", "赵七", "钱八"}
    assert "13900008888" in numbers
    m = Masker(names, numbers=numbers)
    assert m.text("张三反映噪声，张　三再次来电") == "张*反映噪声，张　*再次来电"
    assert m.text("李四等3人联名反映") == "李*等3人联名反映"
    assert m.text("王五反映") == "王*反映"
    assert m.text("陶岭镇砖厂粉尘；法治政府建设") == "陶岭镇砖厂粉尘；法治政府建设"  # a place and a term stay
    assert m.text("Could not convert string '李四等3人' to INT32") == "Could not convert string '李*等3人' to INT32"


def test_latin_names_in_any_case_as_whole_words() -> None:
    names, _ = personal_values(["Zhang Wei"])
    m = Masker(names)
    assert m.text("ZHANG WEI 来电") == "Z**** W** 来电"
    assert m.text("zhang wei") == "z**** w**"
    assert m.text("Zhang Wei") == "Z**** W**"
    assert m.text("weight 与 Weir") == "weight 与 Weir"  # inside another word: not the name


def test_the_stop_list_holds_the_ledger_vocabulary_and_the_store_columns() -> None:
    vocab = vocabulary()
    assert {"法治", "法治议题", "信访", "执法", "整改中", "报告书"} <= vocab  # words inside labels and choices
    assert "张三" not in vocab
    stop = stop_words(["陶岭镇", "执法大队、法制股", " 金陵镇 "])
    assert {"陶岭镇", "执法大队", "法制股", "金陵镇"} <= stop


def test_two_character_names_are_kept() -> None:
    names, _ = personal_values(["李明", "王芳 13900001111"])
    assert names == {"李明", "王芳"}
    assert Masker(names).text("李明、王芳来访") == "李*、王*来访"


CJK = "张王李赵三四五六陶岭镇法治反映来访电话村民代表等人"
text_st = st.text(alphabet=CJK + "0123456789０１２３ -.，、（）ZhangWEI", max_size=40)


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(text_st, min_size=1, max_size=5), text=text_st)
def test_masking_only_replaces_characters_with_stars(cells: list[str], text: str) -> None:
    """Masked text keeps its length and every character but the hidden ones, so what a sentence
    says (and a draft's wording) never changes; the same holds for a PII cell."""
    names, numbers = personal_values(cells)
    for before, after in ((text, Masker(names, numbers=numbers).text(text)), *((c, mask_cell(c)) for c in cells)):
        assert len(after) == len(before)
        assert all(a == b or a == "*" for a, b in zip(after, before)), (before, after)


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(text_st, min_size=1, max_size=5))
def test_every_collected_name_is_masked_in_free_text(cells: list[str]) -> None:
    names, numbers = personal_values(cells)
    m = Masker(names, numbers=numbers)
    for name in names:
        shown = m.text(f"：{name}：")
        assert shown[1] == name[0] and name[1:].strip(" ") and shown[2:-1] != name[1:], (name, shown)


def test_a_hotline_in_a_phone_column_is_not_a_personal_number() -> None:
    """12345 as a contact is masked in its own cell, but the 12345 of every 来源渠道 cell stays."""
    names, numbers = personal_values(["12345", "7461234", "0746-12369"])
    assert numbers == {"7461234", "074612369", "74612369"}
    m = Masker(names, numbers=numbers)
    assert m.text("12345") == "12345" and m.text("12369热线") == "12369热线"
    assert m.text("电话746 1234") == "电话*** *234"  # written with a space: the same number
    assert mask_cell("12345") == "***45"


def test_a_landline_cast_to_an_integer_is_still_its_number() -> None:
    names, numbers = personal_values(["0746-1234567"])
    m = Masker(names, numbers=numbers)
    assert m.any(7461234567) == "******4567"
    assert m.any(13900001111) == "139****1111"
    assert m.any(12345) == 12345 and m.any(7461235) == 7461235


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(st.text(alphabet="张王李赵三四五六陶岭镇等匿名村民代表", min_size=1, max_size=6),
                       st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)))
def test_a_plain_cell_is_masked_as_any_other(value: str) -> None:
    """A name or a mobile alone takes a short way; a space after it takes the long one: same result."""
    assert mask_cell(value + " ") == mask_cell(value) + " "
