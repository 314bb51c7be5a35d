"""The interconnect TUI: edit a fabric and its scenarios, see the comparison recomputed on every change.

``build_app`` loads the domain objects first (catalog, fabric, scenarios, a first comparison), so bad
input is reported before any UI starts. Widgets post messages up; the app computes with the API's
``compare()`` in a worker thread and pushes the ``Comparison`` down to the table and charts.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, TabbedContent, TabPane

from interconnect.calculator import compare
from interconnect.catalog import Catalog
from interconnect.errors import InterconnectError
from interconnect.fabric import Fabric
from interconnect.files import check_writable
from interconnect.results import Comparison
from interconnect.scenario import ScenarioSet
from interconnect.tui.export import export_comparison
from interconnect.tui.project import Project, extend_tiers, load_inputs, open_project
from interconnect.tui.recovery import Recovery, save_recovery
from interconnect.tui.screens.catalog import CatalogScreen
from interconnect.tui.screens.dialogs import ConfirmQuit, HelpScreen, TextDialog, WhatIfDialog
from interconnect.tui.whatif import WhatIf, apply_what_ifs, what_if_path, write_what_ifs
from interconnect.tui.widgets.charts import BreakdownCharts
from interconnect.tui.widgets.comparison import ComparisonPane
from interconnect.tui.widgets.fabric_form import FabricForm
from interconnect.tui.widgets.scenarios import ScenariosPane

__all__ = ["InterconnectApp", "build_app", "describe_id", "main", "one_line"]

State = tuple[Fabric, ScenarioSet, tuple[WhatIf, ...]]  # what undo and redo move between


def describe_id(catalog: Catalog, entry_id: str) -> str:
    """``id — name (vendor)`` for a catalog option, switch or NIC id; empty for other text."""
    tables: tuple[Mapping[str, Any], ...] = (catalog.options, catalog.switches, catalog.nics)
    for table in tables:
        entry = table.get(entry_id)
        if entry is not None:
            vendor = getattr(entry, "vendor", "")
            return f"{entry_id} — {entry.name}" + (f" ({vendor})" if vendor else "")
    return ""


def one_line(message: str) -> str:
    """The first line of an error; identical problems of other scenarios are counted, not repeated."""
    lines = [line for line in message.splitlines() if line.strip()]
    if len(lines) <= 1:
        return message.strip()
    return f"{lines[0]} (and {len(lines) - 1} more like it)"


class InterconnectApp(App[None]):
    """Fabric pane on the left; Comparison, Scenarios and Charts tabs on the right."""

    CSS_PATH = "app.tcss"
    TITLE = "interconnect"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (130, "-wide")]  # noqa: RUF012 (declared so in Textual)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("f2", "catalog", "Catalog"),
        Binding("f3", "show_tab('comparison')", "Compare", show=False),
        Binding("f4", "show_tab('scenarios')", "Scenarios", show=False),
        Binding("f5", "show_tab('charts')", "Charts", show=False),
        Binding("f6", "focus_fabric", "Fabric", show=False),
        Binding("ctrl+z", "undo", "Undo", show=False, priority=True),
        Binding("ctrl+y", "redo", "Redo", show=False, priority=True),
        Binding("f7", "what_if", "What if", show=False),
        Binding("f8", "export_table", "Export table", show=False),
        Binding("f9", "full_id", "Full id", show=False),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+o", "open", "Open"),
        Binding("ctrl+r", "export", "Report"),
        Binding("ctrl+b", "toggle_fabric", "Fabric pane", show=False),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, catalog: Catalog, project: Project, comparison: Comparison | None = None, *,
                 cursor_blink: bool = True) -> None:
        super().__init__()
        self.catalog, self.project = catalog, project
        self.base_catalog = catalog  # as opened; the what-ifs are applied to it in order
        self.what_ifs: list[WhatIf] = []
        self._what_ifs_saved = 0
        self._history: list[State] = [self._state()]  # every accepted edit; the last is the current state
        self._future: list[State] = []  # undone states, for redo
        self.comparison = comparison
        self.compute_error: str | None = None
        self.cursor_blink = cursor_blink
        self.updates = 0
        self.updated_at = 0.0
        self._generation = 0
        self._scenarios_stale = False
        self._charts_stale = True
        self.recovery: Recovery | None = None
        self.shown_label = project.fabric_label  # what the numbers in the table are for

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield FabricForm(self.project.fabric, self.catalog, id="fabric")
            with TabbedContent(id="tabs", initial="comparison"):
                with TabPane("Comparison", id="comparison"):
                    yield ComparisonPane(id="comparison-pane")
                with TabPane("Scenarios", id="scenarios"):
                    yield ScenariosPane(self.project.fabric, self.project.scenarios, self.catalog,
                                        id="scenarios-pane")
                with TabPane("Charts", id="charts"):
                    yield BreakdownCharts(id="charts-pane")
        yield Footer()

    def on_mount(self) -> None:
        if not self.cursor_blink:
            for widget in self.query(Input):
                widget.cursor_blink = False
        self._update_title()
        self.query_one("#field-accelerators", Input).focus()  # typing starts in the first field
        if self.comparison is not None:
            self._show(self.comparison)
        else:
            self.recompute()

    # ---- never lose work -----------------------------------------------------------------------------
    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error: save a recovery copy of the project first, then stop (exit status 1)."""
        if self.recovery is None:
            try:
                text = self.project.text
            except Exception:  # the project itself may be what broke; keep the last text that did dump
                text = self.project.saved_text
            self.recovery = save_recovery(text, self.project.path, error)
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """Stop without painting a traceback over the terminal: ``run`` says where the work and the log are."""
        self.bell()
        self._close_messages_no_wait()

    # ---- computing: up-going messages in, results pushed down ---------------------------------------
    def recompute(self) -> None:
        """Compare the current scenarios on the current fabric in a worker; stale answers are dropped."""
        self._generation += 1
        self._compute(self._generation, self.project.fabric, self.project.scenarios, self.catalog)

    @work(thread=True, exclusive=True, group="compute")
    def _compute(self, generation: int, fabric: Fabric, scenarios: ScenarioSet, catalog: Catalog) -> None:
        try:
            comparison = compare(fabric, scenarios, catalog)
        except InterconnectError as exc:
            self.call_from_thread(self._failed, generation, str(exc))
            return
        self.call_from_thread(self._computed, generation, comparison)

    def _computed(self, generation: int, comparison: Comparison) -> None:
        if generation != self._generation:
            return
        self.comparison, self.compute_error = comparison, None
        self._show(comparison)

    def _show(self, comparison: Comparison) -> None:
        self.shown_label = self.project.fabric_label
        self.query_one(ComparisonPane).show(comparison, self.shown_label)
        self.updates += 1
        self.updated_at = time.perf_counter()
        self._charts_stale = True
        if self.query_one(TabbedContent).active == "charts":
            self._refresh_charts()

    def _failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self.compute_error = message
        self.query_one(ComparisonPane).set_status(
            f"⚠ not computed: {one_line(message)}\nThe table still shows: {self.shown_label}", error=True)
        self.updates += 1
        self.updated_at = time.perf_counter()

    def on_fabric_form_changed(self, event: FabricForm.Changed) -> None:
        form = self.query_one(FabricForm)
        if event.fabric is not form.fabric or event.fabric == self.project.fabric:
            return  # superseded by a later read of the form, or already taken by _read_form
        self._fabric_changed(event.fabric)

    def _read_form(self) -> None:
        """Take text typed within the idle time now (before saving, opening, exporting, quitting)."""
        fabric = self.query_one(FabricForm).flush()
        if fabric is not None:
            self._fabric_changed(fabric)

    def _fabric_changed(self, fabric: Fabric) -> None:
        self.project.fabric = fabric
        self.project.scenarios = extend_tiers(self.project.scenarios, fabric)
        self.recompute()
        self._scenarios_stale = True
        if self.query_one(TabbedContent).active == "scenarios":
            self._refresh_scenarios()
        self._remember()
        self._update_title()

    def on_scenarios_pane_changed(self, event: ScenariosPane.Changed) -> None:
        self.project.scenarios = event.scenarios
        self.recompute()
        self._remember()
        self._update_title()

    # ---- undo / redo: whole states of fabric, scenarios and what-ifs ----------------------------------
    def _state(self) -> State:
        return self.project.fabric, self.project.scenarios, tuple(self.what_ifs)

    def _remember(self) -> None:
        state = self._state()
        if state != self._history[-1]:
            self._history.append(state)
            self._future.clear()

    def action_undo(self) -> None:
        self._read_form()
        if len(self._history) > 1:
            self._future.append(self._history.pop())
            self._restore(self._history[-1])
        else:
            self.notify("Nothing to undo.", timeout=2)

    def action_redo(self) -> None:
        if self._future:
            state = self._future.pop()
            self._history.append(state)
            self._restore(state)
        else:
            self.notify("Nothing to redo.", timeout=2)

    def _restore(self, state: State) -> None:
        fabric, scenarios, what_ifs = state
        self.project.fabric, self.project.scenarios = fabric, scenarios
        if list(what_ifs) != self.what_ifs:
            self.what_ifs = list(what_ifs)
            self.catalog = apply_what_ifs(self.base_catalog, self.what_ifs)
            self.query_one(FabricForm).catalog = self.catalog
            self.query_one(ScenariosPane).set_catalog(self.catalog)
        self.query_one(FabricForm).load(fabric)
        self._refresh_scenarios()
        self.recompute()
        self._update_title()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.query_one(ComparisonPane).show_detail(event.pane.id == "comparison")
        if event.pane.id == "scenarios" and self._scenarios_stale:
            self._refresh_scenarios()
        if event.pane.id == "charts" and self._charts_stale:
            self._refresh_charts()

    def _refresh_charts(self) -> None:
        """Charts are drawn when their tab shows (drawing hidden bars on every keystroke costs latency)."""
        if self.comparison is not None:
            self._charts_stale = False
            self.query_one(BreakdownCharts).show(self.comparison)

    def _refresh_scenarios(self) -> None:
        self._scenarios_stale = False
        self.query_one(ScenariosPane).show(self.project.fabric, self.project.scenarios)

    def _update_title(self) -> None:
        name = self.project.path.name if self.project.path else "unsaved project"
        what_ifs = f" · {len(self.what_ifs)} what-if(s)" if self.what_ifs else ""
        self.sub_title = f"{name}{' (modified)' if self.unsaved else ''} · {self.project.fabric_label}{what_ifs}"

    # ---- what-if: catalog figures edited in place, as field-level overrides -------------------------
    @property
    def unsaved(self) -> bool:
        """Fabric, scenarios or what-ifs changed since the last load or save."""
        return self.project.dirty or len(self.what_ifs) != self._what_ifs_saved

    def what_if(self, entry_id: str, then: Callable[[], None] | None = None) -> None:
        """Ask for a new value of one figure of catalog entry ``entry_id`` and apply it."""
        try:
            entry = self.catalog.entry(entry_id)
        except InterconnectError:
            return
        figures = getattr(entry, "figures", None)
        if figures is None:
            return
        shown = {name: f"{figure.typical:~P}" for name, figure in figures().items()}
        if not shown:
            return

        def chosen(answer: tuple[str, str, str] | None) -> None:
            if answer is not None and self.apply_what_if(entry_id, *answer) and then is not None:
                then()

        self.push_screen(WhatIfDialog(entry_id, shown), chosen)

    def apply_what_if(self, entry_id: str, field: str, value: str, note: str = "") -> bool:
        """Set one figure of a catalog entry (``cost`` to ``350 USD``) as a field-level override whose source
        is ``note``; recompute. A value the catalog refuses is reported and changes nothing."""
        edit = WhatIf(entry_id, field, value, note, len(self.what_ifs) + 1)
        try:
            catalog = apply_what_ifs(self.base_catalog, [*self.what_ifs, edit])
        except InterconnectError as exc:
            self.notify(str(exc), title="What-if not applied", severity="error", markup=False)
            return False
        self.what_ifs.append(edit)
        self._set_catalog(catalog)
        self._remember()
        self.notify(f"What if {entry_id} {field} = {value}", markup=False)
        return True

    def _set_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.query_one(FabricForm).catalog = catalog
        self.query_one(ScenariosPane).set_catalog(catalog)
        self.recompute()
        self._update_title()

    def action_what_if(self) -> None:
        focused = self.focused
        if isinstance(focused, Select) and focused.value not in (Select.NULL, ""):
            self.what_if(str(focused.value))
        elif isinstance(focused, Select) and (focused.id or "").startswith("switch-"):
            switch = self.project.fabric.plane(focused.id.removeprefix("switch-")).switch  # type: ignore[union-attr]
            if switch:
                self.what_if(switch)

    # ---- actions ------------------------------------------------------------------------------------
    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_catalog(self) -> None:
        self.push_screen(CatalogScreen(self.catalog))

    _TAB_FOCUS: ClassVar[dict[str, str]] = {"comparison": "#totals", "scenarios": "#scenario-list"}

    def action_show_tab(self, tab: str) -> None:
        """Show a tab and put the focus on its main widget (the table, the scenario list)."""
        self.query_one(TabbedContent).active = tab
        if tab in self._TAB_FOCUS:
            self.query_one(self._TAB_FOCUS[tab]).focus()

    def action_focus_fabric(self) -> None:
        form = self.query_one(FabricForm)
        form.display = True
        self.query_one("#field-accelerators", Input).focus()

    def action_full_id(self) -> None:
        """Say in full what the focused field or row holds (ids are cut short in narrow pickers)."""
        focused = self.focused
        text = ""
        if isinstance(focused, Select) and focused.value is not Select.NULL:
            text = describe_id(self.catalog, str(focused.value)) or str(focused.value)
        elif isinstance(focused, Input):
            text = focused.value
        elif isinstance(focused, DataTable) and self.comparison is not None and self.comparison.results:
            row = min(max(focused.cursor_row, 0), len(self.comparison.results) - 1)
            name = self.comparison.results[row].key
            scenario = next((s for s in self.project.scenarios.scenarios if s.name == name), None)
            text = f"{name}: {scenario.description}" if scenario and scenario.description else name
        if text:
            self.notify(text, title="Full id", markup=False, timeout=8)

    def action_standard_scenarios(self) -> None:
        """Replace the scenarios by the standard ones for the current fabric (after a port-speed change)."""
        self.query_one(ScenariosPane).action_standard()

    def action_toggle_fabric(self) -> None:
        form = self.query_one(FabricForm)
        form.display = not form.display

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_save(self, then_exit: bool = False) -> None:
        self._read_form()  # text typed just before Ctrl+S is part of what is saved
        if self.project.path is None:
            self.action_save_as(then_exit)
        else:
            self._save(str(self.project.path), then_exit)

    def action_save_as(self, then_exit: bool = False) -> None:
        self._read_form()

        def chosen(path: str | None) -> None:
            if path:
                self._save(path, then_exit)

        default = str(self.project.path or Path.cwd() / "fabric.toml")
        self.push_screen(TextDialog("Save fabric and scenarios as (TOML)", default, "path/to/fabric.toml"), chosen)

    def _save(self, path: str, then_exit: bool = False) -> None:
        try:
            written = self.project.save(Path(path).expanduser())
        except InterconnectError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        if self.what_ifs:
            try:
                extra = write_what_ifs(what_if_path(written), self.what_ifs)
            except InterconnectError as exc:
                self.notify(str(exc), title="What-ifs not saved", severity="error", markup=False)
                return
            self._what_ifs_saved = len(self.what_ifs)
            self.notify(f"What-ifs saved in {extra} (open with --catalog {extra.name})", markup=False)
        self._update_title()
        self.notify(f"Saved {written}", markup=False)
        if then_exit:
            self.exit()

    def action_open(self) -> None:
        self._read_form()

        def chosen(path: str | None) -> None:
            if path:
                self.open_file(path)

        if self.project.dirty:
            self.notify("Unsaved changes will be lost when the file opens (Ctrl+S saves first).",
                        severity="warning")
        self.push_screen(TextDialog("Open a fabric file (TOML)", str(self.project.path or ""), "path/to/fabric.toml"),
                         chosen)

    def open_file(self, path: str) -> None:
        """Replace the project with the fabric file at ``path`` (errors are shown; nothing changes)."""
        try:
            project = open_project(Path(path).expanduser(), self.catalog)
        except InterconnectError as exc:
            self.notify(str(exc), title="Not opened", severity="error", markup=False)
            return
        self.project = project
        self._history, self._future = [self._state()], []  # undo does not cross an opened file
        self.query_one(FabricForm).load(project.fabric)
        self._refresh_scenarios()
        self._update_title()
        self.recompute()

    def action_export(self) -> None:
        self._read_form()
        if self.comparison is None or self.compute_error is not None:
            self.notify("The current inputs have no valid comparison to export; fix the error first.",
                        severity="error")
            return
        stem = self.project.path.stem if self.project.path else "interconnect"
        self.push_screen(TextDialog("Export the comparison report (.md or .html)", f"{stem}-report.md",
                                    "report.md or report.html"), lambda p: self.export_report(p) if p else None)

    def action_export_table(self) -> None:
        self._read_form()
        if self.comparison is None or self.compute_error is not None:
            self.notify("The current inputs have no valid comparison to export; fix the error first.",
                        severity="error")
            return
        stem = self.project.path.stem if self.project.path else "interconnect"
        self.push_screen(TextDialog("Export the comparison table (.csv or .md)", f"{stem}-comparison.csv",
                                    "table.csv or table.md"), lambda p: self.export_table(p) if p else None)

    def export_table(self, path: str) -> None:
        """Write the shown table as CSV or Markdown (``interconnect.tui.export``)."""
        if self.comparison is None:
            return
        try:
            written = export_comparison(Path(path).expanduser(), self.comparison)
        except InterconnectError as exc:
            self.notify(str(exc), title="Table not written", severity="error", markup=False)
            return
        self.notify(f"Table written to {written}", markup=False)

    def export_report(self, path: str) -> None:
        """Write the report of the shown comparison through ``interconnect.reports.write_report``."""
        try:
            from interconnect.reports import write_report
        except ImportError:
            self.notify("Report export needs interconnect.reports.write_report, which this installation does "
                        "not have yet.", title="No report writer", severity="error")
            return
        if self.comparison is None:
            return
        try:
            target = check_writable(Path(path).expanduser())
        except InterconnectError as exc:
            self.notify(str(exc), title="Report not written", severity="error", markup=False)
            return
        self._write_report(write_report, target, self.comparison, self.project)

    @work(thread=True, group="report")
    def _write_report(self, write_report: Any, target: Path, comparison: Comparison, project: Project) -> None:
        try:
            written = write_report(target, comparison, project.fabric, project.scenarios, self.catalog)
        except InterconnectError as exc:
            self.call_from_thread(self.notify, str(exc), title="Report not written", severity="error", markup=False)
            return
        extra = f" (and {len(written) - 1} chart file(s) beside it)" if len(written) > 1 else ""
        self.call_from_thread(self.notify, f"Report written to {target}{extra}", markup=False)

    async def action_quit(self) -> None:
        self._read_form()
        if not self.unsaved:
            self.exit()
            return

        def chosen(choice: str | None) -> None:
            if choice == "save":
                self.action_save(then_exit=True)
            elif choice == "discard":
                self.exit()

        self.push_screen(ConfirmQuit(), chosen)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Save", "Save fabric and scenarios (TOML)", self.action_save)
        yield SystemCommand("Save as", "Save fabric and scenarios to a new file", self.action_save_as)
        yield SystemCommand("Open fabric file", "Load a fabric and its scenarios", self.action_open)
        yield SystemCommand("Export report", "Write the comparison report (.md or .html)", self.action_export)
        yield SystemCommand("Export table", "Write the comparison table (.csv or .md)", self.action_export_table)
        yield SystemCommand("Standard scenarios", "Replace the scenarios by the standard ones for this fabric",
                            self.action_standard_scenarios)
        yield SystemCommand("Catalog browser", "Search options, switches and NICs; figures with sources",
                            self.action_catalog)
        yield SystemCommand("Toggle fabric pane", "Show or hide the fabric inputs", self.action_toggle_fabric)
        yield SystemCommand("Toggle dark/light", "Switch between the dark and light theme", self.action_toggle_theme)
        yield SystemCommand("Show comparison", "The totals table", lambda: self.action_show_tab("comparison"))
        yield SystemCommand("Show scenarios", "Edit scenarios", lambda: self.action_show_tab("scenarios"))
        yield SystemCommand("Show charts", "Power and cost breakdown", lambda: self.action_show_tab("charts"))
        yield SystemCommand("Keys and help", "What each key does", self.action_help)


def build_app(fabric_path: str | Path | None = None, catalog_paths: Sequence[str | Path] = (), *,
              scenarios_path: str | Path | None = None, cursor_blink: bool = True) -> InterconnectApp:
    """Load catalog, fabric and scenarios and compute them once, then make the app.

    Raises ``InterconnectError`` (every problem listed, with "did you mean" hints) before any UI exists.
    """
    catalog, project = load_inputs(fabric_path, tuple(catalog_paths), scenarios_path)
    comparison = compare(project.fabric, project.scenarios, catalog)
    return InterconnectApp(catalog, project, comparison, cursor_blink=cursor_blink)


def main(argv: Sequence[str] | None = None) -> int:
    """``interconnect-tui [FABRIC.toml] [--catalog EXTRA.toml ...] [--scenarios FILE]``."""
    parser = argparse.ArgumentParser(prog="interconnect-tui", description="Terminal UI of interconnect.")
    parser.add_argument("fabric", nargs="?", metavar="FABRIC.toml", help="fabric file (default: the shipped one)")
    parser.add_argument("--catalog", action="append", default=[], metavar="EXTRA.toml", help="extra catalog file")
    parser.add_argument("--scenarios", metavar="FILE", help="scenario file (default: the fabric file's own)")
    args = parser.parse_args(argv)
    return run(args.fabric, args.catalog, args.scenarios)


def run(fabric: str | None, catalogs: Sequence[str], scenarios: str | None) -> int:
    """Build and run the app; print input errors (exit 1) instead of starting it."""
    try:
        app = build_app(fabric, catalogs, scenarios_path=scenarios)
    except InterconnectError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    app.run()
    if app.recovery is not None:
        sys.stderr.write(app.recovery.message() + "\n")
        return 1
    return app.return_code or 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
