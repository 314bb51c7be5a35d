"""Charts of uncertainty results as SVG or PNG bytes (matplotlib, imported only when a chart is drawn).

``spread_chart``: per scenario, the P10-P90 range of a metric's delta vs the baseline (or of the metric
itself) with the P50 marked. ``tornado_chart``: the inputs that move a delta most, low end and high end
around the typical value. Both read result objects only; they compute nothing themselves.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from interconnect.results import METRICS
from interconnect.uncertainty import BEATS_METRICS, TornadoBar, UncertaintyResult

__all__ = ["CHART_FORMATS", "spread_chart", "tornado_chart"]

CHART_FORMATS = ("svg", "png")
_LOW, _HIGH, _RANGE, _MARK = "#2b7bba", "#d95f02", "#9ecae1", "#08306b"


def spread_chart(result: UncertaintyResult, metric: str = "power.fabric", *, delta: bool = True,
                 fmt: str = "svg") -> bytes:
    """Horizontal P10-P90 bars with the P50 marked, one per scenario (the baseline left out for deltas)."""
    spec = _spec(metric)
    rows = [s for s in result.scenarios if not (delta and s.scenario == result.baseline)]
    spreads = [(s.deltas if delta else s.totals)[metric] for s in rows]
    unit = _axis_unit(metric, [q for sp in spreads for q in (sp.p10, sp.p90)])
    figure, axes = _figure(len(rows))
    for y, (s, spread) in enumerate(zip(rows, spreads, strict=True)):
        p10, p50, p90 = (float(q.m_as(unit)) for q in (spread.p10, spread.p50, spread.p90))
        axes.plot([p10, p90], [y, y], color=_RANGE, linewidth=9, solid_capstyle="butt")
        axes.plot([p50], [y], marker="|", markersize=16, markeredgewidth=2.5, color=_MARK)
        if delta and metric in BEATS_METRICS:
            axes.annotate(f"P(lower) {s.beats_baseline[metric]:.0%}", (p90, y), xytext=(6, 0),
                          textcoords="offset points", va="center", fontsize=8)
    axes.set_yticks(range(len(rows)), [_text(s.scenario) for s in rows])
    axes.invert_yaxis()
    if delta:
        axes.axvline(0.0, color="black", linewidth=0.8)
    what = f"change vs '{result.baseline}'" if delta else "value"
    axes.set_xlabel(_text(f"{spec.label}, {what} [{_unit_text(unit)}]"))
    axes.set_title(f"{spec.label}: P10-P90 (bar) and P50 (mark), {result.samples:,} samples", fontsize=10)
    return _render(figure, fmt)


def tornado_chart(bars: Sequence[TornadoBar], metric: str, *, title: str | None = None, top: int = 12,
                  fmt: str = "svg") -> bytes:
    """The ``top`` widest bars (inputs with no effect left out): the studied value with each input at its
    low end (blue) and high end (orange), drawn from the value with every input at typical (the line)."""
    spec = _spec(metric)
    shown = [b for b in bars if b.swing.magnitude > 0][:top]
    unit = _axis_unit(metric, [q for b in shown for q in (b.at_low, b.at_high)])
    figure, axes = _figure(len(shown))
    centre = float(shown[0].at_typical.m_as(unit)) if shown else 0.0
    for y, bar in enumerate(shown):
        for value, colour in ((bar.at_low, _LOW), (bar.at_high, _HIGH)):
            end = float(value.m_as(unit))
            axes.barh(y, end - centre, left=centre, color=colour, height=0.6)
    axes.axvline(centre, color="black", linewidth=0.8)
    axes.set_yticks(range(len(shown)), [_input_label(b) for b in shown], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel(f"{spec.label} [{_unit_text(unit)}]")
    axes.legend(handles=_legend(), loc="lower right", fontsize=8)
    axes.set_title(_text(title or f"What moves {spec.label.lower()}"), fontsize=10)
    return _render(figure, fmt)


def _spec(metric: str) -> Any:
    if metric not in METRICS:
        raise KeyError(f"unknown metric {metric!r}; metrics: {', '.join(METRICS)}")
    return METRICS[metric]


def _axis_unit(metric: str, values: Sequence[Any]) -> str:
    """The metric's unit, or MUSD for money in the millions (axis ticks stay short)."""
    unit = METRICS[metric].unit
    largest = max((abs(float(q.m_as(unit))) for q in values), default=0.0)
    return "MUSD" if unit == "USD" and largest >= 1e6 else unit


def _text(label: str) -> str:
    """Text shown as is (scenario names come from files): matplotlib would read ``$...$`` as math."""
    return label.replace("$", r"\$")


def _unit_text(unit: str) -> str:
    from interconnect.present.numbers import unit_label

    return unit_label(unit) or "count"


def _input_label(bar: TornadoBar) -> str:
    i = bar.input
    low, high = (f"{q.magnitude:g} {q.units:~C}" for q in (i.low, i.high))
    return f"{i.entry_id} {i.field} ({low} .. {high})"


def _legend() -> list[Any]:
    from matplotlib.patches import Patch

    return [Patch(color=_LOW, label="input at low"), Patch(color=_HIGH, label="input at high")]


def _figure(rows: int) -> tuple[Any, Any]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9.0, 1.2 + 0.42 * max(rows, 1)), layout="constrained")
    axes = figure.add_subplot()
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    return figure, axes


def _render(figure: Any, fmt: str) -> bytes:
    """SVG (text kept as text, no date, fixed ids: the same input gives the same bytes) or PNG."""
    import matplotlib

    if fmt not in CHART_FORMATS:
        raise ValueError(f"chart format must be one of {list(CHART_FORMATS)}, found {fmt!r}")
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.hashsalt": "interconnect", "svg.fonttype": "none"}):
        figure.savefig(buffer, format=fmt, metadata=metadata, dpi=120)
    return buffer.getvalue()
