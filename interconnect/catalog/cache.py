"""A disk cache of validated catalogs: skip TOML parsing and validation when nothing changed.

The key hashes every catalog file's path and bytes, the code that defines the catalog models (size and
mtime of interconnect/catalog/*.py and units.py) and the Python, pint, pydantic and numpy versions, so any
change to a file or to the models misses the cache. Entries are written to a temporary file and moved in
with ``os.replace`` (readers see a whole file or none); an unreadable entry is ignored and rewritten.
Quantities are stored as (magnitude, units) and rebuilt in the package registry. Location: the user cache
folder (``~/.cache/interconnect/catalog`` on Linux); ``INTERCONNECT_NO_CACHE=1`` turns caching off.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import pint

from interconnect.units import Q_, _cache_folder, ureg

__all__ = ["load", "store"]

_FORMAT = "2"  # 2: units stored as text
_KEEP = 16  # entries kept; older ones are removed when a new one is written


@lru_cache(maxsize=256)
def _parsed(units: str) -> pint.Unit:
    """Units are stored as text and parsed again: parsing registers prefixed units (``terabit``) with the
    registry, which a restored container of names alone would not, and formatting needs them."""
    return ureg.parse_units(units)


def _quantity(magnitude: Any, units: str) -> pint.Quantity:
    return Q_(magnitude, _parsed(units))


def _unit(units: str) -> pint.Unit:
    return _parsed(units)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, pint.Quantity):
            return _quantity, (obj.magnitude, str(obj._units))
        if isinstance(obj, pint.Unit):
            return _unit, (str(obj._units),)
        return NotImplemented


def _key(files: Sequence[Path]) -> str | None:
    """The cache key, or None when a file cannot be read (then the loader reports it)."""
    import numpy
    import pydantic

    digest = hashlib.sha256("|".join([_FORMAT, sys.version, pint.__version__, pydantic.VERSION,
                                      numpy.__version__]).encode())
    code = Path(__file__).parent
    for source in [*sorted(code.glob("*.py")), code.parent / "units.py"]:
        stat = source.stat()
        digest.update(f"{source}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    for file in files:
        try:
            content = file.read_bytes()
        except OSError:
            return None
        digest.update(f"{file}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()[:32]


def load(files: Sequence[Path]) -> tuple[Any, str | None]:
    """(the cached catalog or None, the key to store under)."""
    folder = _cache_folder("catalog")
    key = _key(files) if folder is not None else None
    if folder is None or key is None:
        return None, None
    try:
        with open(folder / f"catalog-{key}.pickle", "rb") as fh:
            return pickle.load(fh), key
    except Exception:  # missing, partial or stale: rebuild (a cache never stops the program)
        return None, key


def store(key: str | None, catalog: Any) -> None:
    """Write ``catalog`` under ``key`` atomically; failures (read-only home...) are ignored."""
    folder = _cache_folder("catalog")
    if folder is None or key is None:
        return
    try:
        buffer = io.BytesIO()
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(catalog)
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".catalog-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(buffer.getvalue())
        os.replace(temp, folder / f"catalog-{key}.pickle")
        entries = sorted(folder.glob("catalog-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[_KEEP:]:
            with contextlib.suppress(OSError):
                old.unlink()
    except Exception:
        with contextlib.suppress(Exception):
            os.unlink(temp)
