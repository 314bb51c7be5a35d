"""Optical engines co-packaged on a host (an accelerator's or NIC's optical I/O) and their lasers.

A host-end engine serves only its own host's ports, so where every host of a group has the same number of
links ``p`` (``PlaneBuild.host_links``) the engines are counted per host: hosts x ceil(p / n), n the links
one engine serves; elsewhere ceil(links / n), as for modules. External lasers are counted per host the same
way: ceil(engines per host / ports_per_laser). Formulas: docs/methodology.md, "Optics on the compute
package".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from interconnect.calculator.values import HOURS_PER_YEAR, FigureValues, Totals
from interconnect.resolve import links_per_part
from interconnect.results import PartCount
from interconnect.topology import End, ceil_div

if TYPE_CHECKING:
    from interconnect.calculator.planes import Ledger
    from interconnect.catalog import Option
    from interconnect.resolve import ResolvedPlane

__all__ = ["host_engines"]


def host_engines(rp: ResolvedPlane, group: str, engine: Option, links: np.ndarray, per_host: int | None,
                 values: FigureValues, totals: Totals, ledger: Ledger) -> np.ndarray:
    """Engines of ``engine`` at the host end of ``group`` (returned; the caller adds them as parts); their
    external lasers are added here."""
    per_part = links_per_part(engine, rp.group(group).spec.rate)
    assert per_part is not None
    if per_host:
        hosts = links // per_host
        engines_per_host = -(-per_host // per_part)
        engines = hosts * engines_per_host
    else:
        hosts, engines_per_host, engines = None, None, ceil_div(links, per_part)
    if engine.laser_power is not None and engine.ports_per_laser is not None:
        if hosts is not None and engines_per_host is not None:
            lasers = hosts * -(-engines_per_host // engine.ports_per_laser)
        else:
            lasers = ceil_div(engines, engine.ports_per_laser)
        totals.add("count.external_lasers", lasers)
        totals.add("power.lasers", lasers * values.get(engine.id, "laser_power", engine.laser_power))
        totals.add("cost.lasers", lasers * values.get(engine.id, "laser_cost", engine.laser_cost))
        failures = lasers * values.get(engine.id, "laser_fit", engine.laser_fit) * 1e-9 * HOURS_PER_YEAR
        totals.add("reliability.link_failures_per_year", failures)
        totals.add("reliability.optical_failures_per_year", failures)
        ledger.parts.append(PartCount(rp.plane.name, group, "laser", End.HOST, engine.id, "laser", engine.link_rate,
                                      ledger.count(lasers)))
    return np.asarray(engines, dtype=np.int64)
