"""The fabric description: accelerators, planes (independent networks), the year and economics.

Numeric inputs may be numpy arrays (a sweep): accelerators, the year, link lengths, electricity price,
its growth, lifetime, PUE and discount rate broadcast together; a scalar is the one-point case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeAlias

import numpy as np
import pint
from pydantic import BeforeValidator, Field, PlainSerializer, PlainValidator, model_validator

from interconnect.catalog.figures import StrictModel
from interconnect.units import DIMENSIONS, UnitParseError, parse_quantity, quantity_to_json, same_dimension

__all__ = ["MAX_TIERS", "Economics", "Fabric", "Job", "Plane", "PlaneRole", "Protocol", "SwitchCounts"]

MAX_TIERS = 3  # fat-tree tiers
MAX_GROUPS = 8  # link groups of any topology (one length each)
MAX_ARRAY = 100_000  # values in one swept (array) input of a file: the --vary limit (sweep.MAX_POINTS)
PlaneRole = Literal["scale-out", "front-end", "scale-up"]
Protocol = Literal["ethernet", "infiniband"]
SwitchCounts = Literal["bin-packed", "striped"]
_DEFAULTS_OF_TOPOLOGY_FIELDS = {"tiers": "auto", "oversubscription": (), "rail_optimized": False, "link_rates": (),
                                "switch_counts": "bin-packed", "scalable_unit": None,
                                "domain_size": None, "domain_levels": 1,
                                "torus_shape": (), "cube_shape": (), "ocs": None}


def _whole_number(value: Any) -> Any:
    """Reject what pydantic would read as a whole number but a user did not mean: true, "8"."""
    if isinstance(value, bool) or (isinstance(value, str) and value != "auto"):
        raise ValueError(f"expected a whole number, found {value!r}")
    return value


Whole = BeforeValidator(_whole_number)


def _array_quantity_validator(dimension: str, minimum: float = 0.0,
                              strictly_positive: bool = False) -> Callable[[Any], pint.Quantity]:
    """A quantity whose magnitude may be a 1-D array (a sweep); finite and >= minimum."""

    def validate(value: Any) -> pint.Quantity:
        if isinstance(value, list | tuple):
            if not value:
                raise UnitParseError(f"expected a {dimension} or a non-empty list of them, found []")
            if len(value) > MAX_ARRAY:
                raise UnitParseError(f"a file array has at most {MAX_ARRAY:,} values (as --vary), found {len(value):,}")
            parts = [parse_quantity(v, dimension).to(DIMENSIONS[dimension].unit) for v in value]
            q = parts[0].__class__(np.array([p.magnitude for p in parts], dtype=float), parts[0].units)
        else:
            q = parse_quantity(value, dimension).to(DIMENSIONS[dimension].unit)
        m = np.asarray(q.magnitude, dtype=float)
        if m.ndim > 1:
            raise UnitParseError("a swept value must be a scalar or a 1-D array")
        if not np.all(np.isfinite(m)):
            raise UnitParseError(f"found a non-finite value in {q:~C}; expected finite numbers")
        if np.any(m < minimum) or (strictly_positive and np.any(m <= minimum)):
            raise UnitParseError(f"found {q:~C}; expected values {'>' if strictly_positive else '>='} {minimum:g}")
        return q.__class__(m if m.ndim else float(m), q.units)

    return validate


def _shown(arr: np.ndarray) -> str:
    """A short text of a value or array for error messages (first values only)."""
    values = [f"{v:g}" for v in np.atleast_1d(arr)[:6]]
    more = ", ..." if arr.size > 6 else ""
    return values[0] if arr.ndim == 0 else f"[{', '.join(values)}{more}]"


def _array_number_validator(minimum: float, integer: bool, maximum: float = 1e12) -> Callable[[Any], Any]:
    """A plain count or ratio that may be a 1-D array; checked finite and >= minimum."""

    def validate(value: Any) -> int | float | np.ndarray:
        if isinstance(value, (bool, str, dict)) or (isinstance(value, list | tuple) and len(value) > MAX_ARRAY):
            if isinstance(value, list | tuple):
                raise ValueError(f"a file array has at most {MAX_ARRAY:,} values (as --vary), found {len(value):,}")
            raise ValueError(f"expected a number, found {value!r}")
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(f"expected a number or a 1-D array of numbers, found {value!r}") from None
        if arr.ndim > 1 or arr.size == 0:
            raise ValueError("expected a number or a 1-D array of numbers")
        if not np.all(np.isfinite(arr)):
            raise ValueError("expected finite numbers (found NaN or infinity)")
        if np.any(arr < minimum) or np.any(arr > maximum):
            raise ValueError(f"expected values from {minimum:g} to {maximum:g}, found {_shown(arr)}")
        if integer and np.any(arr != np.round(arr)):
            raise ValueError(f"expected whole numbers, found {_shown(arr)}")
        if arr.ndim == 0:
            return int(arr) if integer else float(arr)
        return arr.astype(np.int64) if integer else arr

    return validate


def _plain_array(v: Any) -> Any:
    return v.tolist() if isinstance(v, np.ndarray) else v


def _fraction_validator(minimum: float, maximum: float) -> Callable[[Any], Any]:
    """A plain fraction (``0.08``) or a percentage (``"8 percent"``, ``"8 %"``), or a 1-D array of them."""
    number = _array_number_validator(minimum, integer=False, maximum=maximum)

    def validate(value: Any) -> float | np.ndarray:
        if isinstance(value, str | pint.Quantity) or (isinstance(value, list | tuple) and value
                                                      and all(isinstance(v, str) for v in value)):
            texts = value if isinstance(value, list | tuple) else [value]
            parsed = [parse_quantity(t.replace("%", " percent") if isinstance(t, str) else t, "dimensionless")
                      for t in texts]
            values = [float(q.m_as("")) for q in parsed]
            value = values if isinstance(value, list | tuple) else values[0]
        result: float | np.ndarray = number(value)
        return result

    return validate


def _year_validator(value: Any) -> int | float | np.ndarray:
    """A calendar year (or a 1-D array of years, a sweep), 1990 to 2100; whole years stay integers."""
    years = _array_number_validator(1990, integer=False, maximum=2100)(value)
    if np.ndim(years) == 0 and float(years) == int(years):
        return int(years)
    return years


Count: TypeAlias = Annotated[Any, PlainValidator(_array_number_validator(1, integer=True)),
                             PlainSerializer(_plain_array)]
Ratio: TypeAlias = Annotated[Any, PlainValidator(_array_number_validator(1, integer=False)),
                             PlainSerializer(_plain_array)]
Fraction: TypeAlias = Annotated[Any, PlainValidator(_fraction_validator(0.0, 1.0)), PlainSerializer(_plain_array)]
Growth: TypeAlias = Annotated[Any, PlainValidator(_fraction_validator(-0.5, 1.0)), PlainSerializer(_plain_array)]
Year: TypeAlias = Annotated[Any, PlainValidator(_year_validator), PlainSerializer(_plain_array)]
LinkLength: TypeAlias = Annotated[pint.Quantity, PlainValidator(_array_quantity_validator("length")),
                                  PlainSerializer(quantity_to_json)]
EnergyPrice: TypeAlias = Annotated[pint.Quantity, PlainValidator(_array_quantity_validator("energy price")),
                                   PlainSerializer(quantity_to_json)]
Lifetime: TypeAlias = Annotated[pint.Quantity, PlainValidator(_array_quantity_validator("duration",
                                                                                          strictly_positive=True)),
                                PlainSerializer(quantity_to_json)]


def _per_metre(value: Any) -> pint.Quantity:
    q = parse_quantity(value)
    if not same_dimension(q, "USD/m"):
        raise UnitParseError(f"expected a cost per strand-metre such as '0.05 USD/m', found {q:~C}")
    m = float(q.magnitude)
    if not np.isfinite(m) or m < 0 or m > 1e6:
        raise UnitParseError(f"expected a finite non-negative cost of at most 1e+06 USD/m, found {q:~C}")
    return q.to("USD/m")


FiberCostPerMetre = Annotated[pint.Quantity, PlainValidator(_per_metre), PlainSerializer(quantity_to_json)]


def _per_hour(value: Any) -> pint.Quantity:
    """A price per accelerator-hour (``"2 USD/hour"``), or a 1-D array of them (a sweep)."""
    texts = value if isinstance(value, list | tuple) else [value]
    parsed = [parse_quantity(t) for t in texts]
    if not parsed:
        raise UnitParseError("expected a price per accelerator-hour such as '2 USD/hour', found []")
    for q in parsed:
        if q.dimensionality != parse_quantity("1 USD/hour").dimensionality:
            raise UnitParseError(f"expected a price per accelerator-hour such as '2 USD/hour', found {q:~C}")
    m = np.array([float(q.m_as("USD/hour")) for q in parsed])
    if not np.all(np.isfinite(m)) or np.any(m < 0):
        raise UnitParseError(f"expected finite non-negative prices, found {_shown(m)} USD/hour")
    return parse_quantity("1 USD/hour") * (m if isinstance(value, list | tuple) else float(m[0]))


PricePerHour = Annotated[pint.Quantity, PlainValidator(_per_hour), PlainSerializer(quantity_to_json)]


def _port_rate(value: Any) -> pint.Quantity:
    q = parse_quantity(value, "bit rate").to("Gbit/s")
    if not np.isfinite(q.magnitude) or q.magnitude <= 0:
        raise UnitParseError(f"a port rate must be a finite bit rate above zero, found {q:~C}")
    return q


class Economics(StrictModel):
    """Energy price (and its yearly growth), lifetime, PUE, passive-cabling cost and the discount rate.

    ``electricity_price`` is the price in the first year of operation; ``electricity_price_growth`` its
    change per year (a fraction: 0.03 = +3 % a year); ``discount_rate`` the yearly rate money is
    discounted at for the present values (``cost.energy_npv``, ``cost.tco_npv``). Both default to 0, which
    leaves every other figure as without them. Defaults and formulas: docs/methodology.md.
    """

    electricity_price: EnergyPrice = Field(default_factory=lambda: parse_quantity("0.08 USD/kWh"))
    electricity_price_growth: Growth = 0.0
    lifetime: Lifetime = Field(default_factory=lambda: parse_quantity("5 year"))
    pue: Ratio = 1.3
    fiber_cost: FiberCostPerMetre = Field(default_factory=lambda: parse_quantity("0.05 USD/m"))
    discount_rate: Fraction = 0.0
    accelerator_hour_price: PricePerHour = Field(default_factory=lambda: parse_quantity("2 USD/hour"))
    downtime_in_tco: bool = False


class Job(StrictModel):
    """The training job the failure model's job view is for (docs/methodology.md, "Failures, repair and
    goodput").

    ``accelerators``: how many the job uses (None: all of the fabric's); it sees that share of every part's
    failures. ``profile``: the catalog ``[[job]]`` with its checkpoint and restart times.
    ``tolerates_plane_loss``: the job keeps running, slower, when one parallel plane of a multi-plane
    network loses a link or switch (else every link loss stops it). ``exposed_communication``: the share
    of step time spent waiting on the scale-out network, the slowdown a lost plane's bandwidth causes.
    """

    accelerators: int | None = Field(default=None, ge=1, le=100_000_000)
    profile: str = Field(default="job-llm-pretraining", pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)
    tolerates_plane_loss: bool = False
    exposed_communication: Fraction = 0.2


PortRate: TypeAlias = Annotated[pint.Quantity, PlainValidator(_port_rate), PlainSerializer(quantity_to_json)]


class Plane(StrictModel):
    """One independent network (back end, front end or scale-up), built by its ``topology``.

    ``port_rate`` is the rate of one host (NIC) port; with ``planes = P`` each port is split into P links
    of ``port_rate / P``, one into each of P identical parallel planes. The host end is the ``nic`` or,
    without one, the ``accelerator``'s own ports. Fat-tree fields: ``tiers``, ``oversubscription``,
    ``rail_optimized``, ``link_rates``, ``switch_counts``, ``scalable_unit``; scale-up-domain fields:
    ``domain_size``, ``domain_levels``; torus fields: ``torus_shape``, ``cube_shape``, ``ocs``. Each
    topology checks its own fields (``Topology.validate``).
    """

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=40)
    role: PlaneRole = "scale-out"
    topology: str = "fat-tree"
    ports_per_accelerator: Annotated[int | None, Whole] = Field(default=None, ge=1, le=64)
    ports_per_server: Annotated[int | None, Whole] = Field(default=None, ge=1, le=64)
    port_rate: PortRate
    planes: Annotated[int, Whole] = Field(default=1, ge=1, le=16)
    protocol: Protocol | None = None
    tiers: Annotated[int | Literal["auto"], Whole] = "auto"
    switch: str | None = None
    nic: str | None = None
    accelerator: str | None = None
    rail_optimized: bool = False
    oversubscription: tuple[float, ...] = ()
    link_rates: tuple[PortRate, ...] = ()
    switch_counts: SwitchCounts = "bin-packed"
    scalable_unit: Annotated[int | None, Whole] = Field(default=None, ge=1, le=100_000)
    domain_size: Annotated[int | None, Whole] = Field(default=None, ge=1, le=100_000)
    domain_levels: Annotated[int, Whole] = Field(default=1, ge=1, le=2)
    torus_shape: tuple[Annotated[int, Field(ge=1, le=1024)], ...] = Field(default=(), max_length=3)
    cube_shape: tuple[Annotated[int, Field(ge=1, le=64)], ...] = Field(default=(), max_length=3)
    ocs: str | None = None
    link_lengths: tuple[LinkLength, ...] = Field(min_length=1, max_length=MAX_GROUPS)

    @model_validator(mode="after")
    def _consistent(self) -> Plane:
        from interconnect.topology import TOPOLOGIES

        if (self.ports_per_accelerator is None) == (self.ports_per_server is None):
            raise ValueError("give exactly one of 'ports_per_accelerator' or 'ports_per_server'")
        if self.topology not in TOPOLOGIES:
            raise ValueError(f"unknown topology {self.topology!r}; topologies: {sorted(TOPOLOGIES)}")
        fields = TOPOLOGIES[self.topology].fields
        foreign = [f for f, default in _DEFAULTS_OF_TOPOLOGY_FIELDS.items()
                   if f not in fields and getattr(self, f) != default]
        if foreign:
            raise ValueError(f"{', '.join(repr(f) for f in foreign)} do(es) not apply to topology {self.topology!r}")
        if self.nic is not None and self.accelerator is not None:
            raise ValueError("give 'nic' (its ports are the host end) or 'accelerator' (its own ports are), not both")
        TOPOLOGIES[self.topology].validate(self)
        return self

    @property
    def own_fields(self) -> tuple[str, ...]:
        """The plane fields that apply to its topology (the common ones and the topology's own)."""
        from interconnect.topology import TOPOLOGIES

        fields = TOPOLOGIES[self.topology].fields
        return tuple(f for f in type(self).model_fields if f not in _DEFAULTS_OF_TOPOLOGY_FIELDS or f in fields)

    @property
    def link_rate(self) -> pint.Quantity:
        """The rate of one link into one parallel plane: ``port_rate / planes``."""
        return (self.port_rate / self.planes).to("Gbit/s")

    @property
    def max_tiers(self) -> int:
        return self.tiers if isinstance(self.tiers, int) else len(self.link_lengths)

    def oversubscription_at(self, level: int) -> float:
        """Down:up ratio at switch level ``level`` (1-based); 1.0 when not given."""
        return self.oversubscription[level - 1] if level - 1 < len(self.oversubscription) else 1.0


class Fabric(StrictModel):
    """An AI cluster: accelerators, how they sit in servers and racks, its planes and its economics.

    ``year`` is the year the fabric is built (and evaluated): catalog figures with a trend are moved from
    their own year to it (docs/methodology.md, "Figures over time"). None: every part at its own year.
    """

    name: str = "fabric"
    description: str = ""
    accelerators: Count
    year: Year | None = None
    accelerators_per_server: Annotated[int, Whole] = Field(default=8, ge=1, le=1024)
    servers_per_rack: Annotated[int, Whole] = Field(default=4, ge=1, le=1024)
    planes: tuple[Plane, ...] = Field(min_length=1)
    economics: Economics = Field(default_factory=Economics)
    job: Job = Field(default_factory=Job)

    @model_validator(mode="after")
    def _planes(self) -> Fabric:
        names = [p.name for p in self.planes]
        if len(set(names)) != len(names):
            raise ValueError(f"plane names must be unique, found {names}")
        if not any(p.role == "scale-out" for p in self.planes):
            raise ValueError("a fabric needs a back-end 'scale-out' plane")
        if self.job.accelerators is not None and self.job.accelerators > np.min(self.accelerators):
            raise ValueError(f"the job's {self.job.accelerators:,} accelerators exceed the fabric's "
                             f"{int(np.min(self.accelerators)):,}")
        return self

    @property
    def swept_inputs(self) -> list[str]:
        """Names of the inputs given as arrays (a sweep); empty for a single-point fabric."""
        econ = self.economics
        swept = [name for name, value in (("accelerators", self.accelerators), ("year", self.year or 0),
                                          ("pue", econ.pue),
                                          ("electricity_price", econ.electricity_price.magnitude),
                                          ("electricity_price_growth", econ.electricity_price_growth),
                                          ("lifetime", econ.lifetime.magnitude),
                                          ("discount_rate", econ.discount_rate),
                                          ("accelerator_hour_price", econ.accelerator_hour_price.magnitude))
              if np.ndim(value) > 0]
        swept += [f"plane '{p.name}' link_lengths" for p in self.planes for q in p.link_lengths
                  if np.ndim(q.magnitude)]
        return swept

    def plane(self, name: str) -> Plane:
        for p in self.planes:
            if p.name == name:
                return p
        raise KeyError(f"no plane named {name!r}; planes: {[p.name for p in self.planes]}")

    def replace(self, **changes: Any) -> Fabric:
        """A validated copy with some fields changed (``accelerators=np.array([...])`` for a sweep)."""
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(changes)
        return type(self).model_validate(data)

