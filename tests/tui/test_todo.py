"""待办 and 会议简报 in the dashboard: the core's list, by unit, to the record, out to xlsx and docx."""

from __future__ import annotations

import openpyxl
from textual.widgets import DataTable, Input, OptionList

from dashboard import agenda
from dashboard.brief import build_brief
from dashboard.tui.rows.record import RecordScreen
from dashboard.tui.rows.screen import RowsScreen
from dashboard.tui.todo.brief import BriefScreen
from dashboard.tui.todo.screen import TodoScreen
from dashboard.tui.widgets.save_as import SaveAsScreen

from .conftest import settle, visible_text


def table_rows(screen) -> list[list[str]]:
    dt = screen.query_one(DataTable)
    return [[str(c) for c in dt.get_row_at(i)] for i in range(dt.row_count)]


async def test_t_lists_every_alert_row_most_urgent_first(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TodoScreen)
        expected = agenda.todo_items(app.figures, app.period)
        assert screen.shown == expected and len(expected) >= 10
        rows = table_rows(screen)
        assert [r[0] for r in rows] == [i.when for i in expected]  # 超期…天 first, then 剩…天
        assert rows[0][0].startswith("超期") and any(r[0].startswith("剩") for r in rows)
        fired = sum(1 for i in expected if i.is_overdue)
        assert f"其中超期{fired}项" in visible_text(screen.query_one("#todo-title"))
        petitions = [r for r in rows if r[2] == "超期未办结"]
        assert {r[3] for r in petitions} == {"XF2024-004 戊建材有限公司", "XF2025-002 庚砖厂"}


async def test_enter_on_the_headers_todo_count_opens_the_list(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("up")  # from the first line of the first panel: the header's 待办N项
        assert app.focused.id == "header"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TodoScreen)
        await pilot.press("escape")
        assert app.screen.id != "todo"


async def test_the_list_by_unit_and_to_the_record(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        await pilot.press("u")
        await pilot.pause()
        menu = app.screen.query_one(OptionList)
        labels = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        assert labels[0] == f"全部（{len(screen.todo.items)}项）" and "法制股（1项）" not in labels
        unit = next(label for label in labels if label.startswith("执法大队"))
        await pilot.press(*["down"] * labels.index(unit), "enter")
        await settle(pilot)
        assert app.screen is screen and screen.unit == "执法大队"
        assert screen.shown and all(i.unit == "执法大队" for i in screen.shown)
        assert all("执法大队" in r[4] for r in table_rows(screen))
        await pilot.press("enter")  # the first item: its record
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        item = screen.shown[0]
        fields = visible_text(app.screen.query_one("#record-fields"))
        assert all(str(v) in fields for v in item.key.values())
        await pilot.press("escape", "u", "home", "enter")  # back; the menu opens on the unit chosen: 全部 again
        await settle(pilot)
        assert screen.unit == "" and len(screen.shown) == len(screen.todo.items)


async def test_an_item_for_no_single_record_opens_its_alerts_rows(make_app):
    app = make_app(year=2024)  # 2024: the study target was missed (one item for the year, no record)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        row = next(i for i, item in enumerate(screen.shown) if item.alert == "study_behind_target")
        screen.query_one(DataTable).move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RowsScreen) and app.screen.query_name == "study_behind_target"


async def test_x_exports_the_list_for_the_meeting(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, SaveAsScreen)
        default = app.screen.query_one(Input).value
        assert default == str(tmp_path / "待办清单-2025-06-30.xlsx")  # the working folder, dated
        await pilot.press("enter")
        await settle(pilot)
        sheet = openpyxl.load_workbook(tmp_path / "待办清单-2025-06-30.xlsx").active
        rows = [[c.value for c in r] for r in sheet.iter_rows()]
        assert rows[0] == ["领域", "事项", "记录", "责任股室", "责任人", "到期日", "期限", "超期天数", "剩余天数"]
        assert len(rows) == 1 + len(screen.shown)
        assert [r[1] for r in rows[1:]] == [i.label for i in screen.shown]


async def test_b_shows_the_meeting_brief_and_saves_it(make_app, tmp_path, monkeypatch):
    import docx

    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        page = visible_text(screen.query_one("#brief-page"))
        brief = build_brief(app.figures, app.period)
        assert brief.title in page and "主要指标（同比）" in page
        cases = brief.areas[0].figures[0]
        assert f"{cases.text}" in page and cases.change in page  # 4起 -1起（-20%）
        await pilot.press("x")
        await pilot.pause()
        target = tmp_path / "简报.docx"
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
        assert brief.title in text
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "简报.md")
        await pilot.press("enter")
        await settle(pilot)
        assert (tmp_path / "简报.md").read_text(encoding="utf-8").startswith(f"# {brief.title}")


async def test_personal_data_stays_masked_on_the_list_and_its_records(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        row = next(i for i, item in enumerate(screen.shown) if item.record.startswith("XF2024-004"))
        screen.query_one(DataTable).move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        fields = visible_text(app.screen.query_one("#record-fields"))
        assert "赵**" in fields and "136****2222" in fields  # the petitioner of XF2024-004, masked
        shown = fields + "\n".join(" ".join(r) for r in table_rows(screen))
        assert "赵六娘" not in shown and "13600002222" not in shown
