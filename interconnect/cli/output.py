"""Where command output goes: stdout, or a file written atomically (checked before any work)."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from interconnect.outputs import atomic_write, check_writable
from interconnect.spreadsheet import csv_text, formula_safe
from interconnect.text_safety import printable

__all__ = ["check_output", "csv_cell", "csv_columns", "csv_numbers", "csv_text", "emit", "json_text",
           "warn_unused_overrides"]


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


def _finite(data: Any) -> Any:
    """JSON has no infinity: an infinite value (an MTBF with 0 FIT) is written "inf" / "-inf", NaN as null."""
    if isinstance(data, float) and not math.isfinite(data):
        return None if math.isnan(data) else ("inf" if data > 0 else "-inf")
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(v) for v in data]
    return data


def json_text(data: Any) -> str:
    return json.dumps(_finite(data), indent=2, allow_nan=False) + "\n"


def warn_unused_overrides(catalog: Any, results: Sequence[Any]) -> None:
    """Say on stderr which catalog field overrides no scenario read (a typo'd id or an unused part)."""
    from interconnect.catalog.overrides import unused_overrides

    for o in unused_overrides(catalog, results):
        where = f"{o.file}: " if o.file else ""
        sys.stderr.write(printable(f"warning: {where}override of {o.label} is never used by these scenarios") + "\n")


def csv_cell(text: str) -> str:
    """One text cell as CSV writes it: formula-safe (``spreadsheet.formula_safe``), quoted when it holds a
    comma, quote or line break. Every text cell of the column-wise writers goes through here."""
    text = formula_safe(text)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_numbers(values: Any, spec: str = "%.12g", blank_nonfinite: bool = False) -> list[str]:
    """Numbers formatted as CSV cells (``spec``: a %-format), a whole array at once (``blank_nonfinite``: empty
    cells for NaN and infinities)."""
    import numpy as np

    array = np.asarray(values).ravel()
    cells = list(map(spec.__mod__, array.tolist()))
    if blank_nonfinite and array.dtype.kind == "f":
        for i in np.flatnonzero(~np.isfinite(array)).tolist():
            cells[i] = ""
    return cells


def csv_columns(header: Sequence[str], blocks: Sequence[Sequence[str | list[str]]]) -> str:
    """CSV built column-wise: each block is a list of columns, a column either one text for every row of the
    block (escaped by :func:`csv_cell` once) or a list of already formatted cells (numbers), one per row."""
    out = [",".join(csv_cell(h) for h in header)]
    for columns in blocks:
        rows = next((len(c) for c in columns if isinstance(c, list)), 1)
        full = [c if isinstance(c, list) else [csv_cell(c)] * rows for c in columns]
        out.extend(",".join(row) for row in zip(*full, strict=True))
    return "\n".join(out) + "\n"
