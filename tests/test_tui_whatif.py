"""What-if workbench: a catalog figure edited in the TUI is a field-level override with a source note, and
changes the table exactly as the same override through the API; pickers show power, price and pJ/bit."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.widgets import Input, Select

from interconnect import compare, load_catalog
from interconnect.catalog.models import Source, SourceKind
from interconnect.catalog.overrides import FieldOverride
from interconnect.files import shipped_fabrics
from interconnect.tui.app import InterconnectApp, build_app
from interconnect.tui.screens.catalog import CatalogScreen
from interconnect.tui.screens.dialogs import WhatIfDialog
from interconnect.tui.widgets.comparison import COLUMNS, ComparisonPane

F = TypeVar("F", bound=Callable[..., Coroutine[Any, Any, None]])
LPO = "generic-800g-lpo-dr4"


def synchronous(test: F) -> Callable[..., None]:
    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def settle(app: InterconnectApp, pilot: Any) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _api_catalog_with_lpo_at(price: str) -> Any:
    """The same what-if through the library: a source of kind estimate and one field-level override."""
    import dataclasses

    catalog = load_catalog()
    source = Source(id="my-what-if", title="what if LPO costs less", document="a note", date="2026-12",
                    kind=SourceKind.ESTIMATE, derivation="what if LPO costs $350")
    catalog = dataclasses.replace(catalog, sources={**catalog.sources, source.id: source})
    return catalog.with_overrides([FieldOverride(LPO, "cost", price, (source.id,))])


@synchronous
async def test_a_what_if_edit_changes_the_table_exactly_as_the_api_override(tmp_path: Path) -> None:
    """The issue's "what if LPO costs $350": typed in the catalog browser (F2, search, F7, value, note)."""
    path = tmp_path / "mine.toml"
    path.write_text(shipped_fabrics()["default"].read_text())
    app = build_app(path, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = dict(app.query_one(ComparisonPane).shown)
        await pilot.press("f2")
        await settle(app, pilot)
        assert isinstance(app.screen, CatalogScreen)
        await pilot.press(*"generic-800g-lpo-dr4")
        await settle(app, pilot)
        assert app.screen.entries[0].id == LPO
        await pilot.press("f7")
        await settle(app, pilot)
        assert isinstance(app.screen, WhatIfDialog)
        app.screen.query_one("#whatif-field", Select).value = "cost"
        await pilot.press(*"350 USD", "enter", *"what if LPO costs $350", "enter")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.catalog.options[LPO].cost.typical.m_as("USD") == 350
        assert app.catalog.options[LPO].cost.sources == ("what-if-1",)
        assert app.catalog.sources["what-if-1"].derivation == "what if LPO costs $350"
        expected = compare(app.project.fabric, app.project.scenarios, _api_catalog_with_lpo_at("350 USD"))
        pane = app.query_one(ComparisonPane)
        for result in expected.results:
            for column in COLUMNS:
                assert pane.shown[(result.scenario, column.metric)] == pytest.approx(
                    result.value(column.metric, column.unit), rel=1e-12), (result.scenario, column.metric)
        # by hand: the lpo scenario uses LPO modules; cheaper modules lower its capex, all-dsp is unchanged
        assert pane.shown[("lpo", "cost.capex")] < before[("lpo", "cost.capex")]
        assert pane.shown[("all-dsp", "cost.capex")] == before[("all-dsp", "cost.capex")]
        assert app.unsaved
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not app.unsaved
    saved = tmp_path / "mine.what-if.toml"
    again = load_catalog([saved])  # the saved what-ifs read back as a user catalog file
    assert again.options[LPO].cost == app.catalog.options[LPO].cost


@synchronous
async def test_a_what_if_the_catalog_refuses_changes_nothing() -> None:
    app = build_app(cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        before = dict(app.query_one(ComparisonPane).shown)
        assert not app.apply_what_if(LPO, "cost", "17 W", "wrong dimension")
        await settle(app, pilot)
        assert app.what_ifs == [] and app.query_one(ComparisonPane).shown == before
        assert any("What-if not applied" in (n.title or "") for n in app._notifications)


@synchronous
async def test_pickers_show_power_price_and_energy_per_bit() -> None:
    app = build_app(cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        pane = app.query_one("#scenarios-pane")
        option = app.catalog.options[LPO]
        watts = option.part_power.typical.m_as("W")
        labels = [label for label, value in pane._shown["pick-backend-1-lower"] if value == LPO]  # type: ignore[attr-defined]
        assert labels and f"{watts:5.3g} W" in labels[0] and "pJ/b" in labels[0] and "$" in labels[0]
        app.query_one("#pick-backend-1-lower", Select).focus()
        await pilot.press("f7")
        await settle(app, pilot)
        assert isinstance(app.screen, WhatIfDialog)
        _ = app.screen.query_one("#whatif-value", Input)


@synchronous
async def test_export_the_table_as_csv_and_markdown(tmp_path: Path) -> None:
    import csv

    app = build_app(cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        app.export_table(str(tmp_path / "t.csv"))
        app.export_table(str(tmp_path / "t.md"))
        app.export_table(str(tmp_path / "t.txt"))
        await pilot.pause()
        assert any("write a .csv or .md" in n.message for n in app._notifications)
        comparison = app.comparison
    assert comparison is not None
    rows = list(csv.DictReader((tmp_path / "t.csv").open()))
    assert [r["scenario"] for r in rows] == [r.key for r in comparison.results]
    lpo = next(r for r in rows if r["scenario"] == "lpo")
    assert float(lpo["power.fabric [kW]"]) == pytest.approx(comparison.result("lpo").value("power.fabric", "kW"))
    assert float(lpo["power.fabric vs baseline"]) == pytest.approx(comparison.relative("lpo", "power.fabric"))
    md = (tmp_path / "t.md").read_text()
    assert md.startswith("| Scenario | Fabric kW | TCO M$") and "all-dsp (baseline)" in md
    assert not (tmp_path / "t.txt").exists()


@synchronous
async def test_reset_to_the_standard_scenarios() -> None:
    """After scenario edits (a duplicate, a new tier-1 pick), 's' in the scenario list brings back the
    standard scenarios for the current fabric (its 30 m tier 1 length now), which compute."""
    from interconnect.standard import standard_scenarios

    app = build_app(cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        field = app.query_one("#field-length_1", Input)
        field.value = "20 m"
        await pilot.pause()
        app.query_one("#fabric").flush()  # type: ignore[attr-defined]
        await settle(app, pilot)
        await pilot.press("f4", "d")
        await settle(app, pilot)
        assert app.project.scenarios != standard_scenarios(app.project.fabric, app.catalog)
        await pilot.press("s")
        await settle(app, pilot)
        assert app.project.scenarios == standard_scenarios(app.project.fabric, app.catalog)
        assert app.compute_error is None


@synchronous
async def test_undo_and_redo_move_between_whole_states() -> None:
    """A fabric edit, a scenario edit and a what-if, undone one by one back to the file, then redone."""
    app = build_app(cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        start = (app.project.fabric, app.project.scenarios, app.comparison)
        app.query_one("#field-pue", Input).focus()
        await pilot.press("end", "backspace", "4", "enter")
        await settle(app, pilot)
        await pilot.press("f4", "d")  # duplicate all-dsp
        await settle(app, pilot)
        assert app.apply_what_if(LPO, "cost", "350 USD", "what if")
        await settle(app, pilot)
        edited = (app.project.fabric, app.project.scenarios)
        for _ in range(3):
            await pilot.press("ctrl+z")
            await settle(app, pilot)
        assert (app.project.fabric, app.project.scenarios) == start[:2] and app.what_ifs == []
        assert app.catalog.options[LPO].cost == app.base_catalog.options[LPO].cost
        assert app.query_one("#field-pue", Input).value == "1.3"
        assert start[2] is not None
        assert app.query_one(ComparisonPane).shown[("lpo", "cost.capex")] == start[2].result("lpo").value(
            "cost.capex", "MUSD")
        for _ in range(3):
            await pilot.press("ctrl+y")
            await settle(app, pilot)
        assert (app.project.fabric, app.project.scenarios) == edited and len(app.what_ifs) == 1
        assert app.project.fabric.economics.pue == 1.4
