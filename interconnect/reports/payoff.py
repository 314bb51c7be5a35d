"""The report's optional "When does it pay off" section: a break-even search as text, a table of the
crossings and a chart of the delta against the input with each crossing marked.

A pure view over a ``BreakEven`` (``interconnect.break_even.breakeven`` computes; the caller passes it in).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from interconnect.break_even import BreakEven
from interconnect.reports.blocks import Block, Chart, Heading, Paragraph, table
from interconnect.results import METRICS

__all__ = ["payoff_blocks", "payoff_chart"]


def payoff_chart(result: BreakEven) -> Any:
    """The delta (scenario minus baseline) against the input; zero line; crossings marked and labelled."""
    from interconnect.reports.charts import _new_figure, _scale, _text

    x = np.asarray(result.inputs.magnitude, dtype=float)
    y = np.asarray(result.deltas.magnitude, dtype=float)
    spec = METRICS[result.metric]
    divisor, unit = _scale(y, spec.unit)
    fig = _new_figure(6.4, 3.8)
    ax = fig.add_subplot()
    ax.plot(x, y / divisor, color="tab:blue", label=_text(f"{result.scenario} minus {result.baseline}"))
    ax.axhline(0.0, color="0.3", linewidth=0.8)
    for c in result.crossings:
        v = float(c.value.magnitude)
        ax.axvline(v, color="tab:red", linestyle="--", linewidth=0.9)
        ax.plot([v], [0.0], marker="o", color="tab:red")
        ax.annotate(_text(result.text(c.value)), (v, 0.0), textcoords="offset points", xytext=(4, 6), fontsize=8,
                    color="tab:red")
    if result.log:
        ax.set_xscale("log")
    ax.set_xlabel(_text(result.input_label))
    ax.set_ylabel(_text(f"delta of {spec.label.strip()} [{unit}]"), fontsize=8)
    ax.set_title(_text(f"{spec.label.strip()}: {result.scenario} vs {result.baseline}"))
    ax.legend(fontsize=8, loc="best")
    ax.grid(alpha=0.3)
    return fig


def payoff_blocks(result: BreakEven) -> list[Block]:
    """The "When does it pay off" section."""
    spec = METRICS[result.metric]
    blocks: list[Block] = [
        Heading(2, "When does it pay off"),
        Paragraph((f"The input {result.input} was searched from {result.text(result.low)} to "
                   f"{result.text(result.high)} for the value at which '{result.scenario}' and "
                   f"'{result.baseline}' have the same {spec.label.strip()} ({result.metric}): the delta was "
                   f"evaluated at {result.inputs.magnitude.size} points in one vectorized pass per scenario, and "
                   "every sign change refined by regula falsi with bisection "
                   f"({result.evaluations} passes in all). Every other input is as in the fabric file.",)),
        *[Paragraph((s,), strong=True) for s in result.sentences()],
    ]
    if result.crossings:
        rows = [[result.text(c.value), f"{result.text(c.low)} to {result.text(c.high)}",
                 f"{result.scenario} goes {c.direction}" + (" (a step)" if c.step else "")]
                for c in result.crossings]
        blocks.append(table(["crossing", "bracket", "as the input rises"], rows, [True, False, False]))
    blocks.append(Chart("payoff", f"{spec.label.strip()}: {result.scenario} minus {result.baseline} vs "
                                  f"{result.input}", lambda: payoff_chart(result)))
    return blocks
