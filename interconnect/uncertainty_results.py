"""Result objects of the uncertainty analysis: sampled inputs, P10/P50/P90 spreads, tornado bars.

Produced by ``interconnect.uncertainty``; read by the CLI, reports and charts. Spreads hold floats in the
metric's display unit (``METRICS``) and hand out Quantities.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pint

from interconnect.results import METRICS, Comparison
from interconnect.units import Q_, quantity_to_json, unit_label, ureg

__all__ = [
    "BEATS_METRICS",
    "DISTRIBUTIONS",
    "PERCENTILES",
    "ScenarioUncertainty",
    "Spread",
    "TornadoBar",
    "UncertainInput",
    "UncertaintyResult",
]

PERCENTILES = (10, 50, 90)
BEATS_METRICS = ("power.fabric", "cost.capex", "cost.tco")  # lower is better for all three
DISTRIBUTIONS = ("pert", "triangular")


@dataclass(frozen=True)
class UncertainInput:
    """A ranged catalog figure: ``field`` of entry ``entry_id``, low <= typical <= high.

    ``also`` names the other (entry, field) figures that carry the same estimate (same field, range and
    sources, e.g. a CPO switch's system power estimated equal to its pluggable sibling's): they are one
    uncertain input, drawn and swung together, so their errors are not treated as independent.
    """

    entry_id: str
    field: str
    low: pint.Quantity
    typical: pint.Quantity
    high: pint.Quantity
    also: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.entry_id, self.field)

    @property
    def keys(self) -> tuple[tuple[str, str], ...]:
        """Every figure this input sets: its own and those sharing the estimate."""
        return (self.key, *self.also)

    @property
    def label(self) -> str:
        shared = f" (+ {', '.join(e for e, _ in self.also)})" if self.also else ""
        return f"{self.entry_id}{shared} {self.field}"

    def to_dict(self) -> dict[str, Any]:
        return {"entry": self.entry_id, "field": self.field, "low": quantity_to_json(self.low),
                "typical": quantity_to_json(self.typical), "high": quantity_to_json(self.high),
                "shared_with": [e for e, _ in self.also]}


@dataclass(frozen=True)
class Spread:
    """P10, P50 and P90 of one metric (or of its delta vs the baseline) over the samples, in ``unit``."""

    values: tuple[float, float, float]
    unit: str

    @property
    def p10(self) -> pint.Quantity:
        return Q_(self.values[0], self.unit)

    @property
    def p50(self) -> pint.Quantity:
        return Q_(self.values[1], self.unit)

    @property
    def p90(self) -> pint.Quantity:
        return Q_(self.values[2], self.unit)

    def to_dict(self) -> dict[str, Any]:
        label = unit_label(ureg.parse_units(self.unit))
        return {f"p{p}": {"value": v if np.isfinite(v) else None, "unit": label}
                for p, v in zip(PERCENTILES, self.values, strict=True)}


@dataclass(frozen=True)
class ScenarioUncertainty:
    """Spreads of every metric and of every delta vs the baseline for one scenario.

    ``beats_baseline`` maps the metrics of ``BEATS_METRICS`` to the probability (0..1, share of samples)
    that this scenario is strictly lower than the baseline in the same sample.
    """

    scenario: str
    totals: Mapping[str, Spread]
    deltas: Mapping[str, Spread]
    beats_baseline: Mapping[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario,
                "totals": {name: s.to_dict() for name, s in self.totals.items()},
                "deltas": {name: s.to_dict() for name, s in self.deltas.items()},
                "probability_beats_baseline": dict(self.beats_baseline)}


@dataclass(frozen=True)
class UncertaintyResult:
    """Monte Carlo of a comparison: spreads per scenario, the inputs sampled and the typical comparison."""

    fabric: str
    baseline: str
    samples: int
    seed: int
    distribution: str
    inputs: tuple[UncertainInput, ...]
    scenarios: tuple[ScenarioUncertainty, ...]
    deterministic: Comparison

    def scenario(self, name: str) -> ScenarioUncertainty:
        for s in self.scenarios:
            if s.scenario == name:
                return s
        raise KeyError(f"no scenario {name!r}; scenarios: {[s.scenario for s in self.scenarios]}")

    def to_dict(self) -> dict[str, Any]:
        return {"fabric": self.fabric, "baseline": self.baseline, "samples": self.samples, "seed": self.seed,
                "distribution": self.distribution, "percentiles": list(PERCENTILES),
                "inputs": [i.to_dict() for i in self.inputs],
                "scenarios": [s.to_dict() for s in self.scenarios]}

    def rows(self, names: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """One flat record per scenario and metric: spreads of the total and of the delta, display units."""
        out = []
        for s in self.scenarios:
            for name in names or list(s.totals):
                unit = METRICS[name].unit
                total, delta = s.totals[name], s.deltas[name]
                out.append({"scenario": s.scenario, "metric": name, "unit": unit,
                            **{f"p{p}": v for p, v in zip(PERCENTILES, total.values, strict=True)},
                            **{f"delta_p{p}": v for p, v in zip(PERCENTILES, delta.values, strict=True)},
                            "probability_beats_baseline": s.beats_baseline.get(name)})
        return out

    def table(self, names: Sequence[str] | None = None) -> str:
        """Plain text: P10 / P50 / P90 of each metric (default: the headline ones; counts are exact) and of
        its delta per scenario, then P(beats baseline)."""
        names = list(names or [m for m, spec in METRICS.items()
                               if spec.headline and not spec.conditional and not m.startswith("count.")])
        lines = [f"{self.fabric}: {self.samples:,} samples of {len(self.inputs)} ranged inputs "
                 f"({_DISTRIBUTION_TEXT[self.distribution]}, seed {self.seed}), baseline '{self.baseline}'", ""]
        header = ["metric", "scenario", "P10", "P50", "P90", "delta P10", "delta P50", "delta P90"]
        rows = []
        for name in names:
            for s in self.scenarios:
                unit = METRICS[name].unit
                label = f"{METRICS[name].label} [{unit}]" if s is self.scenarios[0] else ""
                values = [*s.totals[name].values, *s.deltas[name].values]
                rows.append([label, s.scenario, *[_number(v) for v in values]])
        lines += _columns([header, *rows])
        lines += ["", "probability of beating the baseline (lower in the same sample)"]
        prob_rows = [[s.scenario, *[f"{s.beats_baseline[m]:.1%}" for m in BEATS_METRICS]]
                     for s in self.scenarios if s.scenario != self.baseline]
        lines += _columns([["scenario", *[METRICS[m].label for m in BEATS_METRICS]], *prob_rows])
        return "\n".join(lines)


@dataclass(frozen=True)
class TornadoBar:
    """The studied value (a metric's delta vs the baseline, or the metric itself when the scenario is the
    baseline) with one input at its low and at its high end, every other input at typical."""

    input: UncertainInput
    at_low: pint.Quantity
    at_high: pint.Quantity
    at_typical: pint.Quantity

    @property
    def swing(self) -> pint.Quantity:
        """Width of the bar: the largest minus the smallest of the three values."""
        values = [self.at_low, self.at_typical, self.at_high]
        return max(values) - min(values)

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input.to_dict(), "at_low": _finite_json(self.at_low),
                "at_high": _finite_json(self.at_high), "at_typical": _finite_json(self.at_typical),
                "swing": _finite_json(self.swing)}


_DISTRIBUTION_TEXT = {"pert": "Beta-PERT over low/typical/high", "triangular": "triangular over low/typical/high"}


def _finite_json(q: pint.Quantity) -> dict[str, Any]:
    out = quantity_to_json(q)
    if isinstance(out["value"], float) and not np.isfinite(out["value"]):
        out["value"] = None
    return out


def _number(x: Any) -> str:
    x = float(x)
    if not np.isfinite(x):
        return "n/a"
    return f"{x:,.0f}" if abs(x) >= 1e4 else f"{x:,.4g}"


def _columns(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    text = ["  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
            for r in rows]
    return [text[0], "  ".join("-" * w for w in widths), *text[1:]]
