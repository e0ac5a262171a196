"""At a glance: every area on screen from 80×24 up, paging where the grid is taller, a footer that fits."""

from __future__ import annotations

import pytest
from textual.geometry import Size
from textual.widgets._footer import FooterKey

from dashboard.tui.home.panel import PanelWidget
from dashboard.tui.home.screen import layout_for
from dashboard.tui.panels import PANELS

from .conftest import settle


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 30), (80, 40), (160, 45)])
async def test_every_area_with_its_key_figures_and_alerts_is_on_screen(make_app, size):
    app = make_app()
    width, height = size
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        panels = list(app.screen.query(PanelWidget))
        assert [p.spec.title for p in panels] == ["执法", "信访", "审批", "培训", "学法", "不足", "普法", "监督"]
        for p in panels:
            region = p.region
            assert region.y >= 1 and region.bottom <= height - 1 and region.right <= width, (p.spec.key, region)
            shown = [line.query for line in p.items]
            assert set(p.spec.alerts) <= set(shown), p.spec.key  # every alert, always
            assert sum(line.kind == "figure" for line in p.items) >= 2, p.spec.key
            assert p.virtual_region.height >= len(p.items)  # no line cut off inside the panel
        assert app.screen.query_one("#grid").max_scroll_y == 0


async def test_a_small_terminal_shows_key_figures_first(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        enforcement = app.screen.query_one("#panel-enforcement", PanelWidget)
        assert [line.query for line in enforcement.items] == [
            "cases_filed", "cases_penalised", "cases_open_overdue", "decisions_unpublished"]
        assert enforcement.has_class("-open")
        await pilot.press("o")  # the rest is one key away
        await settle(pilot)
        assert app.screen.figure_list.text_of("fines_total") == "32万元"


async def test_paging_keys_page_the_home_grid_when_it_is_taller_than_the_screen(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        grid = app.screen.query_one("#grid")
        assert grid.max_scroll_y > 0 and grid.scroll_offset.y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert grid.scroll_offset.y > 0
        assert app.focused.region.y >= 1  # the cursor moved to a panel in view
        await pilot.press("end")
        await pilot.pause()
        assert grid.scroll_offset.y == grid.max_scroll_y
        assert app.focused.id == "panel-supervision"
        await pilot.press("enter")  # Enter opens what is seen
        await settle(pilot)
        assert app.screen.query_name == "supervision_items_handled"
        await pilot.press("escape", "home")
        await pilot.pause()
        assert grid.scroll_offset.y == 0
        await pilot.press("space")
        await pilot.pause()
        assert grid.scroll_offset.y > 0


def test_layout_boxes_panels_when_they_fit_and_budgets_lines_when_not():
    lines = [len(spec.lines(str)) for spec in PANELS]
    assert layout_for(Size(160, 45), lines) == (4, None, True)
    assert layout_for(Size(80, 24), lines) == (2, 4, False)  # 4 rows of 5: title rule and four lines
    assert layout_for(Size(120, 30), lines) == (3, 7, True)
    assert layout_for(Size(60, 20), lines)[0:2] == (1, 3)  # one column, never under three lines: it scrolls


def footer_keys(app) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


@pytest.mark.parametrize("width", [60, 70, 80, 100, 160])
@pytest.mark.parametrize("where", ["home", "rows", "detail"])
async def test_footer_keys_fit_whole(make_app, width, where):
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        if where == "rows":
            app.open_rows("cases_filed")
        elif where == "detail":
            app.open_panel("enforcement")
        await settle(pilot)
        await pilot.pause()
        keys = footer_keys(app)
        assert any(k.description == "帮助" for k in keys)  # help, which lists every key, always stays
        right = 0
        for k in sorted(keys, key=lambda k: k.region.x):
            assert k.region.x >= right, f"{k.description} overlaps the key before it"
            assert k.region.right <= width, f"{k.description} runs off the screen"
            assert k.region.width >= len(k.key_display) + 2 * len(k.description), k.description  # drawn whole
            right = k.region.right
        if where == "home" and width >= 80:
            shown = {k.description for k in keys}
            assert {"详情", "年度", "同比", "起草", "帮助", "退出"} <= shown


@pytest.mark.parametrize("size", [(160, 45), (100, 30), (80, 24)])
async def test_boxed_panels_of_a_row_are_as_tall_as_its_tallest(make_app, size):
    """Boxes side by side line up (a row is as tall as its tallest panel, none taller); open
    panels (the 80×24 compact layout: a title rule, no bottom border) keep their own height."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        panels = list(app.screen.query(PanelWidget))
        rows: dict[int, list[PanelWidget]] = {}
        for p in panels:
            rows.setdefault(p.region.y, []).append(p)
        assert len(rows) == 2 if size == (160, 45) else len(rows) == 4
        for row in rows.values():
            heights = {p.region.height for p in row}
            if row[0].has_class("-open"):
                assert all(p.region.height == len(p.items) + 1 for p in row)  # the rule and its lines
            else:
                assert heights == {max(len(p.items) for p in row) + 2}, [(p.spec.key, p.region) for p in row]
        assert all(p.has_class("-open") for p in panels) == (size == (80, 24))
