"""The standard scenarios for any fabric: all-DSP, LPO, LRO, CPO, NPO, all-CPO and copper in-rack.

For each plane and link group the catalog option of the wanted class is picked that serves the plane's
port rate, reaches the group's link length, is accepted by the switch (and host) and mates with the
other end (same lanes per link); among those, the one whose part rate matches a switch cage, then
the lowest typical power per link, then the lowest cost per link. Links that are electrical by
construction (inside a torus cube) get the best copper cable in every family; a group ending in an OCS
port gets a part at its host end only. A family with no feasible choice is left out.
"""

from __future__ import annotations

from interconnect.catalog import Attachment, Catalog, Nic, Option, OptionClass, Switch
from interconnect.fabric import Fabric, Plane
from interconnect.resolve import host_of, links_per_part, mates, placement_problem, plane_problems, serves
from interconnect.scenario import LinkChoice, PlaneChoice, Scenario, ScenarioSet
from interconnect.topology import End, GroupSpec, topology_of

__all__ = ["STANDARD_FAMILIES", "compatible_options", "compatible_switches", "plane_groups", "standard_scenarios"]

# name: (switch-end class, host-end class, switch attachment, description)
STANDARD_FAMILIES: dict[str, tuple[OptionClass, OptionClass, Attachment, str]] = {
    "all-dsp": (OptionClass.DSP, OptionClass.DSP, Attachment.PLUGGABLE, "DSP-retimed pluggables at every end"),
    "lpo": (OptionClass.LPO, OptionClass.LPO, Attachment.PLUGGABLE, "linear pluggables at every end"),
    "lro": (OptionClass.LRO, OptionClass.LRO, Attachment.PLUGGABLE, "half-retimed pluggables at every end"),
    "cpo": (OptionClass.CPO, OptionClass.DSP, Attachment.CPO, "CPO switches, DSP pluggable at the NIC end"),
    "npo": (OptionClass.NPO, OptionClass.DSP, Attachment.NPO, "NPO switches, DSP pluggable at the NIC end"),
    "all-cpo": (OptionClass.CPO, OptionClass.CPO, Attachment.CPO,
                "co-packaged optics at every end: CPO switches and the hosts' optical I/O"),
}
COPPER_FAMILY = "copper-in-rack"


def plane_groups(plane: Plane) -> tuple[GroupSpec, ...]:
    """The link groups of ``plane``, in the order a scenario lists its choices."""
    return topology_of(plane).groups(plane)


def _rank(option: Option, spec: GroupSpec, switch: Switch | None) -> tuple[int, int, int, float, float]:
    cage_rates = {round(c.rate.m_as("Gbit/s"), 3) for c in switch.ports} if switch else set()
    fits_cage = round(option.rate.m_as("Gbit/s"), 3) in cage_rates
    host_single = switch is None and option.breakout == 1
    per_part = links_per_part(option, spec.rate) or 1
    native = per_part == option.breakout  # served at its own link rate, no lane breakout
    # single-fiber bidirectional parts are for circuits through an OCS; elsewhere they come after duplex optics
    single_fiber = option.fibers is not None and option.fibers // per_part == 1
    # per link: a twin-port part serves `breakout` links
    return (0 if single_fiber == (spec.upper is End.OCS) or option.is_cable else 1,
            0 if fits_cage or host_single else 1, 0 if native else 1,
            option.part_power.typical.m_as("W") / per_part, option.cost.typical.m_as("USD") / per_part)


def _pick_switch(catalog: Catalog, plane: Plane, attachment: Attachment) -> Switch | None:
    if plane.switch is None:
        return None
    base = catalog.switch(plane.switch)
    if base.attachment is attachment:
        return base
    rate = plane.link_rate
    radix = base.radix(rate)
    nic = catalog.nic(plane.nic) if plane.nic else None
    same = [s for s in catalog.switches.values() if s.attachment is attachment and s.radix(rate) == radix
            and not plane_problems(plane, s, nic)]
    return min(same, key=lambda s: (s.power.typical.m_as("W"), s.id)) if same else None


def _group_choice(catalog: Catalog, plane: Plane, spec: GroupSpec, switch_cls: OptionClass, host_cls: OptionClass,
                  switch: Switch | None, nic: Nic | None) -> LinkChoice | None:
    """The family's choice for one link group, or None when it has none."""
    lower_cls = host_cls if spec.lower is End.HOST else switch_cls
    upper_cls = host_cls if spec.upper is End.HOST else switch_cls
    if spec.electrical:
        cables = compatible_options(catalog, plane, spec, "cable", switch, nic)
        return LinkChoice(cable=cables[0].id) if cables else None
    if spec.upper is End.OCS:
        lowers = [o for o in compatible_options(catalog, plane, spec, "lower", switch, nic)
                  if o.option_class is lower_cls]
        return LinkChoice(lower=lowers[0].id) if lowers else None
    for upper in compatible_options(catalog, plane, spec, "upper", switch, nic):
        if upper.option_class is not upper_cls:
            continue
        lowers = [o for o in compatible_options(catalog, plane, spec, "lower", switch, nic, mate=upper)
                  if o.option_class is lower_cls]
        if lowers:
            return LinkChoice(lower=lowers[0].id, upper=upper.id)
    return None


def _plane_choice(catalog: Catalog, plane: Plane, switch_cls: OptionClass, host_cls: OptionClass,
                  switch: Switch | None, nic: Nic | None) -> list[LinkChoice] | None:
    choices = []
    for spec in plane_groups(plane):
        choice = _group_choice(catalog, plane, spec, switch_cls, host_cls, switch, nic)
        if choice is None:
            return None
        choices.append(choice)
    return choices


def _copper_first(catalog: Catalog, plane: Plane, switch: Switch | None, nic: Nic | None) -> LinkChoice | None:
    cables = [o for o in compatible_options(catalog, plane, plane_groups(plane)[0], "cable", switch, nic)
              if o.option_class in (OptionClass.DAC, OptionClass.ACC, OptionClass.AEC)]
    return LinkChoice(cable=cables[0].id) if cables else None


def standard_scenarios(fabric: Fabric, catalog: Catalog) -> ScenarioSet:
    """The standard families that are feasible on every plane of ``fabric``; baseline ``all-dsp``."""
    scenarios = []
    dsp_choices: dict[str, PlaneChoice] = {}
    for name, (switch_cls, host_cls, attachment, text) in STANDARD_FAMILIES.items():
        planes: dict[str, PlaneChoice] = {}
        for plane in fabric.planes:
            switch = _pick_switch(catalog, plane, attachment)
            nic = catalog.nic(plane.nic) if plane.nic else None
            switchless = plane.switch is None
            tiers = _plane_choice(catalog, plane, switch_cls, host_cls, switch, nic) if switch or switchless else None
            if tiers is None:
                break
            planes[plane.name] = PlaneChoice(switch=None if switch is None or switch.id == plane.switch else switch.id,
                                             links=tuple(tiers))
        else:
            scenarios.append(Scenario(name=name, description=text, planes=planes))
            if name == "all-dsp":
                dsp_choices = planes
    if dsp_choices:
        planes = {}
        for plane in fabric.planes:
            switch = catalog.switch(plane.switch) if plane.switch else None
            nic = catalog.nic(plane.nic) if plane.nic else None
            cable = _copper_first(catalog, plane, switch, nic)
            if cable is None:
                break
            planes[plane.name] = PlaneChoice(links=(cable, *dsp_choices[plane.name].links[1:]))
        else:
            scenarios.append(Scenario(name=COPPER_FAMILY, planes=planes,
                                      description="copper cable from NIC to leaf, DSP pluggables above"))
    if not scenarios:
        from interconnect.errors import InfeasibleError

        raise InfeasibleError(f"no standard scenario is feasible on fabric '{fabric.name}': the catalog has no "
                              "options at its port rates that reach its link lengths")
    names = [s.name for s in scenarios]
    return ScenarioSet(baseline="all-dsp" if "all-dsp" in names else names[0], scenarios=tuple(scenarios))


def compatible_switches(catalog: Catalog, plane: Plane) -> list[Switch]:
    """Switches the plane can be built from (what ``resolve`` checks before counting), by id; none for a
    topology without packet switches (a torus)."""
    if plane.switch is None:
        return []
    nic = catalog.nic(plane.nic) if plane.nic and plane.nic in catalog.nics else None
    return sorted((s for s in catalog.switches.values() if not plane_problems(plane, s, nic)), key=lambda s: s.id)


def compatible_options(catalog: Catalog, plane: Plane, group: GroupSpec | int, end: str, switch: Switch | None,
                       nic: Nic | None = None, mate: Option | None = None) -> list[Option]:
    """Options that can terminate ``end`` ("lower", "upper" or "cable") of a link group of ``plane``.

    ``group`` is a :class:`GroupSpec` or its 1-based position (a fat-tree tier). The rules ``resolve``
    checks: the option runs the group's link rate (natively or broken out), reaches its longest link, the
    switch accepts the class (and lists the engine, if it lists its engines) at switch ends, the NIC drives
    it at the host end (no switch engines there); with ``mate`` (the other end), only options with the
    same lanes per link. The host is ``nic``, else the plane's NIC, else its accelerator. Best first, as the
    standard scenarios rank them (single-fiber bidirectional parts only first on OCS circuits, then fits a
    switch cage, served at its own rate, lower typical power per link, lower cost per link).
    """
    spec = plane_groups(plane)[group - 1] if isinstance(group, int) else group
    at_host = spec.lower is End.HOST and end in ("lower", "cable")
    rate = spec.rate.m_as("Gbit/s")
    host = host_of(catalog, plane, nic)
    out = [o for o in catalog.options.values()
           if serves(o, spec) and placement_problem(o, spec, end, switch, host, plane.planes) is None
           and (mate is None or mates(o, mate, rate))]
    return sorted(out, key=lambda o: (*_rank(o, spec, None if at_host else switch), o.id))
