"""Resolve a scenario against a fabric and catalog: look up every id and check feasibility.

Everything that can make a build impossible without counting is found here, before any arithmetic, and
reported together with what would fit: unknown ids, rate mismatches, reach shorter than the link, an
option class the switch or NIC cannot terminate, a switch with no ports at a link group's rate, a
protocol the switch or NIC does not run, a NIC with no ports at the plane's port rate. Only "do the
endpoints fit" needs counts; the topology answers it when it builds the plane.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pint

from interconnect.catalog import (
    ENGINE_CLASSES,
    Accelerator,
    Catalog,
    Media,
    Nic,
    OpticalCircuitSwitch,
    Option,
    Switch,
)
from interconnect.errors import InfeasibleError, UnknownIdError
from interconnect.fabric import Fabric, Plane
from interconnect.placement import Host, host_fit_problem, host_name, switch_fit_problem
from interconnect.scenario import LinkChoice, Scenario
from interconnect.topology import End, GroupSpec, SwitchLevel, Topology, topology_of
from interconnect.units import format_quantity

__all__ = [
    "Host",
    "ResolvedGroup",
    "ResolvedPlane",
    "host_fit_problem",
    "host_of",
    "links_per_part",
    "mates",
    "placement_problem",
    "plane_problems",
    "resolve",
    "serves",
    "switch_fit_problem",
]



@dataclass(frozen=True)
class ResolvedGroup:
    """The catalog options of one link group: ``cable`` alone, or ``lower`` and ``upper`` modules (only
    ``lower`` when the upper end is an OCS port, which takes no part)."""

    spec: GroupSpec
    lower: Option | None
    upper: Option | None
    cable: Option | None

    @property
    def parts(self) -> tuple[tuple[str, Option], ...]:
        """(end, option) pairs: ("cable", c) or ("lower", l), ("upper", u)."""
        if self.cable is not None:
            return (("cable", self.cable),)
        assert self.lower is not None
        return (("lower", self.lower),) if self.upper is None else (("lower", self.lower), ("upper", self.upper))

    def option_at(self, end: str) -> Option:
        """The option at ``end`` ("lower"/"upper"); a cable serves both."""
        option = self.cable if self.cable is not None else (self.upper if end == "upper" else self.lower)
        assert option is not None
        return option


@dataclass(frozen=True)
class ResolvedPlane:
    """A plane with its catalog models: ``switch`` None for a torus, ``ocs`` only where the topology has one."""

    plane: Plane
    topology: Topology
    switch: Switch | None
    nic: Nic | None
    groups: tuple[ResolvedGroup, ...]
    levels: tuple[SwitchLevel, ...]
    accelerator: Accelerator | None = None
    ocs: OpticalCircuitSwitch | None = None

    @property
    def host(self) -> Host | None:
        """The host-end model: the NIC, else the accelerator."""
        return self.nic if self.nic is not None else self.accelerator

    def group(self, name: str) -> ResolvedGroup:
        return next(g for g in self.groups if g.spec.name == name)


def host_of(catalog: Catalog, plane: Plane, nic: Nic | None = None) -> Host | None:
    """The host-end model of ``plane``: ``nic`` (or the plane's NIC), else its accelerator, else None."""
    if nic is not None:
        return nic
    if plane.nic is not None and plane.nic in catalog.nics:
        return catalog.nics[plane.nic]
    if plane.accelerator is not None and plane.accelerator in catalog.accelerators:
        return catalog.accelerators[plane.accelerator]
    return None


def _close(wanted: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(wanted, list(known), n=3, cutoff=0.7)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def links_per_part(option: Option, rate: pint.Quantity | float) -> int | None:
    """Links of ``rate`` one part serves, or None if it cannot run links at that rate.

    A part's native links run at ``rate / breakout`` (a twin-port 1.6T module: two 800G links). A native
    link of j lanes can also be broken out into j/m links of m lanes each (an 800G DR4 as 4 x 200G DR1
    through a fiber breakout, the way one NIC port feeds several parallel planes).
    """
    link = rate if isinstance(rate, float) else rate.m_as("Gbit/s")
    native = option.link_rate.m_as("Gbit/s")
    if abs(native - link) < 1e-6:
        return option.breakout
    ratio = native / link
    lanes = option.lanes // option.breakout
    split = round(ratio)
    if ratio > 1 and abs(ratio - split) < 1e-9 and lanes % split == 0:
        return option.breakout * split
    return None


def _lanes_per_link(option: Option, rate: float) -> tuple[int, float]:
    per_part = links_per_part(option, rate) or option.breakout
    return option.lanes // per_part, round(option.lane_rate.m_as("Gbit/s"), 3)


def mates(a: Option, b: Option, rate: pint.Quantity | float | None = None) -> bool:
    """The two ends of a module group run the same lanes per link at the same lane rate, on as many fibers of
    the same kind (a single-fiber bidirectional module mates only its like; multimode never mates single-mode)."""
    link = a.link_rate.m_as("Gbit/s") if rate is None else (rate if isinstance(rate, float) else rate.m_as("Gbit/s"))
    return a.media is b.media and _lanes_per_link(a, link) == _lanes_per_link(b, link) \
        and _fibers_per_link(a, link) == _fibers_per_link(b, link)


def _fibers_per_link(option: Option, rate: float) -> float:
    return option.fiber_strands / (links_per_part(option, rate) or option.breakout)


def serves(option: Option, spec: GroupSpec) -> bool:
    """The option runs the group's link rate and reaches its longest link (both runs of an OCS circuit)."""
    return links_per_part(option, spec.rate) is not None \
        and option.reach.m_as("m") >= float(np.max(spec.reach_needed.m_as("m")))


def _host_engine_problem(option: Option, host: Host | None) -> str | None:
    """Why an engine (cpo/npo) option cannot sit at a host end: only co-packaged optical I/O the host declares."""
    if host is None or not host.optical_io:
        what = "the host end has no model" if host is None else f"{host_name(host)} declares no co-packaged " \
            "optical I/O ('optical_io')"
        return (f"'{option.option_class}' option '{option.id}' is a co-packaged optical engine and cannot sit at the "
                f"host end: {what}; use a pluggable (dsp, lpo, lro) or a cable, or a host with optical I/O")
    if option.id not in host.optical_io:
        return f"'{option.id}' is not an optical I/O of {host_name(host)}; its optical I/O: {list(host.optical_io)}"
    return None


def placement_problem(option: Option, spec: GroupSpec, end: str, switch: Switch | None, host: Host | None,
                      planes: int = 1) -> str | None:
    """Why ``option`` cannot terminate ``end`` ("lower", "upper" or "cable") of group ``spec``, or None.

    The class rules: a cable is given as ``cable`` and a module as ``lower``/``upper``; a switch end needs
    a class the switch accepts (and, on a CPO/NPO switch that lists its engines, one of them); an OCS end
    takes no part; a host end takes only classes the host (NIC or accelerator) can drive, engines only
    where the host lists them as its co-packaged optical I/O, and whole NIC ports (with ``planes``
    parallel planes, a host-end part carries all the planes of each port it serves). Links inside a
    torus cube are copper.
    """
    kinds = {spec.end_kind(end)} if end != "cable" else {spec.lower, spec.upper}
    at_host, at_switch = End.HOST in kinds, End.SWITCH in kinds
    if spec.upper is End.OCS:
        if end != "lower":
            return (f"the upper end of {spec.label} is an optical circuit switch port, which takes no part (the OCS "
                    "is counted with the plane); give only 'lower'" if end == "upper" else
                    f"{spec.label} runs from a host port into an OCS port: give its transceiver as 'lower', not a "
                    "cable")
        if option.is_cable or _fibers_per_link(option, spec.rate.m_as("Gbit/s")) != 1:
            return (f"'{option.id}' takes {option.fiber_strands} fiber(s) per part; an OCS port takes one fiber per "
                    "link end (circulators carry both directions): use a bidirectional single-fiber transceiver "
                    "('fibers = 1')")
    if spec.electrical and (not option.is_cable or option.media is not Media.COPPER):
        return f"{spec.label} links are electrical (inside a cube): give a copper cable, not '{option.id}'"
    if option.is_cable and end != "cable":
        return f"'{option.id}' is a cable assembly ({option.option_class}); give it once as 'cable'"
    if not option.is_cable and end == "cable":
        return f"'cable' names '{option.id}' of class '{option.option_class}', which is a module; give it as " \
               "'lower'/'upper'"
    if at_switch and switch is not None and switch.engines and option.option_class in ENGINE_CLASSES \
            and option.id not in switch.engines:
        return f"'{option.id}' is not an optical engine of switch '{switch.id}'; its engines: {list(switch.engines)}"
    if at_switch and switch is not None and option.option_class not in switch.accepts:
        return (f"switch '{switch.id}' ({switch.attachment}) cannot terminate '{option.option_class}' option "
                f"'{option.id}'; it accepts {[str(c) for c in switch.accepts]}")
    if at_host and option.option_class in ENGINE_CLASSES:
        problem = _host_engine_problem(option, host)
        if problem is not None:
            return problem
    elif at_host and host is not None and host.accepts is not None and option.option_class not in host.accepts:
        return (f"{host_name(host)} cannot drive '{option.option_class}' option '{option.id}' (its SerDes accepts "
                f"{[str(c) for c in host.accepts]})")
    per_part = links_per_part(option, spec.rate)
    if per_part is None:
        return None  # the rate problem is reported on its own
    if at_switch and switch is not None:
        problem = switch_fit_problem(option, spec, switch, per_part, both_switches=End.HOST not in kinds)
        if problem is not None:
            return problem
    if at_host and option.option_class not in ENGINE_CLASSES:
        return host_fit_problem(option, spec, host, per_part, planes)
    return None


def _rate_problem(catalog: Catalog, option: Option, spec: GroupSpec, end: str, switch: Switch | None,
                  nic: Host | None, planes: int) -> list[str]:
    def fitting(check_reach: bool) -> list[str]:
        """Ids of options (at most 8) that would fit this end."""
        return sorted(o.id for o in catalog.options.values()
                      if placement_problem(o, spec, end, switch, nic, planes) is None
                      and (serves(o, spec) if check_reach else links_per_part(o, spec.rate) is not None))[:8]

    problems = []
    if links_per_part(option, spec.rate) is None:
        problems.append(f"option '{option.id}' serves {format_quantity(option.link_rate)} links but {spec.label} "
                        f"runs {format_quantity(spec.rate)} links; options at that rate: {fitting(False)}")
    length = float(np.max(spec.length.m_as("m")))
    if option.reach.m_as("m") < float(np.max(spec.reach_needed.m_as("m"))):
        links = f"circuits run 2 x {length:g} m (both runs through the OCS)" if spec.upper is End.OCS else \
            f"links are {length:g} m"
        problems.append(f"option '{option.id}' reaches {format_quantity(option.reach)} but {spec.label} {links}; "
                        f"options that reach: {fitting(True)}")

    problem = placement_problem(option, spec, end, switch, nic, planes)
    if problem is not None:
        problems.append(f"{problem}; options that fit this end: {fitting(True) or 'none in the catalog'}")
    return problems


def _lookup(catalog: Catalog, option_id: str, where: str, problems: list[str]) -> Option | None:
    try:
        return catalog.option(option_id)
    except UnknownIdError as exc:
        problems.append(f"{where}: {exc}")
        return None


def _resolve_group(catalog: Catalog, choice: LinkChoice, spec: GroupSpec, plane: Plane, switch: Switch | None,
                   nic: Host | None, where: str, problems: list[str]) -> ResolvedGroup | None:
    where = f"{where}, {spec.label}"
    if spec.upper is End.OCS:
        return _resolve_ocs_group(catalog, choice, spec, plane, switch, nic, where, problems)
    if choice.cable is None and (choice.lower is None or choice.upper is None):
        problems.append(f"{where}: give both 'lower' and 'upper' option ids (or one 'cable')")
        return None
    if choice.cable is not None:
        cable = _lookup(catalog, choice.cable, where, problems)
        if cable is None:
            return None
        problems.extend(f"{where}: {p}" for p in _rate_problem(catalog, cable, spec, "cable", switch, nic,
                                                                plane.planes))
        return ResolvedGroup(spec, None, None, cable)
    ends = {}
    for end in ("lower", "upper"):
        option = _lookup(catalog, getattr(choice, end), f"{where}, {end} end", problems)
        if option is None:
            continue
        problems.extend(f"{where}, {end} end: {p}"
                        for p in _rate_problem(catalog, option, spec, end, switch, nic, plane.planes))
        ends[end] = option
    if len(ends) != 2:
        return None
    lower, upper = ends["lower"], ends["upper"]
    rate = spec.rate.m_as("Gbit/s")
    if not mates(lower, upper, rate):
        problems.append(f"{where}: the two ends do not mate: lower '{lower.id}' runs {_lanes_text(lower, rate)} per "
                        f"link, upper '{upper.id}' runs {_lanes_text(upper, rate)}")
    return ResolvedGroup(spec, lower, upper, None)


def _resolve_ocs_group(catalog: Catalog, choice: LinkChoice, spec: GroupSpec, plane: Plane, switch: Switch | None,
                       nic: Host | None, where: str, problems: list[str]) -> ResolvedGroup | None:
    """A group of fiber runs into OCS ports: a transceiver at the lower end, nothing at the OCS end."""
    if choice.cable is not None or choice.upper is not None or choice.lower is None:
        problems.append(f"{where}: its upper end is an optical circuit switch port, which takes no part; give only "
                        "the transceiver at the host end as 'lower'")
        return None
    lower = _lookup(catalog, choice.lower, f"{where}, lower end", problems)
    if lower is None:
        return None
    problems.extend(f"{where}, lower end: {p}"
                    for p in _rate_problem(catalog, lower, spec, "lower", switch, nic, plane.planes))
    return ResolvedGroup(spec, lower, None, None)


def _lanes_text(option: Option, rate: float) -> str:
    lanes, lane_rate = _lanes_per_link(option, rate)
    return f"{lanes} x {lane_rate:g}G lanes on {_fibers_per_link(option, rate):g} {option.media} fiber(s)"


def plane_problems(plane: Plane, switch: Switch | None, nic: Nic | None, *, ocs: OpticalCircuitSwitch | None = None,
                   accelerator: Accelerator | None = None) -> list[str]:
    """Count-free problems of a plane built from ``switch`` and ``nic`` (or ``accelerator``, its host end)
    and ``ocs``: topology, protocol, host ports."""
    problems = list(topology_of(plane).check(plane, switch, nic, ocs))
    if switch is not None and plane.protocol is not None and switch.protocols \
            and plane.protocol not in switch.protocols:
        problems.append(f"switch '{switch.id}' runs {', '.join(switch.protocols)}, not the plane's {plane.protocol}")
    if accelerator is not None and nic is None:
        have = accelerator.ports_at(plane.port_rate)
        wanted = plane.ports_per_accelerator or 0
        if have < wanted:
            problems.append(f"accelerator '{accelerator.id}' has {have} port(s) at {format_quantity(plane.port_rate)}; "
                            f"the plane gives each accelerator {wanted} links")
    switch_protocols = switch.protocols if switch is not None else ()
    protocols: list[str | None] = [plane.protocol] if plane.protocol else [*switch_protocols] or [None]
    if nic is not None:
        if nic.ports_at(plane.port_rate) == 0:
            problems.append(f"NIC '{nic.id}' has no ports at {format_quantity(plane.port_rate)}")
        elif nic.modes:
            rates = [r for p in protocols for r in nic.link_rates(p)]
            if not any(abs(r - plane.link_rate.m_as("Gbit/s")) < 1e-6 for r in rates):
                shown = [p for p in protocols if p]
                under = f" under {' or '.join(shown)}" if shown else ""
                split = f"{plane.planes} x {format_quantity(plane.link_rate)}" if plane.planes > 1 else \
                    format_quantity(plane.link_rate)
                runs = ", ".join(f"{r:g}G" for r in sorted(rates, reverse=True)) or "nothing"
                problems.append(f"NIC '{nic.id}' cannot run its {format_quantity(plane.port_rate)} ports as {split}"
                                f"{under}; its links{under}: {runs} (see its modes in the catalog)")
    return problems


def resolve(fabric: Fabric, scenario: Scenario, catalog: Catalog) -> tuple[ResolvedPlane, ...]:
    """Look up and check every choice of ``scenario`` on ``fabric``; raise ``InfeasibleError`` listing all."""
    problems: list[str] = []
    planes = []
    plane_names = [p.name for p in fabric.planes]
    for name in scenario.planes:
        if name not in plane_names:
            problems.append(f"scenario '{scenario.name}': no plane named '{name}' in fabric '{fabric.name}'"
                            f"{_close(name, plane_names)}")
    for plane in fabric.planes:
        choice = scenario.planes.get(plane.name)
        if choice is None:
            problems.append(f"scenario '{scenario.name}' gives no options for plane '{plane.name}'")
            continue
        where = f"scenario '{scenario.name}', plane '{plane.name}'"
        try:
            switch_id = choice.switch or plane.switch
            switch = catalog.switch(switch_id) if switch_id else None
            nic_id = choice.nic or plane.nic
            nic = catalog.nic(nic_id) if nic_id else None
            accelerator = catalog.accelerator(plane.accelerator) if plane.accelerator else None
            ocs = catalog.circuit_switch(plane.ocs) if plane.ocs else None
        except UnknownIdError as exc:
            problems.append(f"{where}: {exc}")
            continue
        found = plane_problems(plane, switch, nic, ocs=ocs, accelerator=accelerator)
        if found:
            problems.extend(f"{where}: {p}" for p in found)
            continue
        host = nic if nic is not None else accelerator
        topology = topology_of(plane)
        specs = topology.groups(plane)
        if len(choice.links) < len(specs):
            problems.append(f"{where}: options given for {len(choice.links)} link group(s) but the plane has "
                            f"{len(specs)} ({', '.join(s.label for s in specs)}); give one entry per group")
            continue
        groups = [_resolve_group(catalog, c, spec, plane, switch, host, where, problems)
                  for c, spec in zip(choice.links, specs, strict=False)]
        if all(g is not None for g in groups):
            planes.append(ResolvedPlane(plane, topology, switch, nic, tuple(g for g in groups if g is not None),
                                        topology.levels(plane, switch), accelerator, ocs))
    if problems:
        raise InfeasibleError("infeasible scenario:\n" + "\n".join(f"  - {p}" for p in problems))
    return tuple(planes)
