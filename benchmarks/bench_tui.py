"""Keystroke-to-updated-table latency of the TUI on the shipped default fabric (7 scenarios, 100k accelerators).

Run: ``python benchmarks/bench_tui.py`` (headless, about half a minute). Not a test: it prints figures.

Each sample edits the accelerators field (alternating 100000 <-> 10000, both valid) or picks a tier
option in the Scenarios tab, and measures until the app has pushed the new ``Comparison`` into the
table (``app.updated_at``). Typed text is read after an idle time (``DEBOUNCE``) or on Enter, so the
keystroke sample is one key then Enter, timed from Enter; the idle path is the same plus ``DEBOUNCE``
by design (also printed, timed from the key). ``compare()`` alone is timed too.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from textual.widgets import Input, Select

from interconnect.calculator import compare
from interconnect.tui.app import InterconnectApp, build_app
from interconnect.tui.widgets.fabric_form import DEBOUNCE

SAMPLES = 30


async def _until_updated(app: InterconnectApp, count: int, start: float) -> float:
    while app.updates == count:
        await asyncio.sleep(0.0005)
    return (app.updated_at - start) * 1000


async def _measure(app: InterconnectApp, pilot: Any, act: Callable[[int], Awaitable[None]],
                   then: Callable[[], Awaitable[None]] | None = None) -> list[float]:
    """Per sample: ``act``, then (if given) ``then`` timed from its start; else timed from ``act``'s start."""
    times = []
    for i in range(SAMPLES):
        await pilot.pause()
        count = app.updates
        start = time.perf_counter()
        await act(i)
        if then is not None:
            start = time.perf_counter()
            await then()
        times.append(await _until_updated(app, count, start))
    return times


async def bench() -> dict[str, list[float]]:
    app = build_app(cursor_blink=False)
    results: dict[str, list[float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        field = app.query_one("#field-accelerators", Input)
        field.focus()
        await pilot.press("end")

        async def keystroke_then_enter(i: int) -> None:
            await pilot.press("backspace" if i % 2 == 0 else "0")

        results["fabric keystroke + Enter (from Enter)"] = await _measure(
            app, pilot, keystroke_then_enter, then=lambda: pilot.press("enter"))

        async def keystroke(i: int) -> None:
            await pilot.press("backspace" if i % 2 == 0 else "0")

        results[f"fabric keystroke, idle read ({DEBOUNCE * 1000:.0f} ms)"] = await _measure(app, pilot, keystroke)
        await pilot.press("f4")
        await pilot.pause()
        pick = app.query_one("#pick-backend-1-lower", Select)
        choices = ["generic-800g-lpo-dr4", "generic-800g-osfp-dr4-dsp"]

        async def option_pick(i: int) -> None:
            pick.value = choices[i % 2]
            await pilot.pause(0)

        results["scenario tier-option pick"] = await _measure(app, pilot, option_pick)
    fabric, scenarios, catalog = app.project.fabric, app.project.scenarios, app.catalog
    api = []
    for _ in range(SAMPLES):
        start = time.perf_counter()
        compare(fabric, scenarios, catalog)
        api.append((time.perf_counter() - start) * 1000)
    results["compare() alone, 7 scenarios"] = api
    return results


def main() -> None:
    results = asyncio.run(bench())
    print(f"TUI latency on the default fabric, {SAMPLES} samples each (ms):")
    print(f"{'what':<36} {'median':>8} {'p90':>8} {'max':>8}")
    for name, times in results.items():
        ordered = sorted(times)
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        print(f"{name:<36} {statistics.median(times):8.1f} {p90:8.1f} {max(times):8.1f}")


if __name__ == "__main__":
    main()
