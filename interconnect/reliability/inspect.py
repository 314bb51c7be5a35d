"""Every failure event of a scenario, for inspection and tests (``evaluate`` computes the same internally)."""

from __future__ import annotations

import numpy as np

from interconnect.catalog import Catalog
from interconnect.fabric import Fabric
from interconnect.reliability.blast import PlaneShape
from interconnect.reliability.events import Events, plane_events
from interconnect.scenario import Scenario

__all__ = ["failure_events"]


def failure_events(fabric: Fabric, scenario: Scenario, catalog: Catalog | None = None) -> list[Events]:
    """The failure events of ``scenario`` on ``fabric``, plane by plane, as ``evaluate`` counts them."""
    from interconnect.calculator.evaluate import ports_per_server
    from interconnect.calculator.planes import Ledger, account_plane
    from interconnect.calculator.values import FigureValues, Totals, default_catalog
    from interconnect.resolve import resolve
    from interconnect.topology import ceil_div

    catalog = catalog or default_catalog()
    values = FigureValues(catalog=catalog, year=fabric.year)
    acc = np.atleast_1d(np.asarray(fabric.accelerators, dtype=np.int64))
    servers = ceil_div(acc, fabric.accelerators_per_server)
    n = acc.size
    totals, ledger = Totals(n), Ledger(n)
    out: list[Events] = []
    for rp in resolve(fabric, scenario, catalog):
        per_server = ports_per_server(rp.plane, fabric)
        endpoints = acc * rp.plane.ports_per_accelerator if rp.plane.ports_per_accelerator is not None \
            else servers * per_server
        build = rp.topology.build(rp.plane, rp.levels, endpoints, servers, per_server, rp.ocs)
        first = len(ledger.parts)
        plane_servers = np.broadcast_to(servers, build.levels_used.shape)
        account_plane(rp, build, plane_servers, per_server, fabric, values, totals, ledger)
        shape = PlaneShape(rp, build, fabric, acc, plane_servers, per_server)
        out += plane_events(rp, build, ledger.parts[first:], shape, fabric, values, catalog)
    return out
