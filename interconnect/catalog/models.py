"""Catalog entries: sources, optics/cable options, switches and NICs (immutable pydantic models).

Per-part semantics: an option's power, cost, latency and FIT are for ONE part: one module or one
optical-engine port for module classes, one whole assembly (both ends) for cable classes.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Literal

import pint
from pydantic import Field, field_validator, model_validator

from interconnect.catalog.figures import (
    BitRate,
    CostFigure,
    EnergyPerBitFigure,
    Figure,
    FitFigure,
    Length,
    PowerFigure,
    StrictModel,
    TimeFigure,
)
from interconnect.catalog.physical import (
    FORM_FACTOR_LANES,
    Cage,
    FormFactor,
    SerdesMode,
)

__all__ = [
    "CABLE_CLASSES",
    "ENGINE_CLASSES",
    "Attachment",
    "Media",
    "Nic",
    "NicMode",
    "Option",
    "OptionClass",
    "PortConfig",
    "Source",
    "SourceKind",
    "Switch",
]

EntryId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)]
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class OptionClass(StrEnum):
    """How an option terminates a link (see docs/catalog.md)."""

    DSP = "dsp"
    LPO = "lpo"
    LRO = "lro"
    NPO = "npo"
    CPO = "cpo"
    XPO = "xpo"
    AOC = "aoc"
    DAC = "dac"
    ACC = "acc"
    AEC = "aec"


CABLE_CLASSES = frozenset({OptionClass.AOC, OptionClass.DAC, OptionClass.ACC, OptionClass.AEC})
ENGINE_CLASSES = frozenset({OptionClass.CPO, OptionClass.NPO})
COPPER_CLASSES = frozenset({OptionClass.DAC, OptionClass.ACC, OptionClass.AEC})


class Media(StrEnum):
    MMF = "mmf"
    SMF = "smf"
    COPPER = "copper"


class SourceKind(StrEnum):
    VENDOR = "vendor"
    OPERATOR = "operator"
    STANDARD = "standard"
    ANALYST = "analyst"
    PAPER = "paper"
    PRESS = "press"
    MEASUREMENT = "measurement"
    ESTIMATE = "estimate"


class Attachment(StrEnum):
    PLUGGABLE = "pluggable"
    CPO = "cpo"
    NPO = "npo"


class Source(StrictModel):
    """Where figures come from. An estimate says how it was derived."""

    id: EntryId
    title: str = Field(min_length=3)
    publisher: str | None = None
    url: str | None = None
    document: str | None = None
    date: str
    kind: SourceKind
    derivation: str | None = None
    note: str | None = None

    @field_validator("date")
    @classmethod
    def _date_form(cls, v: str) -> str:
        if not _DATE.match(v):
            raise ValueError(f"found {v!r}; expected 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'")
        return v

    @model_validator(mode="after")
    def _complete(self) -> Source:
        if not self.url and not self.document:
            raise ValueError("a source needs a 'url' or a 'document' citation")
        if self.kind is SourceKind.ESTIMATE and not self.derivation:
            raise ValueError("an estimate needs 'derivation': how the number was derived")
        return self


class _Entry(StrictModel):
    id: EntryId
    name: str = Field(min_length=1)
    vendor: str | None = None
    year: int = Field(ge=1990, le=2040)
    sources: tuple[str, ...] = Field(min_length=1)
    note: str | None = None

    def figures(self) -> dict[str, Figure]:
        """Every ranged figure of the entry, by field name."""
        fields = ((name, getattr(self, name)) for name in type(self).model_fields)
        return {name: value for name, value in fields if isinstance(value, Figure)}

    def figure_sources(self, field: str) -> tuple[str, ...]:
        """The sources behind one figure: its own, else the entry's."""
        fig = getattr(self, field)
        return fig.sources if isinstance(fig, Figure) and fig.sources else self.sources


class Option(_Entry):
    """One part that terminates links: a module, an engine port, or a cable assembly."""

    option_class: OptionClass = Field(alias="class")
    rate: BitRate
    breakout: int = Field(default=1, ge=1, le=16)
    lanes: int = Field(ge=1, le=64)
    lane_rate: BitRate
    fibers: int | None = Field(default=None, ge=1, le=128)
    reach: Length
    media: Media
    form_factor: FormFactor
    split: int = Field(default=1, ge=1, le=16)
    leg_form_factor: FormFactor | None = None
    power: PowerFigure | None = None
    energy_per_bit: EnergyPerBitFigure | None = None
    host_serdes_power: PowerFigure | None = None
    laser_power: PowerFigure | None = None
    ports_per_laser: int | None = Field(default=None, ge=1, le=1024)
    laser_cost: CostFigure | None = None
    laser_fit: FitFigure | None = None
    serviceable: bool = False
    cost: CostFigure
    latency: TimeFigure
    fit: FitFigure

    @model_validator(mode="after")
    def _consistent(self) -> Option:
        self._check_package()
        if self.lanes % self.breakout:
            raise ValueError(f"{self.lanes} lanes cannot be split evenly over {self.breakout} links (breakout)")
        if (self.power is None) == (self.energy_per_bit is None):
            raise ValueError("give exactly one of 'power' or 'energy_per_bit'")
        total = (self.lane_rate * self.lanes).m_as("Gbit/s")
        if abs(total - self.rate.m_as("Gbit/s")) > 0.01 * self.rate.m_as("Gbit/s"):
            raise ValueError(f"lanes x lane_rate = {total:g} Gbit/s does not equal rate "
                             f"{self.rate.m_as('Gbit/s'):g} Gbit/s")
        laser_fields = [self.laser_power, self.ports_per_laser, self.laser_cost, self.laser_fit]
        if any(f is not None for f in laser_fields):
            if self.option_class not in ENGINE_CLASSES:
                raise ValueError("external laser fields (laser_*) belong to cpo/npo options only")
            if self.laser_power is None or self.ports_per_laser is None:
                raise ValueError("an external laser needs both 'laser_power' and 'ports_per_laser'")
        if self.serviceable and self.option_class not in ENGINE_CLASSES:
            raise ValueError("'serviceable' says a cpo/npo engine can be replaced without its switch; modules and "
                             "cables are always replaced on their own")
        copper = self.option_class in COPPER_CLASSES
        if copper != (self.media is Media.COPPER):
            raise ValueError(f"class '{self.option_class}' does not match media '{self.media}'")
        if self.fibers is not None and copper:
            raise ValueError("'fibers' counts fiber strands of optical parts; a copper cable has none")
        return self

    def _check_package(self) -> None:
        engine = self.option_class in ENGINE_CLASSES
        if engine != (self.form_factor is FormFactor.ENGINE):
            raise ValueError(f"form_factor '{self.form_factor}' does not match class '{self.option_class}': cpo/npo "
                             "options are engine ports (form_factor 'engine'); every other part plugs into a cage")
        if self.split > 1 and not (self.option_class in CABLE_CLASSES and self.breakout % self.split == 0):
            raise ValueError(f"split = {self.split}: only a cable splits, into legs that each carry a whole "
                             f"number of its {self.breakout} links")
        if self.leg_form_factor is not None and self.split == 1:
            raise ValueError("'leg_form_factor' is the plug of each leg of a splitter cable (split > 1)")
        leg_lanes = FORM_FACTOR_LANES.get(self.leg_form_factor or self.form_factor)
        if self.split > 1 and leg_lanes is not None and self.lanes // self.split > leg_lanes:
            raise ValueError(f"{self.lanes // self.split} lanes per leg do not fit form factor "
                             f"'{self.leg_form_factor or self.form_factor}' ({leg_lanes} lanes)")
        cage_lanes = FORM_FACTOR_LANES.get(self.form_factor)
        if cage_lanes is not None and self.lanes > cage_lanes:
            raise ValueError(f"{self.lanes} electrical lanes do not fit form factor '{self.form_factor}' "
                             f"({cage_lanes} lanes)")

    @property
    def host_form_factor(self) -> FormFactor:
        """The plug at a host port: a splitter cable's leg, else the part's own form factor."""
        return self.leg_form_factor if self.leg_form_factor is not None else self.form_factor


    @property
    def fiber_strands(self) -> int:
        """Fiber strands one part takes: ``fibers``, else one per lane and direction (parallel optics)."""
        return self.fibers if self.fibers is not None else 2 * self.lanes

    @property
    def is_cable(self) -> bool:
        """A cable assembly is one part per link (both ends); a module is one part per end."""
        return self.option_class in CABLE_CLASSES

    @cached_property
    def link_rate(self) -> pint.Quantity:
        """Rate of each link this part serves (rate / breakout)."""
        return (self.rate / self.breakout).to("Gbit/s")

    @cached_property
    def part_power(self) -> Figure:
        """Power of one part, from ``power`` or from ``energy_per_bit`` x ``rate``."""
        if self.power is not None:
            return self.power
        assert self.energy_per_bit is not None
        return self.energy_per_bit.scaled(self.rate, "W")

    @cached_property
    def part_energy_per_bit(self) -> Figure:
        """Energy per bit of one part, from ``energy_per_bit`` or from ``power`` / ``rate``."""
        if self.energy_per_bit is not None:
            return self.energy_per_bit
        return self.part_power.scaled(1 / self.rate, "pJ/bit")


class PortConfig(StrictModel):
    """``count`` ports at ``rate`` (one port configuration of a switch or NIC)."""

    count: int = Field(ge=1, le=100_000)
    rate: BitRate


def ports_at(configs: tuple[PortConfig, ...], link_rate: pint.Quantity) -> int:
    """Links of ``link_rate`` the configurations can serve, breakout included (0 if none)."""
    link = link_rate.m_as("Gbit/s")
    best = 0
    for config in configs:
        rate = config.rate.m_as("Gbit/s")
        ratio = rate / link
        if ratio >= 1 and abs(ratio - round(ratio)) < 1e-9:
            best = max(best, config.count * round(ratio))
    return best


Protocol = Literal["ethernet", "infiniband"]


class NicMode(StrictModel):
    """The link rates one NIC port can run under one protocol (ConnectX-8: InfiniBand 1 x 800G;
    Ethernet 2 x 400G, since 800GbE on a single port is not supported)."""

    protocol: Protocol
    link_rates: tuple[BitRate, ...] = Field(min_length=1)


class Switch(_Entry):
    """A switch system: ASIC, ports, system power (without pluggable optics), price, latency."""

    asic: str
    capacity: BitRate
    ports: tuple[PortConfig, ...] = Field(min_length=1)
    serdes_lanes: int = Field(ge=1)
    serdes_rate: BitRate
    asic_power: PowerFigure | None = None
    power: PowerFigure
    power_includes_optics: bool = False
    cost: CostFigure
    latency: TimeFigure
    attachment: Attachment
    accepts: tuple[OptionClass, ...] = Field(min_length=1)
    engines: tuple[str, ...] = ()
    cages: tuple[Cage, ...] = ()
    serdes_modes: tuple[SerdesMode, ...] = ()
    fit: FitFigure | None = None
    protocols: tuple[Protocol, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Switch:
        if self.engines and self.attachment is Attachment.PLUGGABLE:
            raise ValueError("'engines' lists the optical engines of a cpo/npo switch; a pluggable switch has none")
        capacity = self.capacity.m_as("Gbit/s")
        for config in self.ports:
            if config.count * config.rate.m_as("Gbit/s") > capacity * 1.001:
                raise ValueError(f"port configuration {config.count} x {config.rate:~C} exceeds "
                                 f"capacity {self.capacity:~C}")
        engines = set(self.accepts) & ENGINE_CLASSES
        if self.attachment is Attachment.PLUGGABLE and engines:
            raise ValueError(f"a pluggable switch cannot accept {sorted(engines)} options")
        if self.attachment is not Attachment.PLUGGABLE and self.attachment.value not in self.accepts:
            raise ValueError(f"a {self.attachment} switch must accept '{self.attachment}' options")
        if self.power_includes_optics and self.attachment is Attachment.PLUGGABLE:
            raise ValueError("'power_includes_optics' applies to cpo/npo switches only")
        return self

    def radix(self, link_rate: pint.Quantity) -> int:
        """Ports at ``link_rate`` (breakout of faster ports counted)."""
        return ports_at(self.ports, link_rate)

    @property
    def serdes(self) -> tuple[SerdesMode, ...]:
        """Every SerDes mode of the ASIC: ``serdes_lanes`` x ``serdes_rate`` first, then ``serdes_modes``."""
        return (SerdesMode(lanes=self.serdes_lanes, rate=self.serdes_rate), *self.serdes_modes)


class Nic(_Entry):
    """A network adapter: ports, power without optics, price, classes its SerDes can drive.

    ``cages``: the cage of each card variant (ConnectX-7: one OSFP, or one QSFP112); ``serdes``: the
    electrical lanes of ONE port in each mode it runs (ConnectX-8: 4 x 200G or 4 x 100G).
    ``optical_io``: ids of cpo options co-packaged on the NIC (its optical engines); only those may sit at
    its end, and a NIC without them takes no engine.
    """

    ports: tuple[PortConfig, ...] = Field(min_length=1)
    power: PowerFigure
    cost: CostFigure
    accepts: tuple[OptionClass, ...] | None = None
    fit: FitFigure | None = None
    modes: tuple[NicMode, ...] = ()
    optical_io: tuple[str, ...] = ()
    cages: tuple[Cage, ...] = ()
    serdes: tuple[SerdesMode, ...] = ()

    def ports_at(self, link_rate: pint.Quantity) -> int:
        return ports_at(self.ports, link_rate)

    def link_rates(self, protocol: str | None) -> list[float]:
        """Link rates (Gbit/s) a port runs under ``protocol`` (under any protocol when None)."""
        return sorted({r.m_as("Gbit/s") for m in self.modes if protocol is None or m.protocol == protocol
                       for r in m.link_rates})


EntryKind = Literal["option", "switch", "nic", "accelerator", "ocs", "source"]
ENTRY_MODELS: dict[str, type[StrictModel]] = {"source": Source, "option": Option, "switch": Switch, "nic": Nic}
