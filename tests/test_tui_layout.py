"""Layout and keys: the focus starts in the first field, keys jump to each pane, the scenario column is
frozen, the columns that matter come first, and F9 gives a cut-off id in full."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from textual.widgets import DataTable, Input, Select

from interconnect.tui.app import InterconnectApp, build_app
from interconnect.tui.widgets.comparison import COLUMNS

F = TypeVar("F", bound=Callable[..., Coroutine[Any, Any, None]])


def synchronous(test: F) -> Callable[..., None]:
    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def settle(app: InterconnectApp, pilot: Any) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_the_columns_that_matter_come_first() -> None:
    assert [c.metric for c in COLUMNS[:3]] == ["power.fabric", "cost.tco", "power.per_accelerator"]


@synchronous
async def test_focus_starts_in_the_first_field_and_keys_jump_to_each_pane() -> None:
    app = build_app(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.focused is app.query_one("#field-accelerators", Input)
        await pilot.press("f3")
        table = app.query_one("#totals", DataTable)
        assert app.focused is table and table.fixed_columns == 1  # the scenario column is frozen
        await pilot.press("f4")
        await pilot.pause()
        assert app.focused is app.query_one("#scenario-list")
        await pilot.press("ctrl+b")  # hide the fabric pane; F6 shows it again and focuses its first field
        await pilot.press("f6")
        await pilot.pause()
        assert app.focused is app.query_one("#field-accelerators", Input)


@synchronous
async def test_f9_says_a_cut_off_id_in_full() -> None:
    """At 80 columns the switch picker shows ``broadcom-…``; F9 names the switch in full."""
    app = build_app(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.query_one("#field-switch", Select).focus()
        await pilot.press("f9")
        await pilot.pause()
        switch = app.project.fabric.plane("backend").switch
        assert switch is not None
        assert any(n.message.startswith(f"{switch} — ") for n in app._notifications)


@synchronous
async def test_parallel_planes_and_switch_counts_in_the_form() -> None:
    """The default fabric's 800G ports as 4 x 200G planes, striped: the form shows both; 2 planes (400G
    links) and bin-packed switch counts read into the plane, and the table is the API's (or its error)."""
    from interconnect import compare
    from interconnect.errors import InterconnectError
    from interconnect.tui.widgets.comparison import ComparisonPane

    app = build_app(cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        planes = app.query_one("#field-planes", Input)
        assert planes.value == "4"
        assert app.query_one("#field-switch_counts", Select).value == "striped"
        planes.focus()
        await pilot.press("end", "backspace", "2", "enter")
        app.query_one("#field-switch_counts", Select).value = "bin-packed"
        await settle(app, pilot)
        plane = app.project.fabric.plane("backend")
        assert plane.planes == 2 and plane.link_rate.m_as("Gbit/s") == 400
        assert plane.switch_counts == "bin-packed"
        try:
            expected = compare(app.project.fabric, app.project.scenarios, app.catalog)
        except InterconnectError as exc:
            assert app.compute_error == str(exc)
        else:
            shown = app.query_one(ComparisonPane).shown
            for result in expected.results:
                assert shown[(result.scenario, "power.fabric")] == result.value("power.fabric", "kW")
        planes.focus()
        await pilot.press("end", "backspace", "0", "enter")  # 0 planes: marked in place, nothing changes
        await settle(app, pilot)
        assert app.query_one("#error-planes").has_class("-shown")
        assert app.project.fabric.plane("backend").planes == 2
