"""Catalog entries of scale-up and torus fabrics: accelerators as host ends, and optical circuit switches.

- :class:`Accelerator` (``[[accelerator]]``): an accelerator's own link ports (NVLink, TPU ICI) when
  they, not a NIC, are the host end of a plane; optionally its co-packaged optical I/O (``optical_io``:
  the cpo options of the optical I/O chiplets it can carry) and its per-hop forwarding latency in a
  torus.
- :class:`OpticalCircuitSwitch` (``[[ocs]]``): a passive optical circuit switch (MEMS mirrors). Each port
  takes one fiber; the transceivers' circulators put both directions of a link on that fiber. Power,
  cost and FIT are for one whole switch.
"""

from __future__ import annotations

import pint
from pydantic import Field

from interconnect.catalog.figures import CostFigure, FitFigure, Length, LossFigure, PowerFigure, TimeFigure
from interconnect.catalog.models import OptionClass, PortConfig, _Entry, ports_at

__all__ = ["Accelerator", "OpticalCircuitSwitch"]


class Accelerator(_Entry):
    """An accelerator's own link ports as the host end of a plane (scale-up domain, torus).

    ``ports`` are its link ports (18 x 400G NVLink 5; 6 x 400G TPU v4 ICI). ``accepts``: classes its SerDes
    can drive (None: any pluggable or cable). ``optical_io``: ids of cpo options (optical I/O chiplets)
    co-packaged on it; only those may sit at its end. ``hop_latency``: forwarding latency of one chip on a
    torus path (a packet passing through it to the next neighbour).
    """

    ports: tuple[PortConfig, ...] = Field(min_length=1)
    accepts: tuple[OptionClass, ...] | None = None
    optical_io: tuple[str, ...] = ()
    hop_latency: TimeFigure | None = None

    def ports_at(self, link_rate: pint.Quantity) -> int:
        return ports_at(self.ports, link_rate)


class OpticalCircuitSwitch(_Entry):
    """A passive optical circuit switch: ``ports`` usable ports (one fiber each), ``spare_ports`` more.

    ``reach`` is the longest fiber run from a port it is specified for (its loss budget);
    ``insertion_loss`` and ``reconfiguration_time`` are reported, not used in the arithmetic.
    """

    ports: int = Field(ge=2, le=100_000)
    spare_ports: int = Field(default=0, ge=0, le=100_000)
    power: PowerFigure
    cost: CostFigure
    fit: FitFigure
    reach: Length
    insertion_loss: LossFigure
    reconfiguration_time: TimeFigure
    technology: str = Field(default="", max_length=80)

    @property
    def total_ports(self) -> int:
        return self.ports + self.spare_ports
