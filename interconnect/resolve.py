"""Resolve a scenario against a fabric and catalog: look up every id and check feasibility.

Everything that can make a build impossible is found here, before any arithmetic, and reported
together with what would fit: unknown ids, rate mismatches, reach shorter than the link, an option
class the switch or NIC cannot terminate, a switch with no ports at the plane's speed.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interconnect.catalog import ENGINE_CLASSES, Catalog, Nic, Option, Switch
from interconnect.errors import InfeasibleError, UnknownIdError
from interconnect.fabric import Fabric, Plane
from interconnect.scenario import Scenario, TierChoice
from interconnect.units import format_quantity

__all__ = ["ResolvedPlane", "ResolvedTier", "mates", "placement_problem", "resolve", "serves"]


@dataclass(frozen=True)
class ResolvedTier:
    """The catalog options of one tier: ``cable`` alone, or ``lower`` and ``upper`` modules."""

    tier: int
    lower: Option | None
    upper: Option | None
    cable: Option | None

    @property
    def parts(self) -> tuple[tuple[str, Option], ...]:
        """(end, option) pairs: ("cable", c) or ("lower", l), ("upper", u)."""
        if self.cable is not None:
            return (("cable", self.cable),)
        assert self.lower is not None and self.upper is not None
        return (("lower", self.lower), ("upper", self.upper))


@dataclass(frozen=True)
class ResolvedPlane:
    plane: Plane
    switch: Switch
    nic: Nic | None
    radix: int
    tiers: tuple[ResolvedTier, ...]


def _close(wanted: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(wanted, list(known), n=3, cutoff=0.7)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def _lookup_option(catalog: Catalog, option_id: str, where: str, problems: list[str]) -> Option | None:
    try:
        return catalog.option(option_id)
    except UnknownIdError as exc:
        problems.append(f"{where}: {exc}")
        return None


def placement_problem(option: Option, tier: int, end: str, switch: Switch, nic: Nic | None) -> str | None:
    """Why ``option`` cannot terminate ``end`` ("lower", "upper" or "cable") of ``tier``, or None.

    The class rules: a cable is given as ``cable`` and a module as ``lower``/``upper``; a switch end needs
    a class the switch accepts (and, on a CPO/NPO switch that lists its engines, one of them); a host end
    takes no switch engine and only classes the NIC's SerDes can drive.
    """
    at_host = tier == 1 and end in ("lower", "cable")
    at_switch = end != "lower" or tier > 1
    if option.is_cable and end != "cable":
        return f"'{option.id}' is a cable assembly ({option.option_class}); give it once as 'cable'"
    if not option.is_cable and end == "cable":
        return f"'cable' names '{option.id}' of class '{option.option_class}', which is a module; give it as " \
               "'lower'/'upper'"
    if at_switch and switch.engines and option.option_class in ENGINE_CLASSES and option.id not in switch.engines:
        return f"'{option.id}' is not an optical engine of switch '{switch.id}'; its engines: {list(switch.engines)}"
    if at_switch and option.option_class not in switch.accepts:
        return (f"switch '{switch.id}' ({switch.attachment}) cannot terminate '{option.option_class}' option "
                f"'{option.id}'; it accepts {[str(c) for c in switch.accepts]}")
    if at_host and option.option_class in ENGINE_CLASSES:
        return (f"'{option.option_class}' option '{option.id}' is a switch optical engine and cannot sit at the "
                "host/NIC end; use a pluggable (dsp, lpo, lro) or a cable")
    if at_host and nic is not None and nic.accepts is not None and option.option_class not in nic.accepts:
        return (f"NIC '{nic.id}' cannot drive '{option.option_class}' option '{option.id}' (its SerDes accepts "
                f"{[str(c) for c in nic.accepts]})")
    return None


def serves(option: Option, plane: Plane, tier: int) -> bool:
    """The option runs the plane's port rate and reaches the tier's longest link."""
    return abs(option.link_rate.m_as("Gbit/s") - plane.port_rate.m_as("Gbit/s")) < 1e-6 \
        and option.reach.m_as("m") >= float(np.max(plane.link_lengths[tier - 1].m_as("m")))


def mates(a: Option, b: Option) -> bool:
    """The two ends of a module tier run the same lanes per link at the same lane rate."""
    return _lanes_per_link(a) == _lanes_per_link(b)


def _check_option(catalog: Catalog, option: Option, where: str, plane: Plane, tier: int, end: str,
                  switch: Switch, nic: Nic | None, problems: list[str]) -> None:
    def fitting(check_reach: bool) -> list[str]:
        """Ids of options (at most 8) that would fit this end."""
        return sorted(o.id for o in catalog.options.values()
                      if placement_problem(o, tier, end, switch, nic) is None
                      and (serves(o, plane, tier) if check_reach
                           else abs(o.link_rate.m_as("Gbit/s") - plane.port_rate.m_as("Gbit/s")) < 1e-6))[:8]

    if abs(option.link_rate.m_as("Gbit/s") - plane.port_rate.m_as("Gbit/s")) > 1e-6:
        problems.append(f"{where}: option '{option.id}' serves {format_quantity(option.link_rate)} links but plane "
                        f"'{plane.name}' runs {format_quantity(plane.port_rate)} ports; options at that rate: "
                        f"{fitting(False)}")
    length = float(np.max(plane.link_lengths[tier - 1].m_as("m")))
    if option.reach.m_as("m") < length:
        problems.append(f"{where}: option '{option.id}' reaches {format_quantity(option.reach)} but tier {tier} "
                        f"links of plane '{plane.name}' are {length:g} m; options that reach: {fitting(True)}")
    problem = placement_problem(option, tier, end, switch, nic)
    if problem is not None:
        problems.append(f"{where}: {problem}")


def _resolve_tier(catalog: Catalog, choice: TierChoice, plane: Plane, tier: int, switch: Switch,
                  nic: Nic | None, scenario: str, problems: list[str]) -> ResolvedTier | None:
    where = f"scenario '{scenario}', plane '{plane.name}', tier {tier}"
    if choice.cable is not None:
        cable = _lookup_option(catalog, choice.cable, where, problems)
        if cable is None:
            return None
        _check_option(catalog, cable, where, plane, tier, "cable", switch, nic, problems)
        return ResolvedTier(tier, None, None, cable)
    ends = {}
    for end in ("lower", "upper"):
        option = _lookup_option(catalog, getattr(choice, end), f"{where}, {end} end", problems)
        if option is None:
            continue
        _check_option(catalog, option, f"{where}, {end} end", plane, tier, end, switch, nic, problems)
        ends[end] = option
    if len(ends) != 2:
        return None
    lower, upper = ends["lower"], ends["upper"]
    if not mates(lower, upper):
        problems.append(f"{where}: the two ends do not mate: lower '{lower.id}' runs {_lanes_text(lower)} per link, "
                        f"upper '{upper.id}' runs {_lanes_text(upper)}")
    return ResolvedTier(tier, lower, upper, None)


def _lanes_per_link(option: Option) -> tuple[int, float]:
    return option.lanes // option.breakout, round(option.lane_rate.m_as("Gbit/s"), 3)


def _lanes_text(option: Option) -> str:
    lanes, rate = _lanes_per_link(option)
    return f"{lanes} x {rate:g}G lanes"


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
            switch = catalog.switch(choice.switch or plane.switch)
            nic_id = choice.nic or plane.nic
            nic = catalog.nic(nic_id) if nic_id else None
        except UnknownIdError as exc:
            problems.append(f"{where}: {exc}")
            continue
        radix = switch.radix(plane.port_rate)
        if radix < 2:
            configs = ", ".join(f"{c.count} x {format_quantity(c.rate)}" for c in switch.ports)
            problems.append(f"{where}: switch '{switch.id}' has no ports at {format_quantity(plane.port_rate)} "
                            f"(its configurations: {configs})")
            continue
        if len(choice.tiers) < plane.max_tiers:
            problems.append(f"{where}: options given for {len(choice.tiers)} tier(s) but the plane may use up to "
                            f"{plane.max_tiers} (one per link length); give one entry per tier")
            continue
        tiers = [_resolve_tier(catalog, c, plane, i + 1, switch, nic, scenario.name, problems)
                 for i, c in enumerate(choice.tiers[: plane.max_tiers])]
        if all(t is not None for t in tiers):
            planes.append(ResolvedPlane(plane, switch, nic, radix, tuple(t for t in tiers if t is not None)))
    if problems:
        raise InfeasibleError("infeasible scenario:\n" + "\n".join(f"  - {p}" for p in problems))
    return tuple(planes)
