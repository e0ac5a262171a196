"""The app around the panels: store replaced under it, command palette, help, draft, start-up."""

from __future__ import annotations

import os

from textual.command import CommandPalette

import pytest

from dashboard import queries
from dashboard.clock import ClockError, today_from_env
from dashboard.config import Config as _Config
from dashboard.tui.app import DashApp, run_dashboard, store_stamp
from dashboard.tui.detail.screen import DetailScreen
from dashboard.tui.help.screen import HelpScreen
from dashboard.tui.home.screen import HomeScreen
from dashboard.tui.rows.screen import RowsScreen
from dashboard.tui.widgets.header import HeaderLine
from dashboard.tui.home.panel import PanelWidget

from .conftest import settle, visible_text
from .fixture_data import TODAY, build_store

NEW_CASE = {"行政处罚案件台账.csv": [
    ["XT2025-005", "癸化工有限公司", "大气", "日常检查", "", "2025-06-10", "", "办理中", "", "", "", "", "是", ""]]}


def enforcement(app) -> PanelWidget:
    return app.screen_stack[0].query_one("#panel-enforcement", PanelWidget)


async def test_an_ingest_replacing_the_store_reloads_every_screen(make_app, tui_db, tmp_path):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert enforcement(app).text_of("cases_filed") == "4起"
        app.open_rows("cases_filed")
        await settle(pilot)
        assert app.screen.table.total == 4
        newer = build_store(tmp_path / "newer", tmp_path / "newer.duckdb", NEW_CASE)
        os.replace(newer, tui_db)  # what ingest does: rename a complete file into place
        app.check_store()  # the 2-second timer's job, run now
        await settle(pilot)
        assert isinstance(app.screen, RowsScreen) and app.screen.table.total == 5
        assert enforcement(app).text_of("cases_filed") == "5起"


async def test_r_reads_the_store_file_again(make_app, tui_db, tmp_path):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        newer = build_store(tmp_path / "newer", tmp_path / "newer.duckdb", NEW_CASE)
        os.replace(newer, tui_db)
        await pilot.press("r")  # before the watcher has noticed
        await settle(pilot)
        assert enforcement(app).text_of("cases_filed") == "5起"


async def test_a_broken_store_shows_an_error_and_recovers(make_app, tui_db, tmp_path):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        good = tmp_path / "good.duckdb"
        good.write_bytes(tui_db.read_bytes())
        junk = tmp_path / "junk"
        junk.write_bytes(b"not a database")
        os.replace(junk, tui_db)
        app.check_store()
        await settle(pilot)
        assert app.figures is None and app.store_error
        assert enforcement(app).state == "error"
        assert "数据库无法打开" in visible_text(app.screen.query_one(HeaderLine))
        os.replace(good, tui_db)
        app.check_store()
        await settle(pilot)
        assert app.figures is not None and enforcement(app).text_of("cases_filed") == "4起"


async def test_command_palette_reaches_years_panels_and_rows(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"年度 2024")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.period.year == 2024
        assert enforcement(app).text_of("cases_filed") == "5起"
        await pilot.press("ctrl+p")
        await pilot.press(*"面板 信访")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.spec.key == "petitions"
        await pilot.press("ctrl+p")
        await pilot.press(*queries.get("cases_open_overdue").label)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RowsScreen) and app.screen.query_name == "cases_open_overdue"


def test_every_binding_has_an_id_and_a_tooltip(make_app):
    """[keys] in dash.toml remaps by id; help shows the tooltip. Help's sections are the screens' own bindings."""
    from dashboard.tui.help.screen import HelpScreen
    from dashboard.tui.todo.units import UnitScreen
    from dashboard.tui.widgets.save_as import SaveAsScreen

    app = make_app()
    sections = app.help_sections()
    assert [title for title, _ in sections] == ["全局", "首页", "面板详情", "记录表", "记录详情", "待办清单",
                                                "会议简报", "报告草稿"]
    ours = [b for title, bindings in sections if title != "报告草稿" for b in bindings]
    ours += [*HelpScreen.BINDINGS, *SaveAsScreen.BINDINGS, *UnitScreen.BINDINGS]
    assert len(ours) > 40
    for b in ours:
        assert b.id and b.id.startswith("dash."), b
        assert b.tooltip or not b.show or b.key in ("up", "down", "left", "right", "pageup", "end", "home",
                                                    "shift+tab"), b
    ids = [b.id for b in ours]
    assert len(set(ids)) == len(set((b.id, b.key) for b in ours))  # an id names one key


async def test_help_lists_the_keys_and_closes(make_app):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = visible_text(app.screen.query_one("#help-keys"))
        for words in ("同比", "下一个年度", "上一年", "筛选", "查看记录", "PgDn", "待办清单", "按股室", "会议简报"):
            assert words in text
        assert "dash.compare" in text and "dash.year_previous" in text  # the ids [keys] remaps
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


def footer_text(app) -> str:
    from textual.widgets._footer import FooterKey

    return " ".join(k.description for k in app.screen.query(FooterKey))


async def test_draft_key_opens_the_draft_for_the_year_and_holds_it(make_app):
    from dashboard.tui.draft.screen import DraftScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        year = app.period.year
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DraftScreen) and app.screen.year == year
        # The draft is for one year: year switch, 同比 and a second draft are off there,
        # and off the footer, which then fits 80 columns beside the palette key.
        footer = footer_text(app)
        for words in ("年度", "同比", "起草"):
            assert words not in footer
        assert "看记录" in footer and "命令" in footer
        await pilot.press("y", "c", "d")
        await settle(pilot)
        assert app.period.year == year and not app.compare
        assert sum(isinstance(s, DraftScreen) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        footer = footer_text(app)
        assert "年度" in footer and "起草" in footer


async def test_keymap_from_config_remaps_a_binding_and_help_shows_it(tui_db):
    from dashboard.config import Config

    app = DashApp(tui_db, Config(keys={"dash.compare": "v"}), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert app.compare
        await pilot.press("question_mark")
        await pilot.pause()
        line = next(x for x in visible_text(app.screen.query_one("#help-keys")).splitlines() if "dash.compare" in x)
        assert line.split()[0] == "v"


def test_today_can_be_pinned_for_demos(monkeypatch):
    monkeypatch.setenv("DASH_TODAY", "2025-06-30")
    assert today_from_env() == TODAY
    monkeypatch.setenv("DASH_TODAY", "junk")
    with pytest.raises(ClockError, match="DASH_TODAY 不是日期"):
        today_from_env()


def test_store_stamp_changes_when_the_file_is_replaced(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("1")
    b.write_text("22")
    before = store_stamp(a)
    os.replace(b, a)
    assert store_stamp(a) != before and store_stamp(tmp_path / "missing") is None


def test_run_dashboard_builds_the_sample_store_when_there_is_none(monkeypatch, tmp_path):
    """With no store at the default place, the bundled sample data is ingested first and the header says so."""
    seen = {}

    def fake_run(self, *args, **kwargs):
        seen["app"] = self

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("DASH_DB", raising=False)
    monkeypatch.setenv("DASH_CONFIG", str(tmp_path / "dash.toml"))
    (tmp_path / "dash.toml").write_text("", encoding="utf-8")
    monkeypatch.setattr(DashApp, "run", fake_run)
    run_dashboard(None, _Config(), TODAY)
    app = seen["app"]
    assert app.db == tmp_path / "data" / "dash" / "dash.duckdb" and app.db.exists()
    assert app.built_sample and "示例数据" in app.header_info().sample


def test_run_dashboard_with_a_missing_explicit_store_is_a_user_error(tmp_path):
    import pytest

    from dashboard.store import StoreError

    with pytest.raises(StoreError):
        run_dashboard(str(tmp_path / "nope.duckdb"), _Config(), TODAY)


async def test_palette_system_entries_are_in_chinese(make_app):
    from dashboard.tui.help.screen import HelpScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles == ["主题配色", "帮助", "截图", "退出"]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"帮助")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_the_palette_speaks_chinese(make_app):
    from textual.command import CommandInput, CommandList

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert palette.query_one(CommandInput).placeholder.startswith("搜索命令")
        await pilot.press(*"zzqx")
        await pilot.pause(0.8)  # the palette waits half a second before saying nothing matched
        options = palette.query_one(CommandList)
        texts = [str(options.get_option_at_index(i).prompt.renderable) for i in range(options.option_count)]
        assert "没有匹配的命令" in texts and not any("No matches" in t for t in texts)


async def test_ctrl_c_says_in_chinese_how_to_quit(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        notes = [(n.title, n.message) for n in app._notifications]
        assert ("要退出吗？", "按 q 退出看板") in notes
        assert not any("quit" in (m or "").lower() for _, m in notes)


@pytest.mark.parametrize("configured", [False, True])
async def test_a_screenshot_is_saved_where_the_user_is_and_said_in_chinese(make_app, tmp_path, monkeypatch,
                                                                           configured):
    import dataclasses

    from dashboard.config import DashboardSettings

    from .conftest import BUREAU

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # and no ~/Downloads: the isolated home has none
    shots = tmp_path / "截图"
    app = make_app()
    if configured:
        app.config = dataclasses.replace(BUREAU, dashboard=DashboardSettings(save_to=str(shots)))
        shots.mkdir()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        if configured:  # the store's config replaced ours on opening: set it again, as dash.toml would
            app.config = dataclasses.replace(app.config, dashboard=DashboardSettings(save_to=str(shots)))
        app.save_screenshot_file()
        await pilot.pause()
        saved = list((shots if configured else work).glob("*.svg"))
        assert len(saved) == 1 and saved[0].name.startswith("dash截图-")
        notes = [n.message for n in app._notifications]
        assert f"截图已保存：{saved[0]}" in notes
        app.config = dataclasses.replace(app.config, dashboard=DashboardSettings(save_to=str(tmp_path / "nowhere")))
        app.save_screenshot_file()
        await pilot.pause()
        assert any(m.startswith("截图未保存：") for m in (n.message for n in app._notifications))


async def test_a_store_built_from_the_sample_says_so_in_the_header(sample_store):
    from dashboard.config import Config as _C

    app = DashApp(sample_store[0], _C(), TODAY, year=2024)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.header_info().sample == "示例数据"
        assert app.config.bureau.short_name == "新田分局"  # the sample bureau's own profile


async def test_keys_work_while_the_warm_up_is_still_importing_the_draft_screen(make_app, monkeypatch):
    """The idle-time warm-up imports the draft screen's module on its own thread; a key pressed
    meanwhile asks check_action, which found the module half-initialised (no DraftScreen yet) and
    crashed the dashboard (seen under load in a served session: the browser's session closed)."""
    import sys
    import types

    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        half = types.ModuleType("dashboard.tui.draft.screen")  # as sys.modules holds it mid-import
        monkeypatch.setitem(sys.modules, "dashboard.tui.draft.screen", half)
        assert app.check_action("draft", ()) is True
        assert app.check_action("year", ()) is True
        monkeypatch.undo()
        await pilot.press("d")
        await settle(pilot)
        assert type(app.screen).__name__ == "DraftScreen"
        assert app.check_action("year", ()) is False  # the draft screen holds its year
