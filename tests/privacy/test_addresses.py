"""A petitioner's home address inside free text: the house numbers are masked
everywhere the text goes (ad-hoc SQL in every format, the rows behind a figure),
the village or estate stays; ``--unmask`` shows it all."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard import config
from dashboard.cli import app
from dashboard.figures import Figures
from tests.tui.fixture_data import build_store
from dashboard.figures import RowView
from tests.conftest import period

HOME = "家住北凯村3组12号"
FLAT = "润丰小区5栋2单元301室"
EXTRA = {"信访投诉台账.csv": [
    ["XF2024-020", "2024-07-01", "12345", "县级", "何某", "", "甲化工有限公司", "龙泉镇", "大气",
     f"{HOME}，屋后化工厂夜间异味", "", "", "", ""],
    ["XF2024-021", "2024-07-02", "来信", "县级", "", "", "某饭店", "龙泉镇", "大气",
     f"{FLAT}楼下饭店油烟直排", "", "", "", ""],
]}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("addresses")
    return build_store(base / "exports", base / "dash.duckdb", extra=EXTRA)


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "md"])
def test_query_masks_house_numbers(db, fmt):
    sql = "SELECT petition_no, summary || '' AS s, upper(summary) FROM petitions WHERE petition_no >= 'XF2024-020'"
    out = CliRunner().invoke(app, ["query", sql, "--db", str(db), "-f", fmt])
    assert out.exit_code == 0, out.output
    assert HOME not in out.output and FLAT not in out.output
    assert "家住北凯村*组**号" in out.output and "润丰小区*栋*单元***室" in out.output
    shown = CliRunner().invoke(app, ["query", sql, "--db", str(db), "-f", fmt, "--unmask"])
    assert HOME in shown.output and FLAT in shown.output


@pytest.mark.parametrize("unmask", [False, True])
def test_rows_behind_a_figure_mask_house_numbers(db, unmask):
    f = Figures(db, config.Config(), unmask=unmask)
    try:
        res = f.rows("petitions_received", period(2024))
        text = " ".join(str(v) for r in res.rows for v in r)
        assert (HOME in text) is unmask and (FLAT in text) is unmask
        # and the filter cannot find them either
        assert f.page("petitions_received", period(2024), RowView(needle="3组12号"))[1] == (1 if unmask else 0)
    finally:
        f.close()
