"""The audit trail of a comparison: every catalog figure the results used, and the sources behind them.

Read from ``Result.figures_used``, ``entry.figure_sources(field)`` and ``catalog.sources``, so a reader
can trace every number back to a vendor datasheet, analyst report or documented estimate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pint

from interconnect.catalog import Catalog, Figure, Source
from interconnect.reports.blocks import format_number
from interconnect.results import Comparison
from interconnect.units import unit_label

__all__ = ["FigureUse", "figures_used", "sources_used"]


@dataclass(frozen=True)
class FigureUse:
    """One catalog figure read by the calculation: where it lives, its value, range and sources."""

    entry_id: str
    entry_name: str
    kind: str
    field: str
    typical: str
    range: str
    sources: tuple[str, ...]
    scenarios: tuple[str, ...]
    origin: str


def _texts(figure: Figure | None) -> tuple[str, str]:
    """(typical, "low to high" or "") of a figure."""
    if figure is None:
        return "(not in catalog)", ""
    typical = _text(figure.typical)
    if figure.is_point:
        return typical, ""
    return typical, f"{_text(figure.low)} to {_text(figure.high)}"


def _text(q: pint.Quantity) -> str:
    return f"{format_number(q.magnitude)} {unit_label(q.units)}".strip()


def figures_used(comparison: Comparison, catalog: Catalog) -> list[FigureUse]:
    """Every (entry, field) any scenario read, in first-use order, with the scenarios that read it."""
    users: dict[tuple[str, str], list[str]] = {}
    for result in comparison.results:
        for key in result.figures_used:
            users.setdefault(key, []).append(result.key)
    everyone = len(comparison.results)
    out = []
    for (entry_id, field), scenarios in users.items():
        entry = catalog.entry(entry_id)
        kind = catalog.kind_of(entry_id)
        if isinstance(entry, Source):
            continue
        figure = getattr(entry, field, None)
        typical, spread = _texts(figure if isinstance(figure, Figure) else None)
        origin = catalog.origin.get((kind, entry_id), "")
        out.append(FigureUse(
            entry_id=entry_id, entry_name=getattr(entry, "name", entry_id), kind=kind, field=field,
            typical=typical, range=spread, sources=tuple(entry.figure_sources(field)),
            scenarios=("all",) if len(scenarios) == everyone and everyone > 1 else tuple(scenarios),
            origin=Path(origin).name if origin else ""))
    return out


def sources_used(uses: Sequence[FigureUse], catalog: Catalog) -> list[tuple[str, Source | None]]:
    """The sources behind ``uses``, each once, in first-use order (None for an id not in the catalog)."""
    seen: dict[str, Source | None] = {}
    for use in uses:
        for source_id in use.sources:
            if source_id not in seen:
                seen[source_id] = catalog.sources.get(source_id)
    return list(seen.items())
