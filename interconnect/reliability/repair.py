"""Repair: which service model puts each failed part back, its mean time to repair, and spares.

Service entries are catalog ``[[service]]`` rows (``catalogs/reliability.toml``), picked by part kind:
a pluggable module is hot-swapped; a cable assembly re-run; an external laser module (ELSFP) swapped at
the front panel; a co-packaged engine replaced on its own only when its option says ``serviceable``,
else by replacing the whole switch; an engine on a compute package by replacing the tray; a switch, NIC
or optical circuit switch as a unit. Each failure uses one spare of what is replaced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from interconnect.catalog import ENGINE_CLASSES, Catalog, Option
from interconnect.catalog.service import PartKind
from interconnect.topology import End

if TYPE_CHECKING:
    from interconnect.calculator.values import FigureValues

__all__ = ["SERVICES", "mttr_hours", "service_for"]

SERVICES = {
    "module": "service-pluggable-module",
    "cable": "service-cable-assembly",
    "laser": "service-laser-module",
    "engine": "service-engine-whole-switch",
    "engine-serviceable": "service-engine-field-replaceable",
    "engine-host": "service-host-optical-io",
    "switch": "service-switch",
    "nic": "service-nic",
    "ocs": "service-ocs",
}
_REPLACED = {"service-engine-whole-switch": "switch", "service-host-optical-io": "host",
             "service-laser-module": "laser module"}


def service_for(kind: PartKind, option: Option | None, end: End) -> tuple[str, str]:
    """The service entry id that repairs a failed part of ``kind``, and what one spare of it is."""
    key: str = kind
    if kind == "engine" and option is not None and option.option_class in ENGINE_CLASSES:
        key = "engine-host" if end is End.HOST else "engine-serviceable" if option.serviceable else "engine"
    service = SERVICES[key]
    return service, _REPLACED.get(service, kind)


def mttr_hours(catalog: Catalog, values: FigureValues, service_id: str) -> np.ndarray | float:
    """Mean time to repair of ``service_id`` in hours (0 when the catalog has no such service)."""
    service = catalog.services.get(service_id)
    if service is None:
        return 0.0
    return values.get(service_id, "mttr", service.mttr)
