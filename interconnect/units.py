"""The one pint registry of the package, the dimensions it knows, and safe parsing.

Every quantity in interconnect comes from ``ureg``. Currency (USD) is its own base dimension, so
money never silently converts to anything physical. Bit rates are written ``Gbit/s``; on input the
shorthands ``800G``, ``1.6T``, ``800 Gb/s`` and ``800 Gbps`` are read as *data rate* by our own rule
(pint alone reads ``Gbps`` as gigabaud, a symbol rate).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
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


class _Registry(pint.UnitRegistry):
    """pint's registry, remembering parsed unit expressions (``"Gbit/s"``, ``"USD/kWh"``).

    pint re-parses every unit string on each ``.to("...")``/``.m_as("...")``; parsing is pure, so the
    result is kept until a definition or the set of active contexts changes.
    """

    def __init__(self, **options: Any) -> None:
        self._parsed_units: dict[tuple[str, bool | None, bool | None], Any] = {}
        super().__init__(**options)

    def parse_units_as_container(self, input_string: str, as_delta: bool | None = None,
                                 case_sensitive: bool | None = None) -> Any:
        key = (input_string, as_delta, case_sensitive)
        found = self._parsed_units.get(key)
        if found is None:
            found = self._parsed_units[key] = super().parse_units_as_container(input_string, as_delta,
                                                                               case_sensitive)
        return found

    def define(self, definition: Any) -> None:
        self._parsed_units.clear()
        super().define(definition)

    def enable_contexts(self, *names_or_contexts: Any, **kwargs: Any) -> None:
        self._parsed_units.clear()
        super().enable_contexts(*names_or_contexts, **kwargs)

    def disable_contexts(self, n: int | None = None) -> None:
        self._parsed_units.clear()
        super().disable_contexts(n)


def _cache_folder(name: str) -> Path | None:
    """The package's cache folder ``name`` (unit definitions, catalogs), or None (``interconnect.data_cache``)."""
    from interconnect.data_cache import cache_folder

    return cache_folder(name)


_DEFINITIONS_FORMAT = "1"


def _definition_codec() -> Any:
    """Builds pint's parsed definitions (dataclasses of its definition modules) and unit containers only."""
    import importlib

    from interconnect.data_cache import Codec, classes_in

    modules = [importlib.import_module(f"pint.{name}") for name in (
        "delegates.txt_defparser.plain", "delegates.txt_defparser.context", "delegates.txt_defparser.system",
        "delegates.txt_defparser.group", "delegates.txt_defparser.defaults", "facets.plain.definitions",
        "facets.nonmultiplicative.definitions", "facets.context.definitions", "facets.group.definitions",
        "facets.system.definitions")]
    helper, container = pint.util.ParserHelper, pint.util.UnitsContainer

    def make_helper(data: Any) -> Any:
        scale, items = data
        return helper(float(scale), dict(items), non_int_type=float)

    def make_container(items: Any) -> Any:
        if not all(isinstance(k, str) and isinstance(v, int | float) for k, v in items):
            raise ValueError("malformed unit container in a cache entry")
        return container(dict(items), non_int_type=float)

    return Codec([c for c in classes_in(modules) if dataclasses.is_dataclass(c)],
                 {helper: ("ph", lambda h: [h.scale, [[k, v] for k, v in h.items()]], make_helper),
                  container: ("uc", lambda c: [[k, v] for k, v in c.items()], make_container)})


_REGISTRY_CACHE_FIELDS = ("dimensional_equivalents", "root_units", "dimensionality", "parse_unit")


class _CachedRegistry(_Registry):
    """The registry, its definitions and derived tables read from a JSON cache entry.

    Parsing pint's definition text and deriving its tables (root units, dimensionalities) is nearly all of
    building a registry (~130 ms). Both results are plain data (names, converters, unit containers),
    stored as JSON keyed by the bytes of pint's definition files and the versions
    (``interconnect.data_cache``: no pickle; a bad entry is rebuilt).
    """

    def __init__(self, folder: Path, **options: Any) -> None:
        self._definitions_folder = folder
        self._entry: tuple[str, str] | None = None
        self._definitions: list[Any] | None = None
        self._restored: dict[str, Any] | None = None
        super().__init__(**options)

    def load_definitions(self, file: Any, is_resource: bool = False) -> Any:
        if not isinstance(file, str | Path) or self._entry is not None:
            return super().load_definitions(file, is_resource)
        from interconnect.data_cache import read_entry

        root = Path(pint.__file__).parent
        digest = hashlib.sha256(f"{_DEFINITIONS_FORMAT}|{pint.__version__}|{sys.version}|{file}".encode())
        for name in ("default_en.txt", "constants_en.txt"):
            digest.update((root / name).read_bytes())
        key = digest.hexdigest()[:32]
        self._entry = (f"units-{key}.json", key)
        body = read_entry(self._definitions_folder / self._entry[0], key)
        restored = None
        if isinstance(body, dict):
            with contextlib.suppress(Exception):
                restored = _definition_codec().decode(body)
        if isinstance(restored, dict) and isinstance(restored.get("definitions"), list) \
                and isinstance(restored.get("tables"), dict) and set(restored["tables"]) == set(_REGISTRY_CACHE_FIELDS):
            self._restored = restored
            definitions = restored["definitions"]
        else:
            parser: Any = self._def_parser
            definitions = self._definitions = list(parser.iter_parsed_project(parser.parse_file(file)))
        for definition in definitions:
            self._helper_dispatch_adder(definition)
        return None

    def _build_cache(self, loaded_files: Any = None) -> None:
        from pint.facets.plain.registry import RegistryCache

        if self._restored is not None:
            self._cache = RegistryCache()
            for name in _REGISTRY_CACHE_FIELDS:
                setattr(self._cache, name, self._restored["tables"][name])
            self._caches[()] = self._cache  # what pint's context facet does after building the tables
            self._restored = None
            return
        super()._build_cache(None)
        if self._definitions is not None and self._entry is not None:
            from interconnect.data_cache import write_entry

            tables = {name: getattr(self._cache, name) for name in _REGISTRY_CACHE_FIELDS}
            with contextlib.suppress(TypeError):
                body = _definition_codec().encode({"definitions": self._definitions, "tables": tables})
                write_entry(self._definitions_folder, self._entry[0], self._entry[1], body, 4, "units-*.json")
            self._definitions = None


def _build_registry(**options: Any) -> pint.UnitRegistry:
    """The registry, its definition files read from our JSON cache when it is whole (about 5x faster).

    Any cache trouble (read-only home, a bad or foreign entry) falls back to parsing the definitions.
    """
    folder = _cache_folder("units")
    if folder is not None:
        try:
            return _CachedRegistry(folder, **options)
        except Exception:  # a cache must never stop the program
            pass
    return _Registry(**options)


ureg: pint.UnitRegistry = _build_registry(autoconvert_offset_to_baseunit=False, on_redefinition="raise")
ureg.define("USD = [currency] = _ = usd")
ureg.define("kUSD = 1e3 USD")
ureg.define("MUSD = 1e6 USD")
# FIT: failures per 1e9 device-hours (Telcordia SR-332 / GR-468 convention).
ureg.define("FIT = 1e-9 / hour")
ureg.formatter.default_format = "~C"

Q_ = ureg.Quantity
Quantity = pint.Quantity


class UnitParseError(ValueError):
    """A quantity string that is not a number followed by a unit of the expected dimension."""


@dataclass(frozen=True)
class Dimension:
    """A named physical dimension with the unit figures are stored and reported in."""

    name: str
    unit: str

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
        Dimension("power", "W"),
        Dimension("energy per bit", "pJ/bit"),
        Dimension("bit rate", "Gbit/s"),
        Dimension("length", "m"),
        Dimension("cost", "USD"),
        Dimension("time", "ns"),
        Dimension("failure rate", "FIT"),
        Dimension("energy", "kWh"),
        Dimension("energy price", "USD/kWh"),
        Dimension("duration", "year"),
        Dimension("delay per length", "ns/m"),
        Dimension("loss", "dB"),
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
    if not np.isfinite(x):
        return "n/a"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1e5:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:,.1f}"
    return f"{x:.4g}"
