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
