"""Input that means what was typed: read after a short idle or on Enter (never a partial token), keys in a
fast burst or a paste land in order, one error line, and labels follow the edited fabric.

Bursts are posted to the app all at once, as a terminal driver does when keys arrive faster than the app
handles them (``pilot.press`` waits after each key, which hides the reordering the issue saw in tmux).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import pytest
from textual import events
from textual.message import Message
from textual.widgets import Input, Static

from interconnect.tui.app import InterconnectApp, build_app, one_line
from interconnect.tui.widgets.comparison import ComparisonPane
from interconnect.tui.widgets.fabric_form import DEBOUNCE, FabricForm

F = TypeVar("F", bound=Callable[..., Coroutine[Any, Any, None]])
SIZE = (100, 40)


def synchronous(test: F) -> Callable[..., None]:
    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def settle(app: InterconnectApp, pilot: Any) -> None:
    """Wait until typed text has been read (the idle time passed) and the compute worker finished."""
    form = app.query_one(FabricForm)
    for _ in range(200):
        await pilot.pause(0.05)
        if not form.pending:
            break
    await app.workers.wait_for_complete()
    await pilot.pause()


def burst(app: InterconnectApp, *keys: str) -> None:
    """Post every key at once, as a terminal delivers a fast burst."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def changed_fabrics(messages: list[Message]) -> list[Any]:
    """The fabrics the form posted (the hook sees a message once per widget it bubbles through)."""
    unique = {id(m): m for m in messages if isinstance(m, FabricForm.Changed)}
    return [m.fabric for m in unique.values()]


@synchronous
async def test_a_partial_token_is_never_computed() -> None:
    """The issue: typing ``1M`` recomputed at 1 accelerator and kept those numbers. Typed in one go (in a
    burst, and key by key faster than the idle time), only 1,000,000 is read; 1,000,000 endpoints per
    plane do not fit two tiers of radix-512 switches at 200G (at most 512 x 256 = 131,072), so the table
    keeps the 100,000-accelerator numbers and says so."""
    messages: list[Message] = []
    app = build_app(cursor_blink=False)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(app, pilot)
        before = dict(app.query_one(ComparisonPane).shown)
        app.query_one("#field-accelerators", Input).focus()
        burst(app, "end", *["backspace"] * 6, "1", "M")
        await settle(app, pilot)
        assert app.query_one("#field-accelerators", Input).value == "1M"
        assert [f.accelerators for f in changed_fabrics(messages)] == [1_000_000]
        assert app.compute_error is not None and "do not fit" in app.compute_error
        assert app.query_one(ComparisonPane).shown == before
        status = str(app.query_one("#compute-status", Static).render())
        # one error line (the same problem for three switch models is counted, not repeated) and what
        # the table still shows
        assert status.count("do not fit") == 1 and "(and 2 more like it)" in status
        assert "The table still shows: 100k accelerators" in status
        # key by key, faster than the idle time: "5" and "50" are never read either
        messages.clear()
        await pilot.press("end", *["backspace"] * 2, "5")
        await pilot.pause(DEBOUNCE / 4)
        await pilot.press("0", "k")
        await settle(app, pilot)
        assert [f.accelerators for f in changed_fabrics(messages)] == [50_000]
        assert app.compute_error is None


@synchronous
async def test_enter_reads_at_once() -> None:
    messages: list[Message] = []
    app = build_app(cursor_blink=False)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(app, pilot)
        app.query_one("#field-pue", Input).focus()
        await pilot.press("end", "backspace", "4", "enter")
        await pilot.pause()
        assert not app.query_one(FabricForm).pending
        assert app.project.fabric.economics.pue == 1.4


@synchronous
async def test_a_burst_of_backspaces_and_text_lands_in_order() -> None:
    """The issue: 8 Backspaces and ``1600G`` sent in one burst left ``1600``, ``8`` or ``16`` (Textual ran
    the Backspaces after the characters had overtaken them). The field reads exactly ``1600G`` and the
    Scenarios tab shows the plane's new port speed."""
    app = build_app(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        field = app.query_one("#field-port_rate", Input)
        field.focus()
        field.value = "800G"
        await pilot.press("end", "enter")
        await settle(app, pilot)
        burst(app, *["backspace"] * 8, *"1600G")
        await settle(app, pilot)
        assert field.value == "1600G"
        assert app.project.fabric.plane("backend").port_rate.m_as("Gbit/s") == pytest.approx(1600)
        await pilot.press("f4")
        await settle(app, pilot)
        title = str(app.query_one("#plane-title-backend", Static).render())
        assert "1600G ports" in title


@synchronous
async def test_a_paste_replaces_the_selection_in_order() -> None:
    app = build_app(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        field = app.query_one("#field-port_rate", Input)
        field.focus()
        burst(app, "end", *["backspace"] * 12)
        app.post_message(events.Paste("1.6T"))
        burst(app, "enter")
        await settle(app, pilot)
        assert field.value == "1.6T"
        assert app.project.fabric.plane("backend").port_rate.m_as("Gbit/s") == pytest.approx(1600)


@synchronous
async def test_labels_follow_the_edited_fabric() -> None:
    """The issue: the fabric label kept saying "100k accelerators" after an edit."""
    app = build_app(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "100k accelerators" in app.sub_title
        app.query_one("#field-accelerators", Input).focus()
        await pilot.press("end", *["backspace"] * 6, *"50000", "enter")
        await settle(app, pilot)
        assert "100k" not in app.sub_title
        assert "50,000 accelerators · 800G ports as 4 x 200G planes · 2 tiers (edited)" in app.sub_title
        detail = app.query_one(ComparisonPane).fabric_label
        assert detail is not None and detail.startswith("50,000 accelerators")


def test_one_line_counts_repeats() -> None:
    assert one_line("a\nb\nc") == "a (and 2 more like it)"
    assert one_line("only") == "only"


@synchronous
async def test_save_right_after_typing_saves_what_was_typed(tmp_path: Any) -> None:
    from interconnect.files import load_project, shipped_fabrics

    path = tmp_path / "mine.toml"
    path.write_text(shipped_fabrics()["default"].read_text())
    app = build_app(path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.query_one("#field-pue", Input).focus()
        await pilot.press("end", "backspace", "5", "ctrl+s")  # no pause: Ctrl+S within the idle time
        await settle(app, pilot)
    assert load_project(path)[0].economics.pue == 1.5
