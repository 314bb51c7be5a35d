"""On-disk caches that hold data, never code: JSON entries checked against their content key.

An entry is one UTF-8 file: a header line ``{"format", "key", "sha256"}`` and a JSON body. It is used only
when the header names the key the reader computed from its inputs (the catalog files' bytes, pint's
definition files...) and the body's SHA-256 matches the header; anything else (a partial, edited, foreign or
unreadable file, a FIFO, a file larger than ``MAX_ENTRY_BYTES``) is a miss and the entry is rebuilt. The
body names objects by type; the decoder builds only types on the caller's allow-list (pydantic models via
``model_construct``, dataclasses, enums, pint quantities and units), so a cache file can change no more
than the data it describes and can never run code (there is no pickle anywhere).

A cache folder that exists but is not a folder, or is not writable, is ignored with a note on the
``interconnect.cache`` logger (stderr by default). ``INTERCONNECT_NO_CACHE=1`` turns every cache off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["MAX_ENTRY_BYTES", "Codec", "cache_folder", "read_entry", "write_entry"]

MAX_ENTRY_BYTES = 64 * 1024 * 1024  # a cache entry larger than this is never read
_FORMAT = "interconnect-cache-1"
_noted: set[str] = set()


def _note(message: str) -> None:
    if message not in _noted:
        _noted.add(message)
        import logging

        logging.getLogger("interconnect.cache").warning("interconnect: %s", message)


def cache_folder(name: str) -> Path | None:
    """The package's cache folder ``name``, or None: caching off, or the folder (or the user cache folder
    above it) exists but is not a folder or is not writable (noted once)."""
    if os.environ.get("INTERCONNECT_NO_CACHE"):
        return None
    import platformdirs

    root = Path(platformdirs.user_cache_path("interconnect", appauthor=False))
    folder = root / name
    for path in (root, folder):
        try:
            info = path.lstat()
        except FileNotFoundError:
            continue
        except OSError as exc:
            _note(f"cache folder {path} cannot be read ({exc.strerror or exc}); caching is off")
            return None
        if not stat.S_ISDIR(info.st_mode):
            _note(f"cache folder {path} is not a folder; caching is off")
            return None
        if not os.access(path, os.W_OK | os.X_OK):
            _note(f"cache folder {path} is not writable; caching is off")
            return None
    return folder


def _read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` when it is a regular file of at most ``limit`` bytes (never blocks on a FIFO)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def read_entry(path: Path, key: str) -> Any:
    """The JSON body of the entry at ``path`` when it is whole and stored under ``key``; None otherwise."""
    data = _read_regular(path, MAX_ENTRY_BYTES)
    if data is None:
        return None
    header, _, body = data.partition(b"\n")
    try:
        head = json.loads(header)
        if not isinstance(head, dict) or head.get("format") != _FORMAT or head.get("key") != key:
            return None
        if head.get("sha256") != hashlib.sha256(body).hexdigest():
            return None
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def write_entry(folder: Path, name: str, key: str, body: Any, keep: int = 16, pattern: str = "") -> None:
    """Write ``body`` (JSON data) as entry ``name`` under ``key``, atomically; keep the ``keep`` newest
    entries matching ``pattern``. Failures (read-only home, full disk) are ignored: a cache never stops
    the program."""
    temp = None
    try:
        text = json.dumps(body, separators=(",", ":"), allow_nan=True).encode()
        header = json.dumps({"format": _FORMAT, "key": key, "sha256": hashlib.sha256(text).hexdigest()})
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".entry-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(header.encode() + b"\n" + text)
        os.replace(temp, folder / name)
        temp = None
        if pattern:
            entries = sorted((p for p in folder.glob(pattern) if p.is_file()), key=lambda p: p.stat().st_mtime,
                             reverse=True)
            for old in entries[keep:]:
                with contextlib.suppress(OSError):
                    old.unlink()
    except Exception:  # a cache never stops the program
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


class Codec:
    """Objects to JSON data and back, building only the allowed types.

    ``types`` are the classes the decoder may build (pydantic models, dataclasses, enums); ``custom``
    maps a class to (tag, encode, decode) for anything else (quantities, units). Everything else must be
    ``None``, ``bool``, ``int``, ``float``, ``str``, list, tuple, set, frozenset or dict.
    """

    def __init__(self, types: Iterable[type],
                 custom: Mapping[type, tuple[str, Callable[[Any], Any], Callable[[Any], Any]]] | None = None) -> None:
        self._types = {self._name(t): t for t in types}
        self._custom = dict(custom or {})
        self._decoders = {tag: decode for tag, _, decode in self._custom.values()}

    @staticmethod
    def _name(cls: type) -> str:
        return f"{cls.__module__}:{cls.__qualname__}"

    def encode(self, obj: Any) -> Any:
        if isinstance(obj, enum.Enum):  # first: a StrEnum is also a str
            return {"$e": self._allowed(type(obj)), "v": obj.value}
        if obj is None or isinstance(obj, bool | str):
            return obj
        if isinstance(obj, int | float):
            return obj  # written as JSON numbers (Infinity and NaN included)
        for cls, (tag, encode, _) in self._custom.items():
            if isinstance(obj, cls):
                return {"$" + tag: self.encode(encode(obj))}
        if isinstance(obj, list):
            return [self.encode(x) for x in obj]
        if isinstance(obj, tuple):
            return {"$t": [self.encode(x) for x in obj]}
        if isinstance(obj, set | frozenset):
            return {"$s": [self.encode(x) for x in obj], "frozen": isinstance(obj, frozenset)}
        if isinstance(obj, dict):
            return {"$d": [[self.encode(k), self.encode(v)] for k, v in obj.items()]}
        fields_of = getattr(type(obj), "model_fields", None)
        if fields_of is not None:
            return {"$m": self._allowed(type(obj)), "set": sorted(obj.model_fields_set),
                    "f": {name: self.encode(getattr(obj, name)) for name in fields_of}}
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            return {"$c": self._allowed(type(obj)),
                    "f": {f.name: self.encode(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.init}}
        raise TypeError(f"cannot cache a {type(obj).__qualname__}")

    def _allowed(self, cls: type) -> str:
        name = self._name(cls)
        if self._types.get(name) is not cls:
            raise TypeError(f"{name} is not a cacheable type")
        return name

    def decode(self, data: Any) -> Any:
        if data is None or isinstance(data, bool | int | float | str):
            return data
        if isinstance(data, list):
            return [self.decode(x) for x in data]
        if not isinstance(data, dict) or len(data) == 0:
            raise ValueError("malformed cache entry")
        tag = next(iter(data))
        if tag == "$t":
            return tuple(self.decode(x) for x in data["$t"])
        if tag == "$s":
            items = [self.decode(x) for x in data["$s"]]
            return frozenset(items) if data["frozen"] else set(items)
        if tag == "$d":
            return {self.decode(k): self.decode(v) for k, v in data["$d"]}
        if tag in ("$e", "$m", "$c"):
            cls = self._types.get(data[tag])
            if cls is None:
                raise ValueError(f"type {data[tag]!r} is not allowed in a cache entry")
            if tag == "$e":
                return cls(data["v"])
            fields = {name: self.decode(value) for name, value in data["f"].items()}
            if tag == "$m":
                return cls.model_construct(_fields_set=set(data["set"]), **fields)  # type: ignore[attr-defined]
            return cls(**fields)
        decode = self._decoders.get(tag[1:])
        if decode is None:
            raise ValueError(f"unknown tag {tag!r} in a cache entry")
        return decode(self.decode(data[tag]))


def classes_in(modules: Iterable[Any], base: type | None = None) -> list[type]:
    """The classes defined in ``modules`` (subclasses of ``base`` when given, else models, dataclasses
    and enums)."""
    out = []
    for module in modules:
        for value in vars(module).values():
            if not isinstance(value, type) or value.__module__ != module.__name__:
                continue
            wanted = issubclass(value, base) if base is not None else (
                hasattr(value, "model_fields") or dataclasses.is_dataclass(value) or issubclass(value, enum.Enum))
            if wanted:
                out.append(value)
    return out
