"""Scale-up domains (``topology = "scale-up-domain"``): NVL72-class switched domains, replicated.

The accelerators are split into domains of ``domain_size`` D (the last one may be partial). Each domain is
its own switch fabric of scale-up switch chips; every accelerator brings ``ports_per_accelerator`` L
links at ``port_rate``. Domains = ceil(N / D).

- One level (``domain_levels = 1``, NVL72): every accelerator spreads its L links evenly over the S chips
  of its domain, so any two accelerators share every chip (one switch hop). S is the smallest divisor of
  L with S * k >= D * L (k: chip ports at the link rate); it exists when D <= k. NVL72: D = 72, L = 18,
  k = 72 -> S = 18 chips, one link from every GPU to every chip.
- Two levels (``domain_levels = 2``): a non-blocking folded Clos inside the domain. Each leaf has k/2 down
  and k/2 up ports; leaves = ceil(D * L / (k/2)); every leaf cables its k/2 uplinks, striped evenly over
  the spines, so the spine count is the smallest divisor of k/2 holding leaves * k/2 links; it exists
  when D * L <= k * k/2. Three switch hops.

A partial last domain is built whole: its switch chips (and, with two levels, the leaf-spine links) are
those of a full domain, its accelerator links only those of the accelerators present. Reason: the switch
trays and their cabling belong to the domain (an NVL72 rack carries all nine switch trays however many
compute trays are filled), and each accelerator must reach every chip. Derivations: docs/methodology.md,
"Scale-up domains".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np

from interconnect.topology.base import End, GroupSpec, PlaneBuild, SwitchLevel, ceil_div, smallest_divisor_at_least
from interconnect.units import format_quantity

if TYPE_CHECKING:
    from interconnect.catalog import Nic, OpticalCircuitSwitch, Switch
    from interconnect.fabric import Plane

__all__ = ["ScaleUpDomain", "domain_switches"]


def domain_switches(domain: int, links: int, radix: int, levels: int) -> tuple[int, int]:
    """(level-1 switches, level-2 switches) of one whole domain of ``domain`` accelerators with ``links``
    links each on ``radix``-port chips; a count above what can be built is returned as is (see ``check``)."""
    if levels == 1:
        return int(smallest_divisor_at_least(links, np.array([-(-domain * links // radix)]))[0]), 0
    down = radix // 2
    leaves = -(-domain * links // down)
    spines = int(smallest_divisor_at_least(radix - down, np.array([-(-leaves * (radix - down) // radix)]))[0])
    return leaves, spines


class ScaleUpDomain:
    """Domains of D accelerators, each a one- or two-level switch fabric (``topology = "scale-up-domain"``)."""

    kind: ClassVar[str] = "scale-up-domain"
    fields: ClassVar[frozenset[str]] = frozenset({"domain_size", "domain_levels"})

    def validate(self, plane: Plane) -> None:
        if plane.switch is None:
            raise ValueError("a scale-up domain needs its scale-up 'switch' (one switch chip)")
        if plane.domain_size is None:
            raise ValueError("a scale-up domain needs 'domain_size' (accelerators per domain, e.g. 72)")
        if plane.ports_per_accelerator is None:
            raise ValueError("a scale-up domain counts links per accelerator: give 'ports_per_accelerator' "
                             "(e.g. 18 NVLink links), not 'ports_per_server'")
        if plane.planes != 1:
            raise ValueError("'planes' splits a NIC port over parallel fat-tree planes; a scale-up domain gives "
                             "each accelerator link as its own port (ports_per_accelerator)")
        if len(plane.link_lengths) != plane.domain_levels:
            raise ValueError(f"a {plane.domain_levels}-level domain has {plane.domain_levels} link group(s): give "
                             f"{plane.domain_levels} link length(s), found {len(plane.link_lengths)}")

    def describe(self, plane: Plane) -> str:
        level = "one level" if plane.domain_levels == 1 else "two levels"
        return f"domains of {plane.domain_size} accelerators, {level}, {plane.ports_per_accelerator} links each"

    def groups(self, plane: Plane) -> tuple[GroupSpec, ...]:
        rate = plane.link_rate
        if plane.domain_levels == 1:
            return (GroupSpec(name="accel", label="accelerator-switch", index=0, lower=End.HOST, upper=End.SWITCH,
                              lower_level=0, upper_level=1, rate=rate, length=plane.link_lengths[0]),)
        return (GroupSpec(name="accel", label="accelerator-leaf", index=0, lower=End.HOST, upper=End.SWITCH,
                          lower_level=0, upper_level=1, rate=rate, length=plane.link_lengths[0]),
                GroupSpec(name="spine", label="leaf-spine", index=1, lower=End.SWITCH, upper=End.SWITCH,
                          lower_level=1, upper_level=2, rate=rate, length=plane.link_lengths[1]))

    def levels(self, plane: Plane, switch: Switch | None) -> tuple[SwitchLevel, ...]:
        assert switch is not None, "a scale-up domain is built from a switch"
        rate = plane.link_rate.m_as("Gbit/s")
        k = switch.radix(plane.link_rate)
        if plane.domain_levels == 1:
            return (SwitchLevel(level=1, name="scale-up switch", down_ports=k, up_ports=0, top_ports=k,
                                down_rate=rate, up_rate=0.0, below="accel", above=None),)
        down = k // 2
        return (SwitchLevel(level=1, name="scale-up leaf", down_ports=down, up_ports=k - down, top_ports=k,
                            down_rate=rate, up_rate=rate, below="accel", above="spine"),
                SwitchLevel(level=2, name="scale-up spine", down_ports=k, up_ports=0, top_ports=k,
                            down_rate=rate, up_rate=0.0, below="spine", above=None))

    def check(self, plane: Plane, switch: Switch | None, nic: Nic | None,
              ocs: OpticalCircuitSwitch | None = None) -> list[str]:
        if switch is None:
            return [f"plane '{plane.name}' is a scale-up domain and needs a switch"]
        k = switch.radix(plane.link_rate)
        rate = format_quantity(plane.link_rate)
        if k < 2:
            configs = ", ".join(f"{c.count} x {format_quantity(c.rate)}" for c in switch.ports)
            return [f"switch '{switch.id}' has no ports for scale-up links at {rate} (its configurations: {configs})"]
        assert plane.domain_size is not None and plane.ports_per_accelerator is not None
        d, links = plane.domain_size, plane.ports_per_accelerator
        if plane.domain_levels == 1 and d > k:
            return [f"a domain of {d} accelerators does not fit one level of '{switch.id}' switches ({k} ports at "
                    f"{rate}): each accelerator needs a port on every switch of its domain, so one level holds at "
                    f"most {k} accelerators. To fit: domain_levels = 2, a domain of at most {k}, or a switch with "
                    "more ports"]
        if plane.domain_levels == 2 and d * links > k * (k // 2):
            most = k * (k // 2) // links
            return [f"a domain of {d} accelerators x {links} links = {d * links:,} links does not fit two levels of "
                    f"'{switch.id}' switches ({k} ports at {rate}): a non-blocking two-level domain holds at most "
                    f"k * k/2 = {k * (k // 2):,} links ({most:,} accelerators of {links} links). To fit: a smaller "
                    "domain or a switch with more ports"]
        return []

    def build(self, plane: Plane, levels: tuple[SwitchLevel, ...], endpoints: np.ndarray, servers: np.ndarray,
              ports_per_server: int, ocs: OpticalCircuitSwitch | None = None) -> PlaneBuild:
        assert plane.domain_size is not None and plane.ports_per_accelerator is not None
        endpoints = np.atleast_1d(np.asarray(endpoints, dtype=np.int64))
        links, d = plane.ports_per_accelerator, plane.domain_size
        accelerators = endpoints // links
        domains = ceil_div(accelerators, d)
        k = levels[0].top_ports
        first, second = domain_switches(d, links, k, plane.domain_levels)
        n = endpoints.shape[0]
        one = np.ones(n, dtype=np.int64)
        if plane.domain_levels == 1:
            return PlaneBuild(
                links={"accel": endpoints}, crossings={"accel": 2 * one},
                switches={1: domains * first}, ports_used={1: endpoints}, down_ports={1: k * one},
                up_ports={1: 0 * one}, switch_hops=one, levels_used=one, feasible=np.ones(n, dtype=bool),
                capacity=domains * d, host_links={"accel": links})
        leaf = levels[0]
        spine_links = domains * first * leaf.up_ports
        return PlaneBuild(
            links={"accel": endpoints, "spine": spine_links}, crossings={"accel": 2 * one, "spine": 2 * one},
            switches={1: domains * first, 2: domains * second}, ports_used={1: endpoints + spine_links,
                                                                            2: spine_links},
            down_ports={1: leaf.down_ports * one, 2: k * one}, up_ports={1: leaf.up_ports * one, 2: 0 * one},
            switch_hops=3 * one, levels_used=2 * one, feasible=np.ones(n, dtype=bool), capacity=domains * d,
            host_links={"accel": links})

    def infeasible(self, plane: Plane, switch: Switch | None, build: PlaneBuild, endpoints: np.ndarray) -> str:
        return f"plane '{plane.name}': the scale-up domains cannot be built"  # every count is checked before
