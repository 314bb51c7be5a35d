"""Snapshots of the TUI, grouped per screen: fixed terminal sizes, cursor blink off, Textual pinned to 8.2.8.

The app runs on the round-number test catalog (tests/data/test_catalog.toml) and a small fabric written
here, so shipped-catalog updates do not move these pictures. Update with ``pytest --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import textual

from interconnect import compare, load_catalog
from interconnect.tui.app import InterconnectApp
from interconnect.tui.project import open_project

DATA = Path(__file__).parent / "data"
SnapCompare = Callable[..., bool]

FABRIC = """\
name = "2,048 accelerators on 64-port switches"
accelerators = 2048
accelerators_per_server = 8
servers_per_rack = 4
baseline = "dsp"

[[plane]]
name = "backend"
ports_per_accelerator = 1
port_rate = "800 Gbit/s"
tiers = 2
switch = "t-sw-64"
nic = "t-nic"
link_lengths = ["3 m", "30 m"]

[[scenario]]
name = "dsp"
description = "DSP modules at every end."
[scenario.planes.backend]
tiers = [{ lower = "t-dsp-800", upper = "t-dsp-800" }, { lower = "t-dsp-800", upper = "t-dsp-800" }]

[[scenario]]
name = "lpo-switch-side"
description = "DSP at the NIC, linear modules at every switch port."
[scenario.planes.backend]
tiers = [{ lower = "t-dsp-800", upper = "t-lpo-800" }, { lower = "t-lpo-800", upper = "t-lpo-800" }]

[[scenario]]
name = "aec-in-rack"
description = "Active copper from NIC to leaf."
[scenario.planes.backend]
tiers = [{ cable = "t-aec-800" }, { lower = "t-dsp-800", upper = "t-dsp-800" }]

[[scenario]]
name = "cpo"
description = "CPO switches, DSP at the NIC."
[scenario.planes.backend]
switch = "t-sw-64-cpo"
tiers = [{ lower = "t-dsp-800", upper = "t-cpo-800" }, { lower = "t-cpo-800", upper = "t-cpo-800" }]
"""


def test_textual_is_the_pinned_version() -> None:
    assert textual.__version__ == "8.2.8"  # snapshots are only comparable on one Textual version


@pytest.fixture
def make_app(tmp_path: Path) -> Callable[[], InterconnectApp]:
    path = tmp_path / "fabric.toml"
    path.write_text(FABRIC)
    catalog = load_catalog([DATA / "test_catalog.toml"], include_shipped=False)

    def make() -> InterconnectApp:
        project = open_project(path, catalog)
        project.path = Path("fabric.toml")  # the title shows the file name only; keep it free of tmp paths
        return InterconnectApp(catalog, project, compare(project.fabric, project.scenarios, catalog),
                               cursor_blink=False)

    return make


async def _settle(pilot: Any) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_hand_derived_numbers_behind_the_snapshots(make_app: Callable[[], InterconnectApp]) -> None:
    """2,048 accelerators on radix-64 switches: 64 leaves x 32 down = 2,048 tier-1 links; 2,048 tier-2
    links. DSP everywhere: 4 x 2,048 = 8,192 modules x 16 W = 131.072 kW of optics."""
    app = make_app()
    assert app.comparison is not None
    dsp = app.comparison.result("dsp")
    assert dsp.value("count.optical_modules") == 8192
    assert dsp.value("power.optics_total", "W") == pytest.approx(8192 * 16)


class TestMainScreen:
    def test_comparison_80x24(self, snap_compare: SnapCompare, make_app: Callable[[], InterconnectApp]) -> None:
        """At 80 columns the first columns are fabric power, TCO, W per accelerator and capex, with deltas."""
        assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_settle)

    def test_comparison_120x40(self, snap_compare: SnapCompare, make_app: Callable[[], InterconnectApp]) -> None:
        """At 120 columns every column shows, latency and failures included."""
        assert snap_compare(make_app(), terminal_size=(120, 40), run_before=_settle)

    def test_comparison_160x48(self, snap_compare: SnapCompare, make_app: Callable[[], InterconnectApp]) -> None:
        assert snap_compare(make_app(), terminal_size=(160, 48), run_before=_settle)

    def test_comparison_light_theme(self, snap_compare: SnapCompare,
                                    make_app: Callable[[], InterconnectApp]) -> None:
        assert snap_compare(make_app(), press=["ctrl+t"], terminal_size=(100, 30), run_before=_settle)

    def test_invalid_input_marked_inline(self, snap_compare: SnapCompare,
                                         make_app: Callable[[], InterconnectApp]) -> None:
        async def type_bad_rate(pilot: Any) -> None:
            pilot.app.query_one("#field-port_rate").focus()
            await pilot.press("end", *["backspace"] * 10, *"800 GBd", "enter")
            await _settle(pilot)

        assert snap_compare(make_app(), terminal_size=(100, 30), run_before=type_bad_rate)

    def test_scenarios_tab(self, snap_compare: SnapCompare, make_app: Callable[[], InterconnectApp]) -> None:
        assert snap_compare(make_app(), press=["f4"], terminal_size=(100, 30), run_before=_settle)

    def test_charts_tab(self, snap_compare: SnapCompare, make_app: Callable[[], InterconnectApp]) -> None:
        assert snap_compare(make_app(), press=["f5"], terminal_size=(100, 30), run_before=_settle)


def _press_then_settle(*keys: str) -> Callable[[Any], Any]:
    """Press keys, then wait for the screen they open to render (a loaded machine must not race the picture)."""

    async def run(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press(*keys)
        await _settle(pilot)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.05)

    return run


class TestCatalogBrowser:
    def test_catalog_80x24(self, snap_compare: SnapCompare, make_app: Callable[[], InterconnectApp]) -> None:
        assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_press_then_settle("f2"))

    def test_catalog_search_160x48(self, snap_compare: SnapCompare,
                                   make_app: Callable[[], InterconnectApp]) -> None:
        assert snap_compare(make_app(), terminal_size=(160, 48), run_before=_press_then_settle("f2", *"cpo"))
