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
