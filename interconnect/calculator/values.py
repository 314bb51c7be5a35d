"""Catalog figures as floats in canonical units, and the running totals of an evaluation.

The calculator reads every figure through :class:`FigureValues`: the typical value (converted once per
process), or an override array (a sweep of a figure, Monte Carlo samples), moved to the fabric's year by
the catalog's trends when the fabric has one (``interconnect.catalog.trends``). Units are stripped here
and attached again when a result is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import numpy as np

from interconnect.catalog import Catalog, Figure, Option, Trend, load_catalog
from interconnect.catalog.trends import Moved, Timeline
from interconnect.units import HOURS_PER_YEAR

__all__ = ["FIGURE_UNITS", "HOURS_PER_YEAR", "FigureValues", "Totals", "default_catalog"]

FIGURE_UNITS = {"power": "W", "energy_per_bit": "pJ/bit", "host_serdes_power": "W", "laser_power": "W",
                "laser_cost": "USD", "laser_fit": "FIT", "cost": "USD", "latency": "ns", "fit": "FIT",
                "hop_latency": "ns", "decline": "", "mttr": "hour", "default_fit": "FIT", "flap_fit": "FIT",
                "checkpoint_time": "minute", "restart_time": "minute"}  # decline: a fraction a year (0.15 = 15 %)


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The shipped catalog, loaded once per process."""
    return load_catalog()


_TYPICAL: dict[tuple[int, str], tuple[Figure, float]] = {}


def _typical(figure: Figure, unit: str) -> float:
    """``figure.typical`` in ``unit``, converted once per figure (pint conversions dominate small evaluations).

    Keyed by object identity; the figure is kept in the entry so its id cannot be reused while cached.
    """
    key = (id(figure), unit)
    hit = _TYPICAL.get(key)
    if hit is None:
        if len(_TYPICAL) > 50_000:
            _TYPICAL.clear()
        hit = _TYPICAL[key] = (figure, float(figure.typical.m_as(unit)))
    return hit[1]


class FigureValues:
    """Catalog figures as floats in canonical units: typical values, or arrays given by ``overrides``.

    ``overrides`` maps ``(entry id, field)`` to a value or array (e.g. Monte Carlo samples), in the
    units of ``FIGURE_UNITS``; an override is the figure at its own (as-of) year. With ``year`` (a year or
    an array of years) and a ``catalog`` with trends, every figure a trend moves is multiplied by its
    factor to that year, the trend's decline read like any figure (so it can be overridden and sampled).
    Every figure read is recorded in ``used`` for audit trails; moved figures in ``timeline.moved``.
    """

    def __init__(self, overrides: Mapping[tuple[str, str], np.ndarray | float] | None = None, *,
                 catalog: Catalog | None = None, year: np.ndarray | float | None = None) -> None:
        self.overrides = dict(overrides or {})
        self.used: dict[tuple[str, str], None] = {}
        self.timeline = Timeline(catalog, year) if year is not None and catalog is not None and catalog.trends \
            else None

    def get(self, entry_id: str, name: str, figure: Figure | None) -> np.ndarray | float:
        key = (entry_id, name)
        if figure is None and key not in self.overrides:
            return 0.0
        self.used[key] = None
        if key in self.overrides:
            value = self.overrides[key]
        else:
            assert figure is not None
            value = _typical(figure, FIGURE_UNITS[name])
        if self.timeline is not None:
            factor = self.timeline.factor(entry_id, name, self._decline)
            if factor is not None:
                return value * factor
        return value

    def _decline(self, trend: Trend) -> np.ndarray | float:
        return self.get(trend.id, "decline", trend.decline)

    def notes(self) -> tuple[str, ...]:
        """What the trends moved (``Timeline.notes``); empty without a year."""
        return self.timeline.notes() if self.timeline is not None else ()

    def moved(self) -> tuple[Moved, ...]:
        """The figures the trends moved, in the order they were read."""
        return tuple(self.timeline.moved.values()) if self.timeline is not None else ()

    def part_power(self, option: Option) -> np.ndarray | float:
        """Power of one part in W, from ``power`` or ``energy_per_bit`` x rate."""
        if option.power is not None or (option.id, "power") in self.overrides:
            return self.get(option.id, "power", option.power)
        pj_per_bit = self.get(option.id, "energy_per_bit", option.energy_per_bit)
        return pj_per_bit * option.rate.m_as("Gbit/s") * 1e-3


class Totals:
    """Named float arrays that grow as parts are added.

    A total that is the same at every point (a count when only catalog figures vary, as in Monte Carlo)
    stays a one-element array; it grows to the full length only when a varying value is added to it.
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self.values: dict[str, np.ndarray] = {}

    def add(self, name: str, value: np.ndarray | float) -> None:
        """Add in place where the shapes allow (large sweeps allocate little)."""
        value = np.asarray(value, dtype=float)
        total = self.values.get(name)
        if total is None:
            self.values[name] = value.reshape(-1).copy() if value.size in (1, self.n) else \
                np.array(np.broadcast_to(value, (self.n,)), dtype=float)
        elif total.size >= value.size:
            total += value.reshape(-1) if value.ndim else value
        else:
            self.values[name] = total + value.reshape(-1)

    def __getitem__(self, name: str) -> np.ndarray:
        """The total at every point (a read-only view when it does not vary)."""
        total = self.values.get(name)
        return np.zeros(self.n) if total is None else np.broadcast_to(total, (self.n,))


