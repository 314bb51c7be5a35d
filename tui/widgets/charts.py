"""Power and capex breakdown bars per scenario, redrawn with the table.

A bar stacks the result's own components (``power.<c>`` in kW for ``POWER_COMPONENTS``, ``cost.<c>`` in
million USD for ``COST_COMPONENTS``) and ends with the result's total (``power.fabric``, ``cost.capex``).
Drawn with Rich blocks in a fixed, colour-blind-safe palette that reads on dark and light themes.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container
from textual.widget import Widget

from interconnect.results import COST_COMPONENTS, POWER_COMPONENTS, Comparison
from interconnect.tui.widgets.comparison import format_value

__all__ = ["BreakdownBars", "BreakdownCharts", "Chart"]

PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#b07aa1", "#edc948", "#9c755f")
LABELS = {"optics": "optics", "lasers": "lasers", "host_serdes": "host SerDes", "copper": "copper",
          "fiber": "fiber", "switches": "switches", "nics": "NICs"}


@dataclass(frozen=True)
class Chart:
    """What one bar chart shows: ``family.<component>`` in ``unit``, with ``total`` at the end of the bar."""

    family: str
    components: tuple[str, ...]
    total: str
    unit: str
    title: str


POWER_CHART = Chart("power", POWER_COMPONENTS, "power.fabric", "kW", "Fabric power by component [kW]")
COST_CHART = Chart("cost", COST_COMPONENTS, "cost.capex", "MUSD", "Capex by component [million USD]")


class BreakdownBars(Widget):
    """One stacked horizontal bar per scenario."""

    DEFAULT_CSS = "BreakdownBars { height: auto; padding: 0 1 1 1; }"

    def __init__(self, chart: Chart, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chart = chart
        self.rows: list[tuple[str, list[float], float]] = []

    def show(self, comparison: Comparison) -> None:
        chart = self.chart
        self.rows = [(r.key, [r.value(f"{chart.family}.{c}", chart.unit) for c in chart.components],
                      r.value(chart.total, chart.unit)) for r in comparison.results]
        self.refresh(layout=True)

    def render(self) -> Text:
        chart = self.chart
        used = [i for i, c in enumerate(chart.components) if any(row[1][i] for row in self.rows)]
        out = Text(chart.title, style="bold")
        out.append("\n")
        for i in used:
            out.append("■ ", style=PALETTE[i % len(PALETTE)])
            out.append(f"{LABELS.get(chart.components[i], chart.components[i])}  ")
        if not self.rows:
            return out
        name_width = min(max(len(row[0]) for row in self.rows), 16)
        total_width = max(len(format_value(row[2])) for row in self.rows)
        bar_width = max(self.size.width - name_width - total_width - 4, 10)
        largest = max((sum(row[1]) for row in self.rows), default=0.0) or 1.0
        for name, values, total in self.rows:
            out.append(f"\n{name[:name_width]:<{name_width}} ")
            cumulative, drawn = 0.0, 0
            for i in used:
                cumulative += max(values[i], 0.0)
                end = round(cumulative / largest * bar_width)
                out.append("█" * (end - drawn), style=PALETTE[i % len(PALETTE)])
                drawn = end
            out.append(" " * (bar_width - drawn) + f" {format_value(total):>{total_width}}")
        return out


class BreakdownCharts(Container):
    """Power and capex breakdowns, one bar per scenario."""

    def compose(self) -> ComposeResult:
        yield BreakdownBars(POWER_CHART, id="power-chart")
        yield BreakdownBars(COST_CHART, id="cost-chart")

    def show(self, comparison: Comparison) -> None:
        for bars in self.query(BreakdownBars):
            bars.show(comparison)
