"""The privacy scans' stores and secrets.

Two stores are scanned: the bundled sample data, and the shapes fixture
(``shapes.py``: personal data written the ways real ledgers write it).

The sample's secrets are read from the store itself, independently of
``dashboard.mask``: every value of every PII column declared in the ledgers,
every phone / ID number found inside any text column, and the petitioner names
that appear inside free text. A surface leaks when its text contains any of
them, or anything shaped like a mobile or ID number. The shapes' secrets are
written down by hand in ``shapes.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dashboard import paths
from dashboard.ledgers import LEDGERS, TEXT

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NO = re.compile(r"(?<!\d)[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)")
NOT_PERSONAL = {"匿名"}


@dataclass
class Secrets:
    names: set[str] = field(default_factory=set)  # values of PII columns without digits
    numbers: set[str] = field(default_factory=set)  # phone values, phone / ID numbers inside text
    names_in_text: set[str] = field(default_factory=set)
    numbers_in_text: set[str] = field(default_factory=set)

    @property
    def all(self) -> set[str]:
        return self.names | self.numbers

    def __post_init__(self) -> None:
        self._re: re.Pattern | None = None

    def found(self, text: str) -> set[str]:
        """Every secret, and everything shaped like a mobile or ID number, in ``text``."""
        if self._re is None:
            self._re = re.compile("|".join(re.escape(s) for s in sorted(self.all, key=len, reverse=True)))
        hits = set(self._re.findall(text))
        hits |= set(MOBILE.findall(text)) | set(ID_NO.findall(text))
        return hits


def read_secrets(db: Path) -> Secrets:
    import duckdb

    out = Secrets()
    texts: list[str] = []
    con = duckdb.connect(str(db), read_only=True)
    try:
        for lg in LEDGERS:
            for c in lg.columns:
                if c.type != TEXT:
                    continue
                values = [r[0] for r in con.execute(
                    f'SELECT DISTINCT "{c.name}" FROM {lg.table} WHERE "{c.name}" IS NOT NULL').fetchall()]
                if c.pii:
                    for v in values:
                        if v in NOT_PERSONAL:
                            continue
                        (out.numbers if any(ch.isdigit() for ch in v) else out.names).add(v)
                    continue
                for v in values:
                    found = set(MOBILE.findall(v)) | set(ID_NO.findall(v))
                    out.numbers_in_text |= found
                    if c.free_text:
                        texts.append(v)
    finally:
        con.close()
    out.numbers |= out.numbers_in_text
    out.names_in_text = {n for n in out.names if any(n in t for t in texts)}
    return out


@pytest.fixture(scope="session")
def sample_db(sample_store) -> Path:
    """The bundled sample data, ingested once for the run (never modified)."""
    return sample_store[0]


@pytest.fixture(scope="session")
def secrets(sample_db: Path) -> Secrets:
    return read_secrets(sample_db)


@dataclass
class Scan:
    """One store the scans run over, and what to expect of it."""

    name: str
    db: Path
    secrets: Secrets
    exports: Path  # what dash check / dash ingest read
    years: tuple[int, ...]
    draft_rows_years: frozenset[int]  # years whose draft --explain --rows --unmask lists petitions
    errors: tuple[str, ...]  # SQL whose database error quotes personal data
    min_records: int  # record screens the TUI scan opens, at least


SAMPLE_ERRORS = ("SELECT CAST(petitioner AS INT) FROM petitions WHERE petitioner <> '匿名'",
                 "SELECT error(phone) FROM petitions WHERE phone IS NOT NULL",
                 "SELECT error(summary) FROM petitions WHERE summary LIKE '%反映：%'",
                 "SELECT CAST(summary AS DATE) FROM petitions WHERE summary LIKE '%身份证%'")
SHAPE_ERRORS = tuple(
    [f"SELECT petitioner::INT FROM petitions WHERE petition_no = '{no}'"
     for no in ("XF2024-101", "XF2024-102", "XF2024-103", "XF2024-104", "XF2024-105", "XF2025-102")]
    + [f"SELECT error(phone) FROM petitions WHERE petition_no = '{no}'"
       for no in ("XF2024-102", "XF2024-103", "XF2024-104", "XF2024-105", "XF2025-103")]
    + [f"SELECT CAST(summary AS DATE) FROM petitions WHERE petition_no = '{no}'"
       for no in ("XF2024-102", "XF2024-104", "XF2024-105", "XF2024-107", "XF2025-101")])


@pytest.fixture(scope="session")
def shapes_exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(exports, store) of the shapes fixture, generated and ingested once."""
    from .shapes import build_shape_store

    base = tmp_path_factory.mktemp("shapes")
    db = build_shape_store(base / "exports", base / "shapes.duckdb")
    return base / "exports", db


@pytest.fixture(scope="session", params=["sample", "shapes"])
def scan(request: pytest.FixtureRequest) -> Scan:
    """Each store the surface scans run over."""
    if request.param == "sample":
        return Scan("sample", request.getfixturevalue("sample_db"), request.getfixturevalue("secrets"),
                    paths.sample_data_dir(), (2023, 2024, 2025), frozenset({2025}), SAMPLE_ERRORS, 7)
    from .shapes import shape_secrets

    exports, db = request.getfixturevalue("shapes_exports")
    return Scan("shapes", db, shape_secrets(), exports, (2024, 2025), frozenset({2024, 2025}), SHAPE_ERRORS, 4)
