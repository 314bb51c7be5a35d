"""Report charts (matplotlib, Agg canvas, imported only when a chart is drawn).

Stacked fabric power by component per scenario, capex and TCO per scenario, and sweep lines (a
metric against the swept input, one line per scenario). Values are read from results; only the
display scale (kW or MW, $M...) is chosen here. ``chart_bytes`` renders PNG or SVG.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import numpy as np

from interconnect.errors import UsageError
from interconnect.present.numbers import scale_for
from interconnect.reports.blocks import Chart
from interconnect.results import METRICS, POWER_COMPONENTS, Comparison
from interconnect.sweep import Sweep

__all__ = ["chart_bytes", "chart_data", "cost_chart", "power_chart", "sweep_chart"]

_COMPONENT_LABELS = {"optics": "optics", "lasers": "external lasers", "host_serdes": "host SerDes",
                     "copper": "active copper", "switches": "switches", "nics": "NICs"}
_STYLE: dict[str, Any] = {"svg.hashsalt": "interconnect", "svg.fonttype": "path"}


def _text(label: str) -> str:
    """Text shown as is: matplotlib would read ``$...$`` as math."""
    return label.replace("$", r"\$")


def _new_figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _scale(values: np.ndarray, unit: str) -> tuple[float, str]:
    """A display divisor and unit label so the largest value reads well (kW→MW, USD→$M): the presentation
    layer's scale, counts labelled 'count' on an axis."""
    scale = scale_for(values, unit)
    return scale.divisor, scale.label or "count"


def power_chart(comparison: Comparison) -> Any:
    """Stacked bars: fabric power by component (optics, lasers, host SerDes, copper, switches, NICs)."""
    names = [r.key for r in comparison.results]
    stack = np.array([[r.value(f"power.{c}") for r in comparison.results] for c in POWER_COMPONENTS], dtype=float)
    divisor, unit = _scale(stack.sum(axis=0), "kW")
    fig = _new_figure(max(5.0, 1.0 + 0.9 * len(names)), 3.8)
    ax = fig.add_subplot()
    bottom = np.zeros(len(names))
    x = np.arange(len(names))
    for component, row in zip(POWER_COMPONENTS, stack / divisor, strict=True):
        if np.any(row):
            ax.bar(x, row, bottom=bottom, label=_COMPONENT_LABELS[component], width=0.6)
            bottom += row
    ax.set_xticks(x, [_text(n) for n in names], rotation=30, ha="right")
    ax.set_ylabel(f"fabric power [{unit}]")
    ax.set_title("Fabric power by component")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(axis="y", alpha=0.3)
    return fig


def cost_chart(comparison: Comparison) -> Any:
    """Side-by-side bars: capex and TCO (capex + lifetime energy) per scenario."""
    names = [r.key for r in comparison.results]
    capex = np.array([r.value("cost.capex") for r in comparison.results], dtype=float)
    tco = np.array([r.value("cost.tco") for r in comparison.results], dtype=float)
    divisor, unit = _scale(np.concatenate([capex, tco]), "USD")
    fig = _new_figure(max(5.0, 1.0 + 0.9 * len(names)), 3.8)
    ax = fig.add_subplot()
    x = np.arange(len(names))
    ax.bar(x - 0.2, capex / divisor, width=0.4, label="capex")
    ax.bar(x + 0.2, tco / divisor, width=0.4, label="TCO (capex + energy)")
    ax.set_xticks(x, [_text(n) for n in names], rotation=30, ha="right")
    ax.set_ylabel(unit)
    ax.set_title("Capex and TCO")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(axis="y", alpha=0.3)
    return fig


def sweep_chart(sweep: Sweep, metrics: Sequence[str]) -> Any:
    """One panel per metric: the metric against the (single) swept input, a line per scenario."""
    if len(sweep.grid.axes) != 1:
        raise UsageError(f"a sweep chart plots one --vary; this sweep has {len(sweep.grid.axes)} "
                         "(use --format csv or json for a grid)")
    axis = sweep.grid.axes[0]
    x = np.asarray(axis.values.magnitude, dtype=float)
    fig = _new_figure(6.4, 0.4 + 3.0 * len(metrics))
    panels = fig.subplots(len(metrics), 1, squeeze=False, sharex=True)[:, 0]
    for ax, metric in zip(panels, metrics, strict=True):
        spec = METRICS[metric]
        values = np.array([r.value(metric) for r in sweep.comparison.results], dtype=float)
        divisor, unit = _scale(values, spec.unit)
        for result, row in zip(sweep.comparison.results, values, strict=True):
            ax.plot(x, row / divisor, marker="o", markersize=3, label=_text(result.key))
        ax.set_ylabel(_text(f"{spec.label.strip()} [{unit}]"), fontsize=8)
        ax.grid(alpha=0.3)
        if axis.log:
            ax.set_xscale("log")
    panels[0].set_title(_text(f"{', '.join(METRICS[m].label.strip() for m in metrics)} vs {axis.name}"))
    panels[0].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    panels[-1].set_xlabel(_text(axis.label))
    return fig


def chart_bytes(fig: Any, fmt: str) -> bytes:
    """The figure as ``png`` or ``svg`` bytes (no timestamps, so the same input gives the same file)."""
    import matplotlib

    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    buf = io.BytesIO()
    with matplotlib.rc_context(_STYLE):  # type: ignore[arg-type]
        fig.savefig(buf, format=fmt, metadata=metadata)
    return buf.getvalue()


def chart_data(chart: Chart, fmt: str) -> bytes:
    """A report chart as ``png`` or ``svg`` bytes: its own ``render``, else its figure through ``chart_bytes``."""
    if chart.render is not None:
        return chart.render(fmt)
    if chart.make is None:
        raise ValueError(f"chart {chart.key!r} has nothing to draw")
    return chart_bytes(chart.make(), fmt)
