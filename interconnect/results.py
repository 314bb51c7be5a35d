"""Result objects: every number a pint Quantity (arrays for sweeps), plus comparison vs a baseline.

Metrics have stable dotted names (``power.fabric``, ``cost.tco``...) listed once in
:mod:`interconnect.metrics`. A result keeps plain arrays in each metric's canonical unit and wraps a
Quantity only when one is asked for (``result["power.fabric"]``); ``value()`` skips the wrapping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pint

from interconnect.catalog.trends import Moved
from interconnect.metrics import COST_COMPONENTS, METRICS, POWER_COMPONENTS, Metric, metric
from interconnect.topology import End
from interconnect.units import Q_, format_quantity, quantity_to_json

__all__ = ["COST_COMPONENTS", "METRICS", "POWER_COMPONENTS", "Comparison", "GroupSummary", "Metric",
           "MetricValues", "PartCount", "Result", "SwitchSummary"]


# bump when a key of Comparison.to_dict() changes meaning or goes away (2: link groups and switch levels)
JSON_SCHEMA_VERSION = 2

@dataclass(frozen=True)
class PartCount:
    """How many parts of one option sit at one position of one plane.

    ``group`` is the link group (``tier1``...) and ``end`` the position in it ("lower", "upper", "cable"),
    or, for parts counted per switch, the switch level's name with ``end`` "switch" (CPO/NPO engines at
    every port) or "laser" (their external lasers). ``end_kind`` says what the part sits at.
    """

    plane: str
    group: str
    end: str
    end_kind: End
    option_id: str
    option_class: str
    rate: pint.Quantity
    count: pint.Quantity

    @property
    def at_host(self) -> bool:
        return self.end_kind is End.HOST

    def to_dict(self) -> dict[str, Any]:
        return {"plane": self.plane, "group": self.group, "end": self.end, "at": str(self.end_kind),
                "option": self.option_id, "class": self.option_class, "rate": quantity_to_json(self.rate),
                "count": _count_json(self.count)}


@dataclass(frozen=True)
class GroupSummary:
    """One link group of one plane: links in all parallel planes and in one, and the options chosen."""

    plane: str
    group: str
    label: str
    links: pint.Quantity
    links_per_plane: pint.Quantity
    parallel_planes: int
    rate: pint.Quantity
    length: pint.Quantity
    options: Mapping[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"plane": self.plane, "group": self.group, "label": self.label, "links": _count_json(self.links),
                "links_per_plane": _count_json(self.links_per_plane), "parallel_planes": self.parallel_planes,
                "rate": quantity_to_json(self.rate), "length": quantity_to_json(self.length),
                "options": dict(self.options)}


@dataclass(frozen=True)
class SwitchSummary:
    """The switches of one level of one plane: count in all parallel planes and in one, ports used."""

    plane: str
    level: int
    name: str
    switch_id: str
    count: pint.Quantity
    count_per_plane: pint.Quantity
    ports_per_switch: pint.Quantity
    ports_used: pint.Quantity

    def to_dict(self) -> dict[str, Any]:
        return {"plane": self.plane, "level": self.level, "name": self.name, "switch": self.switch_id,
                "count": _count_json(self.count), "count_per_plane": _count_json(self.count_per_plane),
                "ports_per_switch": _count_json(self.ports_per_switch), "ports_used": _count_json(self.ports_used)}


def _count_json(q: pint.Quantity) -> Any:
    m = q.magnitude
    return [int(x) for x in np.asarray(m).ravel()] if np.ndim(m) else int(m)


class MetricValues(Mapping[str, pint.Quantity]):
    """Metric arrays in canonical units, wrapped as Quantities on access (0-d for a single point)."""

    def __init__(self, arrays: Mapping[str, np.ndarray], scalar: bool) -> None:
        self.arrays = dict(arrays)
        self.scalar = scalar

    def __getitem__(self, name: str) -> pint.Quantity:
        arr = self.arrays[name]
        return Q_(arr.reshape(-1)[0].item() if self.scalar else arr, METRICS[name].canonical)

    def __iter__(self) -> Any:
        return iter(self.arrays)

    def __len__(self) -> int:
        return len(self.arrays)

    def magnitude(self, name: str, unit: str | None = None) -> Any:
        """The value in ``unit`` (the display unit by default) as a float or array, without a Quantity."""
        spec = METRICS[name]
        arr = self.arrays[name]
        target = unit or spec.unit
        if target != spec.canonical:
            arr = Q_(arr, spec.canonical).m_as(target)
        return float(np.asarray(arr).reshape(-1)[0]) if self.scalar else arr


@dataclass(frozen=True)
class FailureKind:
    """One part kind's share of the failure cost (``interconnect.reliability``): failures a year, job
    interruptions a day and accelerator-hours lost a year, floats (arrays for a sweep)."""

    kind: str
    failures_per_year: Any
    interruptions_per_day: Any
    accelerator_hours_lost_per_year: Any

    def to_dict(self) -> dict[str, Any]:
        def plain(x: Any) -> Any:
            return np.asarray(x, dtype=float).tolist()

        return {"kind": self.kind, "failures_per_year": plain(self.failures_per_year),
                "interruptions_per_day": plain(self.interruptions_per_day),
                "accelerator_hours_lost_per_year": plain(self.accelerator_hours_lost_per_year)}


@dataclass(frozen=True)
class Result:
    """Everything computed for one scenario on one fabric. Quantities are 0-d for a single point."""

    scenario: str
    fabric: str
    metrics: Mapping[str, pint.Quantity]
    groups: tuple[GroupSummary, ...] = ()
    switches: tuple[SwitchSummary, ...] = ()
    parts: tuple[PartCount, ...] = ()
    figures_used: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = field(default=())
    key: str = ""  # how a comparison names this result: the scenario, or "fabric-file/scenario"
    moved: tuple[Moved, ...] = ()  # figures the catalog's trends moved to the fabric's year
    failure_kinds: tuple[FailureKind, ...] = ()  # the failure cost by part kind (interconnect.reliability)

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.scenario)

    def __getitem__(self, name: str) -> pint.Quantity:
        if name not in self.metrics:
            metric(name)  # raises with close names
            raise KeyError(f"metric {name!r} is not in this result")
        return self.metrics[name]

    @property
    def points(self) -> int:
        return int(np.size(self["power.fabric"].magnitude))

    def value(self, name: str, unit: str | None = None) -> Any:
        """Magnitude of a metric in ``unit`` (its display unit by default): a float or an array."""
        if isinstance(self.metrics, MetricValues) and name in self.metrics:
            return self.metrics.magnitude(name, unit)
        q = self[name]
        m = q.m_as(unit or METRICS[name].unit)
        return float(m) if np.ndim(m) == 0 else m

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "scenario": self.scenario,
            "fabric": self.fabric,
            "metrics": {name: _metric_json(name, self[name]) for name in self.metrics},
            "groups": [g.to_dict() for g in self.groups],
            "switches": [s.to_dict() for s in self.switches],
            "parts": [p.to_dict() for p in self.parts],
            "figures_used": [list(f) for f in self.figures_used],
            "notes": list(self.notes),
            "moved": [{"entry": m.entry_id, "field": m.field, "as_of": m.as_of, "trends": list(m.trends)}
                      for m in self.moved],
            "failure_kinds": [k.to_dict() for k in self.failure_kinds],
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
        names = [r.key for r in self.results]
        if self.baseline not in names:
            raise KeyError(f"baseline {self.baseline!r} is not among the scenarios {names}")

    @property
    def baseline_result(self) -> Result:
        return next(r for r in self.results if r.key == self.baseline)

    @property
    def keys(self) -> list[str]:
        """How each result is named: its scenario, or "fabric-file/scenario" across several fabrics."""
        return [r.key for r in self.results]

    def result(self, scenario: str) -> Result:
        """The result named ``scenario`` (its key)."""
        for r in self.results:
            if r.key == scenario:
                return r
        raise KeyError(f"no scenario {scenario!r}; scenarios: {self.keys}")

    def delta(self, scenario: str, metric: str) -> pint.Quantity:
        """Scenario minus baseline, in the metric's unit."""
        return self.result(scenario)[metric] - self.baseline_result[metric]

    def relative(self, scenario: str, metric: str) -> Any:
        """(scenario - baseline) / baseline as a plain ratio; NaN where the baseline is zero."""
        base = np.asarray(self.baseline_result.value(metric), dtype=float)
        diff = np.asarray(self.result(scenario).value(metric), dtype=float) - base
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.where(base != 0, diff / np.where(base == 0, 1, base), np.nan)
        return float(rel) if rel.ndim == 0 else rel

    def to_dict(self) -> dict[str, Any]:
        out = []
        for r in self.results:
            entry = r.to_dict()
            entry["deltas"] = {
                name: {"absolute": quantity_to_json(self.delta(r.key, name), METRICS[name].unit),
                       "relative": _json_ratio(self.relative(r.key, name))}
                for name in r.metrics
            }
            out.append(entry)
        return {"schema": JSON_SCHEMA_VERSION, "baseline": self.baseline, "scenarios": out}

    def table(self, names: Sequence[str] | None = None, width: int = 120) -> str:
        """Plain-text table no wider than ``width``: metrics as rows and scenarios as columns when they fit,
        else transposed; human units, deltas vs the baseline in percent (``interconnect.present``)."""
        from interconnect.present.compare_view import compare_view

        return compare_view(self, list(names or ()), width=width)


def _metric_json(name: str, q: pint.Quantity) -> dict[str, Any]:
    """A metric as JSON; whole-number counts as integers."""
    out = quantity_to_json(q, METRICS[name].unit)
    if METRICS[name].integer:
        v = out["value"]
        out["value"] = [int(x) for x in v] if isinstance(v, list) else int(v)
    return out


def _json_ratio(x: Any) -> Any:
    arr = np.asarray(x, dtype=float)
    if arr.ndim == 0:
        return None if not np.isfinite(arr) else float(arr)
    return [None if not np.isfinite(v) else float(v) for v in arr.tolist()]


def metric_quantity(values: Any, unit: str) -> pint.Quantity:
    """Wrap a float array (or scalar) as a Quantity in ``unit``."""
    return Q_(values, unit)
