"""Does a part physically fit where a scenario puts it: switch cages and SerDes, NIC cages, ports and SerDes.

Count-free checks ``resolve.placement_problem`` runs for every end (and every picker through it). Each
returns why a part does not fit, naming the parts and what the switch or NIC has, or None.
"""

from __future__ import annotations

from interconnect.catalog import ENGINE_CLASSES, Accelerator, Nic, Option, Switch
from interconnect.catalog.physical import FormFactor, cage_takes, lane_rate_in
from interconnect.topology import GroupSpec
from interconnect.units import format_quantity

__all__ = ["Host", "host_fit_problem", "host_name", "switch_fit_problem"]

Host = Nic | Accelerator  # what sits at a host end: a NIC port, or the accelerator's own port


def host_name(host: Host) -> str:
    return f"{'NIC' if isinstance(host, Nic) else 'accelerator'} '{host.id}'"


def switch_fit_problem(option: Option, spec: GroupSpec, switch: Switch, per_part: int, *,
                       both_switches: bool = False) -> str | None:
    """Why ``option`` cannot sit in ``switch``'s cages: its lanes' rate is no SerDes mode of the ASIC, its form
    factor fits no cage, or the switch's ports at the group's rate need more cages than it has."""
    if not lane_rate_in(option.lane_rate, switch.serdes):
        return (f"'{option.id}' runs {option.lanes} x {format_quantity(option.lane_rate)} electrical lanes but switch "
                f"'{switch.id}' has SerDes {', '.join(m.label() for m in switch.serdes)}; a part at its ports needs "
                "lanes at one of those rates")
    if option.option_class in ENGINE_CLASSES or option.form_factor is FormFactor.BACKPLANE or not switch.cages:
        return None  # engines are the switch's own; a backplane share is wired, not plugged
    if option.split > 1 and both_switches:
        return f"'{option.id}' is a splitter cable ({option.split} legs); it runs from a switch cage to host ports, " \
               "not between two switches"
    cages = sum(c.count for c in switch.cages if cage_takes(c.form_factor, option.form_factor))
    have = ", ".join(f"{c.count} x {c.form_factor}" for c in switch.cages)
    if cages == 0:
        return (f"'{option.id}' is a {option.form_factor} part; switch '{switch.id}' has cages {have}, which do not "
                f"take {option.form_factor}")
    ports = switch.radix(spec.rate)
    needed = -(-ports // per_part)
    if needed > cages:
        return (f"switch '{switch.id}' has {ports} ports at {format_quantity(spec.rate)} but {cages} cages ({have}): "
                f"'{option.id}' serves {per_part} link(s) per cage, so it would need {needed} cages; a part there must "
                f"serve at least {-(-ports // cages)} links per cage (twin-port or breakout)")
    return None


def host_fit_problem(option: Option, spec: GroupSpec, host: Host | None, per_part: int, planes: int) -> str | None:
    """Why ``option`` cannot plug into a host port: each plug at a host end is one NIC cage with one port
    (carrying its ``planes`` parallel-plane links); its form factor must fit the NIC's cage and its lanes
    one of the port's SerDes modes."""
    per_plug = per_part // option.split
    plug_lanes = option.lanes // option.split
    name = host_name(host) if host is not None else "the host"
    if not isinstance(host, Nic):  # an accelerator's own ports: a part may group whole ports (no cages declared)
        if per_plug % planes:
            return (f"'{option.id}' serves {per_plug} link(s) of {format_quantity(spec.rate)} per plug, which does not "
                    f"carry whole ports of {planes} planes; at the host end a part must serve all {planes} planes of "
                    "each port")
        return None
    if per_plug != planes:
        what = f"one NIC port of {planes} plane(s)" if planes > 1 else "one NIC port"
        leg = f"each of its {option.split} legs carries" if option.split > 1 else "it carries"
        return (f"'{option.id}' plugs into one cage of {name}, which holds {what}, but {leg} {per_plug} link(s) of "
                f"{format_quantity(spec.rate)}; at the host end give a part that serves exactly {planes} link(s) per "
                "plug (a single-port module, or a splitter cable)")
    plug = option.host_form_factor
    if host.cages and not any(cage_takes(c.form_factor, plug) for c in host.cages):
        have = " or ".join(str(c.form_factor) for c in host.cages)
        return f"'{option.id}' has a {plug} plug at the host end; {name} has {have} cages"
    if host.serdes and not any(m.lanes == plug_lanes and lane_rate_in(option.lane_rate, (m,)) for m in host.serdes):
        return (f"'{option.id}' runs {plug_lanes} x {format_quantity(option.lane_rate)} lanes per plug but a port of "
                f"{name} runs {' or '.join(m.label() for m in host.serdes)}")
    return None


