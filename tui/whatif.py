"""What-if edits of catalog figures, as field-level catalog overrides (``interconnect.catalog.overrides``).

No Textual here. Each edit is one ``FieldOverride`` whose source is a ``Source`` of kind ``estimate`` made
from the user's note (the derivation), so every figure still has a source. The edits are applied to
the catalog the project was opened with, in order, exactly as ``Catalog.with_overrides`` does, and are
saved as a user catalog file (``[[source]]`` and ``[[override]]`` tables) that ``--catalog`` reads back.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from interconnect.catalog import Catalog
from interconnect.catalog.models import Source, SourceKind
from interconnect.catalog.overrides import FieldOverride
from interconnect.files import atomic_write

__all__ = ["WhatIf", "apply_what_ifs", "dumps_what_ifs", "what_if_path", "write_what_ifs"]


@dataclass(frozen=True)
class WhatIf:
    """One catalog figure set to a value typed in the TUI (``value`` as a catalog file holds it: ``350 USD``)."""

    id: str
    field: str
    value: str
    note: str
    number: int
    date: str = dataclasses.field(default_factory=lambda: time.strftime("%Y-%m-%d"))

    @property
    def source(self) -> Source:
        return Source(id=f"what-if-{self.number}", title=f"What-if typed in the TUI: {self.id} {self.field}",
                      document="interconnect tui what-if", date=self.date, kind=SourceKind.ESTIMATE,
                      derivation=self.note or "an assumption typed in the TUI (no note given)")

    @property
    def override(self) -> FieldOverride:
        return FieldOverride(self.id, self.field, self.value, (self.source.id,), self.note, file="what-if (TUI)")


def apply_what_ifs(base: Catalog, edits: Sequence[WhatIf]) -> Catalog:
    """``base`` with each edit's source added and its override applied (``CatalogError`` if one cannot)."""
    if not edits:
        return base
    sources = {**base.sources, **{e.source.id: e.source for e in edits}}
    return dataclasses.replace(base, sources=sources).with_overrides([e.override for e in edits])


def dumps_what_ifs(edits: Sequence[WhatIf]) -> str:
    """The edits as a user catalog file: one ``[[source]]`` and one ``[[override]]`` per edit."""
    doc = {
        "source": [e.source.model_dump(mode="json", exclude_none=True) for e in edits],
        "override": [{"id": e.id, "field": e.field, "value": e.value, "sources": [e.source.id],
                      **({"note": e.note} if e.note else {})} for e in edits],
    }
    header = "# What-if figures typed in the interconnect TUI; read with --catalog THIS_FILE\n"
    return header + tomli_w.dumps(doc)


def what_if_path(project_path: Path) -> Path:
    """Where a project's what-ifs are saved: ``mine.toml`` -> ``mine.what-if.toml`` beside it."""
    return project_path.with_name(f"{project_path.stem}.what-if.toml")


def write_what_ifs(path: Path, edits: Sequence[WhatIf]) -> Path:
    return atomic_write(path, dumps_what_ifs(edits))
