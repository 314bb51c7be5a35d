"""docs/sources.md, generated from the catalog: every source with the entries that cite it.

Regenerate with ``python -m interconnect.catalog.docs > docs/sources.md`` (a test checks it is current).
"""

from __future__ import annotations

from collections import defaultdict

from interconnect.catalog.loading import Catalog, load_catalog
from interconnect.catalog.models import SourceKind

__all__ = ["sources_markdown"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def sources_markdown(catalog: Catalog) -> str:
    """A Markdown page listing every source by kind, with the entries and fields that cite it."""
    cited: dict[str, set[str]] = defaultdict(set)
    for table in catalog.tables().values():
        for entry in table.values():
            for source_id in entry.sources:
                cited[source_id].add(entry.id)
            for name, fig in entry.figures().items():
                for source_id in fig.sources:
                    cited[source_id].add(f"{entry.id}.{name}")
    lines = ["# Sources", "",
             "Generated from the shipped catalog by `python -m interconnect.catalog.docs > docs/sources.md`.",
             "Kinds: vendor (a maker's claim), operator, standard, analyst, paper, press, measurement, and "
             "estimate (ours, with its derivation).", ""]
    for kind in SourceKind:
        sources = sorted((s for s in catalog.sources.values() if s.kind is kind), key=lambda s: s.id)
        if not sources:
            continue
        lines += [f"## {kind.value} ({len(sources)})", "", "| id | source | date | cited by |", "|---|---|---|---|"]
        for s in sources:
            where = f"[{_cell(s.title)}]({s.url})" if s.url else _cell(f"{s.title} ({s.document})")
            if s.derivation:
                where += f"<br>*Derivation:* {_cell(s.derivation)}"
            users = ", ".join(f"`{u}`" for u in sorted(cited.get(s.id, ()))) or "(not cited)"
            lines.append(f"| `{s.id}` | {where} | {s.date} | {users} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(sources_markdown(load_catalog()), end="")
