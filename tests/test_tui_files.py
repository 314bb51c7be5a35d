"""Never lose work in the TUI: every shipped fabric opens over every other, and an unexpected error saves a
recovery copy of the project (beside its file or in the user data folder), says where, and exits with 1."""

from __future__ import annotations

import asyncio
import functools
import itertools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.widgets import Input, Select

from interconnect import compare
from interconnect.files import load_project, shipped_fabrics
from interconnect.tui import app as app_module
from interconnect.tui.app import InterconnectApp, build_app
from interconnect.tui.fields import FABRIC_FIELDS, field_texts
from interconnect.tui.recovery import Recovery
from interconnect.tui.widgets.comparison import COLUMNS, ComparisonPane
from interconnect.tui.widgets.fabric_form import FabricForm

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


def every_ordered_pair(names: list[str]) -> list[str]:
    """A walk through ``names`` that steps from every name to every other exactly once (an Euler circuit
    of the complete directed graph, found with Hierholzer's algorithm)."""
    unused = {a: [b for b in names if b != a] for a in names}
    stack, walk = [names[0]], []
    while stack:
        here = stack[-1]
        if unused[here]:
            stack.append(unused[here].pop())
        else:
            walk.append(stack.pop())
    return walk[::-1]


def test_the_walk_covers_every_ordered_pair() -> None:
    names = list(shipped_fabrics())
    walk = every_ordered_pair(names)
    steps = list(itertools.pairwise(walk))
    assert len(steps) == len(names) * (len(names) - 1) == len(set(steps))


def shows(app: InterconnectApp, path: Path) -> None:
    """The app holds the file's fabric and scenarios, the form its texts, the editor a picker per plane,
    tier and end, and the table the API's numbers."""
    fabric, scenarios = load_project(path)
    assert app.project.fabric == fabric and app.project.path == path and not app.project.dirty
    assert scenarios is None or app.project.scenarios == scenarios
    form = app.query_one(FabricForm)
    texts = field_texts(fabric, form.plane_name)
    assert form.texts() == {spec.key: texts[spec.key] for spec in FABRIC_FIELDS}
    assert app.query_one("#row-plane").display == (len(fabric.planes) > 1)
    for plane in fabric.planes:
        for t in range(1, plane.max_tiers + 1):
            for end in ("lower", "upper"):
                assert app.query(f"#pick-{plane.name}-{t}-{end}")
    expected = compare(app.project.fabric, app.project.scenarios, app.catalog)
    pane = app.query_one(ComparisonPane)
    for result in expected.results:
        for column in COLUMNS:
            assert pane.shown[(result.scenario, column.metric)] == pytest.approx(
                result.value(column.metric, column.unit), rel=1e-12)


@synchronous
async def test_every_shipped_fabric_opens_over_every_other() -> None:
    """The issue's crash: Ctrl+O from the default fabric to gb200-16k-two-planes raised IndexError in the
    scenario editor (its widgets were built with compose-only context managers). Every ordered pair."""
    fabrics = shipped_fabrics()
    walk = every_ordered_pair(list(fabrics))
    app = build_app(fabrics[walk[0]], cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")  # the Scenarios tab showing: its editor is rebuilt in place
        for name in walk[1:]:
            app.open_file(str(fabrics[name]))
            await settle(app, pilot)
            shows(app, fabrics[name])
    assert app.return_code in (None, 0)


@synchronous
async def test_a_multi_plane_fabric_edits_each_plane_after_opening() -> None:
    """After opening a two-plane fabric over a one-plane one, the plane selector appears and edits the
    plane chosen (the front end's tier-1 length), leaving the other plane as it was."""
    fabrics = shipped_fabrics()
    app = build_app(fabrics["default"], cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        app.open_file(str(fabrics["gb200-16k-two-planes"]))
        await settle(app, pilot)
        before = app.project.fabric
        app.query_one("#field-plane", Select).value = "frontend"
        await settle(app, pilot)
        length = app.query_one("#field-length_1", Input)
        assert length.value == "3 m"
        length.value = "4 m"
        await pilot.pause()
        app.query_one(FabricForm).flush()  # read now, not after the idle time
        await settle(app, pilot)
        after = app.project.fabric
        assert after.plane("frontend").link_lengths[0].m_as("m") == 4
        assert after.plane("backend") == before.plane("backend")


def _crash() -> None:
    raise RuntimeError("a bug in the app")


@synchronous
async def test_an_unexpected_error_saves_the_work_beside_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(shipped_fabrics()["default"].read_text())
    app = build_app(path, cursor_blink=False)
    with pytest.raises(RuntimeError, match="a bug in the app"):
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(app, pilot)
            app.query_one("#field-pue", Input).value = "1.25"  # unsaved work
            await pilot.pause()
            app.query_one(FabricForm).flush()
            await settle(app, pilot)
            assert app.project.dirty
            edited = app.project.fabric, app.project.scenarios
            app.call_later(_crash)
            await pilot.pause()
    assert app.return_code == 1
    recovery = app.recovery
    assert recovery is not None and recovery.copy is not None and recovery.log is not None
    assert recovery.copy.parent == tmp_path and recovery.copy.name.startswith("mine.recovered-")
    assert load_project(recovery.copy) == edited
    assert load_project(recovery.copy)[0].economics.pue == 1.25
    assert "RuntimeError: a bug in the app" in recovery.log.read_text()
    assert path.read_text() == shipped_fabrics()["default"].read_text()  # the file itself is untouched


@synchronous
async def test_without_a_file_the_copy_goes_to_the_user_data_folder(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = build_app(cursor_blink=False)  # the shipped default: no file of its own
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(app, pilot)
            app.call_later(_crash)
            await pilot.pause()
    assert app.recovery is not None and app.recovery.copy is not None
    assert app.recovery.copy.parent == tmp_path / "data" / "interconnect" / "recovery"
    assert load_project(app.recovery.copy) == (app.project.fabric, app.project.scenarios)


def test_run_says_where_the_work_is_and_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "mine.recovered-1.toml"

    class Crashed:
        return_code = 1
        recovery = Recovery(copy, tmp_path / "mine.recovered-1.log", "RuntimeError: a bug")

        def run(self) -> None:
            pass

    monkeypatch.setattr(app_module, "build_app", lambda *a, **k: Crashed())
    assert app_module.run(None, [], None) == 1
    err = capsys.readouterr().err
    assert f"saved in {copy}" in err and f"interconnect tui {copy}" in err and "Traceback" not in err
