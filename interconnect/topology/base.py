"""The protocol every topology follows, and the groups it returns. No units inside the counts.

A topology turns one plane of a fabric into

- **link groups** (:class:`GroupSpec` before counting, counts per point in :class:`PlaneBuild`): sets of
  identical links with the kind of each end (:class:`End`), their rate and length, and how many times
  the worst path crosses them;
- **switch levels** (:class:`SwitchLevel`): switches of one model at one level, with their down and up
  ports, and how many there are per point.

The calculator, feasibility checks, standard scenarios, sweeps and faces work on these groups, never on
a topology's own structure. A new topology is one module that implements :class:`Topology` and is listed
in ``interconnect.topology.TOPOLOGIES``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, Protocol

import numpy as np

if TYPE_CHECKING:
    import pint

    from interconnect.catalog import Nic, OpticalCircuitSwitch, Switch
    from interconnect.fabric import Plane

__all__ = ["End", "GroupSpec", "PlaneBuild", "SwitchLevel", "Topology", "ceil_div", "smallest_divisor_at_least"]


class End(StrEnum):
    """What sits at one end of a link."""

    HOST = "host"  # a NIC (or accelerator) port
    SWITCH = "switch"  # a switch port
    OCS = "ocs"  # an optical circuit switch port


def ceil_div(a: np.ndarray | int, b: np.ndarray | int) -> np.ndarray:
    """Integer ceil(a / b) for non-negative integer arrays."""
    return -(-np.asarray(a, dtype=np.int64) // b)


def smallest_divisor_at_least(n: int, at_least: np.ndarray) -> np.ndarray:
    """For each point, the smallest divisor of ``n`` that is >= ``at_least``; ``n + 1`` where none is.

    Used for striping: an upper level of ``s`` switches takes an even share of each lower switch's ``n``
    uplinks only when ``s`` divides ``n``.
    """
    divisors = np.array([d for d in range(1, n + 1) if n % d == 0], dtype=np.int64)
    want = np.maximum(np.asarray(at_least, dtype=np.int64), 1)
    index = np.searchsorted(divisors, want, side="left")
    found = index < divisors.size
    return np.where(found, divisors[np.minimum(index, divisors.size - 1)], n + 1)


@dataclass(frozen=True)
class GroupSpec:
    """One group of identical links, known before counting: names, ends, rate and length.

    ``lower_level``/``upper_level`` are switch levels (0 for a host end). ``rate`` is the rate of one
    link (for a multi-plane fabric, the rate within one plane). ``index`` is the group's position in a
    scenario's list of choices (the fat-tree's ``tiers = [...]``). A group whose upper end is an OCS is
    one fiber run from a host port into an OCS port: it has a part at its lower end only.
    """

    name: str
    label: str
    index: int
    lower: End
    upper: End
    lower_level: int
    upper_level: int
    rate: pint.Quantity
    length: pint.Quantity
    electrical: bool = False  # electrical by construction (links inside a torus cube): copper only

    @property
    def reach_needed(self) -> pint.Quantity:
        """The fiber a part must reach: the link length, or both runs of a circuit through an OCS."""
        return self.length * 2 if self.upper is End.OCS else self.length

    @property
    def at_host(self) -> bool:
        """The lower end is a host (NIC) port: the one host-end rule."""
        return self.lower is End.HOST

    def end_kind(self, end: str) -> End:
        """The kind of part position ``end`` ("lower", "upper" or "cable") of this group.

        A cable's kind is that of its lower end (a host-to-leaf cable is a host-end part).
        """
        return self.upper if end == "upper" else self.lower

    def end_level(self, end: str) -> int:
        return self.upper_level if end == "upper" else self.lower_level


@dataclass(frozen=True)
class SwitchLevel:
    """Switches at one level of a plane: ports per switch and the link groups below and above.

    Rates are in Gbit/s. The top level has no ``above`` group and no up ports.
    """

    level: int
    name: str
    down_ports: int
    up_ports: int
    top_ports: int  # every port down at ``down_rate``, when this level is the top of a shorter tree
    down_rate: float
    up_rate: float
    below: str
    above: str | None


@dataclass(frozen=True)
class PlaneBuild:
    """Counts per point for one plane, totals over its parallel planes (int64 arrays of shape (n,)).

    ``links``, ``crossings``: by group name; ``switches``, ``ports_used``: by level (totals);
    ``down_ports``, ``up_ports``: ports of ONE switch of the level at each point (zero where unused).
    ``crossings`` is how many times the worst path (within one parallel plane) crosses the group, zero
    where unused; ``switch_hops`` the switches (or, in a torus, forwarding accelerators) it crosses.
    ``feasible`` marks points whose endpoints fit. ``host_links``: links per host in the groups where every
    host has the same number (parts co-packaged on a host are counted per host there). ``ocs`` and
    ``ocs_ports_used``: optical circuit switches and their ports in use, for topologies that have them.
    """

    links: dict[str, np.ndarray]
    crossings: dict[str, np.ndarray]
    switches: dict[int, np.ndarray]
    ports_used: dict[int, np.ndarray]
    down_ports: dict[int, np.ndarray]
    up_ports: dict[int, np.ndarray]
    switch_hops: np.ndarray
    levels_used: np.ndarray
    feasible: np.ndarray
    capacity: np.ndarray
    parallel: int = 1
    notes: tuple[str, ...] = field(default=())
    host_links: dict[str, int] = field(default_factory=dict)
    ocs: np.ndarray | None = None
    ocs_ports_used: np.ndarray | None = None


class Topology(Protocol):
    """What the calculator needs from a topology (one module per topology).

    ``switch`` is None for a topology without packet switches (a torus); ``ocs`` is the plane's optical
    circuit switch model, if it has one.
    """

    kind: ClassVar[str]
    fields: ClassVar[frozenset[str]]  # plane fields this topology reads beyond the common ones

    def validate(self, plane: Plane) -> None:
        """Raise ``ValueError`` when the plane's own fields are inconsistent (run when a plane is read)."""
        ...

    def describe(self, plane: Plane) -> str:
        """The topology's inputs of ``plane`` as one short line of text (reports)."""
        ...

    def groups(self, plane: Plane) -> tuple[GroupSpec, ...]:
        """The link groups of ``plane``, in the order a scenario lists its choices."""
        ...

    def levels(self, plane: Plane, switch: Switch | None) -> tuple[SwitchLevel, ...]:
        """The switch levels of ``plane`` built from ``switch`` (the most levels the plane may use)."""
        ...

    def check(self, plane: Plane, switch: Switch | None, nic: Nic | None,
              ocs: OpticalCircuitSwitch | None = None) -> list[str]:
        """Problems that need no counts (a switch with no ports at a rate, a ratio it cannot split)."""
        ...

    def build(self, plane: Plane, levels: tuple[SwitchLevel, ...], endpoints: np.ndarray, servers: np.ndarray,
              ports_per_server: int, ocs: OpticalCircuitSwitch | None = None) -> PlaneBuild:
        """Counts for every point; ``endpoints`` are host ports (each one link into every parallel plane)."""
        ...

    def infeasible(self, plane: Plane, switch: Switch | None, build: PlaneBuild, endpoints: np.ndarray) -> str:
        """Why the infeasible points of ``build`` do not fit, and what would."""
        ...
