"""The same formulas as ``evaluate`` for one representative scenario, written two other ways.

``naive_point``: what a design script would write, one point at a time with scalar pint quantities.
``numpy_floor``: the same arithmetic on raw numpy arrays of floats and ints, constants stripped once;
the fastest this can go in numpy, the floor the vectorized calculator is measured against.

Scope: one plane, non-rail-optimized, 1:1 at every level, pluggable switch, a module at both ends of every
link (the default fabric's ``all-dsp`` scenario). ``Setup.check`` refuses anything else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from interconnect import Catalog, Fabric, Option, Scenario
from interconnect.calculator import FIBER_DELAY, HOURS_PER_YEAR
from interconnect.topology import down_ports
from interconnect.units import Q_

METRICS = ("count.switches", "count.optical_modules", "power.fabric", "cost.capex", "cost.tco",
           "latency.worst_path", "reliability.link_failures_per_year")  # what the naive loop computes
UNITS = {"count.switches": "", "count.optical_modules": "", "power.fabric": "W", "cost.capex": "USD",
         "cost.tco": "USD", "latency.worst_path": "ns", "reliability.link_failures_per_year": "1/year"}


@dataclass(frozen=True)
class Setup:
    """The catalog entries and fabric figures the formulas read, looked up once."""

    fabric: Fabric
    tiers: tuple[tuple[Option, Option], ...]  # (lower, upper) per tier
    radix: int
    switch: Any
    nic: Any

    @classmethod
    def of(cls, fabric: Fabric, scenario: Scenario, catalog: Catalog) -> Setup:
        plane = fabric.planes[0]
        choice = scenario.planes[plane.name]
        switch = catalog.switch(choice.switch or plane.switch)
        nic_id = choice.nic or plane.nic
        nic = catalog.nic(nic_id) if nic_id else None
        tiers = tuple((catalog.option(t.lower or ""), catalog.option(t.upper or "")) for t in choice.links)
        setup = cls(fabric, tiers, switch.radix(plane.port_rate), switch, nic)
        setup.check()
        return setup

    def check(self) -> None:
        plane = self.fabric.planes[0]
        assert len(self.fabric.planes) == 1 and not plane.rail_optimized and plane.ports_per_accelerator
        assert all(r == 1.0 for r in plane.oversubscription) and str(self.switch.attachment) == "pluggable"
        assert all(not o.is_cable for pair in self.tiers for o in pair)


def _part_power(option: Option) -> Any:
    if option.power is not None:
        return option.power.typical
    return (option.energy_per_bit.typical * option.rate).to("W")  # type: ignore[union-attr]


def naive_point(accelerators: int, s: Setup) -> dict[str, Any]:
    """One point, scalar pint quantities throughout (no arrays)."""
    plane, econ = s.fabric.planes[0], s.fabric.economics
    k, down = s.radix, down_ports(s.radix, 1.0)
    endpoints = accelerators * (plane.ports_per_accelerator or 0)
    servers = math.ceil(accelerators / s.fabric.accelerators_per_server)
    capacities = [k * down ** level for level in range(len(plane.link_lengths))]
    tiers = next((t + 1 for t, cap in enumerate(capacities) if endpoints <= cap), len(capacities))
    power, cost, failures = Q_(0.0, "W"), Q_(0.0, "USD"), Q_(0.0, "FIT")
    parts_latency, propagation = Q_(0.0, "ns"), Q_(0.0, "ns")
    switches = modules = 0
    for t in range(tiers):
        links = endpoints
        switches += math.ceil(links / (down if t < tiers - 1 else k))
        for option in s.tiers[t]:
            count = math.ceil(links / option.breakout)
            modules += count
            power = power + count * _part_power(option)
            if option.host_serdes_power is not None:
                power = power + count * option.host_serdes_power.typical
            cost = cost + count * option.cost.typical
            failures = failures + count * option.fit.typical
            parts_latency = parts_latency + option.latency.typical
        fibers = max(2 * o.lanes // o.breakout for o in s.tiers[t])
        length = plane.link_lengths[t]
        cost = cost + links * fibers * length * econ.fiber_cost
        propagation = propagation + length * Q_(FIBER_DELAY, "ns/m")
    power = power + switches * s.switch.power.typical
    cost = cost + switches * s.switch.cost.typical
    if s.nic is not None:
        ports_per_server = (plane.ports_per_accelerator or 0) * s.fabric.accelerators_per_server
        nics = servers * math.ceil(ports_per_server / s.nic.ports_at(plane.port_rate))
        power = power + nics * s.nic.power.typical
        cost = cost + nics * s.nic.cost.typical
    energy = power * econ.pue * econ.lifetime * econ.electricity_price
    latency = (2 * tiers - 1) * s.switch.latency.typical + 2 * parts_latency + 2 * propagation
    return {"count.switches": Q_(switches, ""), "count.optical_modules": Q_(modules, ""),
            "power.fabric": power.to("W"), "cost.capex": cost.to("USD"), "cost.tco": (cost + energy).to("USD"),
            "latency.worst_path": latency.to("ns"),
            "reliability.link_failures_per_year": (failures * Q_(HOURS_PER_YEAR, "hour/year")).to("1/year")}


def numpy_floor(accelerators: np.ndarray, s: Setup) -> dict[str, np.ndarray]:
    """Every metric ``evaluate`` returns for this scenario, all points at once on raw numpy arrays (units
    stripped once, before the arithmetic; metrics the scenario cannot have, such as lasers, are zeros)."""
    plane, econ = s.fabric.planes[0], s.fabric.economics
    k, down = s.radix, down_ports(s.radix, 1.0)
    ppa, aps = plane.ports_per_accelerator or 0, s.fabric.accelerators_per_server
    lengths = [float(q.m_as("m")) for q in plane.link_lengths]
    acc = accelerators.astype(np.int64)
    endpoints, servers = acc * ppa, -(-acc // aps)
    capacities = np.array([k * down ** level for level in range(len(lengths))])
    tiers = np.minimum(np.argmax(endpoints[:, None] <= capacities[None, :], axis=1) + 1, len(lengths))
    tiers = np.where(endpoints > capacities[-1], len(lengths), tiers)
    zeros = np.zeros(acc.shape)
    optics_w, serdes_w, optics_usd, fiber_usd, failures = zeros.copy(), zeros.copy(), zeros.copy(), zeros.copy(), \
        zeros.copy()
    parts_ns, propagation_ns = zeros.copy(), zeros.copy()
    switches, modules, all_links, strands, unused = (np.zeros(acc.shape, np.int64) for _ in range(5))
    for t in range(len(lengths)):
        used = tiers > t
        links = np.where(used, endpoints, 0)
        all_links += links
        per_switch = np.where(tiers - 1 > t, down, k)
        level_switches = -(-links // per_switch)
        switches += level_switches
        above = np.where(tiers - 1 > t, endpoints, 0)  # 1:1: as many links above a level as below
        unused += level_switches * k - links - above
        for option in s.tiers[t]:
            count = -(-links // option.breakout)
            modules += count
            optics_w += count * float(_part_power(option).m_as("W"))
            if option.host_serdes_power is not None:
                serdes_w += count * float(option.host_serdes_power.typical.m_as("W"))
            optics_usd += count * float(option.cost.typical.m_as("USD"))
            failures += count * (float(option.fit.typical.m_as("FIT")) * 1e-9 * HOURS_PER_YEAR)
            parts_ns += used * float(option.latency.typical.m_as("ns"))
        fibers = max(2 * o.lanes // o.breakout for o in s.tiers[t])
        strands += links * fibers
        fiber_usd += links * fibers * lengths[t] * float(econ.fiber_cost.m_as("USD/m"))
        propagation_ns += used * lengths[t] * FIBER_DELAY
    switches_w = switches * float(s.switch.power.typical.m_as("W"))
    switches_usd = switches * float(s.switch.cost.typical.m_as("USD"))
    nics = servers * -(-(ppa * aps) // s.nic.ports_at(plane.port_rate)) if s.nic is not None else zeros
    nics_w = nics * float(s.nic.power.typical.m_as("W")) if s.nic is not None else zeros
    nics_usd = nics * float(s.nic.cost.typical.m_as("USD")) if s.nic is not None else zeros
    fabric_w = optics_w + serdes_w + switches_w + nics_w
    facility_w = fabric_w * econ.pue
    capex = optics_usd + fiber_usd + switches_usd + nics_usd
    energy = facility_w / 1000 * float(econ.lifetime.m_as("hour")) * float(econ.electricity_price.m_as("USD/kWh"))
    hops_ns = (2 * tiers - 1) * float(s.switch.latency.typical.m_as("ns"))
    return {
        "count.accelerators": acc, "count.servers": servers, "count.racks": -(-servers // s.fabric.servers_per_rack),
        "count.tiers": tiers, "count.switches": switches, "count.links": all_links, "count.optical_modules": modules,
        "count.optical_engines": zeros, "count.external_lasers": zeros, "count.cables": zeros,
        "count.fiber_strands": strands, "count.nics": nics, "count.unused_switch_ports": unused,
        "count.attach_ratio": modules / acc, "power.optics": optics_w, "power.lasers": zeros,
        "power.host_serdes": serdes_w, "power.copper": zeros, "power.switches": switches_w, "power.nics": nics_w,
        "power.optics_total": optics_w + serdes_w, "power.fabric": fabric_w, "power.per_accelerator": fabric_w / acc,
        "power.facility": facility_w, "cost.optics": optics_usd, "cost.lasers": zeros, "cost.copper": zeros,
        "cost.fiber": fiber_usd, "cost.switches": switches_usd, "cost.nics": nics_usd, "cost.capex": capex,
        "cost.capex_per_accelerator": capex / acc, "cost.energy": energy, "cost.tco": capex + energy,
        "cost.energy_npv": energy, "cost.tco_npv": capex + energy,  # no price growth, no discounting
        "latency.worst_path": hops_ns + 2 * parts_ns + 2 * propagation_ns, "latency.switches": hops_ns,
        "latency.parts": 2 * parts_ns, "latency.propagation": 2 * propagation_ns,
        "reliability.link_failures_per_year": failures, "reliability.optical_failures_per_year": failures,
        "reliability.mtbf_links": HOURS_PER_YEAR / failures,
        # a fat tree has no optical circuit switches and no scale-up plane
        "count.ocs": zeros, "count.unused_ocs_ports": zeros, "count.scale_up_hops": zeros, "power.ocs": zeros,
        "cost.ocs": zeros, "latency.scale_up_worst_path": zeros, "reliability.ocs_failures_per_year": zeros,
    }
