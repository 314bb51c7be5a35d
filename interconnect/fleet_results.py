"""Fleet results: demand by year, kind, class and speed; summed metrics; attach ratios; mix changes.

Counts are expected numbers of parts (fractional where a mix share splits deployments); power in kW
and cost in USD, as in ``METRICS``. Every number crossing this boundary is a pint Quantity.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pint

from interconnect.results import METRICS, Result
from interconnect.units import Q_, quantity_to_json

__all__ = ["FLEET_HEADLINE", "FLEET_METRICS", "KINDS", "Demand", "DemandChange", "FleetComparison", "FleetEntry",
           "FleetResult", "TemplateSummary", "comparison_tables", "grid", "result_tables",
           "speed_label", "template_rows", "year_label"]

KINDS = ("module", "engine", "laser", "cable", "ocs")
ENDS = ("host", "switch", "link", "ocs")
FLEET_METRICS = tuple(m for m, spec in METRICS.items() if spec.additive)  # totals that sum across deployments
FLEET_HEADLINE = ("count.accelerators", "count.optical_modules", "count.optical_engines", "count.external_lasers",
                  "count.cables", "count.ocs", "count.fiber_strands", "power.optics_total", "cost.optics",
                  "cost.lasers", "cost.capex")
_DISPLAY_UNITS = {"kW": "MW", "USD": "MUSD"}


def year_label(year: int | None) -> str:
    return "undated" if year is None else str(year)


def _year_order(year: int | None) -> int:
    return 10_000 if year is None else year


@dataclass(frozen=True)
class Demand:
    """Expected parts of one kind (module/engine/laser/cable/ocs), class and part speed at one end.

    ``end``: ``host`` (NIC end of tier 1, an accelerator's port or its optical I/O), ``switch`` (a switch
    cage or engine), ``link`` (a cable assembly, both ends in one part), ``ocs`` (an optical circuit
    switch, class "ocs", rate the link rate of the circuits it carries). ``rate`` is the part's rate: a
    2x800G module counts as 1.6T. Lasers carry the class and rate of the engines they feed.
    """

    year: int | None
    kind: str
    option_class: str
    rate: pint.Quantity
    end: str
    count: pint.Quantity

    @property
    def key(self) -> tuple[int | None, str, str, float, str]:
        return (self.year, self.kind, self.option_class, round(self.rate.m_as("Gbit/s"), 3), self.end)

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "kind": self.kind, "class": self.option_class,
                "rate": quantity_to_json(self.rate, "Gbit/s"), "end": self.end,
                "count": quantity_to_json(self.count)}


def _sort_key(key: tuple[int | None, str, str, float, str]) -> tuple[int, int, float, str, int]:
    year, kind, cls, rate, end = key
    return (_year_order(year), KINDS.index(kind), rate, cls, ENDS.index(end))


def aggregate(rows: Iterable[Demand]) -> tuple[Demand, ...]:
    """Sum demand rows with the same year, kind, class, rate and end; sorted by year, kind, speed."""
    sums: dict[tuple[int | None, str, str, float, str], list[float]] = {}
    for row in rows:
        sums.setdefault(row.key, []).append(float(row.count.magnitude))
    return tuple(Demand(year=k[0], kind=k[1], option_class=k[2], rate=Q_(k[3], "Gbit/s"), end=k[4],
                        count=Q_(math.fsum(v), "")) for k, v in sorted(sums.items(), key=lambda kv: _sort_key(kv[0])))


@dataclass(frozen=True)
class FleetEntry:
    """One (template, scenario): the single-fabric result, its share and expected deployments."""

    template: str
    year: int | None
    fabric: str
    scenario: str
    share: pint.Quantity
    deployments: pint.Quantity
    result: Result
    demand: tuple[Demand, ...]

    def total(self, metric: str) -> float:
        """The metric over all expected deployments, in the metric's unit."""
        return float(self.result.value(metric)) * float(self.deployments.magnitude)


@dataclass(frozen=True)
class TemplateSummary:
    """Deployments, accelerators built and mix-weighted attach ratios (parts per accelerator) of a template."""

    template: str
    year: int | None
    fabric: str
    deployments: pint.Quantity
    accelerators: pint.Quantity
    mix: dict[str, pint.Quantity]
    modules_per_accelerator: pint.Quantity
    engines_per_accelerator: pint.Quantity
    lasers_per_accelerator: pint.Quantity

    def to_dict(self) -> dict[str, Any]:
        return {"template": self.template, "year": self.year, "fabric": self.fabric,
                "deployments": quantity_to_json(self.deployments), "accelerators": quantity_to_json(self.accelerators),
                "mix": {s: quantity_to_json(q, "percent") for s, q in self.mix.items()},
                "modules_per_accelerator": quantity_to_json(self.modules_per_accelerator),
                "engines_per_accelerator": quantity_to_json(self.engines_per_accelerator),
                "lasers_per_accelerator": quantity_to_json(self.lasers_per_accelerator)}


@dataclass(frozen=True)
class FleetResult:
    """A fleet evaluated under one adoption mix (``mix``: ``base`` or an alternative's name)."""

    fleet: str
    mix: str
    entries: tuple[FleetEntry, ...]
    template_names: tuple[str, ...]

    @property
    def years(self) -> tuple[int | None, ...]:
        return tuple(sorted({e.year for e in self.entries}, key=_year_order))

    def _entries(self, years: Collection[int | None] | None, scenarios: Collection[str] | None,
                 templates: Collection[str] | None) -> list[FleetEntry]:
        return [e for e in self.entries if (years is None or e.year in years)
                and (scenarios is None or e.scenario in scenarios) and (templates is None or e.template in templates)]

    def demand(self, years: Collection[int | None] | None = None) -> tuple[Demand, ...]:
        """Expected parts by year, kind, class, part speed and end (all years by default)."""
        return aggregate(row for e in self._entries(years, None, None) for row in e.demand)

    def totals(self, years: Collection[int | None] | None = None, scenarios: Collection[str] | None = None,
               templates: Collection[str] | None = None) -> dict[str, pint.Quantity]:
        """``FLEET_METRICS`` summed over the chosen entries (all by default), in the metrics' units."""
        chosen = self._entries(years, scenarios, templates)
        return {m: Q_(math.fsum(e.total(m) for e in chosen), METRICS[m].unit) for m in FLEET_METRICS}

    def total(self, metric: str, years: Collection[int | None] | None = None) -> pint.Quantity:
        return self.totals(years)[metric]

    def templates(self) -> tuple[TemplateSummary, ...]:
        """Per template: deployments, accelerators and attach ratios weighted by the mix shares."""
        out = []
        for name in self.template_names:
            entries = [e for e in self.entries if e.template == name]
            first = entries[0]
            acc = first.result.value("count.accelerators")
            deployments = math.fsum(float(e.deployments.magnitude) for e in entries)

            def per_acc(metric: str, entries: list[FleetEntry] = entries, acc: float = acc) -> pint.Quantity:
                weighted = math.fsum(float(e.share.m_as("")) * e.result.value(metric) for e in entries)
                return Q_(weighted / acc, "")

            out.append(TemplateSummary(
                template=name, year=first.year, fabric=first.fabric, deployments=Q_(deployments, ""),
                accelerators=Q_(deployments * acc, ""), mix={e.scenario: e.share for e in entries},
                modules_per_accelerator=per_acc("count.optical_modules"),
                engines_per_accelerator=per_acc("count.optical_engines"),
                lasers_per_accelerator=per_acc("count.external_lasers")))
        return tuple(out)

    def projections(self) -> dict[int | None, str]:
        """Per year, a line on the figures the catalog's trends moved to it (empty years left out)."""
        out = {}
        for year in self.years:
            moved = {(m.entry_id, m.field): m for e in self.entries if e.year == year for m in e.result.moved}
            if not moved:
                continue
            dated = sorted({m.as_of for m in moved.values()})
            trends = sorted({t for m in moved.values() for t in m.trends})
            kind = "projected" if year is None or all(year >= y for y in dated) else "moved"
            out[year] = (f"{len(moved)} catalog figure(s) dated {', '.join(map(str, dated))} {kind} to "
                         f"{year_label(year)} by trend(s) {', '.join(trends)}")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "fleet": self.fleet, "mix": self.mix, "years": list(self.years),
            "projections": {year_label(y): text for y, text in self.projections().items()},
            "demand": [d.to_dict() for d in self.demand()],
            "totals": {"all": _metrics_json(self.totals()),
                       "by_year": {year_label(y): _metrics_json(self.totals([y])) for y in self.years}},
            "templates": [t.to_dict() for t in self.templates()],
            "entries": [{"template": e.template, "year": e.year, "fabric": e.fabric, "scenario": e.scenario,
                         "share": quantity_to_json(e.share, "percent"),
                         "deployments": quantity_to_json(e.deployments)} for e in self.entries],
        }

    def table(self) -> str:
        """Plain-text tables: demand, totals by year, attach ratios per template."""
        projections = [f"- {year_label(y)}: {text}" for y, text in self.projections().items()]
        notes = ["Figures over time (trends; years after a figure's own are projections)\n" + "\n".join(projections)]
        return "\n\n".join([f"Fleet '{self.fleet}', mix '{self.mix}' (expected values)",
                            *[f"{heading}\n{grid(rows, left)}" for heading, rows, left in result_tables(self)],
                            *(notes if projections else [])])


@dataclass(frozen=True)
class DemandChange:
    """Demand of one key under the base mix and under the alternative mix."""

    year: int | None
    kind: str
    option_class: str
    rate: pint.Quantity
    end: str
    base: pint.Quantity
    other: pint.Quantity

    @property
    def delta(self) -> pint.Quantity:
        return self.other - self.base

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "kind": self.kind, "class": self.option_class,
                "rate": quantity_to_json(self.rate, "Gbit/s"), "end": self.end, "base": quantity_to_json(self.base),
                "other": quantity_to_json(self.other), "delta": quantity_to_json(self.delta)}


@dataclass(frozen=True)
class FleetComparison:
    """The same fleet under two adoption mixes: ``other`` minus ``base``."""

    base: FleetResult
    other: FleetResult

    def demand_changes(self) -> tuple[DemandChange, ...]:
        """Every demand key present under either mix (zero where absent), sorted like ``demand()``."""
        base = {d.key: d for d in self.base.demand()}
        other = {d.key: d for d in self.other.demand()}
        zero = Q_(0.0, "")
        return tuple(DemandChange(year=k[0], kind=k[1], option_class=k[2], rate=Q_(k[3], "Gbit/s"), end=k[4],
                                  base=base[k].count if k in base else zero,
                                  other=other[k].count if k in other else zero)
                     for k in sorted(base.keys() | other.keys(), key=_sort_key))

    def delta(self, metric: str, years: Collection[int | None] | None = None) -> pint.Quantity:
        """Alternative minus base of a summed metric."""
        return self.other.total(metric, years) - self.base.total(metric, years)

    def relative(self, metric: str, years: Collection[int | None] | None = None) -> float:
        """(alternative - base) / base; NaN where the base is zero."""
        base = float(self.base.total(metric, years).magnitude)
        return float(self.delta(metric, years).magnitude) / base if base else math.nan

    @property
    def years(self) -> tuple[int | None, ...]:
        return tuple(sorted(set(self.base.years) | set(self.other.years), key=_year_order))

    def to_dict(self) -> dict[str, Any]:
        def changes(years: Collection[int | None] | None) -> dict[str, Any]:
            return {m: {"base": quantity_to_json(self.base.total(m, years)),
                        "other": quantity_to_json(self.other.total(m, years)),
                        "delta": quantity_to_json(self.delta(m, years)),
                        "relative": None if math.isnan(r := self.relative(m, years)) else r} for m in FLEET_METRICS}

        return {"fleet": self.base.fleet, "base": self.base.mix, "other": self.other.mix,
                "demand": [c.to_dict() for c in self.demand_changes()],
                "totals": {"all": changes(None), "by_year": {year_label(y): changes([y]) for y in self.years}},
                "base_result": self.base.to_dict(), "other_result": self.other.to_dict()}

    def table(self) -> str:
        """Plain-text tables: demand and totals under both mixes with the change."""
        return "\n\n".join([f"Fleet '{self.base.fleet}': mix '{self.other.mix}' against mix '{self.base.mix}' "
                            "(expected values)",
                            *[f"{heading}\n{grid(rows, left)}" for heading, rows, left in comparison_tables(self)]])


Table = tuple[str, list[list[str]], int]  # heading, header + rows, how many leading text columns


def result_tables(result: FleetResult) -> list[Table]:
    """The tables of one fleet result, as text cells (shared by the text and report faces)."""
    demand = [["year", "kind", "class", "speed", "end", "count"]]
    demand += [[year_label(d.year), d.kind, d.option_class, speed_label(d.rate), d.end,
                _count(d.count.magnitude)] for d in result.demand()]
    years = result.years
    totals = [["metric", *[year_label(y) for y in years], "all years"]]
    by_year = [result.totals([y]) for y in years] + [result.totals()]
    for m in _shown(FLEET_HEADLINE, [by_year[-1]]):
        unit = _display_unit(m)
        totals.append([f"{METRICS[m].label} [{unit or 'count'}]", *[_count(t[m].m_as(unit or "")) for t in by_year]])
    return [("Demand by year, kind, class and speed (parts)", demand, 5), ("Totals by year", totals, 1),
            ("Attach ratios per template (parts per accelerator, mix-weighted)",
             template_rows(result.templates()), 3)]


def _shown(names: Sequence[str], totals: Sequence[dict[str, pint.Quantity]]) -> list[str]:
    """``names`` without the conditional metrics (OCS) that are zero in every one of ``totals``."""
    return [m for m in names if not METRICS[m].conditional or any(t[m].magnitude != 0 for t in totals)]


def comparison_tables(comparison: FleetComparison) -> list[Table]:
    """The tables of a mix comparison, as text cells (shared by the text and report faces)."""
    head = [comparison.base.mix, comparison.other.mix, "change"]
    demand = [["year", "kind", "class", "speed", "end", *head]]
    demand += [[year_label(c.year), c.kind, c.option_class, speed_label(c.rate), c.end,
                _count(c.base.magnitude), _count(c.other.magnitude), _signed(c.delta.magnitude)]
               for c in comparison.demand_changes()]
    totals = [["year", "metric", *head, "relative"]]
    shown = _shown(FLEET_HEADLINE, [comparison.base.totals(), comparison.other.totals()])
    for years, label in [*[([y], year_label(y)) for y in comparison.years], (None, "all years")]:
        for m in shown:
            unit = _display_unit(m)
            rel = comparison.relative(m, years)
            totals.append([label, f"{METRICS[m].label} [{unit or 'count'}]",
                           _count(comparison.base.total(m, years).m_as(unit or "")),
                           _count(comparison.other.total(m, years).m_as(unit or "")),
                           _signed(comparison.delta(m, years).m_as(unit or "")),
                           "" if math.isnan(rel) else f"{rel:+.1%}"])
    return [(f"Demand by year, kind, class and speed: mix '{comparison.other.mix}' against "
             f"'{comparison.base.mix}' (parts)", demand, 5),
            ("Totals by year", totals, 2),
            *[(f"Attach ratios per template under mix '{r.mix}' (parts per accelerator)",
               template_rows(r.templates()), 3) for r in (comparison.base, comparison.other)]]


def template_rows(summaries: Sequence[TemplateSummary]) -> list[list[str]]:
    """Header and rows of the attach-ratio table (shared by the text and report faces)."""
    rows = [["template", "year", "fabric", "deployments", "accelerators", "modules/acc", "engines/acc", "lasers/acc"]]
    for t in summaries:
        rows.append([t.template, year_label(t.year), t.fabric, _count(t.deployments.magnitude),
                     _count(t.accelerators.magnitude), f"{t.modules_per_accelerator.magnitude:.3g}",
                     f"{t.engines_per_accelerator.magnitude:.3g}", f"{t.lasers_per_accelerator.magnitude:.3g}"])
    return rows


def speed_label(rate: pint.Quantity) -> str:
    """``800G``, ``1.6T``, ``12.8T``: the speed names the market uses."""
    gbps = float(rate.m_as("Gbit/s"))
    return f"{gbps / 1000:g}T" if gbps >= 1000 else f"{gbps:g}G"


def _display_unit(metric: str) -> str:
    unit = METRICS[metric].unit
    return "" if unit == "dimensionless" else _DISPLAY_UNITS.get(unit, unit)


def _metrics_json(totals: dict[str, pint.Quantity]) -> dict[str, Any]:
    return {m: quantity_to_json(q) for m, q in totals.items()}


def _count(x: Any) -> str:
    x = float(x)
    if not math.isfinite(x):
        return "n/a"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:,.3g}" if x != int(x) else f"{int(x):,}"


def _signed(x: Any) -> str:
    text = _count(x)
    return text if text.startswith("-") or float(x) == 0 else "+" + text


def grid(rows: Sequence[Sequence[str]], left: int = 1) -> str:
    """Aligned text columns: the first ``left`` columns left-aligned, the rest right-aligned."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)
