"""Where command output goes: stdout, or a file written atomically (checked before any work)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from interconnect.outputs import atomic_write, check_writable
from interconnect.spreadsheet import csv_text
from interconnect.text_safety import printable

__all__ = ["check_output", "csv_text", "emit", "json_text", "warn_unused_overrides"]


def check_output(path: str | None) -> None:
    """Fail before any work when ``-o`` cannot be written."""
    if path is not None and path != "-":
        check_writable(path)


def emit(text: str | bytes, path: str | None) -> None:
    """Print ``text`` or write it atomically to ``path``."""
    if path is None or path == "-":
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:  # to the terminal: control characters from names shown escaped (newlines and tabs kept)
            text = printable(text, keep="\n\t")
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    atomic_write(Path(path), text)


def json_text(data: Any) -> str:
    return json.dumps(data, indent=2, allow_nan=False) + "\n"


def warn_unused_overrides(catalog: Any, results: Sequence[Any]) -> None:
    """Say on stderr which catalog field overrides no scenario read (a typo'd id or an unused part)."""
    from interconnect.catalog.overrides import unused_overrides

    for o in unused_overrides(catalog, results):
        where = f"{o.file}: " if o.file else ""
        sys.stderr.write(printable(f"warning: {where}override of {o.label} is never used by these scenarios") + "\n")
