"""Pilot-driven tests of the TUI: the table shows the API's numbers, bad input is marked and keeps them,
save and load round-trip, the unsaved-changes prompt, report export, the catalog browser."""

from __future__ import annotations

import asyncio
import functools
import subprocess
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.message import Message
from textual.widgets import Input, Select, Static

from interconnect import compare
from interconnect.files import dumps_project, load_project
from interconnect.scenario import TierChoice
from interconnect.tui.app import InterconnectApp, build_app
from interconnect.tui.project import set_tier
from interconnect.tui.screens.catalog import CatalogScreen
from interconnect.tui.screens.dialogs import ConfirmQuit, TextDialog
from interconnect.tui.widgets.comparison import COLUMNS, ComparisonPane, format_value
from interconnect.tui.widgets.fabric_form import FabricForm
from interconnect.tui.widgets.scenarios import ScenariosPane

SIZE = (100, 40)
F = TypeVar("F", bound=Callable[..., Coroutine[Any, Any, None]])


def synchronous(test: F) -> Callable[..., None]:
    """Run an async test in its own event loop (no asyncio pytest plugin needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run

DSP_800G = "generic-800g-osfp-dr4-dsp"
LPO_800G = "generic-800g-lpo-dr4"


async def settle(app: InterconnectApp, pilot: Any) -> None:
    """Let messages run and the compute worker finish, then let the results land."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def retype(app: InterconnectApp, pilot: Any, field: str, text: str) -> None:
    """Clear a fabric field and type ``text`` key by key, as a user would, then Enter (read it at once)."""
    widget = app.query_one(f"#field-{field}", Input)
    widget.focus()
    await pilot.press("end", *["backspace"] * len(widget.value), *text, "enter")
    await settle(app, pilot)


def table_matches(app: InterconnectApp, comparison: Any) -> None:
    """Every number in the table is the API's value in the column's unit, formatted."""
    pane = app.query_one(ComparisonPane)
    table = pane.query_one("#totals")
    assert [r.scenario for r in comparison.results] == [str(k.value) for k in table.rows]  # type: ignore[attr-defined]
    for result in comparison.results:
        for column in COLUMNS:
            expected = result.value(column.metric, column.unit)
            assert pane.shown[(result.scenario, column.metric)] == pytest.approx(expected, rel=1e-12)
            cell = table.get_cell(result.scenario, column.metric)  # type: ignore[attr-defined]
            assert cell.plain.split("\n")[0] == format_value(expected)


def test_cli_parser_does_not_load_textual() -> None:
    code = ("import sys, interconnect; from interconnect.cli import build_parser; build_parser(); "
            "assert 'textual' not in sys.modules, 'textual loaded'")
    subprocess.run([sys.executable, "-c", code], check=True)


@synchronous
async def test_change_accelerators_and_a_tier_option_table_equals_api() -> None:
    from interconnect.files import shipped_fabrics

    app = build_app(shipped_fabrics()["single-plane-3-tier"], cursor_blink=False)
    messages: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(app, pilot)
        await retype(app, pilot, "accelerators", "50000")
        assert any(isinstance(m, FabricForm.Changed) for m in messages)
        # the all-dsp scenario's tier-1 host end: DSP -> LPO module (a pick in the Scenarios tab)
        await pilot.press("f4")
        await settle(app, pilot)
        app.query_one("#pick-backend-1-lower", Select).value = LPO_800G
        await settle(app, pilot)
        assert any(isinstance(m, ScenariosPane.Changed) for m in messages)

        fabric, scenarios = load_project(Path(app.project.path or _default()))
        expected_scenarios = set_tier(scenarios, "all-dsp", "backend", 1,
                                      TierChoice(lower=LPO_800G, upper="generic-1p6t-osfp-2xdr4-dsp"))
        expected = compare(fabric.replace(accelerators=50000), expected_scenarios)
        assert app.project.scenarios == expected_scenarios
        table_matches(app, expected)
        # by hand: 50,000 accelerators x 1 port, three non-blocking tiers (two tiers of radix 128 hold
        # 128 x 64 = 8,192 < 50,000): tier 1 = 50,000 host modules + 25,000 twin-port leaf modules,
        # tiers 2 and 3 = 2 ends x 25,000 twin-port modules each -> 175,000 modules.
        assert app.query_one(ComparisonPane).shown[("all-dsp", "count.optical_modules")] == 175_000
        # by hand: 50,000 host modules at 15 W (DSP) -> 8.5 W (LPO) save 50,000 x 6.5 W = 325 kW of optics power
        lpo = app.query_one(ComparisonPane).shown[("all-dsp", "power.optics_total")]
        dsp = compare(fabric.replace(accelerators=50000), scenarios).result("all-dsp").value("power.optics_total")
        assert dsp - lpo == pytest.approx(325.0)


def _default() -> Path:
    from interconnect.files import default_fabric_path

    return default_fabric_path()


@synchronous
async def test_invalid_input_is_marked_inline_and_keeps_previous_numbers() -> None:
    app = build_app(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        before = dict(app.query_one(ComparisonPane).shown)
        fabric_before, updates = app.project.fabric, app.updates
        await retype(app, pilot, "port_rate", "800 GBd")
        error = app.query_one("#error-port_rate", Static)
        assert error.has_class("-shown")
        assert "symbol rate" in str(error.render())
        assert app.query_one("#field-port_rate", Input).has_class("-invalid")
        assert app.project.fabric == fabric_before
        assert app.updates == updates
        assert app.query_one(ComparisonPane).shown == before
        # fixing the field clears the mark and recomputes the same numbers
        await retype(app, pilot, "port_rate", "800G")
        assert not app.query_one("#error-port_rate", Static).has_class("-shown")
        assert app.query_one(ComparisonPane).shown == before


@synchronous
async def test_infeasible_fabric_shows_the_reason_and_keeps_previous_numbers() -> None:
    app = build_app(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await retype(app, pilot, "accelerators", "10")
        before = dict(app.query_one(ComparisonPane).shown)
        # 3 tiers of radix-128 switches hold 128^3/4 = 524,288 endpoints; "10" -> "10M" (10 million) does not fit
        await pilot.press("M", "enter")
        await settle(app, pilot)
        assert app.compute_error is not None and "do not fit" in app.compute_error
        status = app.query_one("#compute-status", Static)
        assert status.has_class("-error") and "The table still shows: 10 accelerators" in str(status.render())
        assert app.query_one(ComparisonPane).shown == before


@synchronous
async def test_save_then_load_round_trips_exactly(tmp_path: Path) -> None:
    target = tmp_path / "project.toml"
    app = build_app(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await retype(app, pilot, "pue", "1.25")
        await pilot.press("ctrl+s")  # the default fabric has no file of its own: asks where
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        dialog_input = app.screen.query_one(Input)
        dialog_input.value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        assert not app.project.dirty and app.project.path == target
        fabric, scenarios = app.project.fabric, app.project.scenarios
    text = target.read_text()
    loaded_fabric, loaded_scenarios = load_project(target)
    assert (loaded_fabric, loaded_scenarios) == (fabric, scenarios)
    assert loaded_fabric.economics.pue == 1.25
    assert dumps_project(loaded_fabric, loaded_scenarios) == text
    # open the saved file in a new app, save without changes: the same bytes
    again = build_app(target, cursor_blink=False)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        assert not again.project.dirty
        await pilot.press("ctrl+s")
        await settle(again, pilot)
    assert target.read_text() == text


@synchronous
async def test_open_replaces_the_project_and_reports_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\naccelerators = 8\nacelerators_per_server = 4\n')
    app = build_app(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        before = app.project
        app.open_file(str(bad))
        await settle(app, pilot)
        assert app.project is before
        assert any("did you mean 'accelerators_per_server'" in n.message for n in app._notifications)


@synchronous
async def test_quit_with_unsaved_changes_asks_first() -> None:
    app = build_app(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await retype(app, pilot, "accelerators_per_server", "8")
        assert app.project.dirty
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmQuit) and app.is_running


@synchronous
async def test_export_hands_the_shown_comparison_to_write_report(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import interconnect.reports

    calls: list[tuple[Any, ...]] = []

    def fake_write_report(path: Path, comparison: Any, fabric: Any, scenarios: Any, catalog: Any) -> list[Path]:
        calls.append((path, comparison, fabric, scenarios, catalog))
        return [path]

    monkeypatch.setattr(interconnect.reports, "write_report", fake_write_report, raising=False)
    app = build_app(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.export_report(str(tmp_path / "report.md"))
        await settle(app, pilot)
    assert len(calls) == 1
    path, comparison, fabric, scenarios, _ = calls[0]
    assert path == tmp_path / "report.md" and comparison is app.comparison
    assert (fabric, scenarios) == (app.project.fabric, app.project.scenarios)


@synchronous
async def test_export_without_a_report_writer_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import interconnect.reports

    monkeypatch.delattr(interconnect.reports, "write_report", raising=False)
    app = build_app(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.export_report(str(tmp_path / "report.md"))
        await pilot.pause()
        assert any("write_report" in n.message for n in app._notifications)
    assert not (tmp_path / "report.md").exists()


@synchronous
async def test_scenario_list_keys_duplicate_rename_baseline_delete() -> None:
    app = build_app(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await pilot.pause()
        app.query_one("#scenario-list").focus()
        await pilot.press("d")  # duplicate all-dsp
        await settle(app, pilot)
        assert [s.name for s in app.project.scenarios.scenarios][:2] == ["all-dsp", "all-dsp-copy"]
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one(Input).value = "mine"
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        assert app.project.scenarios.baseline == "mine"
        assert app.comparison is not None and app.comparison.baseline == "mine"
        await pilot.press("x")
        await settle(app, pilot)
        assert "mine" not in [s.name for s in app.project.scenarios.scenarios]
        assert app.project.scenarios.baseline == "all-dsp"
        table_matches(app, compare(app.project.fabric, app.project.scenarios))


@synchronous
async def test_catalog_browser_search_and_detail() -> None:
    app = build_app(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CatalogScreen)
        await pilot.press(*"davisson")
        await pilot.pause()
        ids = {e.id for e in screen.entries}
        assert {"broadcom-davisson-cpo-800g-port", "broadcom-th6-davisson-cpo"} <= ids
        assert all("davisson" in f"{e.id} {e.name} {e.vendor} {e.note}".lower() for e in screen.entries)
        assert len(ids) < len(app.catalog.options)
        detail = screen.query_one("#catalog-detail", Static)
        text = _plain(detail)
        entry = screen.entries[0]
        for name in entry.figures():
            assert name in text
        for source in entry.sources:
            assert source in text and app.catalog.sources[source].date in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CatalogScreen)


def _plain(widget: Static) -> str:
    from rich.console import Console

    console = Console(width=300, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(widget.content)
    return console.export_text()


def test_tui_command_reports_bad_input_before_starting(tmp_path: Path) -> None:
    fabric = tmp_path / "typo.toml"
    text = _default().read_text().replace('upper = "generic-800g-npo-port"', 'upper = "generic-800g-npo-prot"', 1)
    fabric.write_text(text)
    run = subprocess.run([sys.executable, "-m", "interconnect", "tui", str(fabric)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 1
    assert "did you mean 'generic-800g-npo-port'" in run.stderr
    assert "Traceback" not in run.stderr
