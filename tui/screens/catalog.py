"""The catalog browser: search and filter options, switches and NICs; every figure with its sources.

Reads the ``Catalog`` only: ``filter_options`` for class and rate, ``figures()`` and ``figure_sources()``
for the detail, ``sources`` for each source's title, date and kind.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pint
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Select, Static

from interconnect.catalog import Catalog, Figure, Nic, Option, OptionClass, PortConfig, Switch
from interconnect.text_safety import printable
from interconnect.tui.screens import steady_cursors
from interconnect.units import Q_, unit_label

__all__ = ["CatalogScreen", "entry_detail", "matching_entries"]

Entry = Option | Switch | Nic


def _rates(catalog: Catalog) -> list[float]:
    rates = {round(o.link_rate.m_as("Gbit/s"), 3) for o in catalog.options.values()}
    rates |= {round(o.rate.m_as("Gbit/s"), 3) for o in catalog.options.values()}
    return sorted(rates)


def matching_entries(catalog: Catalog, search: str = "", kind: str = "", rate_gbps: float | None = None) -> list[Entry]:
    """Entries of ``kind`` (an option class, "switch", "nic" or "" for all) at ``rate_gbps`` whose text
    contains every word of ``search`` (case-insensitive)."""
    rate = Q_(rate_gbps, "Gbit/s") if rate_gbps is not None else None
    entries: list[Entry] = []
    if kind in ("", *OptionClass):
        entries += catalog.filter_options(kind or None, rate)
    if kind in ("", "switch"):
        entries += [s for s in catalog.switches.values() if rate is None or s.radix(rate) > 0]
    if kind in ("", "nic"):
        entries += [n for n in catalog.nics.values() if rate is None or n.ports_at(rate) > 0]
    words = search.lower().split()

    def text(e: Entry) -> str:
        return " ".join(str(x) for x in (e.id, e.name, e.vendor, e.note, getattr(e, "form_factor", ""))).lower()

    return [e for e in entries if all(w in text(e) for w in words)]


def _kind(entry: Entry) -> str:
    return entry.option_class.value if isinstance(entry, Option) else type(entry).__name__.lower()


def _q(q: pint.Quantity) -> str:
    """``20,000 USD``, ``51.2 Tbit/s``, ``0.35 W``: up to six significant digits, never an exponent."""
    return f"{float(q.magnitude):,.6g} {unit_label(q.units)}".strip()


def _value_text(value: Any) -> str:
    if isinstance(value, pint.Quantity):
        return _q(value)
    if isinstance(value, tuple) and value and isinstance(value[0], PortConfig):
        return ", ".join(f"{c.count} x {_q(c.rate)}" for c in value)
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value.value if hasattr(value, "value") else value)


def _figure_text(figure: Figure) -> tuple[str, str, str]:
    unit = str(figure.typical.units)
    return tuple(_q(q.to(unit)) for q in (figure.low, figure.typical, figure.high))  # type: ignore[return-value]


def _plain(text: Any) -> Text:
    """User text as a Rich Text (never parsed as markup), control characters escaped."""
    return Text(printable(str(text), keep="\n"))


def entry_detail(entry: Entry, catalog: Catalog) -> Group:
    """Every field of ``entry``; every figure as low/typical/high with its sources and their dates."""
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold")
    fields.add_column()
    figures = entry.figures()
    for name in type(entry).model_fields:
        value = getattr(entry, name)
        if name in figures or name in ("sources", "note") or value is None:
            continue
        fields.add_row(name, _plain(_value_text(value)))
    table = Table(title="Figures (typical is what the calculator uses)", title_justify="left", expand=True)
    for header in ("figure", "low", "typical", "high", "sources (date)"):
        table.add_column(header, overflow="fold")
    for name, figure in figures.items():
        cited = [f"{s} ({catalog.sources[s].date})" if s in catalog.sources else f"{s} (unknown source)"
                 for s in entry.figure_sources(name)]
        table.add_row(name, *_figure_text(figure), _plain("\n".join(cited)))
    sources = Table(title="Sources", title_justify="left", expand=True, show_lines=True)
    for header in ("id", "date", "kind", "title and where"):
        sources.add_column(header, overflow="fold")
    cited_ids = dict.fromkeys([*entry.sources, *(s for f in figures.values() for s in f.sources)])
    for source_id in cited_ids:
        source = catalog.sources.get(source_id)
        if source is None:
            sources.add_row(_plain(source_id), "", "", "not in the catalog")
            continue
        where = "\n".join(x for x in (source.url, source.document, source.publisher,
                                      f"derivation: {source.derivation}" if source.derivation else None) if x)
        sources.add_row(_plain(source.id), _plain(source.date), source.kind.value, _plain(f"{source.title}\n{where}"))
    parts: list[Any] = [Text(printable(entry.name), style="bold"), fields, table]
    if entry.note:
        parts.append(Text(printable(f"Note: {entry.note}", keep="\n"), style="italic"))
    parts.append(sources)
    return Group(*parts)


class CatalogScreen(Screen[None]):
    """Search box, class and rate filters, the matching entries, and the highlighted entry's detail."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f2", "close", "Close"),
                                             Binding("ctrl+f", "focus_search", "Search"),
                                             Binding("f7", "what_if", "What if")]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(id="catalog-screen")
        self.catalog = catalog
        self.entries: list[Entry] = []

    def compose(self) -> ComposeResult:
        kinds = [(c.value, c.value) for c in OptionClass] + [("switch", "switch"), ("nic", "nic")]
        rates = [(f"{r:g}G", r) for r in _rates(self.catalog)]
        with Horizontal(id="catalog-filters"):
            yield Input(placeholder="search id, name, vendor, note", id="catalog-search", compact=True)
            yield Select(kinds, prompt="any class", compact=True, id="catalog-kind")
            yield Select(rates, prompt="any rate", compact=True, id="catalog-rate")
        with Vertical(id="catalog-body"):
            table: DataTable[str] = DataTable(id="catalog-table", cursor_type="row", zebra_stripes=True)
            yield table
            with VerticalScroll(id="catalog-detail-scroll"):
                yield Static("", id="catalog-detail")
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one("#catalog-table", DataTable)
        for header in ("id", "class", "rate", "reach", "power", "cost", "year"):
            table.add_column(header, key=header)
        self._refresh_list()
        steady_cursors(self)
        self.query_one("#catalog-search", Input).focus()

    def _refresh_list(self) -> None:
        search = self.query_one("#catalog-search", Input).value
        kind = self.query_one("#catalog-kind", Select).value
        rate = self.query_one("#catalog-rate", Select).value
        self.entries = matching_entries(self.catalog, search, "" if kind is Select.NULL else str(kind),
                                        None if rate is Select.NULL else float(str(rate)))
        table: DataTable[str] = self.query_one("#catalog-table", DataTable)
        table.clear()
        for e in self.entries:
            rate_text = _q(e.link_rate) if isinstance(e, Option) else _q(e.capacity) if isinstance(e, Switch) else ""
            reach = _q(e.reach) if isinstance(e, Option) else ""
            power = e.part_power.typical if isinstance(e, Option) else e.power.typical
            table.add_row(_plain(e.id), _kind(e), rate_text, reach, _q(power), _q(e.cost.typical), str(e.year),  # type: ignore[arg-type]
                          key=e.id)
        self._show_detail()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refresh_list()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._refresh_list()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#catalog-detail", Static)
        if not self.entries:
            detail.update("No entry matches the search and filters.")
            return
        row = min(max(self.query_one("#catalog-table", DataTable).cursor_row, 0), len(self.entries) - 1)
        detail.update(entry_detail(self.entries[row], self.catalog))

    def action_what_if(self) -> None:
        """Edit a figure of the highlighted entry (saved as a field-level override with a source note)."""
        if not self.entries:
            return
        row = min(max(self.query_one("#catalog-table", DataTable).cursor_row, 0), len(self.entries) - 1)

        def refresh() -> None:
            self.catalog = getattr(self.app, "catalog", self.catalog)
            self._refresh_list()

        what_if = getattr(self.app, "what_if", None)
        if what_if is not None:
            what_if(self.entries[row].id, refresh)

    def action_focus_search(self) -> None:
        self.query_one("#catalog-search", Input).focus()

    def action_close(self) -> None:
        self.dismiss(None)
