"""Reading input TOML files safely: regular files only, bounded size and nesting, no dates for numbers.

Rules (docs/fabric.md, "Input files"): an input must be a regular file (a FIFO, ``/dev/zero`` or a folder
is refused at once, never read); at most ``MAX_INPUT_BYTES``; UTF-8; nested at most ``MAX_DEPTH`` arrays or
tables deep; and it holds no TOML date or time (no field of a fabric, scenario, fleet or catalog is one:
a date where a number belongs is a located problem naming the key, not a type error later).
"""

from __future__ import annotations

import datetime
import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from interconnect.errors import Problem

__all__ = ["MAX_DEPTH", "MAX_INPUT_BYTES", "read_toml"]

MAX_INPUT_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"))


def _read_bytes(path: Path, problems: list[Problem]) -> bytes | None:
    file = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        problems.append(Problem(file, "", "", f"cannot read file: {exc.strerror or exc}"))
        return None
    try:
        info = os.fstat(fd)
        for test, kind in _KINDS:
            if test(info.st_mode):
                problems.append(Problem(file, "", "", f"cannot read file: it is {kind}, not a regular file"))
                return None
        if info.st_size > MAX_INPUT_BYTES:
            problems.append(Problem(file, "", "", f"the file has {info.st_size:,} bytes; input files are at most "
                                    f"{MAX_INPUT_BYTES:,} bytes"))
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            problems.append(Problem(file, "", "", f"input files are at most {MAX_INPUT_BYTES:,} bytes"))
            return None
        return data
    except OSError as exc:
        problems.append(Problem(file, "", "", f"cannot read file: {exc.strerror or exc}"))
        return None
    finally:
        os.close(fd)


def _check_values(data: dict[str, Any], file: str, problems: list[Problem]) -> None:
    """Located problems for TOML dates and times (and nesting deeper than ``MAX_DEPTH``)."""
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        where, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            problems.append(Problem(file, "", where, f"nested more than {MAX_DEPTH} levels deep"))
            continue
        if isinstance(value, dict):
            stack.extend((f"{where}.{k}" if where else str(k), v, depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{where}.{i}", v, depth + 1) for i, v in enumerate(value))
        elif isinstance(value, datetime.date | datetime.time):
            problems.append(Problem(file, "", where, f"found the TOML date/time {value.isoformat()}; no input is a "
                                    "date: write a number (with its unit), or quote text"))


def read_toml(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    """A TOML file's data, or None with a located problem (not a regular file, too large, not UTF-8,
    malformed, nested too deeply, a date where a value belongs) appended."""
    file = str(path)
    raw = _read_bytes(Path(path), problems)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(file, "", "", f"not UTF-8 text (byte {exc.start}): TOML files are UTF-8"))
        return None
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(file, "", "", f"malformed TOML: {exc}"))
        return None
    except RecursionError:
        problems.append(Problem(file, "", "", f"arrays or tables nested more than {MAX_DEPTH} levels deep"))
        return None
    before = len(problems)
    _check_values(data, file, problems)
    return data if len(problems) == before else None
