"""Chinese line breaking: by cells, no closing mark opening a line, no number split."""

from __future__ import annotations

from hypothesis import example, given, settings, strategies as st
from rich.console import Console
from rich.text import Text

from dashboard.tui.text import NO_END, NO_START, CJKParagraph, break_offsets, cell_width


def lines_of(text: str, width: int) -> list[str]:
    cuts = [0, *break_offsets(text, width), len(text)]
    return [text[a:b].rstrip("\n") for a, b in zip(cuts, cuts[1:])]


def test_a_comma_never_opens_a_line_nor_a_unit_leaves_its_number() -> None:
    text = "\u3000\u3000对法治建设重要工作亲自督办7项，与上年持平。"
    width = cell_width(text[:text.index("，")])  # the comma would be the first cell of line two
    lines = lines_of(text, width)
    assert lines[1].startswith("7项，") and lines[0].endswith("督办")  # never 督办7⏎项
    assert all(cell_width(line) <= width for line in lines)


def test_numbers_keep_their_units() -> None:
    assert lines_of("截至2025-10-24（超期92天）", 22) == ["截至2025-10-24（超期", "92天）"]  # not 92⏎天
    assert lines_of("普法覆盖18.27万人次", 14) == ["普法覆盖", "18.27万人次"]
    assert lines_of("比上年-5个百分点", 12) == ["比上年", "-5个百分点"]


def test_two_closing_marks_stay_together() -> None:
    text = "学习《行政处罚办法》。带头参加考试"
    width = cell_width(text[:text.index("。")])
    lines = lines_of(text, width)
    assert lines[1].startswith("法》。") and lines[0].endswith("办")


def test_numbers_stay_whole_and_opening_marks_go_down() -> None:
    assert lines_of("罚款金额合计58.16万元", 14) == ["罚款金额合计", "58.16万元"]  # not 58.|16
    lines = lines_of("一二三四“五六”七八", 10)
    assert lines[0] == "一二三四" and lines[1].startswith("“")


def test_the_renderable_keeps_styles_and_fits() -> None:
    text = Text("\u3000\u3000全年")
    text.append("4次", style="bold underline")
    text.append("，低于上年的6次，在会议中研究部署法治建设议题2次。")
    console = Console(width=20, record=True, color_system=None)
    console.print(CJKParagraph(text))
    out = console.export_text().splitlines()
    assert all(cell_width(line) <= 20 for line in out)
    assert not any(line[:1] in NO_START for line in out)
    assert "".join(out).replace(" ", "") == text.plain.replace(" ", "")


CJK = st.sampled_from(list("法治政府建设会议学习一二三四五") + list(NO_START) + list(NO_END) + ["2025", "7", "\n"])


def test_a_run_of_marks_that_cannot_keep_every_rule_still_fits() -> None:
    # Found by a random run in CI: the rules moved 『 down with 法]」 and the line was 7 cells of 6.
    text = "—『法]」"
    lines = lines_of(text, 6)
    assert "".join(lines) == text
    assert all(cell_width(line) <= 6 for line in lines), lines
    assert lines == ["—『", "法]」"]  # the width wins over 『 at a line's end


@settings(max_examples=300, deadline=None)
@given(st.lists(CJK, max_size=80), st.integers(min_value=6, max_value=40))
@example(["—", "『", "法", "]", "」"], 6)
def test_any_text_breaks_into_fitting_lines_that_join_back(parts: list[str], width: int) -> None:
    text = "".join(parts)
    cuts = break_offsets(text, width)
    assert cuts == sorted(set(cuts)) and all(0 < c < len(text) for c in cuts)
    lines = lines_of(text, width)
    assert "".join(lines).replace("\n", "") == text.replace("\n", "")
    for line in lines:
        assert cell_width(line) <= width or len(line) == 1
