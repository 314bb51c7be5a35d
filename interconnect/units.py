"""The one pint registry of the package, the dimensions it knows, and safe parsing.

Every quantity in interconnect comes from ``ureg``. Currency (USD) is its own base dimension, so
money never silently converts to anything physical. Bit rates are written ``Gbit/s``; on input the
shorthands ``800G``, ``1.6T``, ``800 Gb/s`` and ``800 Gbps`` are read as *data rate* by our own rule
(pint alone reads ``Gbps`` as gigabaud, a symbol rate).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pint

__all__ = [
    "DIMENSIONS",
    "HOURS_PER_YEAR",
    "Q_",
    "Dimension",
    "Quantity",
    "UnitParseError",
    "format_number",
    "format_quantity",
    "parse_quantity",
    "quantity_to_json",
    "same_dimension",
    "unit_label",
    "ureg",
]


from interconnect.unit_registry import _build_registry

ureg: pint.UnitRegistry = _build_registry(autoconvert_offset_to_baseunit=False, on_redefinition="raise")
ureg.define("USD = [currency] = _ = usd")
ureg.define("kUSD = 1e3 USD")
ureg.define("MUSD = 1e6 USD")
# FIT: failures per 1e9 device-hours (Telcordia SR-332 / GR-468 convention).
ureg.define("FIT = 1e-9 / hour")
ureg.formatter.default_format = "~C"
# pickled quantities (Dask workers, process pools) come back into this registry, which knows USD and FIT
pint.set_application_registry(ureg)  # type: ignore[no-untyped-call]

Q_ = ureg.Quantity
Quantity = pint.Quantity


class UnitParseError(ValueError):
    """A quantity string that is not a number followed by a unit of the expected dimension."""


@dataclass(frozen=True)
class Dimension:
    """A named physical dimension with the unit figures are stored and reported in."""

    name: str
    unit: str
    maximum: float = 1e12  # the largest magnitude accepted on input, in ``unit`` (results stay finite)

    def check_limit(self, q: pint.Quantity) -> None:
        """``q`` (any magnitude, array included) is at most ``maximum`` in size, in this dimension's unit."""
        m = np.abs(np.asarray(q.to(self.unit).magnitude, dtype=float))
        if np.any(np.isfinite(m) & (m > self.maximum)):  # NaN and infinity are refused by the finite checks
            shown = format_quantity(q) if m.size == 1 else "a value"
            raise UnitParseError(f"{shown} is above the limit of {self.maximum:g} "
                                 f"{unit_label(ureg.parse_units(self.unit))} ({self.name})")

    @property
    def dimensionality(self) -> Any:
        return ureg.parse_units(self.unit).dimensionality

    def check(self, q: pint.Quantity) -> None:
        """``q`` has this dimension, information (bits) included: pint treats the bit as dimensionless, so
        ``800 GHz`` would pass as a bit rate and ``500 m*bit`` as a length without the second test."""
        names = q.units._units if hasattr(q.units, "_units") else {}
        if any(name.endswith("baud") for name in names):
            raise UnitParseError(f"{format_quantity(q)!r} is a symbol rate (baud), not a data rate: write the data "
                                 "rate, e.g. '800 Gbit/s'")
        if q.dimensionality != self.dimensionality or information_power(q.units) != information_power(self.unit):
            bits = information_power(q.units)
            found = f"{q.dimensionality}" + (f" and bit^{bits}" if bits else "")
            raise UnitParseError(
                f"expected a {self.name} (for example {self.unit!r}), found {format_quantity(q)!r} "
                f"with dimension {found}"
            )


def same_dimension(q: pint.Quantity, unit: str) -> bool:
    """``q`` can be written in ``unit``: same dimensionality and the same power of the bit, and no baud."""
    names = q.units._units if hasattr(q.units, "_units") else {}
    if any(name.endswith("baud") for name in names):
        return False
    reference = ureg.parse_units(unit)
    return bool(q.dimensionality == reference.dimensionality
                and information_power(q.units) == information_power(reference))


def information_power(units: Any) -> int:
    """The power of the bit in ``units`` (1 for ``Gbit/s``, -1 for ``pJ/bit``, 0 for ``GHz``, ``W``)."""
    root = ureg.get_root_units(units)[1]
    power: Any = root._units.get("bit", 0)
    return int(power)


DIMENSIONS: dict[str, Dimension] = {
    d.name: d
    for d in (
        Dimension("power", "W", 1e9),
        Dimension("energy per bit", "pJ/bit", 1e6),
        Dimension("bit rate", "Gbit/s", 1e7),
        Dimension("length", "m", 1e8),
        Dimension("cost", "USD", 1e13),
        Dimension("time", "ns", 1e15),
        Dimension("failure rate", "FIT", 1e12),
        Dimension("energy", "kWh", 1e15),
        Dimension("energy price", "USD/kWh", 1e4),
        Dimension("duration", "year", 1e3),
        Dimension("delay per length", "ns/m", 1e6),
        Dimension("loss", "dB", 1e3),
        Dimension("dimensionless", "dimensionless"),
    )
}

HOURS_PER_YEAR = 8766.0  # 365.25 days: the year of every rate "per year" and of FIT conversions

_MAX_LEN = 80
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d{1,3})?"
_NUMBER_UNIT = re.compile(rf"^\s*(?P<num>{_NUMBER}|nan|NaN|inf|-inf)\s*(?P<unit>.*?)\s*$")
_UNIT_CHARS = re.compile(r"^[A-Za-zµμ_/*·^ ()0-9.\-]*$")
_RATE_SHORTHAND = re.compile(r"^(?P<prefix>[kMGTP])(?:(?:b|bit)(?:/s|ps))?$")  # 800G, 800 Gb/s, 800 Gbps
_SYMBOL_RATE = re.compile(r"(?i)^[kMGTP]?(?:bd|baud)$")
_PREFIX = {"k": "kbit/s", "M": "Mbit/s", "G": "Gbit/s", "T": "Tbit/s", "P": "Pbit/s"}


def _parse_unit(unit_text: str) -> pint.Unit:
    text = unit_text.replace("·", "*").replace("^", "**")
    if _SYMBOL_RATE.match(text):
        raise UnitParseError(
            f"{unit_text!r} is a symbol rate (baud), not a data rate: write the data rate, e.g. '800 Gbit/s'"
        )
    if text.replace(" ", "") in ("bps", "b/s"):
        return ureg.parse_units("bit/s")
    shorthand = _RATE_SHORTHAND.match(text.replace(" ", ""))
    if shorthand:
        return ureg.parse_units(_PREFIX[shorthand.group("prefix")])
    if not _UNIT_CHARS.match(text):
        raise UnitParseError(f"{unit_text!r} contains characters that are not part of a unit")
    try:
        return ureg.parse_units(text)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError) as exc:
        raise UnitParseError(f"unknown unit {unit_text!r}") from exc
    except Exception as exc:  # pint's tokenizer raises assorted errors on junk
        raise UnitParseError(f"cannot read {unit_text!r} as a unit") from exc


def parse_quantity(value: Any, dimension: str | None = None) -> pint.Quantity:
    """Read ``"15 W"``, ``"800G"``, ``"$900"``, ``{value = 15, unit = "W"}`` or a Quantity.

    The string is split into a number (``float``) and a unit expression parsed by the registry's unit
    parser only, so input can never run code; its length is capped. When ``dimension`` names an entry of
    ``DIMENSIONS`` the result must have that dimension.
    """
    q: pint.Quantity
    if isinstance(value, pint.Quantity):
        q = value if value._REGISTRY is ureg else Q_(value.magnitude, str(value.units))
    elif isinstance(value, dict):
        if set(value) != {"value", "unit"}:
            raise UnitParseError(f"a quantity table needs exactly 'value' and 'unit', found {sorted(value)}")
        number, unit = value["value"], value["unit"]
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise UnitParseError(f"'value' must be a number, found {number!r}")
        if not isinstance(unit, str):
            raise UnitParseError(f"'unit' must be a string, found {unit!r}")
        q = Q_(float(number), _parse_unit(unit.strip()))
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > _MAX_LEN:
            raise UnitParseError(f"quantity text longer than {_MAX_LEN} characters")
        if text.startswith("$"):
            text = text[1:].strip() + " USD"
        match = _NUMBER_UNIT.match(text)
        if not match:
            raise UnitParseError(f"{value!r} is not a number followed by a unit (e.g. '15 W')")
        unit_text = match.group("unit")
        if not unit_text and dimension not in (None, "dimensionless"):
            raise UnitParseError(f"{value!r} has no unit; expected a {dimension} such as "
                                 f"'{DIMENSIONS[dimension].unit}'")
        q = Q_(float(match.group("num")), _parse_unit(unit_text) if unit_text else ureg.dimensionless)
    elif isinstance(value, bool):
        raise UnitParseError(f"expected a quantity, found {value!r}")
    elif isinstance(value, int | float):
        raise UnitParseError(f"bare number {value!r} has no unit; write it with one, e.g. '{value} W'")
    else:
        raise UnitParseError(f"expected a quantity such as '15 W', found {type(value).__name__}")
    if dimension is not None:
        DIMENSIONS[dimension].check(q)
        DIMENSIONS[dimension].check_limit(q)
    return q


def quantity_to_json(q: pint.Quantity, unit: str | None = None) -> dict[str, Any]:
    """``{"value": number or list, "unit": "W"}``; ``unit`` converts first."""
    if unit is not None:
        q = q.to(unit)
    magnitude = q.magnitude
    if isinstance(magnitude, np.ndarray):
        value: Any = [_json_number(x) for x in magnitude.ravel().tolist()]
        if magnitude.ndim == 0:
            value = value[0]
    else:
        value = _json_number(magnitude)
    return {"value": value, "unit": unit_label(q.units)}


def _json_number(x: Any) -> float | int | None:
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, int | np.integer):
        return int(x)
    f = float(x)
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"  # type: ignore[return-value]  # JSON has no infinity
    return None if math.isnan(f) else f


_LABELS = {"1/a": "1/year", "a": "year", "1/h": "1/hour"}


def unit_label(units: Any) -> str:
    """A compact unit label (``W``, ``pJ/bit``, ``Gbit/s``, ``USD``; empty for dimensionless)."""
    text = format(units, "~C")
    if not text:
        return ""
    return _LABELS.get(text, text)


def format_quantity(q: pint.Quantity, unit: str | None = None, digits: int = 4) -> str:
    """Human text of a scalar quantity, ``digits`` significant digits: ``"8.8 W"``."""
    if unit is not None:
        q = q.to(unit)
    m = q.magnitude
    if isinstance(m, np.ndarray):
        m = m.item() if m.size == 1 else m
    if isinstance(m, np.ndarray):
        return f"{np.array2string(m, precision=digits)} {unit_label(q.units)}"
    return f"{float(m):.{digits}g} {unit_label(q.units)}".strip()


def format_number(x: Any) -> str:
    """A readable number: thousands separators for large values, 4 significant digits below 100."""
    x = float(x)
    if np.isinf(x):
        return "infinite" if x > 0 else "-infinite"  # e.g. the MTBF of parts with 0 FIT
    if not np.isfinite(x):
        return "n/a"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1e5:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:,.1f}"
    return f"{x:.4g}"
