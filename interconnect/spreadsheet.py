"""Cells safe to open in a spreadsheet: the one rule every CSV (and xlsx) writer applies to text.

OWASP's CSV-injection rule: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
could be read as a formula (``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``), so it gets a leading ``'``, which
spreadsheets show as text. Numbers stay numbers: a cell that is a whole number (``-3.5``, ``-1e6``) is
left as it is, as are non-text values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["FORMULA_STARTS", "csv_text", "formula_safe", "safe_cell"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def formula_safe(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet could read it as a formula."""
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def safe_cell(value: Any) -> Any:
    """A cell value for CSV or xlsx: text made formula-safe, anything else unchanged."""
    return formula_safe(value) if isinstance(value, str) else value


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (``\\n`` line ends) of a header and rows, every text cell formula-safe."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([safe_cell(v) for v in header])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return buf.getvalue()
