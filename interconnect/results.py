"""Result objects: every number a pint Quantity (arrays for sweeps), plus comparison vs a baseline.

Metrics have stable dotted names (``power.fabric``, ``cost.tco``...) used by the CLI, reports, TUI,
uncertainty and fleet views alike; ``METRICS`` gives each its label and unit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pint

from interconnect.units import Q_, format_number, format_quantity, quantity_to_json

__all__ = ["METRICS", "Comparison", "MetricSpec", "PartCount", "Result", "TierSummary"]


@dataclass(frozen=True)
class MetricSpec:
    name: str
    label: str
    unit: str
    headline: bool = False


def _specs(*rows: tuple[str, str, str, bool]) -> dict[str, MetricSpec]:
    return {name: MetricSpec(name, label, unit, headline) for name, label, unit, headline in rows}


METRICS: dict[str, MetricSpec] = _specs(
    ("count.accelerators", "Accelerators", "dimensionless", False),
    ("count.servers", "Servers", "dimensionless", False),
    ("count.racks", "Racks", "dimensionless", False),
    ("count.tiers", "Tiers (scale-out plane)", "dimensionless", False),
    ("count.switches", "Switches", "dimensionless", True),
    ("count.links", "Links", "dimensionless", False),
    ("count.optical_modules", "Optical modules", "dimensionless", True),
    ("count.optical_engines", "Optical engines (CPO/NPO ports)", "dimensionless", True),
    ("count.external_lasers", "External laser sources", "dimensionless", False),
    ("count.cables", "Cable assemblies (DAC/ACC/AEC/AOC)", "dimensionless", False),
    ("count.fiber_strands", "Fiber strands", "dimensionless", False),
    ("count.nics", "NICs", "dimensionless", False),
    ("count.unused_switch_ports", "Unused switch ports", "dimensionless", False),
    ("count.attach_ratio", "Optical modules per accelerator (attach ratio)", "dimensionless", True),
    ("power.optics", "Optics power (modules, engines, AOC)", "kW", False),
    ("power.lasers", "External laser power", "kW", False),
    ("power.host_serdes", "Extra host SerDes power", "kW", False),
    ("power.copper", "Active copper power", "kW", False),
    ("power.switches", "Switch power (without optics)", "kW", False),
    ("power.nics", "NIC power", "kW", False),
    ("power.optics_total", "Optics power incl. lasers and host SerDes", "kW", True),
    ("power.fabric", "Fabric power", "kW", True),
    ("power.per_accelerator", "Fabric power per accelerator", "W", True),
    ("power.facility", "Facility power (fabric x PUE)", "kW", False),
    ("cost.optics", "Optics capex", "USD", False),
    ("cost.lasers", "External laser capex", "USD", False),
    ("cost.copper", "Copper cable capex", "USD", False),
    ("cost.fiber", "Fiber cabling capex", "USD", False),
    ("cost.switches", "Switch capex", "USD", False),
    ("cost.nics", "NIC capex", "USD", False),
    ("cost.capex", "Capex", "USD", True),
    ("cost.capex_per_accelerator", "Capex per accelerator", "USD", False),
    ("cost.energy", "Energy cost over lifetime", "USD", False),
    ("cost.tco", "TCO (capex + energy)", "USD", True),
    ("latency.worst_path", "Worst-case path latency", "ns", True),
    ("latency.switches", "  of which switch hops", "ns", False),
    ("latency.parts", "  of which optics/cable parts", "ns", False),
    ("latency.propagation", "  of which propagation", "ns", False),
    ("reliability.link_failures_per_year", "Link-part failures per year", "1/year", True),
    ("reliability.optical_failures_per_year", "Optical-part failures per year", "1/year", False),
    ("reliability.mtbf_links", "Mean time between link-part failures", "hour", True),
)

JSON_SCHEMA_VERSION = 1  # bump when a key of Comparison.to_dict() changes meaning or goes away

POWER_COMPONENTS = ("optics", "lasers", "host_serdes", "copper", "switches", "nics")
COST_COMPONENTS = ("optics", "lasers", "copper", "fiber", "switches", "nics")


@dataclass(frozen=True)
class PartCount:
    """How many parts of one option sit at one end of one tier (``end``: lower/upper/cable/idle/laser)."""

    plane: str
    tier: int
    end: str
    option_id: str
    option_class: str
    rate: pint.Quantity
    count: pint.Quantity
    at_host: bool

    def to_dict(self) -> dict[str, Any]:
        return {"plane": self.plane, "tier": self.tier, "end": self.end, "option": self.option_id,
                "class": self.option_class, "rate": quantity_to_json(self.rate),
                "count": quantity_to_json(self.count), "at_host": self.at_host}


@dataclass(frozen=True)
class TierSummary:
    """Links and switches of one tier of one plane, and the options chosen for it."""

    plane: str
    tier: int
    links: pint.Quantity
    switches: pint.Quantity
    options: Mapping[str, str]
    length: pint.Quantity

    def to_dict(self) -> dict[str, Any]:
        return {"plane": self.plane, "tier": self.tier, "links": quantity_to_json(self.links),
                "switches": quantity_to_json(self.switches), "options": dict(self.options),
                "length": quantity_to_json(self.length)}


@dataclass(frozen=True)
class Result:
    """Everything computed for one scenario on one fabric. Quantities are 0-d for a single point."""

    scenario: str
    fabric: str
    metrics: Mapping[str, pint.Quantity]
    tiers: tuple[TierSummary, ...] = ()
    parts: tuple[PartCount, ...] = ()
    figures_used: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = field(default=())

    def __getitem__(self, name: str) -> pint.Quantity:
        try:
            return self.metrics[name]
        except KeyError:
            raise KeyError(f"unknown metric {name!r}; metrics: {', '.join(self.metrics)}") from None

    @property
    def points(self) -> int:
        return int(np.size(self.metrics["power.fabric"].magnitude))

    def value(self, name: str, unit: str | None = None) -> Any:
        """Magnitude of a metric in ``unit`` (its display unit by default): a float or an array."""
        q = self[name]
        m = q.m_as(unit or METRICS[name].unit)
        return float(m) if np.ndim(m) == 0 else m

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "fabric": self.fabric,
            "metrics": {name: _metric_json(name, q) for name, q in self.metrics.items()},
            "tiers": [t.to_dict() for t in self.tiers],
            "parts": [p.to_dict() for p in self.parts],
            "figures_used": [list(f) for f in self.figures_used],
            "notes": list(self.notes),
        }

    def table(self, names: Sequence[str] | None = None) -> str:
        """A plain-text table of metrics (single-point results)."""
        names = list(names or METRICS)
        rows = [(METRICS[n].label, format_quantity(self[n], METRICS[n].unit, 5)) for n in names if n in self.metrics]
        width = max(len(r[0]) for r in rows)
        return "\n".join(f"{label:<{width}}  {value}" for label, value in rows)


@dataclass(frozen=True)
class Comparison:
    """Several results on one fabric with absolute and relative deltas against a baseline."""

    results: tuple[Result, ...]
    baseline: str

    def __post_init__(self) -> None:
        names = [r.scenario for r in self.results]
        if self.baseline not in names:
            raise KeyError(f"baseline {self.baseline!r} is not among the scenarios {names}")

    @property
    def baseline_result(self) -> Result:
        return next(r for r in self.results if r.scenario == self.baseline)

    def result(self, scenario: str) -> Result:
        for r in self.results:
            if r.scenario == scenario:
                return r
        raise KeyError(f"no scenario {scenario!r}; scenarios: {[r.scenario for r in self.results]}")

    def delta(self, scenario: str, metric: str) -> pint.Quantity:
        """Scenario minus baseline, in the metric's unit."""
        return self.result(scenario)[metric] - self.baseline_result[metric]

    def relative(self, scenario: str, metric: str) -> Any:
        """(scenario - baseline) / baseline as a plain ratio; NaN where the baseline is zero."""
        base = np.asarray(self.baseline_result[metric].m_as(METRICS[metric].unit), dtype=float)
        diff = np.asarray(self.delta(scenario, metric).m_as(METRICS[metric].unit), dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.where(base != 0, diff / np.where(base == 0, 1, base), np.nan)
        return float(rel) if rel.ndim == 0 else rel

    def to_dict(self) -> dict[str, Any]:
        out = []
        for r in self.results:
            entry = r.to_dict()
            entry["deltas"] = {
                name: {"absolute": quantity_to_json(self.delta(r.scenario, name), METRICS[name].unit),
                       "relative": _json_ratio(self.relative(r.scenario, name))}
                for name in r.metrics
            }
            out.append(entry)
        return {"schema": JSON_SCHEMA_VERSION, "baseline": self.baseline, "scenarios": out}

    def table(self, names: Sequence[str] | None = None) -> str:
        """Plain-text side-by-side table: one column per scenario, deltas vs baseline in brackets."""
        names = [n for n in (names or [m for m, s in METRICS.items() if s.headline])]
        header = ["metric", *[r.scenario for r in self.results]]
        rows = [header]
        for n in names:
            row = [f"{METRICS[n].label} [{_unit_text(n)}]"]
            for r in self.results:
                text = format_number(r.value(n))
                if r.scenario != self.baseline:
                    rel = self.relative(r.scenario, n)
                    text += f" ({rel:+.1%})" if np.isfinite(rel) else ""
                row.append(text)
            rows.append(row)
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                           for i, (c, w) in enumerate(zip(row, widths, strict=True))) for row in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)


def _metric_json(name: str, q: pint.Quantity) -> dict[str, Any]:
    """A metric as JSON; whole-number counts as integers."""
    out = quantity_to_json(q, METRICS[name].unit)
    if name.startswith("count.") and name != "count.attach_ratio":
        v = out["value"]
        out["value"] = [int(x) for x in v] if isinstance(v, list) else int(v)
    return out


def _unit_text(name: str) -> str:
    unit = METRICS[name].unit
    return {"dimensionless": "count", "1/year": "/yr", "hour": "h"}.get(unit, unit)


def _json_ratio(x: Any) -> Any:
    arr = np.asarray(x, dtype=float)
    if arr.ndim == 0:
        return None if not np.isfinite(arr) else float(arr)
    return [None if not np.isfinite(v) else float(v) for v in arr.tolist()]


def metric_quantity(values: Any, unit: str) -> pint.Quantity:
    """Wrap a float array (or scalar) as a Quantity in ``unit``."""
    return Q_(values, unit)
