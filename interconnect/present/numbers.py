"""Numbers and unit labels as people read them: one way, for every face (CLI, reports, TUI, fleet,
uncertainty, charts).

A metric's values are shown in a *scale* picked from the largest value: power in W, kW or MW, money in
$, $k, $M or $B, everything else in the metric's display unit. Labels: ``MW``, ``$M``, ``per year``, ``h``;
counts carry none. Exact values belong to CSV and JSON, never to these strings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from interconnect.metrics import METRICS
from interconnect.units import format_number, format_quantity, ureg

__all__ = ["UNIT_LABELS", "Scale", "format_delta", "format_number", "format_percent", "format_quantity",
           "format_scaled", "human", "metric_header", "metric_label", "metric_scale", "scale_for", "unit_label"]

# display unit (a pint expression as the metric registry writes it) -> label; anything else is shown as written
UNIT_LABELS = {"dimensionless": "", "1/year": "per year", "hour": "h", "USD": "$", "MUSD": "$M", "kUSD": "$k",
               "percent": "%"}

_POWER = ((1e6, "MW"), (1e3, "kW"), (1.0, "W"))
_MONEY = ((1e9, "$B"), (1e6, "$M"), (1e3, "$k"), (1.0, "$"))


def unit_label(unit: Any) -> str:
    """The one label of a display unit (a registry expression such as ``"1/year"``, or pint units):
    ``kW``, ``$``, ``per year``, ``h``; empty for counts."""
    if not isinstance(unit, str):
        from interconnect.units import unit_label as compact

        unit = compact(unit) or "dimensionless"
        unit = {"1/year": "1/year", "year": "year"}.get(unit, unit)
    return UNIT_LABELS.get(unit, unit)


@dataclass(frozen=True)
class Scale:
    """Values in ``unit`` divided by ``divisor`` read in ``label`` (``MW``, ``$M``)."""

    unit: str
    divisor: float
    label: str

    def apply(self, value: Any) -> Any:
        return np.asarray(value, dtype=float) / self.divisor if np.ndim(value) else float(value) / self.divisor


def _base(unit: str) -> tuple[str, float] | None:
    """("power", W per unit) or ("money", USD per unit) for units that scale; None for others."""
    if unit in ("dimensionless", ""):
        return None
    try:
        units = ureg.parse_units(unit)
    except Exception:
        return None
    if units.dimensionality == ureg.W.dimensionality:
        return "power", float(ureg.Quantity(1, units).m_as("W"))
    if units.dimensionality == ureg.USD.dimensionality:
        return "money", float(ureg.Quantity(1, units).m_as("USD"))
    return None


def scale_for(values: Any, unit: str) -> Scale:
    """The scale that reads the largest of ``values`` (in ``unit``) best: 13,676 kW -> MW; 7.2e8 USD -> $M."""
    if not isinstance(values, np.ndarray) and np.ndim(values) != 0:
        values = list(values)
    arr = np.abs(np.asarray(values, dtype=float)).ravel()
    arr = arr[np.isfinite(arr)]
    peak = float(arr.max()) if arr.size else 0.0
    base = _base(unit)
    if base is None:
        return Scale(unit, 1.0, unit_label(unit))
    kind, per_unit = base
    steps = _POWER if kind == "power" else _MONEY
    for size, label in steps:
        if peak * per_unit >= size:
            return Scale(unit, size / per_unit, label)
    size, label = steps[-1]
    return Scale(unit, size / per_unit, label)


def format_scaled(value: Any, scale: Scale | None = None, digits: int = 4) -> str:
    """A number in ``scale``: about ``digits`` significant digits, thousands separated, whole counts exact."""
    x = float(value) if scale is None else float(scale.apply(value))
    if not math.isfinite(x):
        return "n/a"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    magnitude = math.floor(math.log10(abs(x))) + 1 if x else 1
    if magnitude >= digits:
        return f"{x:,.0f}"
    decimals = max(0, digits - max(magnitude, 1)) if abs(x) >= 1 else digits - 1
    return f"{x:,.{decimals}f}"


def human(value: Any, unit: str, digits: int = 4) -> str:
    """One value with its scaled unit: ``13.68 MW``, ``$725.1M``, ``250,096``, ``5,832 ns``."""
    scale = scale_for([value], unit)
    number = format_scaled(value, scale, digits)
    if scale.label.startswith("$"):
        sign = "-" if number.startswith("-") else ""
        return f"{sign}${number.lstrip('-')}{scale.label[1:]}"
    return f"{number} {scale.label}".strip()


def format_percent(relative: Any) -> str:
    """``+3.2%``, ``-17.9%``, ``±0%``; empty where the baseline is zero (no ratio)."""
    rel = float(relative)
    if not math.isfinite(rel):
        return ""
    if abs(rel) < 5e-4:
        return "±0%"
    return f"{rel:+.1%}"


def format_delta(absolute: Any, relative: Any, scale: Scale | None = None) -> str:
    """``+1,234.5 (+3.2%)``; the percentage is left out where the baseline is zero."""
    a = float(absolute) if scale is None else float(scale.apply(absolute))
    text = ("+" if a > 0 else "") + (format_number(a) if scale is None else format_scaled(a)) if a != 0 else "0"
    percent = format_percent(relative)
    return text + (f" ({percent})" if percent else "")


def metric_scale(name: str, values: Iterable[Any]) -> Scale:
    """The scale of metric ``name`` for these values (in its display unit)."""
    return scale_for(values, METRICS[name].unit)


def metric_header(name: str, scale: Scale | None = None) -> str:
    """``Fabric power [MW]``: the metric's label with its (scaled) unit label; counts carry none."""
    label = scale.label if scale is not None else unit_label(METRICS[name].unit)
    text = METRICS[name].label.strip()
    return f"{text} [{label}]" if label else text


def metric_label(name: str) -> str:
    """``Fabric power [kW]``: the metric's label in its display unit."""
    return metric_header(name)
