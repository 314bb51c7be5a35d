"""The TUI never reads user text as markup and never shows control characters raw: a fabric, plane or scenario
named '[/oops]', '[bold]x' or with an ANSI escape opens and renders; every field case of the corpus shows an
inline error in the form (tests/test_bad_input_corpus.py checks the reader)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from interconnect.files import default_fabric_path
from interconnect.tui.app import build_app
from interconnect.tui.widgets.comparison import ComparisonPane

SIZE = (120, 40)
HOSTILE = ["[/oops]", "[bold red]x[/]", "\x1b[2J\x1b[Hgone", "[link=file:///etc/passwd]x[/link]", "a\rb\u202e"]


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\u001b").replace("\r", "\\r")


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_open_and_render(name: str, tmp_path: Path) -> None:
    text = default_fabric_path().read_text()
    text = text.replace('name = "all-dsp"', f'name = "{_escaped(name)}"', 1).replace(
        'baseline = "all-dsp"', f'baseline = "{_escaped(name)}"', 1)
    text = text.replace('name = "100k', f'name = "{_escaped(name)} 100k', 1)
    path = tmp_path / "hostile.toml"
    path.write_text(text)

    async def run() -> None:
        app = build_app(str(path), cursor_blink=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            pane = app.query_one(ComparisonPane)
            assert pane.comparison is not None
            rendered = str(app.query_one("#scenario-title", Static).render())
            assert "\x1b" not in rendered and "\r" not in rendered
            assert name.replace("\x1b", "\\x1b").replace("\r", "\\r").replace("\u202e", "\\u202e") in rendered \
                or name in rendered
            app.exit()

    asyncio.run(run())


@pytest.mark.parametrize(("field", "text"), [("accelerators", "inf"), ("accelerators", "1e400"),
                                             ("accelerators", "[/b]"), ("port_rate", "800 gigabaud"),
                                             ("port_rate", "[/b]"), ("pue", "inf"), ("lifetime", "1e400"),
                                             ("electricity_price", "1e306 USD/kWh")])
def test_field_cases_show_an_inline_error(field: str, text: str) -> None:
    async def run() -> None:
        app = build_app(cursor_blink=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            widget = app.query_one(f"#field-{field}", Input)
            widget.focus()
            await pilot.press("end", *["backspace"] * len(widget.value), *text, "enter")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            error = app.query_one(f"#error-{field}", Static)
            assert error.has_class("-shown"), (field, text)
            app.exit()

    asyncio.run(run())
