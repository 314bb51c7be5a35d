"""Optical circuit switches of a plane (a torus pod's OCS), and the latency of one hop on a plane's path.

An OCS is its own part kind: count, power, cost and failures per switch, from the topology's count
(``PlaneBuild.ocs``). It is passive for the data: no latency beyond the fiber runs, which the link group
through it already counts. Formulas: docs/methodology.md, "Torus pods and OCS".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from interconnect.calculator.values import HOURS_PER_YEAR, FigureValues, Totals
from interconnect.results import PartCount
from interconnect.topology import End, PlaneBuild

if TYPE_CHECKING:
    from interconnect.calculator.planes import Ledger
    from interconnect.resolve import ResolvedPlane

__all__ = ["add_circuit_switches", "hop_latency"]


def add_circuit_switches(rp: ResolvedPlane, build: PlaneBuild, values: FigureValues, totals: Totals,
                         ledger: Ledger) -> None:
    """Count, power, cost and failures of the plane's optical circuit switches (none when it has none)."""
    ocs = rp.ocs
    if ocs is None or build.ocs is None:
        return
    count = build.ocs
    totals.add("count.ocs", count)
    totals.add("power.ocs", count * values.get(ocs.id, "power", ocs.power))
    totals.add("cost.ocs", count * values.get(ocs.id, "cost", ocs.cost))
    totals.add("reliability.ocs_failures_per_year", count * values.get(ocs.id, "fit", ocs.fit) * 1e-9 * HOURS_PER_YEAR)
    if build.ocs_ports_used is not None:
        totals.add("count.unused_ocs_ports", count * ocs.ports - build.ocs_ports_used)
    rate = rp.groups[-1].spec.rate if rp.groups else rp.plane.link_rate
    ledger.parts.append(PartCount(rp.plane.name, "ocs", "ocs", End.OCS, ocs.id, "ocs", rate, ledger.count(count)))


def hop_latency(rp: ResolvedPlane, values: FigureValues) -> np.ndarray | float:
    """Latency of one hop of the plane's worst path in ns: its switch, else the accelerator forwarding
    (a torus), else 0 when the catalog gives neither."""
    if rp.switch is not None:
        return values.get(rp.switch.id, "latency", rp.switch.latency)
    accelerator = rp.accelerator
    if accelerator is not None and accelerator.hop_latency is not None:
        return values.get(accelerator.id, "hop_latency", accelerator.hop_latency)
    return 0.0
