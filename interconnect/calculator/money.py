"""Money over time: energy over a lifetime at a growing price, and its present value.

Conventions (docs/methodology.md, "Money over time"): capex is paid at year 0 and not discounted; a
year's energy is paid at the END of that year; year ``t`` (1, 2, ...) costs ``E1 (1 + g) ** (t - 1)``
with ``E1`` the first year's energy at ``electricity_price``; a lifetime of ``L = n + f`` years
(``n`` whole, ``0 <= f < 1``) ends with a part year costing ``f E1 (1 + g) ** n``, paid at ``L``.
Present value discounts a payment at time ``t`` by ``(1 + r) ** t``. All plain numpy: ``L``, ``g`` and
``r`` may be arrays (sweeps).
"""

from __future__ import annotations

import numpy as np

__all__ = ["energy_years", "present_value_years"]


def _whole_and_part(years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    whole = np.floor(years + 1e-9)
    return whole, np.clip(years - whole, 0.0, None)


def _geometric(d: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``sum_{k=0}^{n-1} q ** k`` for ``q = 1 + d``, as ``expm1(n log1p(d)) / d`` (no cancellation when ``q``
    is near 1; ``n`` when ``d`` is 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        closed = np.expm1(n * np.log1p(d)) / d
    return np.where(d == 0, n, closed)


def energy_years(lifetime_years: np.ndarray, growth: np.ndarray) -> np.ndarray:
    """Undiscounted lifetime energy in units of the first year's energy: ``L`` when the price is flat."""
    years = np.asarray(lifetime_years, dtype=float)
    g = np.asarray(growth, dtype=float)
    whole, part = _whole_and_part(years)
    grown = _geometric(g, whole) + part * (1.0 + g) ** whole
    return np.where(g == 0, years, grown)


def present_value_years(lifetime_years: np.ndarray, growth: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """Present value of the lifetime energy in units of the first year's energy (end-of-year payments).

    ``sum_{t=1}^{n} (1 + g) ** (t - 1) / (1 + r) ** t + f (1 + g) ** n / (1 + r) ** L``; with ``r = 0`` it is
    ``energy_years``.
    """
    years = np.asarray(lifetime_years, dtype=float)
    g = np.asarray(growth, dtype=float)
    r = np.asarray(rate, dtype=float)
    whole, part = _whole_and_part(years)
    value = _geometric((g - r) / (1.0 + r), whole) / (1.0 + r) + part * (1.0 + g) ** whole / (1.0 + r) ** years
    return np.where(r == 0, energy_years(years, g), value)
