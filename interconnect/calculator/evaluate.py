"""Evaluate scenarios on a fabric: counts, power, cost, latency and reliability, array-first.

Units are stripped once at the edge (``m_as`` into W, USD, ns, FIT, m), the arithmetic runs on numpy
arrays of points, and a result wraps Quantities only when read. A scalar fabric is the one-point case
and gives 0-d quantities. Formulas: docs/methodology.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np
import pint

from interconnect.calculator.money import energy_years, present_value_years
from interconnect.calculator.planes import Ledger, account_plane
from interconnect.calculator.values import HOURS_PER_YEAR, FigureValues, Totals, default_catalog
from interconnect.catalog import Catalog
from interconnect.errors import InfeasibleError, UsageError
from interconnect.fabric import Fabric, Plane
from interconnect.metrics import COST_COMPONENTS, METRICS, POWER_COMPONENTS
from interconnect.reliability import Events, PlaneShape, job_view, plane_events
from interconnect.resolve import resolve
from interconnect.results import Comparison, MetricValues, Result
from interconnect.scenario import Scenario, ScenarioSet
from interconnect.topology import ceil_div
from interconnect.units import Q_

__all__ = ["compare", "compare_fabrics", "evaluate", "scenario_list"]


def _points(fabric: Fabric, overrides: Mapping[tuple[str, str], np.ndarray | float]) -> tuple[int, bool]:
    econ = fabric.economics
    inputs = [fabric.accelerators, econ.electricity_price.magnitude, econ.lifetime.magnitude, econ.pue,
              econ.electricity_price_growth, econ.discount_rate]
    if fabric.year is not None:
        inputs.append(fabric.year)
    inputs += [length.magnitude for p in fabric.planes for length in p.link_lengths]
    inputs += list(overrides.values())
    sizes = [np.size(x) for x in inputs]
    n = max(sizes)
    if any(s not in (1, n) for s in sizes):
        raise InfeasibleError(f"swept inputs must all have the same number of points; found sizes {sorted(set(sizes))}")
    return n, all(np.ndim(x) == 0 for x in inputs)


def ports_per_server(plane: Plane, fabric: Fabric) -> int:
    """Host ports of ``plane`` in one server."""
    if plane.ports_per_accelerator is not None:
        return plane.ports_per_accelerator * fabric.accelerators_per_server
    assert plane.ports_per_server is not None
    return plane.ports_per_server


def evaluate(fabric: Fabric, scenario: Scenario | str, catalog: Catalog | None = None, *,
             figures: Mapping[tuple[str, str], np.ndarray | float] | None = None,
             scenarios: ScenarioSet | None = None) -> Result:
    """Everything about ``scenario`` built on ``fabric``, one vectorized pass over all points.

    ``scenario`` is a Scenario, or the name of one in ``scenarios`` (default: the standard scenarios of
    the fabric). ``figures`` overrides catalog figures by ``(entry id, field)`` in canonical units (W,
    USD, ns, FIT, pJ/bit), e.g. with Monte Carlo samples. With a ``fabric.year`` the catalog's trends
    move figures to that year (the result's notes say which). Raises ``InfeasibleError`` when the build is
    impossible.
    """
    catalog = catalog or default_catalog()
    if isinstance(scenario, str):
        if scenarios is None:
            from interconnect.standard import standard_scenarios

            scenarios = standard_scenarios(fabric, catalog)
        try:
            scenario = scenarios.get(scenario)
        except KeyError as exc:
            raise UsageError(str(exc.args[0])) from None
    planes = resolve(fabric, scenario, catalog)
    values = FigureValues(figures, catalog=catalog, year=fabric.year)
    n, scalar = _points(fabric, values.overrides)
    acc = np.broadcast_to(np.asarray(fabric.accelerators, dtype=np.int64), (np.size(fabric.accelerators),))
    servers = ceil_div(acc, fabric.accelerators_per_server)
    totals = Totals(n)
    ledger = Ledger(n)
    latency = np.zeros((3, n))
    scale_up = np.zeros(n)
    scale_up_hops = np.zeros(n, dtype=np.int64)
    scale_out_tiers = np.zeros(n, dtype=np.int64)
    notes: list[str] = []
    events: list[Events] = []
    for rp in planes:
        per_server = ports_per_server(rp.plane, fabric)
        endpoints = acc * rp.plane.ports_per_accelerator if rp.plane.ports_per_accelerator is not None \
            else servers * per_server
        build = rp.topology.build(rp.plane, rp.levels, endpoints, servers, per_server, rp.ocs)
        if not build.feasible.all():
            raise InfeasibleError(rp.topology.infeasible(rp.plane, rp.switch, build, endpoints))
        notes += build.notes
        first_part = len(ledger.parts)
        plane_servers = np.broadcast_to(servers, build.levels_used.shape)
        plane_latency = account_plane(rp, build, plane_servers, per_server, fabric, values, totals, ledger)
        shape = PlaneShape(rp, build, fabric, acc, plane_servers, per_server)
        events += plane_events(rp, build, ledger.parts[first_part:], shape, fabric, values, catalog)
        if rp.plane.role == "scale-up":
            path = np.broadcast_to(plane_latency, (3, n)).sum(axis=0)
            worse = path > scale_up
            scale_up = np.where(worse, path, scale_up)
            scale_up_hops = np.where(worse, np.broadcast_to(build.switch_hops + 1, (n,)), scale_up_hops)
        if rp.plane.role == "scale-out":
            plane_latency = np.broadcast_to(plane_latency, (3, n))
            worse = plane_latency.sum(axis=0) > latency.sum(axis=0)
            latency = np.where(worse[None, :], plane_latency, latency)
            if rp.plane.topology == "fat-tree":
                scale_out_tiers = np.maximum(scale_out_tiers, build.levels_used)
    totals.add("latency.scale_up_worst_path", scale_up)
    totals.add("count.scale_up_hops", scale_up_hops)
    view = job_view(events, fabric, values, catalog, acc, n)
    arrays = _metrics(totals, np.broadcast_to(acc, (n,)), np.broadcast_to(servers, (n,)), fabric, n, latency,
                      np.broadcast_to(scale_out_tiers, (n,)), view.metrics)
    kinds = tuple(k for k in view.kinds if np.any(k.failures_per_year))
    parts, groups, switches = ledger.parts, ledger.groups, ledger.switches
    if scalar:
        parts = [replace(p, count=first(p.count)) for p in parts]
        groups = [replace(g, links=first(g.links), links_per_plane=first(g.links_per_plane)) for g in groups]
        switches = [replace(s, count=first(s.count), count_per_plane=first(s.count_per_plane),
                            ports_per_switch=first(s.ports_per_switch), ports_used=first(s.ports_used))
                    for s in switches]
        kinds = tuple(replace(k, failures_per_year=float(k.failures_per_year[0]),
                              interruptions_per_day=float(k.interruptions_per_day[0]),
                              accelerator_hours_lost_per_year=float(k.accelerator_hours_lost_per_year[0]))
                      for k in kinds)
    return Result(scenario=scenario.name, fabric=fabric.name, metrics=MetricValues(arrays, scalar),
                  groups=tuple(groups), switches=tuple(switches), parts=tuple(parts),
                  figures_used=tuple(values.used), notes=tuple(dict.fromkeys((*notes, *view.notes, *values.notes()))),
                  moved=values.moved(), failure_kinds=kinds)


def first(q: pint.Quantity) -> pint.Quantity:
    """The one point of a single-point evaluation as a 0-d quantity."""
    return Q_(np.asarray(q.magnitude).reshape(-1)[0].item(), q.units)


def _metrics(totals: Totals, acc: np.ndarray, servers: np.ndarray, fabric: Fabric, n: int,
             latency: np.ndarray, tiers: np.ndarray, reliability: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every metric of the registry as a float array in its canonical unit."""
    econ = fabric.economics
    c = totals
    fabric_w = sum((c[f"power.{k}"] for k in POWER_COMPONENTS), np.zeros(n))
    facility_w = fabric_w * np.broadcast_to(econ.pue, (n,))
    capex = sum((c[f"cost.{k}"] for k in COST_COMPONENTS), np.zeros(n))
    hours = econ.lifetime.m_as("hour")
    energy = facility_w / 1000 * hours * econ.electricity_price.m_as("USD/kWh")  # at the first year's price
    growth, rate = econ.electricity_price_growth, econ.discount_rate
    energy_npv = energy
    if np.any(growth) or np.any(rate):  # methodology section 16; exactly the flat figures when both are 0
        years = np.asarray(hours, dtype=float) / HOURS_PER_YEAR
        grown = energy_years(years, growth)
        energy_npv = energy * (present_value_years(years, growth, rate) / years)
        energy = energy * (grown / years)
    downtime = reliability["cost.downtime"]
    tco, tco_npv = capex + energy, capex + energy_npv
    if econ.downtime_in_tco:  # off by default: the headline TCO moves only when asked (methodology)
        years = np.asarray(hours, dtype=float) / HOURS_PER_YEAR
        tco = tco + downtime
        tco_npv = tco_npv + downtime * (present_value_years(years, np.zeros(1), np.asarray(rate, dtype=float)) / years)
    failures = c["reliability.link_failures_per_year"]
    with np.errstate(divide="ignore"):
        mtbf = np.where(failures > 0, HOURS_PER_YEAR / np.where(failures > 0, failures, 1), np.inf)
    raw: dict[str, np.ndarray] = {
        "count.accelerators": acc, "count.servers": servers,
        "count.racks": ceil_div(servers, fabric.servers_per_rack), "count.tiers": tiers,
        **{f"count.{k}": c[f"count.{k}"] for k in ("switches", "links", "optical_modules", "optical_engines",
                                                    "external_lasers", "cables", "fiber_strands", "nics",
                                                    "unused_switch_ports", "ocs", "unused_ocs_ports",
                                                    "scale_up_hops")},
        "count.attach_ratio": c["count.optical_modules"] / acc,
        **{f"power.{k}": c[f"power.{k}"] for k in POWER_COMPONENTS},
        "power.optics_total": c["power.optics"] + c["power.lasers"] + c["power.host_serdes"],
        "power.fabric": fabric_w, "power.per_accelerator": fabric_w / acc, "power.facility": facility_w,
        **{f"cost.{k}": c[f"cost.{k}"] for k in COST_COMPONENTS},
        "cost.capex": capex, "cost.capex_per_accelerator": capex / acc, "cost.energy": energy,
        "cost.tco": tco, "cost.energy_npv": energy_npv, "cost.tco_npv": tco_npv,
        "latency.worst_path": latency.sum(axis=0), "latency.switches": latency[0], "latency.parts": latency[1],
        "latency.propagation": latency[2],
        "latency.scale_up_worst_path": c["latency.scale_up_worst_path"],
        "reliability.link_failures_per_year": failures,
        "reliability.optical_failures_per_year": c["reliability.optical_failures_per_year"],
        "reliability.ocs_failures_per_year": c["reliability.ocs_failures_per_year"],
        "reliability.mtbf_links": mtbf,
        **reliability,
    }
    assert raw.keys() == METRICS.keys(), sorted(set(raw) ^ set(METRICS))
    return {name: np.asarray(raw[name], dtype=float) for name in METRICS}


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
        raise InfeasibleError("\n".join(dict.fromkeys(problems)))
    return Comparison(tuple(results), baseline)


def compare_fabrics(projects: Sequence[tuple[str, Fabric, ScenarioSet | Iterable[Scenario]]],
                    catalog: Catalog | None = None, *, baseline: str | None = None) -> Comparison:
    """Several fabrics' scenarios side by side against one baseline.

    ``projects`` are (name, fabric, scenarios); each result is keyed "name/scenario". ``baseline`` is such
    a key (default: the first project's baseline scenario).
    """
    if not projects:
        raise UsageError("no fabrics given")
    names = [name for name, _, _ in projects]
    if len(set(names)) != len(names):
        raise UsageError(f"fabric names must be unique to key their scenarios, found {names}")
    results, problems = [], []
    first_baseline = ""
    for name, fabric, scenarios in projects:
        items, own_baseline = scenario_list(scenarios, None)
        first_baseline = first_baseline or f"{name}/{own_baseline}"
        for scenario in items:
            try:
                r = evaluate(fabric, scenario, catalog)
            except InfeasibleError as exc:
                problems.append(f"{name}: {exc}")
                continue
            results.append(replace(r, key=f"{name}/{r.scenario}"))
    if problems:
        raise InfeasibleError("\n".join(problems))
    keys = [r.key for r in results]
    chosen = baseline or first_baseline
    if chosen not in keys:
        raise UsageError(f"baseline {chosen!r} is not among the scenarios; give FABRIC/SCENARIO, one of: "
                         f"{', '.join(keys)}")
    return Comparison(tuple(results), chosen)
