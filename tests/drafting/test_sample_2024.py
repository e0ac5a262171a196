"""The 2024 draft on the bundled sample data carries the reference report's part-three figures."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from dashboard import paths
from dashboard.config import Config
from dashboard.drafting.build import build_draft
from dashboard.drafting.render import to_text
from dashboard.figures import Figures
from dashboard.sources import ingest_paths

from .test_draft import arrangements
from tests.conftest import period


@pytest.fixture(scope="module")
def sample(sample_store, sample_config):
    figs = Figures(sample_store[0], sample_config)
    yield figs
    figs.close()


@pytest.fixture(scope="module")
def text_2024(sample: Figures) -> str:
    return to_text(build_draft(sample, period(2024)))


def number(text: str, pattern: str) -> int:
    m = re.search(pattern, text)
    assert m, pattern
    return int(m.group(1))


def test_reference_part_three_figures(sample: Figures, text_2024: str) -> None:
    part3 = text_2024.split("四、", 1)[0]
    # 2024年累计召开党组（扩大）会议、党组理论学习中心组会议、干部职工例会6余次
    assert number(part3, r"干部职工例会(\d+)次") == 6 == sample.figure("study_meetings", period(2024)).value
    # 积极参加国家工作人员学法考试1次
    assert number(part3, r"学法考试(\d+)次") == 1 == sample.figure("law_exams", period(2024)).value
    # 重点学习了《习近平法治思想学习纲要》《生态环境行政处罚办法》等多部法律法规
    laws = number(part3, r"学习读本(\d+)部")
    assert laws == sample.figure("laws_studied", period(2024)).value and laws >= 2
    studied = re.search(r"重点学习了(.+?)。", part3).group(1)
    assert "《习近平法治思想学习纲要》" in studied and "《生态环境行政处罚办法》" in studied
    # the three subsections of the genre
    for heading in ("（一）切实履行法治建设领导职责", "（二）带头学法用法", "（三）强化法治建设工作督导"):
        assert f"\u3000\u3000{heading}\n" in part3
    # no 年终述法 record in 2024: a placeholder, not an invented sentence
    assert "【待补充：年终述法情况】" in part3
    # 今年我局无出庭应诉情况
    assert "没有开庭审理的行政诉讼案件" in part3


def test_part_four_2025_arrangements(sample: Figures, text_2024: str) -> None:
    titles = arrangements(text_2024)
    open_items = sample.rows("shortcomings_open", period(2024)).rows
    assert len(open_items) == 3 == sample.figure("shortcomings_found", period(2024)).value
    # the reference report's four arrangements: three shortcomings (the certificate due in 2025 is
    # folded into the 执法队伍 one), then the standing item; clocks were all kept
    assert len(titles) == 4
    assert "做好执法证件换证考试和持证管理" not in titles
    assert titles[3] == sample.config.arrangements[0].title  # the sample bureau's own standing item
    part4 = text_2024.split("四、", 1)[1]
    for row in sample.rows("shortcomings_open", period(2024)).rows:
        record = dict(zip(sample.rows("shortcomings_open", period(2024)).columns, row))
        assert record["measure"].rstrip("。") in part4 and f"由{record['owner']}负责" in part4
    assert number(part4, r"(\d+)名执法人员的执法证将于2025年到期") == \
        sample.figure("cert_expiring_next_year", period(2024)).value
    assert "超期" not in part4 and "超过法定时限" not in part4


def test_no_personal_data(sample: Figures, text_2024: str) -> None:
    raw = Figures(Path(sample.db), sample.config, unmask=True)
    try:
        names = {r[0] for r in raw.sql("SELECT DISTINCT petitioner FROM petitions WHERE petitioner IS NOT NULL").rows}
        phones = {r[0] for r in raw.sql("SELECT DISTINCT phone FROM petitions WHERE phone IS NOT NULL").rows}
    finally:
        raw.close()
    assert names and phones
    assert not any(n in text_2024 for n in names if len(n) >= 2)
    assert not any(p in text_2024 for p in phones)
