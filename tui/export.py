"""The comparison table as the TUI shows it, written as CSV or Markdown (``.csv`` / ``.md``).

No Textual here. One row per scenario: each column's value in the column's unit and its change against
the baseline (``Comparison.relative``). CSV cells are formula-safe (``interconnect.spreadsheet``);
files are written atomically (``interconnect.files``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from interconnect.errors import OutputError
from interconnect.files import atomic_write
from interconnect.results import Comparison
from interconnect.spreadsheet import csv_text

__all__ = ["comparison_rows", "export_comparison"]


def comparison_rows(comparison: Comparison) -> tuple[list[str], list[list[Any]]]:
    """Header and rows: scenario, baseline flag, then per column ``<metric> [unit]`` and its delta."""
    from interconnect.tui.widgets.comparison import COLUMNS

    header = ["scenario", "baseline"]
    for c in COLUMNS:
        unit = "" if c.unit == "dimensionless" else f" [{c.unit}]"
        header += [f"{c.metric}{unit}", f"{c.metric} vs baseline"]
    rows = []
    for result in comparison.results:
        row: list[Any] = [result.key, result.key == comparison.baseline]
        for c in COLUMNS:
            relative = comparison.relative(result.key, c.metric)
            row += [result.value(c.metric, c.unit), relative if math.isfinite(relative) else ""]
        rows.append(row)
    return header, rows


def _markdown(comparison: Comparison) -> str:
    from interconnect.tui.widgets.comparison import COLUMNS, format_value

    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    head = ["Scenario", *(c.header.replace("\n", " ") for c in COLUMNS)]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * len(COLUMNS)]
    for result in comparison.results:
        cells = [cell(result.key) + (" (baseline)" if result.key == comparison.baseline else "")]
        for c in COLUMNS:
            value = format_value(result.value(c.metric, c.unit))
            relative = comparison.relative(result.key, c.metric)
            delta = "" if result.key == comparison.baseline or not math.isfinite(relative) else f" ({relative:+.1%})"
            cells.append(value + delta)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def export_comparison(path: str | Path, comparison: Comparison) -> Path:
    """Write the table to ``path``: ``.csv`` (numbers in the column units, deltas as fractions) or ``.md``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return atomic_write(path, csv_text(*comparison_rows(comparison)))
    if suffix in (".md", ".markdown"):
        return atomic_write(path, _markdown(comparison))
    raise OutputError(f"cannot export {path}: write a .csv or .md file")
