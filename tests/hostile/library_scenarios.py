"""The export library as a clerk meets it: one scenario per way loading a file could lose data.

Each scenario builds exports in a folder, drives the real commands (typer's
CliRunner) one after another against one store, and raises AssertionError with
what went wrong. Used by ``tests/test_library.py`` and ``bench/hostile_corpus.py``.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tests.conftest import CASE_HEADER, TODAY, case_rows, write_csv, write_xlsx

PET_HEADER = ["编号", "受理日期", "级别", "投诉人", "联系电话", "反映问题", "办结日期", "承办股室", "承办人"]


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    run: Callable[[Path], None]


SCENARIOS: list[Scenario] = []


def scenario(title: str):
    def register(fn: Callable[[Path], None]) -> Callable[[Path], None]:
        SCENARIOS.append(Scenario(fn.__name__, title, fn))
        return fn

    return register


def dash(*args: str):
    """A dash command as the user types it (today pinned to the tests' day)."""
    from typer.testing import CliRunner

    from dashboard.cli import app

    return CliRunner().invoke(app, [str(a) for a in args], env={"DASH_TODAY": TODAY.isoformat()})


def ok(res) -> str:
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    return res.output


def refused(res, fragment: str) -> str:
    assert res.exit_code == 1, (res.exit_code, res.output)
    assert "Traceback" not in res.output and res.exception is None or isinstance(res.exception, SystemExit)
    lines = [ln for ln in res.output.splitlines() if ln.startswith("错误：")]
    assert len(lines) == 1 and fragment in lines[0], res.output
    return lines[0]


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def count(db: Path, table: str) -> int:
    return rows(db, f"SELECT count(*) FROM {table}")[0][0]


def petitions(folder: Path, name: str, month: int, n: int, start: int = 1,
              change: dict[int, dict[str, str]] | None = None) -> Path:
    """A month's petitions export (GBK csv, as Excel on a Chinese PC saves it)."""
    folder.mkdir(parents=True, exist_ok=True)
    body = []
    for i in range(start, start + n):
        row = [f"XF2024{month:02d}{i:03d}", f"2024-{month:02d}-{i % 27 + 1:02d}", "县级", f"投诉人{i}",
               f"1380000{i:04d}", "夜间噪声扰民", f"2024-{month:02d}-28", "执法大队", "李明"]
        for col, value in (change or {}).get(i, {}).items():
            row[PET_HEADER.index(col)] = value
        body.append(row)
    return write_csv(folder / name, [PET_HEADER, *body], "gbk")


def cases(folder: Path, n: int = 4) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_xlsx(folder / "行政处罚案件台账.xlsx", [CASE_HEADER, *case_rows(n)])


def base_store(work: Path) -> Path:
    """A store built from a case ledger and January's petitions."""
    db = work / "store" / "dash.duckdb"
    cases(work / "first")
    petitions(work / "first", "2024年1月信访件.csv", 1, 3)
    ok(dash("ingest", work / "first", "--db", db))
    return db


# ---------------------------------------------------------------- loading one file adds it


@scenario("one new monthly export adds to the store; no other ledger is touched")
def one_file_update(work: Path) -> None:
    db = base_store(work)
    out = ok(dash("ingest", petitions(work / "feb", "2024年2月信访件.csv", 2, 5), "--db", db))
    assert count(db, "enforcement_cases") == 4, "the case ledger lost rows"
    assert count(db, "petitions") == 8
    assert "2024年2月信访件.csv" in out and "数据库由导出库中的 3 个导出建成" in out


@scenario("an empty folder is an error, the store stays byte for byte")
def empty_folder(work: Path) -> None:
    db = base_store(work)
    before = sha(db)
    (work / "empty").mkdir()
    refused(dash("ingest", work / "empty", "--db", db), "没有找到台账导出文件")
    assert sha(db) == before


@scenario("the same export added twice is recognised and not added again")
def added_twice(work: Path) -> None:
    db = base_store(work)
    before = sha(db)
    out = ok(dash("ingest", work / "first" / "2024年1月信访件.csv", "--db", db))
    assert "已在导出库中（内容相同，未重复添加）：2024年1月信访件.csv" in out
    assert sha(db) == before, "the store was rewritten for nothing"
    assert count(db, "petitions") == 3


@scenario("a newer export of the same month supersedes the older; both are named")
def newer_export_same_month(work: Path) -> None:
    db = base_store(work)
    newer = petitions(work / "again", "2024年1月信访件（更正）.csv", 1, 4, change={2: {"办结日期": "2024-01-20"}})
    out = ok(dash("ingest", newer, "--db", db))
    assert "2024年1月信访件（更正）.csv 包含 2024年1月信访件.csv 的全部记录" in out and "已被取代" in out
    assert count(db, "petitions") == 4
    assert rows(db, "SELECT closed_on::VARCHAR FROM petitions WHERE petition_no = 'XF202401002'") == [("2024-01-20",)]
    listing = ok(dash("sources", "--db", db))
    assert "2024年1月信访件（更正）.csv" in listing and "另有 1 个已被取代的导出" in listing
    assert "被 2024年1月信访件（更正）.csv 取代" in ok(dash("sources", "--db", db, "--all"))


@scenario("a newer export that lacks some records does not supersede: both stay, the newer value wins")
def newer_export_missing_records(work: Path) -> None:
    db = base_store(work)
    # January again, over the same days, but without XF202401002 (closed items left out by the system).
    newer = petitions(work / "again", "2024年1月未办结.csv", 1, 3, change={3: {"办结日期": "2024-01-25"}})
    write_csv(newer, [line.split(",") for i, line in enumerate(newer.read_text("gbk").splitlines()) if i != 2], "gbk")
    out = ok(dash("ingest", newer, "--db", db))
    assert "缺少其中 1 条记录：两份都保留" in out
    assert count(db, "petitions") == 3, "a record only the older export had was lost"
    conflict = next(ln for ln in out.splitlines() if "是同一条记录但内容不同" in ln)
    assert "2024年1月信访件.csv" in conflict and "2024-01-28" in conflict and "2024-01-25" in conflict


@scenario("an export removed from the library leaves the store, and what it superseded comes back")
def export_removed(work: Path) -> None:
    db = base_store(work)
    ok(dash("ingest", petitions(work / "again", "2024年1月更正.csv", 1, 4), "--db", db))
    export_id = next(ln.split()[0] for ln in ok(dash("sources", "--db", db)).splitlines() if "2024年1月更正.csv" in ln)
    out = ok(dash("sources", "remove", export_id, "--db", db))
    assert "移出导出库：2024年1月更正.csv" in out and "恢复使用被它取代的导出：2024年1月信访件.csv" in out
    assert count(db, "petitions") == 3 and count(db, "enforcement_cases") == 4


@scenario("--replace that would leave a ledger with rows empty is refused; --allow-empty lets it")
def ledger_about_to_vanish(work: Path) -> None:
    db = base_store(work)
    before = sha(db)
    only_petitions = petitions(work / "p", "2024年2月信访件.csv", 2, 2).parent
    line = refused(dash("ingest", only_petitions, "--replace", "--db", db), "行政处罚案件台账 将没有任何记录")
    assert "--allow-empty" in line and sha(db) == before
    ok(dash("ingest", only_petitions, "--replace", "--allow-empty", "--db", db))
    assert count(db, "enforcement_cases") == 0 and count(db, "petitions") == 2


@scenario("removing the last export of a ledger is refused the same way")
def remove_last_of_a_ledger(work: Path) -> None:
    db = base_store(work)
    before = sha(db)
    refused(dash("sources", "remove", "行政处罚案件台账.xlsx", "--db", db), "将没有任何记录")
    assert sha(db) == before


# ---------------------------------------------------------------- where --db points


@scenario("--db that is a link writes through to its target and says so")
def symlinked_store(work: Path) -> None:
    real = base_store(work)
    link = work / "link.duckdb"
    link.symlink_to(real)
    out = ok(dash("ingest", petitions(work / "feb", "2024年2月信访件.csv", 2, 1), "--db", link))
    assert link.is_symlink() and os.readlink(link) == str(real), "the link was replaced"
    assert "是链接，已写入它指向的文件" in out and count(real, "petitions") == 4


@scenario("--db that is a device, a FIFO, a folder or someone's spreadsheet is refused with one line")
def refused_targets(work: Path) -> None:
    cases(work / "in")
    fifo = work / "pipe"
    os.mkfifo(fifo)
    sheet = cases(work / "docs")
    for target, fragment in ((Path("/dev/null"), "不是普通文件"), (fifo, "不是普通文件"),
                             (work / "in", "是一个目录"), (sheet, "不是 dash 数据库")):
        before = target.stat()
        refused(dash("ingest", work / "in", "--db", target), fragment)
        after = target.stat()
        assert (after.st_ino, after.st_size, stat.S_IFMT(after.st_mode)) == \
            (before.st_ino, before.st_size, stat.S_IFMT(before.st_mode)), target


@scenario("the store, its backups and its library are private; an existing store keeps its mode")
def private_files(work: Path) -> None:
    db = work / "new" / "dash.duckdb"
    ok(dash("ingest", cases(work / "in"), "--db", db))
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    lib = db.with_name("dash.library")
    for p in lib.rglob("*"):
        assert stat.S_IMODE(p.stat().st_mode) == (0o700 if p.is_dir() else 0o600), p
    os.chmod(db, 0o640)
    ok(dash("ingest", petitions(work / "p", "2024年1月信访件.csv", 1, 1), "--db", db))
    assert stat.S_IMODE(db.stat().st_mode) == 0o640, "re-ingest changed the store's mode"


# ---------------------------------------------------------------- backups


@scenario("the last five stores are kept and one can be put back (and that undone)")
def backups_and_restore(work: Path) -> None:
    db = base_store(work)
    for month in range(2, 9):
        ok(dash("ingest", petitions(work / f"m{month}", f"2024年{month}月信访件.csv", month, 1), "--db", db))
    assert count(db, "petitions") == 10
    listed = ok(dash("restore", "--db", db))
    assert len([ln for ln in listed.splitlines() if ln.strip()[:1].isdigit()]) == 5
    ok(dash("restore", "1", "--db", db))
    assert count(db, "petitions") == 9, "restore 1 should put back the store before the last ingest"
    assert "2024年8月信访件.csv" not in ok(dash("sources", "--db", db))
    ok(dash("restore", "1", "--db", db))  # the store just replaced was kept too
    assert count(db, "petitions") == 10


# ---------------------------------------------------------------- nothing an office keeps is lost


@scenario("columns the contract does not know are kept in extra and can be queried")
def unknown_columns_kept(work: Path) -> None:
    folder = work / "in"
    folder.mkdir()
    write_csv(folder / "信访投诉台账.csv", [["编号", "受理日期", "督办人", "回访情况"],
                                        ["XF1", "2024-03-01", "王科长", "已回访"], ["XF2", "2024-03-02", "", ""]])
    db = work / "dash.duckdb"
    out = ok(dash("ingest", folder, "--db", db))
    assert "未识别的列（原样保存在「其他列」extra 中" in out and "督办人、回访情况" in out
    assert rows(db, "SELECT petition_no, extra->>'督办人', extra->>'回访情况' FROM petitions ORDER BY 1") == \
        [("XF1", "王科长", "已回访"), ("XF2", None, None)]
    shown = ok(dash("query", "SELECT petition_no, extra FROM petitions ORDER BY 1", "--db", db, "-f", "csv"))
    assert "督办人" in shown and "王科长" in shown


@scenario("a header close to a known one is named with the dash.toml line, never mapped silently")
def near_miss_header(work: Path) -> None:
    folder = work / "in"
    folder.mkdir()
    write_xlsx(folder / "行政处罚案件台账.xlsx", [["案号", "当事人", "立案日期", "罚没款金额"],
                                              ["C1", "甲公司", "2024-03-01", "5000"]])
    db = work / "dash.duckdb"
    out = ok(dash("ingest", folder, "--db", db))
    hint = next(ln for ln in out.splitlines() if "可能就是" in ln)
    assert "「罚没款金额」可能就是「罚款金额(元)」" in hint
    assert '[aliases.enforcement_cases] fine_yuan = ["罚没款金额"]' in hint
    assert rows(db, "SELECT fine_yuan, extra->>'罚没款金额' FROM enforcement_cases") == [(None, "5000")]


@scenario("a roster export with renewed certificates keeps the old ones: past years stay right")
def certificate_history(work: Path) -> None:
    header = ["姓名", "执法岗位", "执法证号", "有效期至", "考试日期", "考试类型"]
    old, new = work / "2023", work / "2025"
    old.mkdir()
    new.mkdir()
    write_xlsx(old / "执法人员持证情况（2023）.xlsx", [header, ["刘一", "是", "A1", "2024-06-30", "2018-06-01", "新申领"],
                                                   ["陈二", "是", "A2", "2027-06-30", "2021-06-01", "新申领"]])
    write_xlsx(new / "执法人员持证情况（2025）.xlsx", [header, ["刘一", "是", "B1", "2030-06-30", "2024-09-01", "换证"],
                                                   ["陈二", "是", "A2", "2027-06-30", "2021-06-01", "新申领"]])
    db = work / "dash.duckdb"
    ok(dash("ingest", old, "--db", db))
    ok(dash("ingest", new, "--db", db))
    assert count(db, "certificates") == 3, "the renewal replaced the old certificate"
    # mid-2024 刘一 held A1 (B1 came in September); at the end of 2024, B1.
    assert rows(db, "SELECT cert_no FROM certificates_at(DATE '2024-07-15') WHERE staff_name = '刘一'") == [("A1",)]
    assert rows(db, "SELECT cert_no FROM certificates_at(DATE '2024-12-31') WHERE staff_name = '刘一'") == [("B1",)]
    holding = ok(dash("query", "cert_holding_rate", "--year", "2024", "--as-of", "2024-07-15", "--db", db))
    assert "50" in holding  # A1 had expired on 2024-06-30 and B1 was not issued yet


@scenario("the bundled sample makes way when the bureau loads its own exports")
def sample_makes_way(work: Path) -> None:
    from dashboard import paths

    db = work / "dash.duckdb"
    ok(dash("ingest", paths.sample_data_dir(), "--db", db))
    assert count(db, "permits") > 0
    out = ok(dash("ingest", cases(work / "own"), "--db", db))
    assert "原来只有内置示例数据，已移出" in out
    assert count(db, "permits") == 0 and count(db, "enforcement_cases") == 4


# ---------------------------------------------------------------- two exports with one file name


def june(folder: Path, keys: range, change: dict[int, str] | None = None) -> Path:
    """``2024年6月信访.xlsx``, petitions U000… (反映问题 ``问题N``, or as changed): every re-export
    of it from the system has this same name."""
    folder.mkdir(parents=True, exist_ok=True)
    body = [[f"U{i:03d}", f"2024-06-{i + 1:02d}", "县级", f"投诉人{i}", f"1380000{i:04d}",
             (change or {}).get(i, f"问题{i}"), "2024-06-28", "执法大队", "李明"] for i in keys]
    return write_xlsx(folder / "2024年6月信访.xlsx", [PET_HEADER, *body])


def listed(out: str, name: str) -> list[tuple[str, str]]:
    """(入库行数, 读取行数) of each export of one file name in a ``dash sources`` listing."""
    cells = [ln.split() for ln in out.splitlines() if ln.split()[3:] and name in ln.split()[3:7]]
    return sorted((c[c.index(name) + 1], c[c.index(name) + 2]) for c in cells)


@scenario("a corrected re-export with the same file name wins over the export it corrects")
def same_name_correction(work: Path) -> None:
    db = work / "dash.duckdb"
    ok(dash("ingest", june(work / "a", range(5)), "--db", db))
    out = ok(dash("ingest", june(work / "b", range(4), change={1: "问题1-更正"}), "--db", db))
    assert rows(db, "SELECT summary FROM petitions WHERE petition_no = 'U001'") == [("问题1-更正",)], \
        "the correction was lost to the earlier export of the same name"
    assert count(db, "petitions") == 5, "U004, which only the earlier export holds, was lost"
    conflict = next(ln for ln in out.splitlines() if "是同一条记录但内容不同" in ln)
    assert "本行「问题1」，采用「问题1-更正」" in conflict and "与 另一份同名导出 2024年6月信访.xlsx" in conflict, conflict
    assert "已被取代" not in out, "the earlier export holds U004, which the correction lacks"
    # Each export's rows counted on its own: the later one gives 4, the earlier only U004.
    shown = listed(ok(dash("sources", "--all", "--db", db)), "2024年6月信访.xlsx")
    assert shown == [("1", "5"), ("4", "4")], shown


@scenario("a newer export with the same file name that holds every older record supersedes it")
def same_name_supersedes(work: Path) -> None:
    db = work / "dash.duckdb"
    ok(dash("ingest", june(work / "a", range(5)), "--db", db))
    out = ok(dash("ingest", june(work / "b", range(5), change={1: "问题1-更正"}), "--db", db))
    old_id, new_id = (r.split()[0] for r in ok(dash("sources", "--all", "--db", db)).splitlines()
                      if "2024年6月信访.xlsx" in r and "2024-06-01" in r)  # listed oldest first
    # Both named, and told apart: the names alone are the same.
    line = next(ln for ln in out.splitlines() if "已被取代" in ln)
    assert f"较新的导出 2024年6月信访.xlsx（编号 {new_id}）" in line, line
    assert f"2024年6月信访.xlsx（编号 {old_id}） 已被取代" in line, line
    assert count(db, "petitions") == 5
    assert rows(db, "SELECT summary FROM petitions WHERE petition_no = 'U001'") == [("问题1-更正",)]
    assert "是同一条记录但内容不同" not in out  # the older export is no longer used: nothing to settle
    listing = ok(dash("sources", "--db", db))
    assert len(listed(listing, "2024年6月信访.xlsx")) == 1 and "另有 1 个已被取代的导出" in listing
    shown = listed(ok(dash("sources", "--all", "--db", db)), "2024年6月信访.xlsx")
    assert shown == [("5", "5"), ("5", "5")], shown


@scenario("two files of one name given together: the later period wins, each counted on its own")
def same_name_one_batch(work: Path) -> None:
    db = work / "dash.duckdb"
    earlier = june(work / "a", range(3))
    later = june(work / "b", range(2, 8), change={2: "问题2-更正"})  # its rows run to 8 June
    os.utime(later, (1_700_000_000, 1_700_000_000))  # an older file time: the period decides first
    out = ok(dash("ingest", work / "a", work / "b", "--db", db))
    assert rows(db, "SELECT summary FROM petitions WHERE petition_no = 'U002'") == [("问题2-更正",)], out
    assert count(db, "petitions") == 8
    shown = listed(ok(dash("sources", "--all", "--db", db)), "2024年6月信访.xlsx")
    assert shown == [("2", "3"), ("6", "6")], shown
    assert earlier.exists()


# ---------------------------------------------------------------- a refused ingest changes nothing


def library_state(db: Path) -> tuple[list[str], bytes, bytes]:
    """Every path in the store's library, its manifest, and the store."""
    lib = db.with_name("dash.library")
    return (sorted(str(p.relative_to(lib)) for p in lib.rglob("*")), (lib / "manifest.json").read_bytes(),
            db.read_bytes())


@scenario("a refused ingest leaves the store and its library exactly as they were")
def refused_leaves_library(work: Path) -> None:
    db = base_store(work)
    bad = work / "bad" / "bad.xlsx"
    bad.parent.mkdir()
    bad.write_bytes(b"PK\x03\x04" + os.urandom(300))  # a zip cut short
    header_only = work / "hdr"
    header_only.mkdir()
    write_csv(header_only / "2024年3月信访件.csv", [PET_HEADER])
    flawed = petitions(work / "flawed", "2024年4月信访件.csv", 4, 2, change={1: {"受理日期": "2099-01-01"}})
    attempts = [
        (("ingest", bad), 1),  # unreadable: nothing to load
        (("ingest", header_only, "--replace"), 1),  # would empty the case ledger
        (("ingest", header_only, "--replace", "--allow-empty"), 1),  # would empty the store
        (("ingest", flawed, "--strict"), 2),  # problems found under --strict
    ]
    for args, code in attempts:
        before = library_state(db)
        res = dash(*args, "--db", db)
        assert res.exit_code == code, (args, res.exit_code, res.output)
        assert "数据库未改动" in res.output, (args, res.output)
        after = library_state(db)
        assert after[0] == before[0], (args, sorted(set(after[0]) ^ set(before[0])))
        assert after[1:] == before[1:], (args, "the manifest or the store changed")
    assert count(db, "petitions") == 3 and count(db, "enforcement_cases") == 4
    ok(dash("sources", "rebuild", "--db", db))


@scenario("loading a superseded export again makes it the latest, listed once")
def superseded_added_again(work: Path) -> None:
    db = work / "dash.duckdb"
    first = june(work / "a", range(5))
    ok(dash("ingest", first, "--db", db))
    ok(dash("ingest", june(work / "b", range(5), change={1: "问题1-更正"}), "--db", db))
    out = ok(dash("ingest", first, "--db", db))  # the correction was wrong: the clerk loads the first again
    assert "重新加入导出库" in out, out
    assert rows(db, "SELECT summary FROM petitions WHERE petition_no = 'U001'") == [("问题1",)]
    listing = ok(dash("sources", "--all", "--db", db))
    assert len(listed(listing, "2024年6月信访.xlsx")) == 2, listing
    assert sum("在用" in ln for ln in listing.splitlines() if "2024年6月信访.xlsx" in ln) == 1, listing
    ok(dash("sources", "rebuild", "--db", db))
    assert count(db, "petitions") == 5
    assert rows(db, "SELECT summary FROM petitions WHERE petition_no = 'U001'") == [("问题1",)]


@scenario("an export removed, then loaded again under another name, can still be rebuilt")
def removed_added_under_new_name(work: Path) -> None:
    db = work / "dash.duckdb"
    ok(dash("ingest", cases(work / "c"), "--db", db))
    first = june(work / "a", range(5))
    ok(dash("ingest", first, "--db", db))
    ok(dash("sources", "remove", first.name, "--allow-empty", "--db", db))
    renamed = work / "r" / "六月信访.xlsx"
    renamed.parent.mkdir()
    renamed.write_bytes(first.read_bytes())
    ok(dash("ingest", renamed, "--db", db))
    cfg = work / "dash.toml"
    cfg.write_text('[aliases.petitions]\nhandler = ["经手人"]\n', encoding="utf-8")  # every export read again
    ok(dash("sources", "rebuild", "--db", db, "--config", cfg))
    assert count(db, "petitions") == 5
