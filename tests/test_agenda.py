"""The to-do list: every alert row of every area, whose, by when, most urgent first."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from dashboard import agenda, areas, queries
from dashboard.clock import Period
from dashboard.config import Config, Targets
from dashboard.figures import Figures
from tests.conftest import period
from tests.drafting.ledger_fixture import build_figures

AS_OF = date(2025, 2, 20)  # judged in the current year, as of today


def ledgers() -> dict[str, list[dict]]:
    """One row for each clock, worked out by hand as of 2025-02-20."""
    return {
        "enforcement_cases": [
            # filed 2024-10-01, due by 2024-12-30 (90 days): 52 days overdue
            {"case_no": "新环罚〔2024〕9号", "party": "某砖厂", "filed_on": "2024-10-01", "outcome": "办理中",
             "officers": "张三、李四"},
        ],
        "petitions": [
            # received 2024-11-01, no 办理时限: due 2024-12-31 (60 days), 51 days overdue
            {"petition_no": "XF-1", "received_on": "2024-11-01", "level": "县级", "subject": "某石材厂",
             "petitioner": "王五", "phone": "13812345678"},
            # due 2025-02-24: 4 days left
            {"petition_no": "XF-2", "received_on": "2024-12-25", "level": "县级", "subject": "某养殖场",
             "due_on": "2025-02-24"},
            {"petition_no": "XF-3", "received_on": "2024-12-01", "level": "县级", "closed_on": "2025-01-10"},
        ],
        "shortcomings": [
            {"item_no": "BZ-1", "year": 2024, "problem": "执法人员偏少", "owner": "法制股",
             "due_on": "2025-01-31", "status": "整改中"},  # 20 days overdue
            {"item_no": "BZ-2", "year": 2024, "problem": "信息化不足", "owner": "办公室",
             "due_on": "2025-06-30", "status": "整改中"},  # not due yet: no alert
        ],
        "certificates": [
            {"staff_name": "王芳", "unit": "执法大队", "on_duty": "是", "cert_no": "HN1",
             "valid_until": "2025-05-01"},  # expires in 70 days
            {"staff_name": "李明", "unit": "监测站", "on_duty": "是", "cert_no": "HN2",
             "valid_until": "2025-01-10"},  # expired 41 days ago, still on duty
        ],
        "supervision_items": [
            # due 2024-12-01, replied 2025-01-15: settled 45 days late
            {"item_no": "JY-1", "kind": "人大建议", "title": "关于加强噪声治理的建议", "assigned_on": "2024-09-01",
             "due_on": "2024-12-01", "replied_on": "2025-01-15"},
        ],
    }


@pytest.fixture
def figs(tmp_path: Path):
    built = build_figures(tmp_path, ledgers())  # ingested on 2025-03-01
    built.close()
    # twelve collective study sessions a year: by 20 February one is due and none was held
    f = Figures(built.db, Config(targets=Targets(study_sessions_per_year=12)))
    yield f
    f.close()


def now() -> Period:
    return Period.of(2025, AS_OF)


def test_every_alert_row_once_most_urgent_first(figs):
    items = agenda.todo_items(figs, now())
    assert [(i.alert, i.record, i.days_overdue, i.days_left) for i in items] == [
        ("cases_open_overdue", "新环罚〔2024〕9号 某砖厂", 52, None),
        ("petitions_overdue", "XF-1 某石材厂", 51, None),
        ("cert_on_duty_without_valid", "李明 HN2", 41, None),
        ("shortcomings_overdue", "BZ-1 执法人员偏少", 20, None),
        ("petitions_due_soon", "XF-2 某养殖场", None, 4),
        ("cert_expiring_soon", "王芳 HN1", None, 70),
        ("study_behind_target", "集体学法进度落后1次", None, 314),
    ]  # the reply settled 45 days late is not to-do: nothing is left to do about it
    # as many items as the alerts count, less those settled late: the list and the badges agree
    for q in areas.alert_queries():
        if q.value == "count(*)":
            settled = sum(not i.is_open for i in agenda.alert_items(figs, q.name, now()))
            assert sum(i.alert == q.name for i in items) == figs.figure(q.name, now()).value - settled, q.name


def test_an_item_says_whose_it_is_when_it_is_due_and_which_record(figs):
    by_alert = {i.alert: i for i in agenda.todo_items(figs, now())}
    case = by_alert["cases_open_overdue"]
    assert (case.area, case.area_title, case.label) == ("enforcement", "执法", queries.get("cases_open_overdue").label)
    assert (case.unit, case.person, case.due_on) == (None, "张三、李四", date(2024, 12, 30))
    assert case.key == {"case_no": "新环罚〔2024〕9号"} and case.when == "超期52天"
    gap = by_alert["shortcomings_overdue"]
    assert (gap.unit, gap.person, gap.due_on) == ("法制股", None, date(2025, 1, 31))
    cert = by_alert["cert_on_duty_without_valid"]
    assert (cert.unit, cert.person) == ("监测站", "李明")
    assert "supervision_replies_overdue" not in by_alert  # settled (late): reported, not to-do
    [late] = agenda.alert_items(figs, "supervision_replies_overdue", now())
    assert (late.is_open, late.settled_on, late.when) == (False, date(2025, 1, 15), "已办结（超期45天）")
    assert by_alert["petitions_due_soon"].when == "剩4天"
    cols, row = agenda.find_record(figs, by_alert["petitions_overdue"], now())
    assert row[cols.index("petition_no")] == "XF-1"
    assert row[cols.index("petitioner")] != "王五"  # the record comes masked, like every row
    assert agenda.find_record(figs, by_alert["study_behind_target"], now()) is None


def test_filter_and_group_by_unit(figs):
    items = agenda.todo_items(figs, now())
    groups = agenda.by_unit(items)
    assert list(groups) == ["监测站", "法制股", "执法大队", agenda.NO_UNIT]  # most urgent first, 未指定 last
    assert [i.record for i in agenda.todo_items(figs, now(), unit="法制股")] == ["BZ-1 执法人员偏少"]
    assert len(agenda.todo_items(figs, now(), unit=agenda.NO_UNIT)) == len(groups[agenda.NO_UNIT]) == 4
    counts = {c.unit: (c.overdue, c.due_soon) for c in agenda.unit_counts(items)}
    assert counts == {"监测站": (1, 0), "法制股": (1, 0), "执法大队": (0, 1), agenda.NO_UNIT: (2, 2)}


def test_a_settled_row_is_open_while_judged_before_it_was_settled(figs):
    before = Period.of(2025, date(2025, 1, 10))  # the reply came on 1-15
    late = [i for i in agenda.todo_items(figs, before) if i.alert == "supervision_replies_overdue"]
    assert [(i.is_open, i.days_overdue) for i in late] == [(True, 40)]


def test_a_ledger_with_a_unit_column_names_the_unit(figs, tmp_path):
    """Petitions gain 承办股室 / 承办人 columns: the list uses them once the table has them."""
    copy = tmp_path / "with-units.duckdb"
    copy.write_bytes(figs.db.read_bytes())
    con = duckdb.connect(str(copy))
    # the columns the ledger declares once it knows them; added here while it does not
    con.execute("ALTER TABLE petitions ADD COLUMN IF NOT EXISTS handler_unit VARCHAR")
    con.execute("ALTER TABLE petitions ADD COLUMN IF NOT EXISTS handler VARCHAR")
    con.execute("UPDATE petitions SET handler_unit = '综合股', handler = '赵六' WHERE petition_no = 'XF-1'")
    con.close()
    f = Figures(copy, figs.config)
    try:
        item = next(i for i in agenda.todo_items(f, now()) if i.alert == "petitions_overdue")
        assert (item.unit, item.person) == ("综合股", "赵六")
        assert [i.record for i in agenda.todo_items(f, now(), unit="综合股")] == ["XF-1 某石材厂"]
    finally:
        f.close()


def test_on_the_sample_each_alert_lists_as_many_items_as_it_counts(sample_store, sample_config):
    f = Figures(sample_store[0], sample_config)
    try:
        for year in f.years:
            items = agenda.todo_items(f, period(year))
            for q in areas.alert_queries():
                value = f.figure(q.name, period(year)).value
                mine = [i for i in items if i.alert == q.name]
                settled = sum(not i.is_open for i in agenda.alert_items(f, q.name, period(year)))
                assert len(mine) == (value - settled if q.value == "count(*)" else int(value > 0)), (year, q.name)
            assert items == sorted(items, key=agenda.TodoItem.urgency)
    finally:
        f.close()


def test_every_alert_query_says_when_it_is_due_and_what_it_is():
    for q in areas.alert_queries():
        if q.value != "count(*)":
            continue  # a target (study): one item, due at the year's end
        assert q.meta.get("due") and q.meta.get("what"), q.name


def test_due_today_is_not_overdue(sample_store, sample_config):
    """The 2025 shortcomings due on 31 December itself are not overdue as of that day."""
    f = Figures(sample_store[0], sample_config)
    try:
        rows = f.rows("shortcomings_overdue", period(2025))
        days = [r[rows.columns.index("超期天数")] for r in rows.rows]
        assert days and all(d > 0 for d in days)
        assert f.figure("shortcomings_overdue", period(2025)).value == 1
        items = [i for i in agenda.todo_items(f, period(2025)) if i.alert == "shortcomings_overdue"]
        assert [i.record.split()[0] for i in items] == ["ZG2025-01"]
    finally:
        f.close()
