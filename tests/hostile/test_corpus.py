"""Every case of the hostile-input corpus keeps every promise (see corpus.py).

A failing case prints the list of broken promises: a traceback, a wrong exit
code, a missing message (with the file / sheet / row / column it must name), an
account that does not balance, a store that disagrees with the summary.

The 100 MB case is marked ``big`` (about 7 s here); ``-m "not big"`` leaves it out.
``python bench/hostile_corpus.py`` prints the outcome table of the whole corpus.
"""

from __future__ import annotations

import pytest

from tests.hostile.corpus import CASES, run_case, table

# The issue's list of bad inputs, each with the corpus cases that cover it.
ISSUE_ITEMS = {
    "empty file": ["empty_xlsx", "empty_csv", "bom_only_csv", "whitespace_csv"],
    "header only": ["header_only_xlsx", "header_only_csv"],
    "totals and footers among the rows": ["totals_footers_page_breaks", "only_totals",
                                          "totals_one_required_column"],
    "binary junk with a .xlsx name": ["binary_junk_xlsx", "text_named_xlsx"],
    "truncated xlsx": ["truncated_xlsx"],
    "password-protected or otherwise unreadable xlsx": ["encrypted_xlsx", "corrupt_ole2_xls"],
    "a file whose name says another format": ["text_named_xlsx", "xlsx_named_csv", "tab_text_named_xls"],
    "every spreadsheet an office has (.xls, .et, HTML-in-.xls, .ods, .xlsb)": [
        "old_xls", "wps_et", "html_in_xls_gbk", "tab_text_named_xls", "ods_workbook", "xlsb_workbook"],
    "hostile workbooks (far cell, zip bomb, 3,000 sheets, an engine abort)": [
        "far_cell_xlsx", "zip_bomb_xlsx", "zip_size_lie_xlsx", "many_sheets_xlsx", "engine_abort_in_child",
        "xls_lying_dimension"],
    "xlsx whose only sheet is a chart or blank": ["chart_only_xlsx", "blank_xlsx", "hidden_ledger_sheet"],
    "csv in an encoding neither UTF-8 nor GBK": ["big5_csv", "shift_jis_csv", "cp1252_csv", "utf16_tab_txt",
                                                 "gbk_unknown_table"],
    "mixed encodings": ["mixed_utf8_gbk_csv", "bom_then_gbk_csv"],
    "no recognisable header": ["no_header", "header_after_row_60", "second_sheet_unrecognised"],
    "a required column missing": ["required_column_missing"],
    "two columns mapping to the same field": ["two_columns_one_field"],
    "unknown extra columns (reported once)": ["unknown_extra_columns", "csv_20000_columns"],
    "bad dates": ["bad_dates"],
    "bad booleans": ["bad_booleans"],
    "bad money": ["bad_money"],
    "bad integers": ["bad_integers"],
    "negative fines": ["negative_fines", "negative_counts"],
    "dates in the future or before 2000": ["future_date", "before_2000"],
    "decided before filed": ["decided_before_filed", "closed_before_received"],
    "duplicate keys, identical": ["duplicates_identical", "duplicates_same_file"],
    "duplicate keys, conflicting": ["duplicates_conflicting"],
    "Excel error cells": ["excel_error_cells", "error_after_styled_blank"],
    "formulas": ["formulas_cached", "formulas_uncached", "csv_formula_text"],
    "merged cells inside the data": ["merged_cells_in_data"],
    "a 100 MB file": ["file_100mb"],
    "a csv with 20,000 columns": ["csv_20000_columns"],
    "a header row on row 40": ["header_row_40_csv", "header_row_40_xlsx"],
    "a file that vanishes mid-ingest": ["vanishes_before_read", "vanishes_mid_read"],
}


def test_the_corpus_covers_every_item_of_the_issue():
    names = {c.name for c in CASES}
    missing = {item: [n for n in cases if n not in names] for item, cases in ISSUE_ITEMS.items()}
    assert not {k: v for k, v in missing.items() if v}
    assert len(CASES) >= 40
    assert len(names) == len(CASES), "two cases share a name"


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.name, marks=[pytest.mark.big] if c.big else []) for c in CASES])
def test_case(case, tmp_path):
    result = run_case(case, tmp_path)
    assert result.ok, f"{case.name} ({case.title}):\n  " + "\n  ".join(result.failures) + (
        f"\n--- dash ingest said:\n{result.ingest_output}")


def test_a_broken_promise_fails_the_case(tmp_path):
    """The runner itself: a case whose expectation is wrong is reported, not passed."""
    import dataclasses

    real = next(c for c in CASES if c.name == "negative_fines")

    def wrong(d):
        expect = real.build(d)
        return dataclasses.replace(expect, loaded=expect.loaded + 1)

    result = run_case(dataclasses.replace(real, build=wrong), tmp_path)
    assert not result.ok
    assert any("loaded/skipped/rejected" in f for f in result.failures)
    assert any("rows in the store" in f for f in result.failures)
    assert "1 cases, 0 ok, 1 failing" in table([result])
