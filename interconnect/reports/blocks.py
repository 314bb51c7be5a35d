"""The neutral building blocks of a report (headings, paragraphs, tables, charts) and number formatting.

Sections build a list of blocks from results; ``markdown`` and ``html`` render them. Block text is
plain text: each renderer escapes it for its own format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from interconnect.present.numbers import format_delta, format_number, metric_label

__all__ = ["Block", "Bullets", "Cell", "Chart", "Code", "Heading", "Link", "Paragraph", "Table",
           "format_delta", "format_number", "metric_label", "safe_url"]


@dataclass(frozen=True)
class Code:
    """An identifier shown in monospace (catalog ids, metric names)."""

    text: str


@dataclass(frozen=True)
class Link:
    """A link; only http(s) addresses become links (see ``safe_url``), others show as text."""

    text: str
    url: str


Cell = str | Code | Link


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Cell, ...]
    strong: bool = False


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Table:
    """Rows of cells; ``numeric`` marks right-aligned columns."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[bool, ...] = field(default=())


@dataclass(frozen=True)
class Chart:
    """A chart drawn on demand: ``make`` gives a matplotlib figure (drawn by ``charts.chart_data``), or
    ``render`` gives the bytes itself for a format (``svg`` or ``png``). ``key`` names the PNG file beside
    a Markdown report."""

    key: str
    title: str
    make: Callable[[], Any] | None = None
    render: Callable[[str], bytes] | None = None


Block = Heading | Paragraph | Bullets | Table | Chart


def safe_url(url: str) -> str | None:
    """The URL when it is an http(s) address without spaces or quotes; else None (shown as text)."""
    lowered = url.strip().lower()
    if not lowered.startswith(("http://", "https://")):
        return None
    if any(c in url for c in " \t\n\"'<>`\\") or any(ord(c) < 32 or 127 <= ord(c) < 160 for c in url):
        return None  # control characters (\r splits a Markdown table) and spaces: shown as text instead
    return url.strip()


def table(header: Sequence[str], rows: Sequence[Sequence[Cell]], numeric: Sequence[bool] = ()) -> Table:
    """A ``Table`` from lists."""
    return Table(tuple(header), tuple(tuple(r) for r in rows), tuple(numeric))
