"""The report's optional uncertainty section: P10 / P50 / P90 of the headline totals and of their deltas vs
the baseline, the probability of beating the baseline, the sampling settings and a spread chart (from an
``UncertaintyResult``), and a tornado table and chart for one scenario and metric (a ``Sensitivity``).

A pure view: ``interconnect.uncertainty.monte_carlo`` and ``tornado`` compute, the caller passes the results
in. Values are shown in each metric's display unit (``METRICS``). Method: docs/uncertainty.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pint

from interconnect.errors import UsageError
from interconnect.present.numbers import format_quantity, unit_label
from interconnect.reports.blocks import Block, Cell, Chart, Code, Heading, Paragraph, format_number, metric_label, table
from interconnect.results import METRICS, Comparison
from interconnect.uncertainty_results import BEATS_METRICS, TornadoBar, UncertaintyResult

__all__ = ["SENSITIVITY_ROWS", "Sensitivity", "largest_power_saving", "uncertainty_blocks"]

SENSITIVITY_ROWS = 15  # tornado rows in the table (the chart shows 12)
_DISTRIBUTIONS = {"pert": "Beta-PERT over low / typical / high", "triangular": "triangular over low / typical / high"}


@dataclass(frozen=True)
class Sensitivity:
    """Tornado bars (``interconnect.uncertainty.tornado``) of ``metric`` for ``scenario``: the metric's delta
    against ``baseline``, or the metric itself when ``scenario`` is the baseline."""

    scenario: str
    metric: str
    baseline: str
    bars: tuple[TornadoBar, ...]


def largest_power_saving(comparison: Comparison) -> str:
    """The scenario with the lowest fabric power against the baseline at typical figures (the default
    tornado subject); the baseline when it is the only scenario."""
    others = [r.scenario for r in comparison.results if r.scenario != comparison.baseline]
    if not others:
        return comparison.baseline
    return min(others, key=lambda s: float(comparison.delta(s, "power.fabric").m_as("kW")))


def uncertainty_blocks(comparison: Comparison, uncertainty: UncertaintyResult | None,
                       sensitivity: Sensitivity | None) -> list[Block]:
    """The "Uncertainty and sensitivity" section (empty when both are None)."""
    if uncertainty is None and sensitivity is None:
        return []
    blocks: list[Block] = [Heading(2, "Uncertainty and sensitivity")]
    if uncertainty is not None:
        blocks += _monte_carlo(comparison, uncertainty)
    if sensitivity is not None:
        blocks += _tornado(comparison, sensitivity)
    return blocks


def _signed(x: float) -> str:
    return ("+" if x > 0 else "") + format_number(x)


def _quantity(q: pint.Quantity) -> str:
    return format_quantity(q, digits=6)


def _check_matches(comparison: Comparison, names: Sequence[str], baseline: str, what: str) -> None:
    compared = [r.scenario for r in comparison.results]
    if baseline != comparison.baseline or any(n not in compared for n in names):
        raise UsageError(f"the {what} is for scenarios {list(names)} against '{baseline}', the report compares "
                         f"{compared} against '{comparison.baseline}': compute it on the same scenario set")


def _monte_carlo(comparison: Comparison, u: UncertaintyResult) -> list[Block]:
    names = [s.scenario for s in u.scenarios]
    _check_matches(comparison, names, u.baseline, "uncertainty result")
    others = [s for s in u.scenarios if s.scenario != u.baseline]
    blocks: list[Block] = [
        Heading(3, "Monte Carlo"),
        Paragraph((f"Every catalog figure the scenarios read that is given as a range (low / typical / high) is "
                   f"drawn {u.samples:,} times, and the same draws go to every scenario, so each delta vs "
                   f"'{u.baseline}' is taken sample by sample and parts two scenarios share cancel. P10 / P50 / "
                   "P90 are the 10th, 50th and 90th percentiles over the samples: what the catalog's ranges "
                   "allow, not confidence intervals. Counts are exact and left out. Method and caveats: "
                   "docs/uncertainty.md.",)),
        table(["setting", "value"], [
            ["samples", f"{u.samples:,}"],
            ["seed", str(u.seed)],
            ["distribution", _DISTRIBUTIONS.get(u.distribution, u.distribution)],
            ["ranged inputs sampled", str(len(u.inputs))],
            ["baseline", u.baseline],
        ], [False, True]),
    ]
    if not u.inputs:
        blocks.append(Paragraph(("No catalog figure these scenarios read is given as a range, so every P10, P50 "
                                 "and P90 equals the result at typical figures.",)))
    else:
        blocks.append(Paragraph(("The ranges sampled are the range column of \"Catalog figures used\" above.",)))
    metrics = [m for m, spec in METRICS.items()
               if spec.headline and not spec.conditional and not m.startswith("count.")]
    rows: list[list[Cell]] = []
    for m in metrics:
        for s in u.scenarios:
            total, delta = s.totals[m].values, s.deltas[m].values
            base = s.scenario == u.baseline
            rows.append([metric_label(m), s.scenario + (" (baseline)" if base else ""),
                         *(format_number(v) for v in total), *(("-",) * 3 if base else (_signed(v) for v in delta))])
    blocks += [Heading(4, f"Totals and deltas vs {u.baseline}: P10 / P50 / P90"),
               table(["metric", "scenario", "P10", "P50", "P90", "delta P10", "delta P50", "delta P90"], rows,
                     [False, False, True, True, True, True, True, True])]
    if not others:
        return blocks
    blocks += [
        Heading(4, f"Probability of beating {u.baseline}"),
        Paragraph((f"The share of samples in which the scenario is strictly lower than '{u.baseline}' in the "
                   "same sample.",)),
        table(["scenario", *(metric_label(m) for m in BEATS_METRICS)],
              [[s.scenario, *(f"{s.beats_baseline[m]:.1%}" for m in BEATS_METRICS)] for s in others],
              [False, *[True] * len(BEATS_METRICS)]),
        Chart("uncertainty", f"Fabric power change vs {u.baseline}: P10 to P90 (bar) and P50 (mark)",
              render=lambda fmt: _spread_chart(u, fmt)),
    ]
    return blocks


def _spread_chart(u: UncertaintyResult, fmt: str) -> bytes:
    from interconnect.uncertainty_charts import spread_chart

    return spread_chart(u, "power.fabric", delta=True, fmt=fmt)


def _subject(s: Sensitivity) -> str:
    label = METRICS[s.metric].label.strip()
    return label if s.scenario == s.baseline else f"{label}: '{s.scenario}' minus '{s.baseline}'"


def _why(comparison: Comparison, s: Sensitivity) -> str:
    """Why this scenario: said when it is the default choice (the largest fabric-power saving)."""
    if s.scenario != largest_power_saving(comparison):
        return ""
    if s.scenario == s.baseline:
        return f" '{s.baseline}' is the only scenario, so its {METRICS[s.metric].label.strip().lower()} is studied."
    saving = float(comparison.delta(s.scenario, "power.fabric").m_as("kW"))
    if saving < 0:
        return (f" '{s.scenario}' is the scenario with the largest fabric-power saving against '{s.baseline}' at "
                "typical figures.")
    return (f" No scenario saves fabric power against '{s.baseline}' at typical figures; '{s.scenario}' adds the "
            "least.")


def _tornado(comparison: Comparison, s: Sensitivity) -> list[Block]:
    if s.metric not in METRICS:
        raise UsageError(f"unknown sensitivity metric {s.metric!r}; metrics: {', '.join(METRICS)}")
    _check_matches(comparison, [s.scenario], s.baseline, "sensitivity (tornado)")
    unit = METRICS[s.metric].unit
    subject = _subject(s)
    studied = (f"{METRICS[s.metric].label.strip().lower()} of '{s.scenario}'" if s.scenario == s.baseline else
               f"delta of {METRICS[s.metric].label.strip().lower()}, '{s.scenario}' minus '{s.baseline}'")
    blocks: list[Block] = [
        Heading(3, f"Sensitivity: {subject}"),
        Paragraph((f"Tornado of the {studied} (metric {s.metric}): each ranged catalog figure is set to its low "
                   "and to its high end, every other figure at typical, and the figures are ranked by how far that "
                   f"moves the value (swing).{_why(comparison, s)}",)),
    ]
    moving = [b for b in s.bars if b.swing.magnitude > 0]
    if not moving:
        reason = ("no catalog figure these scenarios read is given as a range" if not s.bars else
                  f"the {len(s.bars)} ranged figures they read move both sides alike")
        blocks.append(Paragraph((f"Nothing to rank: {reason}.",)))
        return blocks
    label = unit_label(unit)
    suffix = f" [{label}]" if label else ""
    rows: list[list[Cell]] = [[Code(b.input.entry_id), b.input.field, _quantity(b.input.low),
                               _quantity(b.input.typical), _quantity(b.input.high),
                               *(format_number(q.m_as(unit)) for q in (b.at_low, b.at_high, b.swing))]
                              for b in moving[:SENSITIVITY_ROWS]]
    at_typical = format_number(moving[0].at_typical.m_as(unit))
    left_out = len(s.bars) - len(moving)
    note = f"At typical figures: {at_typical}{' ' + label if label else ''}. "
    note += f"Showing {len(rows)} of {len(moving)} figures that move it"
    note += f"; {left_out} ranged figures move both sides alike (no effect)." if left_out else "."
    blocks += [Paragraph((note,)),
               table(["entry", "field", "low", "typical", "high", f"at low{suffix}", f"at high{suffix}",
                      f"swing{suffix}"], rows, [False, False, True, True, True, True, True, True]),
               Chart("tornado", f"Tornado: {subject}", render=lambda fmt: _tornado_chart(s, subject, fmt))]
    return blocks


def _tornado_chart(s: Sensitivity, subject: str, fmt: str) -> bytes:
    from interconnect.uncertainty_charts import tornado_chart

    return tornado_chart(list(s.bars), s.metric, title=subject, top=12, fmt=fmt)
