"""One plane's parts, power, cost, failures and worst-path latency, from its link groups and switch levels.

Counting rules (docs/methodology.md, "Parts"): a part at a link end serves ``links_per_part`` links
(a twin-port module two, an 800G module broken out to four 200G planes four), so an end holds
ceil(links / links_per_part) parts; a cable assembly is one part for both ends. Optical engines of a
CPO/NPO switch are part of the switch: every port of every such switch has its engine, used or not, and
its external lasers are counted per switch. Everything here is plain numpy in canonical units.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pint

from interconnect.calculator.host_optics import host_engines
from interconnect.calculator.ocs import add_circuit_switches, hop_latency
from interconnect.calculator.values import HOURS_PER_YEAR, FigureValues, Totals
from interconnect.catalog import CABLE_CLASSES, ENGINE_CLASSES, Attachment, Option
from interconnect.catalog.models import COPPER_CLASSES, Media
from interconnect.errors import InfeasibleError
from interconnect.fabric import Fabric
from interconnect.resolve import ResolvedGroup, ResolvedPlane, links_per_part
from interconnect.results import GroupSummary, PartCount, SwitchSummary
from interconnect.topology import End, PlaneBuild, SwitchLevel, ceil_div
from interconnect.units import Q_

__all__ = ["COPPER_DELAY", "FIBER_DELAY", "Ledger", "account_plane"]

SPEED_OF_LIGHT_M_PER_NS = 0.299792458
FIBER_GROUP_INDEX = 1.468  # SMF-28: 1.4677 at 1310 nm, 1.4682 at 1550 nm (Corning datasheet)
COPPER_VELOCITY_FACTOR = 0.70  # twinax; estimate, see docs/methodology.md
FIBER_DELAY = FIBER_GROUP_INDEX / SPEED_OF_LIGHT_M_PER_NS  # ns per metre, about 4.90
COPPER_DELAY = 1.0 / (COPPER_VELOCITY_FACTOR * SPEED_OF_LIGHT_M_PER_NS)  # about 4.77 ns per metre


@dataclass
class Ledger:
    """What an evaluation collects besides totals: parts, group and switch summaries."""

    n: int
    parts: list[PartCount] = field(default_factory=list)
    groups: list[GroupSummary] = field(default_factory=list)
    switches: list[SwitchSummary] = field(default_factory=list)

    def count(self, values: np.ndarray) -> pint.Quantity:
        """A count as a dimensionless quantity with one value per point."""
        return Q_(values if np.shape(values) == (self.n,) else np.broadcast_to(values, (self.n,)), "")


def add_parts(option: Option, count: np.ndarray, values: FigureValues, totals: Totals) -> None:
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


def _counted_per_switch(option: Option, kind: End, rp: ResolvedPlane) -> bool:
    """Engines of a CPO/NPO switch are counted with the switch (every port), not per link."""
    return kind is End.SWITCH and option.option_class in ENGINE_CLASSES and rp.switch is not None and \
        rp.switch.attachment is not Attachment.PLUGGABLE


def _group(rp: ResolvedPlane, rg: ResolvedGroup, build: PlaneBuild, fabric: Fabric, values: FigureValues,
           totals: Totals, ledger: Ledger) -> tuple[np.ndarray, np.ndarray]:
    """Parts of one link group; returns its (parts latency, propagation) on the worst path, ns per point."""
    spec, n = rg.spec, totals.n
    links = build.links[spec.name]
    crossings = build.crossings[spec.name]
    rate = spec.rate.m_as("Gbit/s")
    length = np.broadcast_to(spec.length.m_as("m"), (n,))
    strands_per_link = 0
    part_latency: np.ndarray | float = 0.0
    for end, option in rg.parts:
        per_part = links_per_part(option, rate)
        assert per_part is not None  # resolve checked it
        kind = spec.end_kind(end)
        part_latency = part_latency + values.get(option.id, "latency", option.latency)
        if not option.is_cable:
            strands_per_link = max(strands_per_link, option.fiber_strands // per_part)
        if _counted_per_switch(option, kind, rp):
            continue
        if kind is End.HOST and option.option_class in ENGINE_CLASSES:
            count = host_engines(rp, spec.name, option, links, build.host_links.get(spec.name), values, totals,
                                 ledger)
        else:
            count = ceil_div(links, per_part)
        add_parts(option, count, values, totals)
        ledger.parts.append(PartCount(rp.plane.name, spec.name, end, kind, option.id, str(option.option_class),
                                      option.link_rate, ledger.count(count)))
    media = rg.cable.media if rg.cable is not None else Media.SMF
    delay = COPPER_DELAY if media is Media.COPPER else FIBER_DELAY
    strands = links * strands_per_link
    totals.add("count.fiber_strands", strands)
    totals.add("cost.fiber", strands * length * fabric.economics.fiber_cost.m_as("USD/m"))
    totals.add("count.links", links)
    options = {end: o.id for end, o in rg.parts}
    ledger.groups.append(GroupSummary(rp.plane.name, spec.name, spec.label, ledger.count(links),
                                      ledger.count(links // build.parallel), build.parallel, spec.rate, spec.length,
                                      options))
    return crossings * part_latency, crossings * length * delay


def _engines(rp: ResolvedPlane, level: SwitchLevel, count: np.ndarray, down: np.ndarray, up: np.ndarray,
             values: FigureValues, totals: Totals, ledger: Ledger) -> np.ndarray | float:
    """Engines at every port of ``count`` CPO/NPO switches and their lasers; the optics power of ONE switch."""
    ends = [(rp.group(level.below).option_at("upper"), down, level.down_rate)]
    if level.above is not None:
        ends.append((rp.group(level.above).option_at("lower"), up, level.up_rate))
    if len(ends) == 2 and ends[0][0].id == ends[1][0].id and level.down_rate == level.up_rate:
        ends = [(ends[0][0], down + up, level.down_rate)]
    share: np.ndarray | float = 0.0
    for engine, ports, rate in ends:
        per_part = links_per_part(engine, rate)
        assert per_part is not None
        per_switch = ceil_div(ports, per_part)
        engines = count * per_switch
        add_parts(engine, engines, values, totals)
        ledger.parts.append(PartCount(rp.plane.name, level.name, "switch", End.SWITCH, engine.id,
                                      str(engine.option_class), engine.link_rate, ledger.count(engines)))
        share = share + per_switch * values.part_power(engine)
        if engine.laser_power is not None and engine.ports_per_laser is not None:
            lasers_per_switch = ceil_div(per_switch, engine.ports_per_laser)
            lasers = count * lasers_per_switch
            laser_power = values.get(engine.id, "laser_power", engine.laser_power)
            totals.add("count.external_lasers", lasers)
            totals.add("power.lasers", lasers * laser_power)
            totals.add("cost.lasers", lasers * values.get(engine.id, "laser_cost", engine.laser_cost))
            failures = lasers * values.get(engine.id, "laser_fit", engine.laser_fit) * 1e-9 * HOURS_PER_YEAR
            totals.add("reliability.link_failures_per_year", failures)
            totals.add("reliability.optical_failures_per_year", failures)
            ledger.parts.append(PartCount(rp.plane.name, level.name, "laser", End.SWITCH, engine.id, "laser",
                                          engine.link_rate, ledger.count(lasers)))
            share = share + lasers_per_switch * laser_power
    return share


def _switches(rp: ResolvedPlane, build: PlaneBuild, values: FigureValues, totals: Totals, ledger: Ledger) -> None:
    """Switch power and cost per level; for CPO/NPO switches also their engines and lasers."""
    switch = rp.switch
    if switch is None:  # a torus: no packet switches
        return
    power = values.get(switch.id, "power", switch.power)
    cost = values.get(switch.id, "cost", switch.cost)
    for level in rp.levels:
        count = build.switches[level.level]
        down, up = build.down_ports[level.level], build.up_ports[level.level]
        ports = down + up
        totals.add("count.switches", count)
        totals.add("count.unused_switch_ports", count * ports - build.ports_used[level.level])
        per_switch_power: np.ndarray | float = power
        if switch.attachment is not Attachment.PLUGGABLE:
            share = _engines(rp, level, count, down, up, values, totals, ledger)
            if switch.power_includes_optics:
                per_switch_power = power - share
                if np.any(np.asarray(per_switch_power) < 0):
                    raise InfeasibleError(
                        f"switch '{switch.id}': its published power includes optics, but its engine ports and "
                        "lasers draw more than that power; check the catalog")
        totals.add("power.switches", count * per_switch_power)
        totals.add("cost.switches", count * cost)
        ledger.switches.append(SwitchSummary(rp.plane.name, level.level, level.name, switch.id, ledger.count(count),
                                             ledger.count(count // build.parallel), ledger.count(ports),
                                             ledger.count(build.ports_used[level.level])))


def _nics(rp: ResolvedPlane, servers: np.ndarray, ports_per_server: int, values: FigureValues,
          totals: Totals) -> None:
    nic = rp.nic
    if nic is None:
        return
    per_nic = nic.ports_at(rp.plane.port_rate)
    nics = servers * -(-ports_per_server // per_nic)
    totals.add("count.nics", nics)
    totals.add("power.nics", nics * values.get(nic.id, "power", nic.power))
    totals.add("cost.nics", nics * values.get(nic.id, "cost", nic.cost))


def account_plane(rp: ResolvedPlane, build: PlaneBuild, servers: np.ndarray, ports_per_server: int, fabric: Fabric,
                  values: FigureValues, totals: Totals, ledger: Ledger) -> np.ndarray:
    """Add one plane's parts to ``totals`` and ``ledger``; return its worst path in ns as rows
    (switch hops, parts, propagation), one column per point."""
    n = totals.n
    parts = np.zeros(n)
    propagation = np.zeros(n)
    for rg in rp.groups:
        p, d = _group(rp, rg, build, fabric, values, totals, ledger)
        parts = parts + p
        propagation = propagation + d
    _switches(rp, build, values, totals, ledger)
    _nics(rp, servers, ports_per_server, values, totals)
    add_circuit_switches(rp, build, values, totals, ledger)
    hops = build.switch_hops * np.broadcast_to(hop_latency(rp, values), (n,))
    return np.stack([np.broadcast_to(hops, (n,)), np.broadcast_to(parts, (n,)), np.broadcast_to(propagation, (n,))])
