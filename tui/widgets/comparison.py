"""The comparison pane: a table of totals per scenario with deltas vs the baseline, and a detail view.

It only reads a ``Comparison``: every number shown is ``Result.value(metric, unit)`` and
``Comparison.relative(scenario, metric)``, formatted. ``shown`` keeps the magnitudes for tests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from interconnect.results import METRICS, Comparison
from interconnect.text_safety import printable

__all__ = ["COLUMNS", "Column", "ComparisonPane", "format_value", "result_detail"]


@dataclass(frozen=True)
class Column:
    """One table column: a metric shown in ``unit`` under a short header."""

    metric: str
    header: str
    unit: str


COLUMNS: tuple[Column, ...] = (  # what matters first: at 80 columns the first ones show, more as it grows
    Column("power.fabric", "Fabric\nkW", "kW"),
    Column("cost.tco", "TCO\nM$", "MUSD"),
    Column("power.per_accelerator", "W/\naccel", "W"),
    Column("cost.capex", "Capex\nM$", "MUSD"),
    Column("power.optics_total", "Optics\nkW", "kW"),
    Column("count.optical_modules", "Modules", "dimensionless"),
    Column("count.optical_engines", "Engines", "dimensionless"),
    Column("latency.worst_path", "Latency\nns", "ns"),
    Column("reliability.link_failures_per_year", "Fails\n/yr", "1/year"),
)


def format_value(x: float) -> str:
    """A table number: thousands separated, about four significant digits."""
    if not math.isfinite(x):
        return "n/a"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.4g}" if abs(x) >= 100 else f"{x:.3g}"


def _delta(relative: float) -> Text:
    if not math.isfinite(relative):
        return Text("n/a", style="dim")
    if abs(relative) < 5e-4:
        return Text("±0%", style="dim")
    # lower is better for every column: power, cost, latency, failures, part counts
    return Text(f"{relative:+.1%}", style="green" if relative < 0 else "red")


class ComparisonPane(Vertical):
    """Totals per scenario (rows) and metric (columns); the highlighted scenario's full result below."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.comparison: Comparison | None = None
        self.fabric_label: str | None = None
        self.detail_visible = True  # False while the Comparison tab is hidden: the detail is drawn on showing
        self._detail_stale = False
        self._status: tuple[str, bool] | None = None
        self.shown: dict[tuple[str, str], float] = {}

    def compose(self) -> ComposeResult:
        # the scenario column stays put when the table scrolls sideways; two-line headers keep columns narrow
        table: DataTable[Text] = DataTable(id="totals", cursor_type="row", zebra_stripes=True, fixed_columns=1,
                                           header_height=2)
        yield table
        yield Static("", id="compute-status")
        with VerticalScroll(id="detail-scroll"):
            yield Static("", id="detail")

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#totals", DataTable)
        table.add_column("Scenario", key="scenario")
        for column in COLUMNS:
            table.add_column(column.header, key=column.metric)

    def show(self, comparison: Comparison, fabric_label: str | None = None) -> None:
        """Replace the numbers with ``comparison``'s (cells in place when the scenarios are the same);
        ``fabric_label`` names the fabric they are for (default: the fabric's name)."""
        self.comparison, self.shown = comparison, {}
        self.fabric_label = fabric_label
        table: DataTable[Text] = self.query_one("#totals", DataTable)
        rows = {name: self._cells(comparison, name) for name in (r.key for r in comparison.results)}
        if [str(key.value) for key in table.rows] == list(rows):
            for name, cells in rows.items():
                for key, cell in zip(("scenario", *(c.metric for c in COLUMNS)), cells, strict=True):
                    table.update_cell(name, key, cell)
        else:
            cursor = table.cursor_row
            table.clear()
            for name, cells in rows.items():
                table.add_row(*cells, height=2, key=name)
            table.move_cursor(row=min(max(cursor, 0), len(rows) - 1))
        self.set_status(f"{len(rows)} scenarios · deltas vs baseline '{comparison.baseline}' · lower is green",
                        error=False)
        self._show_detail()

    def _cells(self, comparison: Comparison, name: str) -> list[Text]:
        result = comparison.result(name)
        baseline = name == comparison.baseline
        cells = [Text.assemble((printable(name), "bold"), "\n", ("baseline" if baseline else "", "italic dim"))]
        for column in COLUMNS:
            value = result.value(column.metric, column.unit)
            self.shown[(name, column.metric)] = value
            delta = Text("", style="dim") if baseline else _delta(comparison.relative(name, column.metric))
            cells.append(Text.assemble(format_value(value), "\n", delta, justify="right"))
        return cells

    def set_status(self, text: str, *, error: bool) -> None:
        if (text, error) == self._status:
            return  # an unchanged line still costs a layout
        self._status = (text, error)
        status = self.query_one("#compute-status", Static)
        status.update(Text(printable(text, keep="\n")))  # error text quotes user input: never markup
        status.set_class(error, "-error")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def show_detail(self, visible: bool = True) -> None:
        """The Comparison tab shows (``visible``) or hides; a detail that went stale is drawn on showing."""
        self.detail_visible = visible
        if visible and self._detail_stale:
            self._show_detail()

    def _show_detail(self) -> None:
        if self.comparison is None or not self.comparison.results:
            return
        if not self.detail_visible:
            self._detail_stale = True
            return
        self._detail_stale = False
        table: DataTable[Text] = self.query_one("#totals", DataTable)
        row = min(max(table.cursor_row, 0), len(self.comparison.results) - 1)
        self.query_one("#detail", Static).update(result_detail(self.comparison, row, self.fabric_label))


def result_detail(comparison: Comparison, index: int, fabric_label: str | None = None) -> Table:
    """Every metric of one result in its display unit, with its change against the baseline."""
    result = comparison.results[index]
    baseline = result.key == comparison.baseline
    title = Text(printable(f"{result.key}{' (baseline)' if baseline else ''} on {fabric_label or result.fabric}"),
                 style="table.title")  # a Text, so names are never read as markup
    table = Table(title=title,
                  title_justify="left", box=None, padding=(0, 1), expand=False)
    table.add_column("metric", no_wrap=True, overflow="ellipsis", max_width=44)
    table.add_column("value", justify="right", no_wrap=True, min_width=11)
    table.add_column("unit", no_wrap=True, min_width=6)
    table.add_column("vs baseline", justify="right", no_wrap=True, min_width=8)
    for name, spec in METRICS.items():
        if name not in result.metrics:
            continue
        unit = "" if spec.unit == "dimensionless" else spec.unit
        delta = Text("") if baseline else _delta(comparison.relative(result.key, name))
        table.add_row(spec.label, format_value(result.value(name)), unit, delta)
    return table
