"""Columns the contract does not know (extra) on the rows and record screens."""

from __future__ import annotations

from dashboard.ledgers import EXTRA, EXTRA_LABEL
from dashboard.tui.rows.columns import display_order
from dashboard.tui.rows.record import expand_extra


def test_the_record_shows_each_unknown_column_on_its_own_line() -> None:
    labels = ["编号", "受理日期", EXTRA_LABEL, "来源文件"]
    row = ("XF1", "2024-03-01", '{"督办人":"王科长","回访情况":null}', "信访.csv")
    assert expand_extra(labels, row) == [("编号", "XF1"), ("受理日期", "2024-03-01"),
                                         (f"{EXTRA_LABEL}·督办人", "王科长"), (f"{EXTRA_LABEL}·回访情况", None),
                                         ("来源文件", "信访.csv")]
    # nothing unknown in this row, or text that is not an object: shown as it is
    assert expand_extra(labels, ("XF2", "2024-03-02", None, "信访.csv"))[2] == (EXTRA_LABEL, None)
    assert expand_extra([EXTRA_LABEL], ("[1, 2]",)) == [(EXTRA_LABEL, "[1, 2]")]


def test_extra_comes_after_what_the_contract_knows() -> None:
    columns = ["petition_no", EXTRA, "received_on", "summary", "petitioner", "source_file", "source_row"]
    order = [columns[i] for i in display_order("petitions_all", columns)]
    assert order.index("summary") < order.index(EXTRA) < order.index("petitioner") < order.index("source_file")
