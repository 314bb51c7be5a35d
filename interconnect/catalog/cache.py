"""A disk cache of validated catalogs: skip TOML parsing and validation when nothing changed.

The key hashes every catalog file's path and bytes, the code that defines the catalog models (size and
mtime of interconnect/catalog/*.py and units.py) and the Python, pint, pydantic and numpy versions, so any
change to a file or to the models misses the cache. Entries are JSON data checked against that key and
their own SHA-256 (``interconnect.data_cache``): the decoder builds only catalog models, enums, quantities
and units, never runs code, and a damaged, foreign or unreadable entry is rebuilt. Location: the user
cache folder (``~/.cache/interconnect/catalog`` on Linux); ``INTERCONNECT_NO_CACHE=1`` turns caching off.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import pint

from interconnect.data_cache import Codec, cache_folder, classes_in, read_entry, write_entry
from interconnect.units import Q_, ureg

__all__ = ["load", "store"]

_FORMAT = "3"  # 3: JSON data (2: pickles, never read)
_KEEP = 16  # entries kept; older ones are removed when a new one is written
_cache_folder = cache_folder  # tests point this elsewhere


@lru_cache(maxsize=256)
def _parsed(units: str) -> pint.Unit:
    """Units are stored as text and parsed again: parsing registers prefixed units (``terabit``) with the
    registry, which a restored container of names alone would not, and formatting needs them."""
    return ureg.parse_units(units)


def _quantity(data: Any) -> pint.Quantity:
    magnitude, units = data
    if isinstance(magnitude, bool) or not isinstance(magnitude, int | float) or not isinstance(units, str):
        raise ValueError("malformed quantity in a cache entry")
    return Q_(magnitude, _parsed(units))


def _unit(units: Any) -> pint.Unit:
    if not isinstance(units, str):
        raise ValueError("malformed unit in a cache entry")
    return _parsed(units)


@lru_cache(maxsize=1)
def _codec() -> Codec:
    from interconnect.catalog import figures, loading, models, scale_up, trends  # noqa: F401 - the model modules

    modules = [m for name, m in sorted(sys.modules.items()) if name.startswith("interconnect.catalog.")]
    return Codec(classes_in(modules),
                 {pint.Quantity: ("q", lambda q: [q.magnitude, str(q._units)], _quantity),
                  pint.Unit: ("u", lambda u: str(u._units), _unit)})


def _key(files: Sequence[Path]) -> str | None:
    """The cache key, or None when a file cannot be read (then the loader reports it)."""
    import numpy
    import pydantic

    digest = hashlib.sha256("|".join([_FORMAT, sys.version, pint.__version__, pydantic.VERSION,
                                      numpy.__version__]).encode())
    code = Path(__file__).parent
    for source in [*sorted(code.glob("*.py")), code.parent / "units.py", code.parent / "data_cache.py"]:
        info = source.stat()
        digest.update(f"{source}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    for file in files:
        try:
            if not file.is_file():
                return None
            content = file.read_bytes()
        except OSError:
            return None
        digest.update(f"{file}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()[:32]


def load(files: Sequence[Path]) -> tuple[Any, str | None]:
    """(the cached catalog or None, the key to store under)."""
    from interconnect.catalog.loading import Catalog

    folder = _cache_folder("catalog")
    key = _key(files) if folder is not None else None
    if folder is None or key is None:
        return None, None
    body = read_entry(folder / f"catalog-{key}.json", key)
    if body is None:
        return None, key
    try:
        catalog = _codec().decode(body)
    except Exception:  # malformed or of a type not allowed: rebuild
        return None, key
    return (catalog, key) if isinstance(catalog, Catalog) else (None, key)


def store(key: str | None, catalog: Any) -> None:
    """Write ``catalog`` under ``key`` atomically; failures (read-only home...) are ignored."""
    folder = _cache_folder("catalog")
    if folder is None or key is None:
        return
    try:
        body = _codec().encode(catalog)
    except TypeError:
        return
    write_entry(folder, f"catalog-{key}.json", key, body, _KEEP, "catalog-*.json")
