"""Evaluate scenarios on a fabric: counts, power, cost, latency and reliability, array-first.

Units are stripped once at the edge (``m_as`` into W, USD, ns, FIT, m), the arithmetic runs on numpy
arrays of points, and every metric is wrapped back into a Quantity at the end. A scalar fabric is the
one-point case and gives 0-d quantities. Formulas: docs/methodology.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import lru_cache

import numpy as np
import pint

from interconnect.catalog import (
    CABLE_CLASSES,
    ENGINE_CLASSES,
    Attachment,
    Catalog,
    Figure,
    Option,
    load_catalog,
)
from interconnect.catalog.models import COPPER_CLASSES, Media
from interconnect.errors import InfeasibleError, UsageError
from interconnect.fabric import Fabric
from interconnect.resolve import ResolvedPlane, resolve
from interconnect.results import COST_COMPONENTS, POWER_COMPONENTS, Comparison, PartCount, Result, TierSummary
from interconnect.scenario import Scenario, ScenarioSet
from interconnect.topology import ceil_div, fat_tree
from interconnect.units import Q_, format_quantity

__all__ = ["FIBER_DELAY", "HOURS_PER_YEAR", "FigureValues", "compare", "default_catalog", "evaluate"]

HOURS_PER_YEAR = 8766.0  # 365.25 days
SPEED_OF_LIGHT_M_PER_NS = 0.299792458
FIBER_GROUP_INDEX = 1.468  # SMF-28: 1.4677 at 1310 nm, 1.4682 at 1550 nm (Corning datasheet)
COPPER_VELOCITY_FACTOR = 0.70  # twinax; estimate, see docs/methodology.md
FIBER_DELAY = FIBER_GROUP_INDEX / SPEED_OF_LIGHT_M_PER_NS  # ns per metre, about 4.90
COPPER_DELAY = 1.0 / (COPPER_VELOCITY_FACTOR * SPEED_OF_LIGHT_M_PER_NS)  # about 4.77 ns per metre
FIGURE_UNITS = {"power": "W", "energy_per_bit": "pJ/bit", "host_serdes_power": "W", "laser_power": "W",
                "laser_cost": "USD", "laser_fit": "FIT", "cost": "USD", "latency": "ns", "fit": "FIT"}


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The shipped catalog, loaded once per process."""
    return load_catalog()


_TYPICAL: dict[tuple[int, str], tuple[Figure, float]] = {}


def _typical(figure: Figure, unit: str) -> float:
    """``figure.typical`` in ``unit``, converted once per figure (pint conversions dominate small evaluations).

    Keyed by object identity; the figure is kept in the entry so its id cannot be reused while cached.
    """
    key = (id(figure), unit)
    hit = _TYPICAL.get(key)
    if hit is None:
        if len(_TYPICAL) > 50_000:
            _TYPICAL.clear()
        hit = _TYPICAL[key] = (figure, float(figure.typical.m_as(unit)))
    return hit[1]


class FigureValues:
    """Catalog figures as floats in canonical units: typical values, or arrays given by ``overrides``.

    ``overrides`` maps ``(entry id, field)`` to a value or array (e.g. Monte Carlo samples), in the
    units of ``FIGURE_UNITS``. Every figure read is recorded in ``used`` for audit trails.
    """

    def __init__(self, overrides: Mapping[tuple[str, str], np.ndarray | float] | None = None) -> None:
        self.overrides = dict(overrides or {})
        self.used: dict[tuple[str, str], None] = {}

    def get(self, entry_id: str, name: str, figure: Figure | None) -> np.ndarray | float:
        key = (entry_id, name)
        if figure is None and key not in self.overrides:
            return 0.0
        self.used[key] = None
        if key in self.overrides:
            return self.overrides[key]
        assert figure is not None
        return _typical(figure, FIGURE_UNITS[name])

    def part_power(self, option: Option) -> np.ndarray | float:
        """Power of one part in W, from ``power`` or ``energy_per_bit`` x rate."""
        if option.power is not None or (option.id, "power") in self.overrides:
            return self.get(option.id, "power", option.power)
        pj_per_bit = self.get(option.id, "energy_per_bit", option.energy_per_bit)
        return pj_per_bit * option.rate.m_as("Gbit/s") * 1e-3


class _Totals:
    """Named float arrays that grow as parts are added.

    A total that is the same at every point (a count when only catalog figures vary, as in Monte Carlo)
    stays a one-element array; it grows to the full length only when a varying value is added to it.
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self.values: dict[str, np.ndarray] = {}

    def add(self, name: str, value: np.ndarray | float) -> None:
        """Add in place where the shapes allow (large sweeps allocate little)."""
        value = np.asarray(value, dtype=float)
        total = self.values.get(name)
        if total is None:
            self.values[name] = value.reshape(-1).copy() if value.size in (1, self.n) else \
                np.array(np.broadcast_to(value, (self.n,)), dtype=float)
        elif total.size >= value.size:
            total += value.reshape(-1) if value.ndim else value
        else:
            self.values[name] = total + value.reshape(-1)

    def __getitem__(self, name: str) -> np.ndarray:
        """The total at every point (a read-only view when it does not vary)."""
        total = self.values.get(name)
        return np.zeros(self.n) if total is None else np.broadcast_to(total, (self.n,))


def _points(fabric: Fabric, overrides: Mapping[tuple[str, str], np.ndarray | float]) -> tuple[int, bool]:
    sizes = [np.size(fabric.accelerators), np.size(fabric.economics.electricity_price.magnitude),
             np.size(fabric.economics.lifetime.magnitude), np.size(fabric.economics.pue)]
    sizes += [np.size(length.magnitude) for p in fabric.planes for length in p.link_lengths]
    sizes += [np.size(v) for v in overrides.values()]
    n = max(sizes)
    bad = sorted({s for s in sizes if s not in (1, n)})
    if bad:
        raise InfeasibleError(f"swept inputs must all have the same number of points; found sizes {sorted(set(sizes))}")
    scalar = all(np.ndim(x) == 0 for x in [fabric.accelerators, fabric.economics.pue,
                                          fabric.economics.electricity_price.magnitude,
                                          fabric.economics.lifetime.magnitude])
    scalar = scalar and all(np.ndim(length.magnitude) == 0 for p in fabric.planes for length in p.link_lengths)
    scalar = scalar and all(np.ndim(v) == 0 for v in overrides.values())
    return n, scalar


def _plane(rp: ResolvedPlane, acc: np.ndarray, servers: np.ndarray, fabric: Fabric, values: FigureValues,
           totals: _Totals, parts: list[PartCount], tiers_out: list[TierSummary]) -> tuple[np.ndarray, np.ndarray]:
    """Add one plane's parts to ``totals``; return tiers used and the worst path's latency in ns as
    rows (switch hops, parts, propagation)."""
    plane, switch, k, n = rp.plane, rp.switch, rp.radix, totals.n
    if plane.ports_per_accelerator is not None:
        endpoints = acc * plane.ports_per_accelerator
        ports_per_server = plane.ports_per_accelerator * fabric.accelerators_per_server
    else:
        assert plane.ports_per_server is not None
        endpoints = servers * plane.ports_per_server
        ports_per_server = plane.ports_per_server
    rails = ports_per_server if plane.rail_optimized else None
    tiers = plane.tiers if isinstance(plane.tiers, int) else None
    tree = fat_tree(endpoints, servers, k, plane.oversubscription, tiers, plane.max_tiers, rails)
    if not tree.feasible.all():
        worst = int(np.max(endpoints[~tree.feasible]))
        raise InfeasibleError(
            f"plane '{plane.name}': {worst:,} endpoints do not fit {plane.max_tiers} tier(s) of radix-{k} "
            f"switches ('{switch.id}' at {format_quantity(plane.port_rate)}); a {plane.max_tiers}-tier tree holds "
            "at most "
            f"{int(tree.capacity.max()):,} endpoints. {_what_fits(plane.max_tiers)}")
    rate = plane.port_rate
    part_latency = np.zeros((plane.max_tiers, n))
    propagation = np.zeros((plane.max_tiers, n))
    for rt in rp.tiers:
        t = rt.tier
        links = tree.links[t - 1]
        length = np.broadcast_to(plane.link_lengths[t - 1].m_as("m"), (n,))
        fibers = 0
        for end, option in rt.parts:
            count = ceil_div(links, option.breakout)
            at_host = t == 1 and end in ("lower", "cable")
            _add_parts(option, count, values, totals)
            parts.append(PartCount(plane.name, t, end, option.id, str(option.option_class), option.link_rate,
                                   _per_point(count, n), at_host))
            part_latency[t - 1] += values.get(option.id, "latency", option.latency)
            if not option.is_cable:
                fibers = max(fibers, 2 * option.lanes // option.breakout)
        media = rt.cable.media if rt.cable is not None else Media.SMF
        propagation[t - 1] = length * (COPPER_DELAY if media is Media.COPPER else FIBER_DELAY)
        strands = links * fibers
        totals.add("count.fiber_strands", strands)
        totals.add("cost.fiber", strands * length * fabric.economics.fiber_cost.m_as("USD/m"))
        totals.add("count.links", links)
        tiers_out.append(TierSummary(plane.name, t, _per_point(links, n), _per_point(tree.switches[t - 1], n),
                                     {e: o.id for e, o in rt.parts}, plane.link_lengths[t - 1]))
    _switches(rp, tree.switches, tree.ports_used, values, totals, parts)
    if rp.nic is not None:
        nic_ports = rp.nic.ports_at(rate)
        if nic_ports == 0:
            raise InfeasibleError(f"plane '{plane.name}': NIC '{rp.nic.id}' has no ports at {format_quantity(rate)}")
        nics = servers * -(-ports_per_server // nic_ports)
        totals.add("count.nics", nics)
        totals.add("power.nics", nics * values.get(rp.nic.id, "power", rp.nic.power))
        totals.add("cost.nics", nics * values.get(rp.nic.id, "cost", rp.nic.cost))
    sw_latency = values.get(switch.id, "latency", switch.latency)
    hops = 2 * tree.tiers - 1
    up_to = np.arange(1, plane.max_tiers + 1)[:, None] <= tree.tiers[None, :]
    latency = np.stack([hops * np.broadcast_to(sw_latency, (n,)),
                        2 * (part_latency * up_to).sum(axis=0), 2 * (propagation * up_to).sum(axis=0)])
    return tree.tiers, latency


def _what_fits(max_tiers: int) -> str:
    more = "Add a tier (give a link length for it), " if max_tiers < 3 else ""
    return (f"{more}use a higher-radix switch, split the accelerators into more planes (more ports at a lower "
            "port rate), or oversubscribe (a higher down:up ratio holds more endpoints)")


def _add_parts(option: Option, count: np.ndarray, values: FigureValues, totals: _Totals) -> None:
    """Count, power, cost and failures of ``count`` parts of ``option``."""
    category = "copper" if option.option_class in COPPER_CLASSES else "optics"
    totals.add(f"power.{category}", count * values.part_power(option))
    totals.add(f"cost.{category}", count * values.get(option.id, "cost", option.cost))
    serdes = values.get(option.id, "host_serdes_power", option.host_serdes_power)
    if np.ndim(serdes) or serdes != 0.0:  # most options add no host SerDes power: skip a full-size array
        totals.add("power.host_serdes", count * serdes)
    failures = count * values.get(option.id, "fit", option.fit) * 1e-9 * HOURS_PER_YEAR
    totals.add("reliability.link_failures_per_year", failures)
    if category == "optics":
        totals.add("reliability.optical_failures_per_year", failures)
    if option.option_class in CABLE_CLASSES:
        totals.add("count.cables", count)
    elif option.option_class in ENGINE_CLASSES:
        totals.add("count.optical_engines", count)
    else:
        totals.add("count.optical_modules", count)


def _switches(rp: ResolvedPlane, switches: np.ndarray, ports_used: np.ndarray, values: FigureValues,
              totals: _Totals, parts: list[PartCount]) -> None:
    """Switch power and cost; for CPO/NPO switches also idle engines and external lasers."""
    switch, k = rp.switch, rp.radix
    power = values.get(switch.id, "power", switch.power)
    cost = values.get(switch.id, "cost", switch.cost)
    for level in range(1, rp.plane.max_tiers + 1):
        count = switches[level - 1]
        unused = count * k - ports_used[level - 1]
        totals.add("count.switches", count)
        totals.add("count.unused_switch_ports", unused)
        per_switch_power = power
        if switch.attachment is not Attachment.PLUGGABLE:
            engine = _engine_at(rp, level)
            engine_ports = -(-k // engine.breakout)
            idle = ceil_div(unused, engine.breakout)
            _add_parts(engine, idle, values, totals)
            parts.append(PartCount(rp.plane.name, level, "idle", engine.id, str(engine.option_class),
                                   engine.link_rate, _per_point(idle, totals.n), False))
            optics_share = engine_ports * values.part_power(engine)
            if engine.laser_power is not None and engine.ports_per_laser is not None:
                per_switch = -(-engine_ports // engine.ports_per_laser)
                lasers = count * per_switch
                laser_power = values.get(engine.id, "laser_power", engine.laser_power)
                totals.add("count.external_lasers", lasers)
                totals.add("power.lasers", lasers * laser_power)
                totals.add("cost.lasers", lasers * values.get(engine.id, "laser_cost", engine.laser_cost))
                failures = lasers * values.get(engine.id, "laser_fit", engine.laser_fit) * 1e-9 * HOURS_PER_YEAR
                totals.add("reliability.link_failures_per_year", failures)
                totals.add("reliability.optical_failures_per_year", failures)
                parts.append(PartCount(rp.plane.name, level, "laser", engine.id, "laser", engine.link_rate,
                                       _per_point(lasers, totals.n), False))
                optics_share = optics_share + per_switch * laser_power
            if switch.power_includes_optics:
                per_switch_power = power - optics_share
                if np.any(np.asarray(per_switch_power) < 0):
                    raise InfeasibleError(
                        f"switch '{switch.id}': its published power includes optics, but its {engine_ports} "
                        f"'{engine.id}' engine ports and lasers draw more than that power; check the catalog")
        totals.add("power.switches", count * per_switch_power)
        totals.add("cost.switches", count * cost)


def _engine_at(rp: ResolvedPlane, level: int) -> Option:
    """The engine option on the ports of a level-``level`` CPO/NPO switch (its downlinks' upper end)."""
    rt = rp.tiers[level - 1]
    option = rt.cable if rt.cable is not None else rt.upper
    assert option is not None
    return option


def evaluate(fabric: Fabric, scenario: Scenario, catalog: Catalog | None = None, *,
             figures: Mapping[tuple[str, str], np.ndarray | float] | None = None) -> Result:
    """Everything about ``scenario`` built on ``fabric``, one vectorized pass over all points.

    ``figures`` overrides catalog figures by ``(entry id, field)`` in canonical units (W, USD, ns, FIT,
    pJ/bit), e.g. with Monte Carlo samples. Raises ``InfeasibleError`` when the build is impossible.
    """
    catalog = catalog or default_catalog()
    planes = resolve(fabric, scenario, catalog)
    values = FigureValues(figures)
    n, scalar = _points(fabric, values.overrides)
    # Counts depend on the accelerators only: when just figures or lengths vary, build the tree once.
    acc = np.broadcast_to(np.asarray(fabric.accelerators, dtype=np.int64), (np.size(fabric.accelerators),))
    servers = ceil_div(acc, fabric.accelerators_per_server)
    totals = _Totals(n)
    parts: list[PartCount] = []
    tiers_out: list[TierSummary] = []
    latency = np.zeros((3, n))
    scale_out_tiers = np.zeros(n, dtype=np.int64)
    for rp in planes:
        used, plane_latency = _plane(rp, acc, servers, fabric, values, totals, parts, tiers_out)
        if rp.plane.role == "scale-out":
            worse = plane_latency.sum(axis=0) > latency.sum(axis=0)
            latency = np.where(worse[None, :], plane_latency, latency)
            scale_out_tiers = np.maximum(scale_out_tiers, used)
    metrics = _metrics(totals, np.broadcast_to(acc, (n,)), np.broadcast_to(servers, (n,)), fabric, n, latency,
                       scale_out_tiers)
    if scalar:
        metrics = {name: _first(q) for name, q in metrics.items()}
        parts = [replace(p, count=_first(p.count)) for p in parts]
        tiers_out = [replace(t, links=_first(t.links), switches=_first(t.switches)) for t in tiers_out]
    return Result(scenario=scenario.name, fabric=fabric.name, metrics=metrics, tiers=tuple(tiers_out),
                  parts=tuple(parts), figures_used=tuple(values.used))


def _per_point(count: np.ndarray, n: int) -> pint.Quantity:
    """A count as a dimensionless quantity with one value per point."""
    return Q_(count if np.shape(count) == (n,) else np.broadcast_to(count, (n,)), "")


def _first(q: pint.Quantity) -> pint.Quantity:
    """The one point of a single-point evaluation as a 0-d quantity."""
    return Q_(np.asarray(q.magnitude).reshape(-1)[0].item(), q.units)


def _metrics(totals: _Totals, acc: np.ndarray, servers: np.ndarray, fabric: Fabric, n: int,
             latency: np.ndarray, tiers: np.ndarray) -> dict[str, pint.Quantity]:
    econ = fabric.economics
    fabric_w = sum((totals[f"power.{c}"] for c in POWER_COMPONENTS), np.zeros(n))
    facility_w = fabric_w * np.broadcast_to(econ.pue, (n,))
    capex = sum((totals[f"cost.{c}"] for c in COST_COMPONENTS), np.zeros(n))
    energy = facility_w / 1000 * econ.lifetime.m_as("hour") * econ.electricity_price.m_as("USD/kWh")
    failures = totals["reliability.link_failures_per_year"]
    with np.errstate(divide="ignore"):
        mtbf = np.where(failures > 0, HOURS_PER_YEAR / np.where(failures > 0, failures, 1), np.inf)
    c = totals
    raw: dict[str, tuple[np.ndarray, str]] = {
        "count.accelerators": (acc, ""), "count.servers": (servers, ""),
        "count.racks": (ceil_div(servers, fabric.servers_per_rack), ""), "count.tiers": (tiers, ""),
        **{f"count.{k}": (c[f"count.{k}"], "") for k in ("switches", "links", "optical_modules", "optical_engines",
                                                          "external_lasers", "cables", "fiber_strands", "nics",
                                                          "unused_switch_ports")},
        "count.attach_ratio": (c["count.optical_modules"] / acc, ""),
        **{f"power.{k}": (c[f"power.{k}"], "W") for k in POWER_COMPONENTS},
        "power.optics_total": (c["power.optics"] + c["power.lasers"] + c["power.host_serdes"], "W"),
        "power.fabric": (fabric_w, "W"), "power.per_accelerator": (fabric_w / acc, "W"),
        "power.facility": (facility_w, "W"),
        **{f"cost.{k}": (c[f"cost.{k}"], "USD") for k in COST_COMPONENTS},
        "cost.capex": (capex, "USD"), "cost.capex_per_accelerator": (capex / acc, "USD"),
        "cost.energy": (energy, "USD"), "cost.tco": (capex + energy, "USD"),
        "latency.worst_path": (latency.sum(axis=0), "ns"), "latency.switches": (latency[0], "ns"),
        "latency.parts": (latency[1], "ns"), "latency.propagation": (latency[2], "ns"),
        "reliability.link_failures_per_year": (failures, "1/year"),
        "reliability.optical_failures_per_year": (c["reliability.optical_failures_per_year"], "1/year"),
        "reliability.mtbf_links": (mtbf, "hour"),
    }
    return {name: Q_(np.asarray(v, dtype=float), unit) for name, (v, unit) in raw.items()}


def scenario_list(scenarios: ScenarioSet | Iterable[Scenario], baseline: str | None) -> tuple[list[Scenario], str]:
    """The scenarios as a list and the baseline's name (given, else the set's, else the first)."""
    if isinstance(scenarios, ScenarioSet):
        return list(scenarios.scenarios), baseline or scenarios.baseline_name
    items = list(scenarios)
    if not items:
        raise UsageError("no scenarios given")
    return items, baseline or items[0].name


def compare(fabric: Fabric, scenarios: ScenarioSet | Iterable[Scenario], catalog: Catalog | None = None, *,
            baseline: str | None = None,
            figures: Mapping[tuple[str, str], np.ndarray | float] | None = None) -> Comparison:
    """Evaluate every scenario and compare with ``baseline`` (the set's baseline, else the first)."""
    items, baseline = scenario_list(scenarios, baseline)
    results, problems = [], []
    for scenario in items:  # check every scenario, report all that fail together
        try:
            results.append(evaluate(fabric, scenario, catalog, figures=figures))
        except InfeasibleError as exc:
            problems.append(str(exc))
    if problems:
        raise InfeasibleError("\n".join(problems))
    return Comparison(tuple(results), baseline)
