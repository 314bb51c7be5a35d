"""Figures over time: sourced trends that move catalog figures from their own year to the fabric's year.

A ``[[trend]]`` names the figures it moves (``fields``: cost, power, laser_cost, laser_power), the
entries it applies to (option ``classes``, part ``rates``, ``vendors``, or listed ``entries``), the
ages at which it holds (``from_age`` to ``until_age``, years after the part's ``year``: a new product's
price falls faster than a mature one's), and ``decline``: the fraction the figure falls per year, a
ranged figure with sources that Monte Carlo and tornado vary like any other.

A figure's value is dated at its *as-of year* ``y0``: the later of the entry's ``year`` and the latest
date of the figure's sources (a 2025 part priced in a 2026 expert call is a 2026 price). At year ``Y``
the figure is multiplied by ``prod_i (1 - d_i) ** e_i``, where ``e_i`` is the signed length of the
years between ``y0`` and ``Y`` that fall in trend ``i``'s age window (positive when ``Y > y0``). The
factor is plain numpy: ``Y`` and ``d_i`` may be arrays (a sweep over years, Monte Carlo samples).
Formulas and the shipped trends: docs/methodology.md, "Figures over time"; schema: docs/catalog.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

import numpy as np
from pydantic import Field, PlainSerializer, PlainValidator, model_validator

from interconnect.catalog.figures import BitRate, Figure, StrictModel, _figure_json, _figure_schema, _figure_validator
from interconnect.catalog.models import EntryId, Option, OptionClass, _Entry

if TYPE_CHECKING:
    from interconnect.catalog.loading import Catalog

__all__ = ["TREND_FIELDS", "Moved", "Timeline", "Trend", "as_of_year", "check_trends", "matching_trends"]

TrendField = Literal["cost", "power", "laser_cost", "laser_power"]
TREND_FIELDS: tuple[str, ...] = ("cost", "power", "laser_cost", "laser_power")
_SAME_QUANTITY = {"energy_per_bit": "power"}  # a part's pJ/bit moves with its power
DeclineFigure: TypeAlias = Annotated[Figure, PlainValidator(_figure_validator("dimensionless")),
                                     PlainSerializer(_figure_json), _figure_schema("dimensionless")]


class Trend(StrictModel):
    """A sourced yearly decline of some figures of some entries, while the part's age is in a window."""

    id: EntryId
    name: str = Field(min_length=1)
    fields: tuple[TrendField, ...] = Field(min_length=1)
    classes: tuple[OptionClass, ...] = ()
    rates: tuple[BitRate, ...] = ()
    vendors: tuple[str, ...] = ()
    entries: tuple[EntryId, ...] = ()
    from_age: float = Field(default=0.0, ge=0, le=50)
    until_age: float | None = Field(default=None, gt=0, le=50)
    decline: DeclineFigure
    sources: tuple[str, ...] = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Trend:
        if not (self.classes or self.rates or self.vendors or self.entries):
            raise ValueError("a trend needs at least one of 'classes', 'rates', 'vendors' or 'entries' "
                             "(what it applies to)")
        if self.until_age is not None and self.until_age <= self.from_age:
            raise ValueError(f"until_age ({self.until_age:g}) must be above from_age ({self.from_age:g})")
        if float(self.decline.high.m_as("")) >= 1.0:
            raise ValueError(f"a decline is below 100% a year, found {self.decline.high:~C}")
        if len(set(self.fields)) != len(self.fields):
            raise ValueError(f"fields are listed once each, found {list(self.fields)}")
        return self

    def figures(self) -> dict[str, Figure]:
        """The trend's one ranged figure, ``decline`` (the same interface as catalog entries)."""
        return {"decline": self.decline}

    def figure_sources(self, field: str) -> tuple[str, ...]:
        return self.decline.sources if field == "decline" and self.decline.sources else self.sources

    def matches(self, entry: _Entry) -> bool:
        """Whether the trend applies to ``entry``: listed in ``entries``, or meeting every other selector given
        (``classes`` and ``rates`` select options only)."""
        if entry.id in self.entries:
            return True
        if not (self.classes or self.rates or self.vendors):
            return False
        if self.classes or self.rates:
            if not isinstance(entry, Option):
                return False
            if self.classes and entry.option_class not in self.classes:
                return False
            rate = entry.rate.m_as("Gbit/s")
            if self.rates and not any(abs(rate - r.m_as("Gbit/s")) < 1e-6 for r in self.rates):
                return False
        return not self.vendors or entry.vendor in self.vendors

    def window(self, part_year: float) -> tuple[float, float]:
        """The calendar years (start, end) in which the trend holds for a part available in ``part_year``."""
        end = np.inf if self.until_age is None else part_year + self.until_age
        return part_year + self.from_age, float(end)

    def exponent(self, part_year: float, as_of: float, year: np.ndarray | float) -> np.ndarray | float:
        """Signed years of this trend between ``as_of`` and ``year`` (positive forward in time)."""
        start, end = self.window(part_year)
        y = np.asarray(year, dtype=float)
        low, high = np.minimum(y, as_of), np.maximum(y, as_of)
        overlap = np.clip(np.minimum(high, end) - np.maximum(low, start), 0.0, None)
        signed = np.sign(y - as_of) * overlap
        return float(signed) if signed.ndim == 0 else signed


def _source_year(catalog: Catalog, source_id: str) -> int | None:
    source = catalog.sources.get(source_id)
    return int(source.date[:4]) if source is not None else None


def as_of_year(catalog: Catalog, entry: _Entry, field: str) -> int:
    """The year a figure's value is for: the later of the entry's year and its sources' latest date."""
    years = [y for s in entry.figure_sources(field) if (y := _source_year(catalog, s)) is not None]
    return max([entry.year, *years])


def _entry(catalog: Catalog, entry_id: str) -> _Entry | None:
    """The part entry (option, switch, NIC, accelerator, OCS) called ``entry_id``; None for others."""
    for kind, table in catalog.tables().items():
        if kind != "trend" and entry_id in table:
            entry = table[entry_id]
            return entry if isinstance(entry, _Entry) else None
    return None


def matching_trends(catalog: Catalog, entry: _Entry, field: str) -> list[Trend]:
    """The catalog's trends that move ``field`` of ``entry`` (``energy_per_bit`` moves with ``power``)."""
    field = _SAME_QUANTITY.get(field, field)
    return [t for t in catalog.trends.values() if field in t.fields and t.matches(entry)]


@dataclass(frozen=True)
class Moved:
    """A figure an evaluation moved in time: from its as-of year to the fabric's year(s) by some trends."""

    entry_id: str
    field: str
    as_of: int
    trends: tuple[str, ...]


_Plan = tuple[_Entry, int, tuple[Trend, ...]]
_PLANS: dict[tuple[int, str, str], tuple[Any, _Plan | None]] = {}


def _plan(catalog: Catalog, entry_id: str, field: str) -> _Plan | None:
    """(entry, as-of year, trends) of one figure, or None when no trend moves it; kept per catalog object."""
    key = (id(catalog), entry_id, field)
    hit = _PLANS.get(key)
    if hit is None or hit[0] is not catalog:
        if len(_PLANS) > 50_000:
            _PLANS.clear()
        entry = _entry(catalog, entry_id)
        trends = tuple(matching_trends(catalog, entry, field)) if entry is not None and catalog.trends else ()
        plan = (entry, as_of_year(catalog, entry, field), trends) if entry is not None and trends else None
        hit = _PLANS[key] = (catalog, plan)
    return hit[1]


class Timeline:
    """The catalog's trends evaluated at ``year`` (a year, or one per point of a sweep)."""

    def __init__(self, catalog: Catalog, year: Any) -> None:
        self.catalog = catalog
        self.year: np.ndarray | float = np.asarray(year, dtype=float) if np.ndim(year) else float(year)
        self.moved: dict[tuple[str, str], Moved] = {}

    def factor(self, entry_id: str, field: str,
               decline: Callable[[Trend], np.ndarray | float]) -> np.ndarray | float | None:
        """The factor moving ``field`` of ``entry_id`` to the year, or None when no trend moves it.

        ``decline(trend)`` gives a trend's decline per year as a float or array (typical, or overridden).
        """
        plan = _plan(self.catalog, entry_id, field)
        if plan is None:
            return None
        entry, as_of, trends = plan
        factor: np.ndarray | float = 1.0
        used = []
        for trend in trends:
            exponent = trend.exponent(entry.year, as_of, self.year)
            if not np.any(exponent):
                continue
            factor = factor * (1.0 - decline(trend)) ** exponent
            used.append(trend.id)
        if not used:
            return None
        self.moved[(entry_id, field)] = Moved(entry_id, field, as_of, tuple(used))
        return factor

    def notes(self) -> tuple[str, ...]:
        """One line per (as-of year, trends) group of moved figures: a projection when the year is later
        than the figures' own, "backwards" when earlier."""
        if not self.moved:
            return ()
        years = np.atleast_1d(self.year)
        lo, hi = float(years.min()), float(years.max())
        target = f"{lo:g}" if lo == hi else f"{lo:g} to {hi:g}"
        groups: dict[tuple[int, tuple[str, ...]], dict[str, list[str]]] = {}
        for m in self.moved.values():
            groups.setdefault((m.as_of, m.trends), {}).setdefault(m.field, []).append(m.entry_id)
        out = []
        for (as_of, trends), fields in sorted(groups.items()):
            kind = ("projection" if lo >= as_of else "projection and backcast" if hi > as_of
                    else "backcast")
            what = "; ".join(f"{field} of {', '.join(sorted(ids))}" for field, ids in sorted(fields.items()))
            out.append(f"{kind} to {target} of figures dated {as_of}, by trend(s) {', '.join(trends)}: {what}")
        return tuple(out)


def check_trends(trends: Mapping[str, Trend], entries: Mapping[str, _Entry]) -> list[tuple[str, str, str]]:
    """(trend id, field, message) for trends naming unknown entries, and for any entry and figure moved by
    two trends whose age windows overlap (one figure, one trend at a time)."""
    problems = []
    for trend in trends.values():
        for entry_id in trend.entries:
            if entry_id not in entries:
                problems.append((trend.id, "entries", f"unknown entry id {entry_id!r}"))
    by_field: dict[str, list[Trend]] = {}
    for trend in trends.values():
        for f in trend.fields:
            by_field.setdefault(f, []).append(trend)
    seen: set[tuple[str, str, str]] = set()
    for field, candidates in by_field.items():
        if len(candidates) < 2:
            continue
        for entry in entries.values():
            hits = [t for t in candidates if t.matches(entry)]
            for i, a in enumerate(hits):
                for b in hits[i + 1:]:
                    a0, a1 = a.window(0.0)
                    b0, b1 = b.window(0.0)
                    pair = (field, a.id, b.id)
                    if max(a0, b0) < min(a1, b1) and pair not in seen:
                        seen.add(pair)
                        problems.append((b.id, "fields", f"moves {field} of '{entry.id}' at the same ages as "
                                                         f"trend '{a.id}'; give each age window one trend"))
    return problems
