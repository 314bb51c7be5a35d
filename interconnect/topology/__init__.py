"""The topology engine: each plane's topology turns it into link groups and switch levels.

``TOPOLOGIES`` maps a plane's ``topology`` name to its implementation; ``topology_of(plane)`` gives
the one a plane uses. See :mod:`interconnect.topology.base` for the protocol.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from interconnect.topology.base import (
    End,
    GroupSpec,
    PlaneBuild,
    SwitchLevel,
    Topology,
    ceil_div,
    smallest_divisor_at_least,
)
from interconnect.topology.fat_tree import FatTree, capacity, down_ports, tier_rates
from interconnect.topology.scale_up import ScaleUpDomain
from interconnect.topology.torus import PodCounts, Torus, pod_counts

if TYPE_CHECKING:
    from interconnect.fabric import Plane

__all__ = [
    "TOPOLOGIES",
    "End",
    "FatTree",
    "GroupSpec",
    "PlaneBuild",
    "PodCounts",
    "ScaleUpDomain",
    "SwitchLevel",
    "Topology",
    "Torus",
    "capacity",
    "ceil_div",
    "down_ports",
    "pod_counts",
    "smallest_divisor_at_least",
    "tier_rates",
    "topology_of",
]

TOPOLOGIES: dict[str, Topology] = {t.kind: t for t in (FatTree(), ScaleUpDomain(), Torus())}


def topology_of(plane: Plane) -> Topology:
    """The topology implementation of ``plane`` (its ``topology`` field)."""
    return TOPOLOGIES[plane.topology]
