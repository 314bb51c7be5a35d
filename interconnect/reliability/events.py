"""Failure events of one plane, per part kind, from the calculator's part counts (arrays over points).

Each :class:`Events` row is one kind of failure at one position of one plane (the modules at the
switch end of tier 1, the leaves, the NICs, ...): how often it happens a year (count x FIT x 1e-9 x
hours a year), its blast radius (``blast.py``) and how it is repaired (``repair.py``). FIT figures
are the catalog's as it gives them; a switch or NIC model without a FIT takes its service entry's
``default_fit``. Formulas: docs/methodology.md, "Failures, repair and goodput".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pint

from interconnect.catalog import CABLE_CLASSES, ENGINE_CLASSES, Catalog, Option
from interconnect.catalog.service import PartKind
from interconnect.fabric import Fabric
from interconnect.reliability.blast import Blast, PlaneShape
from interconnect.reliability.repair import service_for
from interconnect.resolve import ResolvedPlane, links_per_part
from interconnect.results import PartCount
from interconnect.topology import End, PlaneBuild
from interconnect.units import HOURS_PER_YEAR

if TYPE_CHECKING:
    from interconnect.calculator.values import FigureValues

__all__ = ["FIT_TO_PER_YEAR", "Events", "plane_events"]

FIT_TO_PER_YEAR = 1e-9 * HOURS_PER_YEAR  # one FIT (a failure per 1e9 device-hours) in failures a year
FLAP_REFERENCE_GBPS = 400.0  # flap rates are per 400G-equivalent port (Meta's "device hours")


@dataclass(frozen=True)
class Events:
    """One kind of failure event at one position of one plane.

    ``rate``: events a year at each point; ``blast``: links and accelerators each event takes down and
    whether it stops the job; ``service``: the catalog service entry that repairs it (its MTTR);
    ``replaced``: what one spare is ("module", "switch", ...); ``flaps``: link flaps a year where a
    source gives a flap rate (zero elsewhere).
    """

    plane: str
    position: str
    kind: PartKind
    entry_id: str
    rate: np.ndarray
    blast: Blast
    service: str
    replaced: str
    flaps: np.ndarray | float = 0.0


def _fit(values: FigureValues, entry_id: str, field: str, figure: object) -> np.ndarray | float:
    return values.get(entry_id, field, figure)  # type: ignore[arg-type]


def _option_kind(option: Option) -> PartKind:
    if option.option_class in CABLE_CLASSES:
        return "cable"
    return "engine" if option.option_class in ENGINE_CLASSES else "module"


def _flaps(catalog: Catalog, service_id: str, option: Option, count: np.ndarray,
           values: FigureValues) -> np.ndarray | float:
    service = catalog.services.get(service_id)
    if service is None or service.flap_fit is None:
        return 0.0
    ports = option.rate.m_as("Gbit/s") / FLAP_REFERENCE_GBPS
    return count * ports * values.get(service_id, "flap_fit", service.flap_fit) * FIT_TO_PER_YEAR


def plane_events(rp: ResolvedPlane, build: PlaneBuild, parts: Sequence[PartCount], shape: PlaneShape,
                 fabric: Fabric, values: FigureValues, catalog: Catalog) -> list[Events]:
    """Every failure event of one plane: its parts (``parts``: the ledger rows of this plane), switches,
    NICs and optical circuit switches."""
    out: list[Events] = []
    name = rp.plane.name
    seen_at_level: dict[tuple[str, str], int] = {}
    for part in parts:
        option = catalog.options.get(part.option_id)
        if option is None:
            continue
        count = np.asarray(part.count.magnitude, dtype=float)
        if part.end == "laser":
            assert option.ports_per_laser is not None
            fed = option.ports_per_laser * _links_of(option, rp, part)
            blast = shape.switch_part(part.group, fed) if part.end_kind is End.SWITCH else \
                shape.host_part(fed, part.group)
            service, replaced = service_for("laser", option, part.end_kind)
            rate = count * _fit(values, option.id, "laser_fit", option.laser_fit) * FIT_TO_PER_YEAR
            out.append(Events(name, part.group, "laser", option.id, rate, blast, service, replaced))
            continue
        kind = _option_kind(option)
        links = _links_of(option, rp, part)
        service, replaced = service_for(kind, option, part.end_kind)
        if part.end == "switch":  # engines counted per CPO/NPO switch: every port, used or not
            key = (part.group, option.id)
            occurrence = seen_at_level.get(key, 0)
            seen_at_level[key] = occurrence + 1
            blast = shape.engine(part.group, option.id, occurrence, links, whole_switch=replaced == "switch")
        elif part.end_kind is End.HOST or (part.end == "cable" and shape.is_host_group(part.group)):
            blast = shape.host_part(links, part.group, whole_host=replaced == "host")
        else:
            blast = shape.switch_part(part.group, links)
        rate = count * _fit(values, option.id, "fit", option.fit) * FIT_TO_PER_YEAR
        flaps = _flaps(catalog, service, option, count, values) if kind == "engine" else 0.0
        out.append(Events(name, part.group, kind, option.id, rate, blast, service, replaced, flaps))
    out += _switch_events(rp, build, shape, values, catalog)
    out += _nic_events(rp, shape, values, catalog)
    out += _ocs_events(rp, build, shape, values, catalog)
    return out


def _links_of(option: Option, rp: ResolvedPlane, part: PartCount) -> int:
    """Links one part of ``option`` serves at its position (its breakout at the group's or level's rate)."""
    rate: pint.Quantity | float = rp.plane.link_rate
    for rg in rp.groups:
        if rg.spec.name == part.group:
            rate = rg.spec.rate
    for level in rp.levels:
        if level.name == part.group:
            rate = level.down_rate
    per_part = links_per_part(option, rate)
    return per_part if per_part is not None else max(1, option.breakout)


def _fallback_fit(catalog: Catalog, service_id: str, values: FigureValues) -> np.ndarray | float:
    service = catalog.services.get(service_id)
    if service is None or service.default_fit is None:
        return 0.0
    return values.get(service_id, "default_fit", service.default_fit)


def _switch_events(rp: ResolvedPlane, build: PlaneBuild, shape: PlaneShape, values: FigureValues,
                   catalog: Catalog) -> list[Events]:
    switch = rp.switch
    if switch is None:
        return []
    service, replaced = service_for("switch", None, End.SWITCH)
    fit = values.get(switch.id, "fit", switch.fit) if switch.fit is not None \
        else _fallback_fit(catalog, service, values)
    out = []
    for level in rp.levels:
        count = np.asarray(build.switches[level.level], dtype=float)
        if not np.any(count):
            continue
        out.append(Events(rp.plane.name, level.name, "switch", switch.id, count * fit * FIT_TO_PER_YEAR,
                          shape.switch(level.level), service, replaced))
    return out


def _nic_events(rp: ResolvedPlane, shape: PlaneShape, values: FigureValues, catalog: Catalog) -> list[Events]:
    nic = rp.nic
    if nic is None:
        return []
    service, replaced = service_for("nic", None, End.HOST)
    per_nic = nic.ports_at(rp.plane.port_rate)
    nics = shape.servers * -(-shape.ports_per_server // per_nic)
    fit = values.get(nic.id, "fit", nic.fit) if nic.fit is not None else _fallback_fit(catalog, service, values)
    return [Events(rp.plane.name, "nic", "nic", nic.id, nics * fit * FIT_TO_PER_YEAR, shape.nic(per_nic), service,
                   replaced)]


def _ocs_events(rp: ResolvedPlane, build: PlaneBuild, shape: PlaneShape, values: FigureValues,
                catalog: Catalog) -> list[Events]:
    ocs = rp.ocs
    if ocs is None or build.ocs is None:
        return []
    service, replaced = service_for("ocs", None, End.OCS)
    count = np.asarray(build.ocs, dtype=float)
    used = build.ocs_ports_used if build.ocs_ports_used is not None else count * ocs.ports
    per_ocs = np.divide(used, count, out=np.zeros_like(count), where=count > 0)
    return [Events(rp.plane.name, "ocs", "ocs", ocs.id, count * values.get(ocs.id, "fit", ocs.fit) * FIT_TO_PER_YEAR,
                   shape.ocs(per_ocs), service, replaced)]
