"""The package's pint registry class and its JSON cache of pint's parsed definitions (``interconnect.units``
builds the one registry from here)."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import sys
from pathlib import Path
from typing import Any

import pint

_SCALAR_MAGNITUDES = (float, int)
_MAGNITUDES_IN: dict[tuple[Any, Any, Any], Any] = {}  # (magnitude, units, target unit) -> magnitude in target
_MAGNITUDES_KEPT = 100_000  # entries; the cache starts afresh beyond this


class _Quantity(pint.UnitRegistry.Quantity):  # type: ignore[misc,name-defined]
    """pint's Quantity, remembering scalar conversions: ``q.m_as(unit)`` of a float or int magnitude is
    pure, so a catalog figure read in W, USD or Gbit/s over and over converts once (pint takes tens of
    microseconds per conversion; the calculator makes hundreds per evaluation). Arrays convert as before."""

    def m_as(self, units: Any) -> Any:
        magnitude = self._magnitude
        if type(magnitude) not in _SCALAR_MAGNITUDES:
            return super().m_as(units)
        key = (magnitude, self._units, units)
        try:
            return _MAGNITUDES_IN[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable unit argument
            return super().m_as(units)
        value = super().m_as(units)
        if len(_MAGNITUDES_IN) >= _MAGNITUDES_KEPT:
            _MAGNITUDES_IN.clear()
        _MAGNITUDES_IN[key] = value
        return value


class _Registry(pint.UnitRegistry):
    """pint's registry, remembering parsed unit expressions (``"Gbit/s"``, ``"USD/kWh"``) and scalar
    conversions (:class:`_Quantity`).

    pint re-parses every unit string on each ``.to("...")``/``.m_as("...")``; parsing is pure, so the
    result is kept until a definition or the set of active contexts changes.
    """

    Quantity = _Quantity

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
        _MAGNITUDES_IN.clear()
        super().define(definition)

    def enable_contexts(self, *names_or_contexts: Any, **kwargs: Any) -> None:
        self._parsed_units.clear()
        _MAGNITUDES_IN.clear()
        super().enable_contexts(*names_or_contexts, **kwargs)

    def disable_contexts(self, n: int | None = None) -> None:
        self._parsed_units.clear()
        _MAGNITUDES_IN.clear()
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
