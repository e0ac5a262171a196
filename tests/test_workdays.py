"""Working days follow the State Council's holidays and 调休, extendable in dash.toml."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from dashboard import workdays
from dashboard.clock import Period
from dashboard.config import CalendarYear, Config, ConfigError
from dashboard.figures import Figures
from tests.drafting.ledger_fixture import build_figures


def test_the_library_covers_2023_to_2026_with_the_adjusted_saturdays():
    cal = workdays.official()
    assert {2023, 2024, 2025, 2026} <= cal.years
    assert not cal.is_workday(date(2025, 10, 8))  # 国庆 holiday, a Wednesday
    assert cal.is_workday(date(2025, 10, 11))  # the Saturday worked instead
    assert not cal.is_workday(date(2025, 10, 12))  # an ordinary Sunday
    assert cal.is_workday(date(2025, 10, 9))


def test_a_decision_of_30_september_published_13_october_took_four_working_days():
    cal = workdays.official()
    assert cal.working_days_between(date(2025, 9, 30), date(2025, 10, 13)) == 4
    assert workdays.WorkCalendar().working_days_between(date(2025, 9, 30), date(2025, 10, 13)) == 9
    assert cal.add_working_days(date(2025, 9, 30), 7) == date(2025, 10, 16)
    assert cal.add_working_days(date(2025, 9, 30), 0) == date(2025, 9, 30)


def test_a_year_the_library_lacks_is_counted_monday_to_friday_and_said_so():
    cal = workdays.official()
    assert cal.missing([2025, 2031]) == [2031]
    note = workdays.fallback_note(cal.missing([2031, 2032]))
    assert note is not None and "2031–2032年" in note and "周一至周五" in note and "[calendar.2031]" in note
    assert workdays.fallback_note([]) is None


def test_dash_toml_adds_a_year_and_overrides_a_day():
    extra = {"2031": CalendarYear(holidays=(date(2031, 1, 1),), workdays=(date(2031, 1, 4),)),
             "2025": CalendarYear(workdays=(date(2025, 10, 8),))}  # a holiday the bureau worked
    cal = workdays.build(extra)
    assert 2031 in cal.years and cal.missing([2031]) == []
    assert not cal.is_workday(date(2031, 1, 1)) and cal.is_workday(date(2031, 1, 4))  # a Saturday
    assert cal.is_workday(date(2025, 10, 8))
    assert cal.is_workday(date(2025, 10, 11))  # the rest of the official year stays


def test_the_sql_parameters_hold_only_the_days_that_change_a_weekday_count():
    params = workdays.official().params()
    assert all(d.weekday() < 5 for d in params["holidays"])
    assert all(d.weekday() >= 5 for d in params["adjusted_workdays"])
    assert date(2025, 10, 8) in params["holidays"] and date(2025, 10, 11) in params["adjusted_workdays"]
    assert str(params["holidays"]).startswith("国务院节假日（")  # how --explain shows it


def calendar_config(text: str) -> Config:
    return Config.from_dict(tomllib.loads(text), Path("dash.toml"))


def test_calendar_tables_in_dash_toml_are_typed_and_checked():
    cfg = calendar_config('[calendar.2031]\nholidays = [2031-01-01, "2031-01-02"]\nworkdays = [2031-01-05]\n')
    assert cfg.calendar["2031"].holidays == (date(2031, 1, 1), date(2031, 1, 2))
    assert cfg.calendar["2031"].workdays == (date(2031, 1, 5),)
    with pytest.raises(ConfigError, match=r"calendar\.2031\.holidays.*2030-12-31 不在 2031 年"):
        calendar_config("[calendar.2031]\nholidays = [2030-12-31]\n")
    with pytest.raises(ConfigError, match=r"\[calendar\.next\] 应为年份"):
        calendar_config("[calendar.next]\nholidays = []\n")
    with pytest.raises(ConfigError, match=r"calendar\.2031\.holidays\[0\] = '元旦' 不合要求，应为日期"):
        calendar_config('[calendar.2031]\nholidays = ["元旦"]\n')
    with pytest.raises(ConfigError, match=r"未知的配置项 calendar\.2031\.days"):
        calendar_config("[calendar.2031]\ndays = []\n")


CASE = {"party": "某厂", "filed_on": "2024-09-01", "outcome": "行政处罚", "fine_yuan": "1000"}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    # 国庆 2024: 1–7 October off, Saturday 12 October worked. Decided Monday 30 September, the
    # 7th working day after is 15 October (8, 9, 10, 11, 12, 14, 15); Monday–Friday it would be the 9th.
    cases = [
        {**CASE, "case_no": "国庆后按时公示", "decided_on": "2024-09-30", "published_on": "2024-10-14"},
        {**CASE, "case_no": "国庆后超时公示", "decided_on": "2024-09-30", "published_on": "2024-10-21"},
        {**CASE, "case_no": "未公示", "decided_on": "2024-09-30"},
        # 2003: before the official calendar (2004 on); 1-6 is a holiday only if dash.toml says so
        {**CASE, "case_no": "二〇〇三年", "filed_on": "2003-01-02", "decided_on": "2003-01-03",
         "published_on": "2003-01-15"},
    ]
    built = build_figures(tmp_path, {"enforcement_cases": cases})
    built.close()
    return built.db


def late(figs: Figures, year: int, as_of: date | None = None) -> list[str]:
    return [r[0] for r in figs.rows("decisions_published_late", Period.of(year, date(2032, 1, 1), as_of)).rows]


def unpublished(figs: Figures, as_of: date) -> list[str]:
    return [r[0] for r in figs.rows("decisions_unpublished", Period.of(as_of.year, as_of)).rows]


def test_the_publication_clocks_skip_holidays_and_count_adjusted_saturdays(store):
    figs = Figures(store, Config())
    try:
        assert late(figs, 2024) == ["国庆后超时公示"]  # 14 October was the 6th working day, 21 October the 11th
        res = figs.rows("decisions_published_late", Period.of(2024, date(2032, 1, 1)))
        row = dict(zip(res.columns, res.rows[0]))
        assert (row["公示期限"], row["超期天数"], row["公示用工作日数"]) == (date(2024, 10, 15), 6, 11)
        # unpublished: due on 15 October, late from the 16th
        assert unpublished(figs, date(2024, 10, 15)) == []
        assert unpublished(figs, date(2024, 10, 16)) == ["国庆后超时公示", "未公示"]  # the first came out on the 21st
        assert figs.calendar_note("decisions_published_late", Period.of(2024, date(2032, 1, 1))) is None
        # counted Monday to Friday, the on-time one would be late too
        weekdays = Figures(store, Config(calendar={}))
        weekdays.calendar = workdays.WorkCalendar()  # no holidays at all
        try:
            assert late(weekdays, 2024) == ["国庆后按时公示", "国庆后超时公示"]
        finally:
            weekdays.close()
    finally:
        figs.close()


def test_a_year_without_calendar_counts_weekdays_until_dash_toml_gives_it(store):
    plain = Figures(store, Config())
    given = Figures(store, Config(calendar={"2003": CalendarYear(holidays=(date(2003, 1, 6),))}))
    try:
        # decided Friday 3 January 2003: the 7th weekday after is the 14th, so the 15th is late
        assert late(plain, 2003) == ["二〇〇三年"]
        note = plain.calendar_note("decisions_published_late", Period.of(2003, date(2032, 1, 1)))
        assert note is not None and "2003年没有节假日安排数据" in note
        assert plain.calendar_note("cases_filed", Period.of(2003, date(2032, 1, 1))) is None
        assert late(given, 2003) == []  # with 6 January off, the 15th is the 7th working day
        assert given.calendar_note("decisions_published_late", Period.of(2003, date(2032, 1, 1))) is None
    finally:
        plain.close()
        given.close()
