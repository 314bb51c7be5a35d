"""How parts are physically built: form factors and cages, SerDes modes, FIT bases, availability.

- :class:`FormFactor`: the mechanical and electrical package of a module or a cable plug (OSFP, QSFP112,
  ...), or ``engine`` (a co-packaged/near-packaged engine port: no cage) and ``backplane`` (a link's share
  of a copper cartridge or backplane connector). Each has a number of electrical lanes.
- :class:`Cage`: ``count`` cages of one form factor on a switch or NIC; a cage takes the form factors in
  :data:`CAGE_TAKES` (a QSFP-DD cage takes QSFP112 modules, an OSFP cage takes only OSFP).
- :class:`SerdesMode`: ``lanes`` electrical lanes at ``rate`` (a switch ASIC: 512 x 200G; a NIC port:
  4 x 200G).
- :class:`FitBasis`: what one FIT figure of the source counts (a part, a port, a lane, a 400G-equivalent);
  the catalog converts it once to per part (``Option.part_fit``).
- :class:`Availability`: shipping, sampling or projected, from which year, on what source.
"""

from __future__ import annotations

from enum import StrEnum

import pint
from pydantic import Field

from interconnect.catalog.figures import BitRate, StrictModel

__all__ = ["CAGE_TAKES", "FORM_FACTOR_LANES", "Availability", "Cage", "FitBasis", "FormFactor", "SerdesMode",
           "Status", "cage_takes", "lane_rate_in"]


class FormFactor(StrEnum):
    OSFP = "OSFP"
    OSFP_XD = "OSFP-XD"
    QSFP28 = "QSFP28"
    QSFP112 = "QSFP112"
    QSFP_DD = "QSFP-DD"
    QSFP_DD800 = "QSFP-DD800"
    XPO = "XPO"
    ENGINE = "engine"
    BACKPLANE = "backplane"


# electrical lanes of one module or plug of each form factor (engine/backplane: the option's own lanes)
FORM_FACTOR_LANES: dict[FormFactor, int] = {
    FormFactor.OSFP: 8, FormFactor.OSFP_XD: 16, FormFactor.QSFP28: 4, FormFactor.QSFP112: 4,
    FormFactor.QSFP_DD: 8, FormFactor.QSFP_DD800: 8, FormFactor.XPO: 64,
}

# which module form factors a cage of each form factor takes (QSFP-DD cages are backward compatible)
CAGE_TAKES: dict[FormFactor, frozenset[FormFactor]] = {
    FormFactor.OSFP: frozenset({FormFactor.OSFP}),
    FormFactor.OSFP_XD: frozenset({FormFactor.OSFP_XD}),
    FormFactor.QSFP28: frozenset({FormFactor.QSFP28}),
    FormFactor.QSFP112: frozenset({FormFactor.QSFP112, FormFactor.QSFP28}),
    FormFactor.QSFP_DD: frozenset({FormFactor.QSFP_DD, FormFactor.QSFP112, FormFactor.QSFP28}),
    FormFactor.QSFP_DD800: frozenset({FormFactor.QSFP_DD800, FormFactor.QSFP_DD, FormFactor.QSFP112,
                                      FormFactor.QSFP28}),
    FormFactor.XPO: frozenset({FormFactor.XPO}),
    FormFactor.BACKPLANE: frozenset({FormFactor.BACKPLANE}),
}


def cage_takes(cage: FormFactor, module: FormFactor) -> bool:
    """A cage of form factor ``cage`` takes a module (or cable plug) of form factor ``module``."""
    return module in CAGE_TAKES.get(cage, frozenset())


class Cage(StrictModel):
    """``count`` cages (or backplane connectors) of one form factor."""

    count: int = Field(ge=1, le=100_000)
    form_factor: FormFactor


class SerdesMode(StrictModel):
    """``lanes`` electrical lanes at ``rate`` each (a switch ASIC's SerDes, or one NIC port's)."""

    lanes: int = Field(ge=1, le=100_000)
    rate: BitRate

    def label(self) -> str:
        return f"{self.lanes} x {self.rate.m_as('Gbit/s'):g}G"


def lane_rate_in(rate: pint.Quantity, modes: tuple[SerdesMode, ...]) -> bool:
    """``rate`` is the lane rate of one of ``modes`` (to 0.1%)."""
    r = rate.m_as("Gbit/s")
    return any(abs(m.rate.m_as("Gbit/s") - r) <= 1e-3 * r for m in modes)


class FitBasis(StrEnum):
    """What one FIT figure counts: one part (module, engine-port part, cable), one port (link served),
    one lane, or one 400G-equivalent of capacity (Meta's CPO field data)."""

    PART = "part"
    PORT = "port"
    LANE = "lane"
    PER_400G = "400G-equivalent"


class Status(StrEnum):
    SHIPPING = "shipping"
    SAMPLING = "sampling"
    PROJECTED = "projected"


class Availability(StrictModel):
    """Whether a part can be bought: ``status`` and the ``year`` of volume shipment (past for shipping parts,
    expected for sampling, projected otherwise), on ``sources``."""

    status: Status
    year: int = Field(ge=1990, le=2040)
    sources: tuple[str, ...] = Field(min_length=1)
    note: str | None = None

    def ships_by(self, year: float | None) -> bool:
        """Shipping in volume by ``year``; without a year: shipping now."""
        if year is None:
            return self.status is Status.SHIPPING
        return year >= self.year
