"""The fleet report section and its chart: stacked part demand per year by kind, class and speed.

``fleet_blocks`` gives report blocks (headings, note, chart, tables) that the Markdown and HTML
renderers of ``interconnect.reports`` draw; ``render_fleet_report`` renders them as a whole document.
Reads ``FleetResult`` / ``FleetComparison`` only and computes no totals. Matplotlib is imported only
when the chart is drawn (Agg canvas, no pyplot).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from interconnect.errors import UsageError
from interconnect.fleet_results import (
    FleetComparison,
    FleetResult,
    comparison_tables,
    result_tables,
    speed_label,
    year_label,
)
from interconnect.reports.blocks import Block, Chart, Heading, Paragraph, table

__all__ = ["FLEET_CHART_KEY", "fleet_blocks", "fleet_chart", "fleet_figure", "render_fleet_report"]

FLEET_CHART_KEY = "fleet-demand"
NOTE = ("Counts are expected values: a mix share splits a template's deployments, so a total can be fractional. "
        "Rounding (whole switches and modules) happens inside each fabric. 'end' is host (NIC end of tier 1), "
        "switch (a switch cage or engine port) or link (a cable assembly). A 2x800G module counts as one 1.6T "
        "module; lasers are grouped by the engines they feed.")


def fleet_blocks(data: FleetResult | FleetComparison, level: int = 2) -> list[Block]:
    """The fleet section as report blocks: title, note, demand chart, then the tables."""
    result = data.base if isinstance(data, FleetComparison) else data
    title = f"Fleet: {result.fleet}"
    if isinstance(data, FleetComparison):
        title += f" (mix '{data.other.mix}' against '{data.base.mix}')"
    cells = comparison_tables(data) if isinstance(data, FleetComparison) else result_tables(data)
    blocks: list[Block] = [Heading(level, title, "fleet"), Paragraph((NOTE,)),
                           Chart(FLEET_CHART_KEY, f"Optics demand per year by kind, class and speed: {result.fleet}",
                                 lambda: fleet_figure(data))]
    for heading, rows, left in cells:
        blocks.append(Heading(level + 1, heading))
        blocks.append(table(rows[0], rows[1:], [i >= left for i in range(len(rows[0]))]))
    return blocks


def render_fleet_report(data: FleetResult | FleetComparison, fmt: str,
                        images: Mapping[str, str] | None = None) -> str:
    """The fleet section as a Markdown text (``images`` maps ``FLEET_CHART_KEY`` to a PNG file name)
    or as a self-contained HTML document with the chart inline."""
    from interconnect.reports.html import render_html
    from interconnect.reports.markdown import render_markdown

    blocks = fleet_blocks(data, level=1)
    if fmt == "html":
        return render_html(blocks, blocks[0].text if isinstance(blocks[0], Heading) else "Fleet",
                           lambda chart: fleet_chart(data, "svg"))
    if fmt == "markdown":
        return render_markdown(blocks, images)
    raise UsageError(f"unknown fleet report format {fmt!r}; formats: markdown, html")


def fleet_figure(data: FleetResult | FleetComparison) -> Any:
    """A matplotlib Figure: stacked bars of expected parts (millions) per year; for a comparison two
    bars per year, base mix then alternative."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    runs = [data.base, data.other] if isinstance(data, FleetComparison) else [data]
    years = sorted({y for r in runs for y in r.years}, key=lambda y: (y is None, y or 0))
    stacks: dict[str, dict[tuple[int, int | None], float]] = {}
    for i, run in enumerate(runs):
        for d in run.demand():
            cell = stacks.setdefault(f"{d.kind} {d.option_class} {speed_label(d.rate)}", {})
            cell[(i, d.year)] = cell.get((i, d.year), 0.0) + float(d.count.magnitude) / 1e6
    fig = Figure(figsize=(8.5, 4.5), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    colors = matplotlib.colormaps["tab20"]
    width = 0.8 / len(runs)
    for i, run in enumerate(runs):
        xs = [j + (i - (len(runs) - 1) / 2) * width for j in range(len(years))]
        bottoms = [0.0] * len(years)
        for k, (label, cell) in enumerate(stacks.items()):
            heights = [cell.get((i, y), 0.0) for y in years]
            ax.bar(xs, heights, width * 0.95, bottom=bottoms, color=colors(k % 20), edgecolor="white",
                   linewidth=0.5, label=label.replace("$", r"\$") if i == 0 else None)
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        if len(runs) > 1:
            for x, top in zip(xs, bottoms, strict=True):
                ax.annotate(run.mix.replace("$", r"\$"), (x, top), ha="center", va="bottom", fontsize=7)
    ax.set_xticks(range(len(years)), [year_label(y) for y in years])
    ax.set_ylabel("parts, millions (expected)")
    ax.set_title("Optics demand by kind, class and speed", fontsize=10)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    return fig


def fleet_chart(data: FleetResult | FleetComparison, fmt: Literal["svg", "png"] = "svg") -> bytes:
    """The demand chart as SVG or PNG bytes (no timestamps: the same input gives the same bytes)."""
    from interconnect.reports.charts import chart_bytes

    return chart_bytes(fleet_figure(data), fmt)
