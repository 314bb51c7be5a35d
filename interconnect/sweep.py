"""Parameter sweeps: ``--vary`` specs, their cartesian grid, and one vectorized evaluation per scenario.

A spec is ``NAME=START..STOP[:log][:N]`` (``N`` points, 11 by default, evenly or log spaced, ends
included) or ``NAME=V1,V2,...`` (listed values). A unit written on one end (or on the last value)
applies to the others: ``electricity_price=0.05..0.20 USD/kWh:4``. NAME is one of

- ``accelerators`` (rounded to whole accelerators),
- ``year`` (the year the fabric is built: trends move figures to it; a range of whole years gives every
  year by default, ``year=2026..2030``),
- ``electricity_price`` (energy price), ``lifetime`` (duration), ``pue`` (plain ratio >= 1),
- ``electricity_price_growth``, ``discount_rate`` (fractions a year: ``0.03`` or ``3 percent``),
- ``length.<plane>.<tier>`` (link length of one tier of one plane, e.g. ``length.backend.3``),
- ``figure.<entry_id>.<field>`` (a catalog figure replacing its typical value, e.g.
  ``figure.generic-1p6t-osfp-2xdr4-dsp.power=20..30 W:3``; a trend's yearly decline is
  ``figure.<trend_id>.decline``; fields: see ``FIGURE_UNITS``).

Several specs give the cartesian product of their values, flattened to 1-D arrays (the first spec
varies slowest). Docs: docs/cli.md (``interconnect sweep``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pint
from pydantic import ValidationError

from interconnect.calculator import FIGURE_UNITS, default_catalog, evaluate
from interconnect.catalog import Catalog, Source
from interconnect.errors import UnknownIdError, UsageError
from interconnect.fabric import Economics, Fabric, Plane
from interconnect.results import METRICS, Comparison
from interconnect.scenario import ScenarioSet
from interconnect.units import (
    DIMENSIONS,
    Q_,
    UnitParseError,
    parse_quantity,
    quantity_to_json,
    same_dimension,
    unit_label,
    ureg,
)

__all__ = ["DEFAULT_POINTS", "MAX_POINTS", "Grid", "Sweep", "Vary", "apply_columns", "apply_grid", "build_grid",
           "check_figures", "check_read", "input_unit", "parse_vary", "run_sweep"]

DEFAULT_POINTS = 11
MAX_POINTS = 100_000
_ECONOMICS = {"electricity_price": "energy price", "lifetime": "duration", "pue": "dimensionless",
              "electricity_price_growth": "dimensionless", "discount_rate": "dimensionless"}
_PLAIN_ECONOMICS = ("pue", "electricity_price_growth", "discount_rate")  # plain numbers, not quantities
_NAME = re.compile(r"^(?:accelerators|year|electricity_price|electricity_price_growth|lifetime|pue|discount_rate"
                   r"|length\.[A-Za-z0-9][A-Za-z0-9_-]*\.[1-8]|figure\.[a-z0-9][a-z0-9._-]*\.[a-z_]+)$")
NAMES_HELP = ("accelerators, year, electricity_price, electricity_price_growth, lifetime, pue, discount_rate, "
              "length.<plane>.<tier> or figure.<entry_id>.<field> (a trend's decline: figure.<trend_id>.decline)")
_SYNTAX = "NAME=START..STOP[:log][:N] or NAME=V1,V2,..."


@dataclass(frozen=True)
class Vary:
    """One swept input: its name and its values (a 1-D Quantity in the input's canonical unit)."""

    name: str
    values: pint.Quantity
    log: bool = False

    @property
    def unit(self) -> str:
        return unit_label(self.values.units)

    @property
    def label(self) -> str:
        """``name [unit]`` (just the name when dimensionless)."""
        return f"{self.name} [{self.unit}]" if self.unit else self.name

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "log": self.log, **quantity_to_json(self.values)}


def _dimension(name: str) -> tuple[str, str]:
    """(dimension name or unit, canonical unit) of a swept input."""
    if name in ("accelerators", "year"):
        return "dimensionless", "dimensionless"
    if name in _ECONOMICS:
        dim = _ECONOMICS[name]
        return dim, DIMENSIONS[dim].unit
    if name.startswith("length."):
        return "length", "m"
    field = name.rsplit(".", 1)[1]
    if field not in FIGURE_UNITS:
        raise UsageError(f"--vary {name}: '{field}' is not a catalog figure; figures: {', '.join(FIGURE_UNITS)}")
    return "", FIGURE_UNITS[field]


def input_unit(name: str) -> str:
    """The canonical unit of the swept input ``name``; ``UsageError`` for an unknown name."""
    if not _NAME.match(name):
        raise UsageError(f"--vary {name!r}: unknown input; use {NAMES_HELP}")
    return _dimension(name)[1]


def _quantities(texts: Sequence[str], name: str) -> list[pint.Quantity]:
    """Parse each text; a text without a unit takes the unit of the last text that has one."""
    dim, unit = _dimension(name)
    try:
        parsed = [parse_quantity(t.strip().replace("%", " percent")) for t in texts]
    except UnitParseError as exc:
        raise UsageError(f"--vary {name}: {exc}") from None
    with_unit = [q for q in parsed if q.units != ureg.dimensionless]  # "5 percent" has a unit
    shared = with_unit[-1].units if with_unit else ureg.dimensionless
    out = []
    for q in parsed:
        q = Q_(q.magnitude, shared) if q.units == ureg.dimensionless else q
        if not same_dimension(q, unit):
            example = f"'{unit}'" if unit != "dimensionless" else "a plain number"
            raise UsageError(f"--vary {name}: {q:~C} is not a {dim or unit_label(ureg.parse_units(unit))}; "
                             f"write it in {example}")
        limit = next((d for d in DIMENSIONS.values() if d.unit == unit), None)
        if limit is not None:
            try:
                limit.check_limit(q)
            except UnitParseError as exc:
                raise UsageError(f"--vary {name}: {exc}") from None
        out.append(q.to(unit))
    return out


def parse_vary(spec: str) -> Vary:
    """Read one ``--vary`` spec (syntax in the module docstring); raises ``UsageError``."""
    name, sep, body = spec.partition("=")
    name = name.strip()
    if not sep or not body.strip():
        raise UsageError(f"--vary {spec!r}: expected {_SYNTAX}, e.g. accelerators=1000..100000:log:7")
    if not _NAME.match(name):
        raise UsageError(f"--vary {name!r}: unknown input; use {NAMES_HELP}")
    text, *options = body.split(":")
    log, points = False, None
    for opt in (o.strip() for o in options):
        if opt == "log":
            log = True
        elif opt.isdigit() and points is None:
            points = int(opt)
        else:
            raise UsageError(f"--vary {name}: unknown option ':{opt}'; expected ':log' and/or ':N' (points)")
    if ".." in text:
        start, stop = _quantities(text.split("..", 1), name)
        n = DEFAULT_POINTS if points is None else points
        if name == "year" and points is None and not log:
            n = _whole_years(float(start.magnitude), float(stop.magnitude))
        if not 2 <= n <= MAX_POINTS:
            raise UsageError(f"--vary {name}: a range needs 2 to {MAX_POINTS:,} points, found {n}")
        a, b = float(start.magnitude), float(stop.magnitude)
        if log and (a <= 0 or b <= 0):
            raise UsageError(f"--vary {name}: a log range needs positive ends, found {a:g}..{b:g}")
        values = np.geomspace(a, b, n) if log else np.linspace(a, b, n)
        units = start.units
    else:
        if log or points is not None:
            raise UsageError(f"--vary {name}: ':log' and ':N' apply to ranges (START..STOP) only")
        listed = _quantities(text.split(","), name)
        values, units = np.array([float(q.magnitude) for q in listed]), listed[-1].units
    values = np.round(values) if name == "accelerators" else np.array([float(f"{v:.12g}") for v in values])
    if not np.all(np.isfinite(values)):
        raise UsageError(f"--vary {name}: values must be finite numbers")
    return Vary(name, Q_(values, units), log)


def _whole_years(start: float, stop: float) -> int:
    """Points of a ``year`` range given without ``:N``: every whole year when both ends are whole years."""
    if start == int(start) and stop == int(stop) and 2 <= abs(stop - start) + 1 <= MAX_POINTS:
        return int(abs(stop - start)) + 1
    return DEFAULT_POINTS


@dataclass(frozen=True)
class Grid:
    """The cartesian product of the swept inputs (first axis slowest), indexed lazily: ``chunk(start,
    stop)`` builds the columns of points ``start..stop-1`` only; ``columns`` (every point) is built on first
    use. ``explicit`` gives the flattened columns directly instead (one axis of arbitrary values)."""

    axes: tuple[Vary, ...]
    explicit: Mapping[str, pint.Quantity] | None = None

    @property
    def shape(self) -> tuple[int, ...]:
        if self.explicit is not None:
            return (int(np.size(next(iter(self.explicit.values())).magnitude)),)
        return tuple(int(np.size(a.values.magnitude)) for a in self.axes)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64))

    @cached_property
    def columns(self) -> Mapping[str, pint.Quantity]:
        """Every point's value of every swept input, flattened (1-D Quantities of ``size``)."""
        return self.explicit if self.explicit is not None else self.chunk(0, self.size)

    def chunk(self, start: int, stop: int) -> dict[str, pint.Quantity]:
        """The columns of points ``start`` to ``stop - 1`` (no full grid built)."""
        if self.explicit is not None:
            return {name: q[start:stop] for name, q in self.explicit.items()}
        index = np.unravel_index(np.arange(start, stop, dtype=np.int64), self.shape)
        return {a.name: Q_(np.asarray(a.values.magnitude, dtype=float)[i], a.values.units)
                for a, i in zip(self.axes, index, strict=True)}

    def to_dict(self) -> dict[str, Any]:
        return {name: quantity_to_json(q) for name, q in self.columns.items()}


def build_grid(axes: Sequence[Vary], max_points: int | None = MAX_POINTS) -> Grid:
    """All combinations of the axes' values (first axis slowest), at most ``max_points`` (None: no cap, for
    chunked evaluation that never holds the whole grid)."""
    if not axes:
        raise UsageError("give at least one --vary")
    names = [a.name for a in axes]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise UsageError(f"--vary {repeated[0]} is given more than once")
    grid = Grid(tuple(axes))
    if max_points is not None and grid.size > max_points:
        raise UsageError(f"the grid has {grid.size:,} points; at most {max_points:,} (use fewer points per --vary, "
                         "or --samples for chunked percentiles per point)")
    return grid


def apply_grid(fabric: Fabric, grid: Grid,
               catalog: Catalog) -> tuple[Fabric, dict[tuple[str, str], np.ndarray]]:
    """The fabric with swept inputs as arrays, and the swept catalog figures as ``figures`` overrides."""
    return apply_columns(fabric, grid.columns, catalog)


def apply_columns(fabric: Fabric, columns: Mapping[str, pint.Quantity],
                  catalog: Catalog) -> tuple[Fabric, dict[tuple[str, str], np.ndarray]]:
    """The fabric with the swept inputs' ``columns`` as arrays, and swept catalog figures as overrides."""
    if fabric.swept_inputs:
        raise UsageError(f"sweep needs a single-point fabric; this one already sweeps {', '.join(fabric.swept_inputs)}"
                         " (give single values in the file and --vary them instead)")
    fabric_changes: dict[str, Any] = {}
    economics = _fields(fabric.economics)
    planes = {p.name: _fields(p) for p in fabric.planes}
    figures: dict[tuple[str, str], np.ndarray] = {}
    for name, q in columns.items():
        if name == "accelerators":
            fabric_changes["accelerators"] = np.asarray(q.magnitude).astype(np.int64)
        elif name == "year":
            fabric_changes["year"] = np.asarray(q.magnitude, dtype=float)
        elif name in _ECONOMICS:
            economics[name] = np.asarray(q.m_as(""), dtype=float) if name in _PLAIN_ECONOMICS else q
        elif name.startswith("length."):
            _, plane, tier = name.split(".")
            if plane not in planes:
                raise UsageError(f"--vary {name}: no plane {plane!r}; planes: {', '.join(planes)}")
            lengths = list(planes[plane]["link_lengths"])
            if int(tier) > len(lengths):
                raise UsageError(f"--vary {name}: plane {plane!r} has {len(lengths)} link length(s)")
            lengths[int(tier) - 1] = q
            planes[plane]["link_lengths"] = tuple(lengths)
        else:
            figures[_figure_key(name, catalog)] = np.asarray(q.magnitude, dtype=float)
    try:
        fabric_changes["economics"] = Economics.model_validate(economics)
        fabric_changes["planes"] = tuple(Plane.model_validate(p) for p in planes.values())
        return fabric.replace(**fabric_changes), figures
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        raise UsageError(f"--vary gives an invalid {where or 'input'}: {message}") from None


def _fields(model: Economics | Plane) -> dict[str, Any]:
    """A model's field values as they are (``model_dump`` would turn quantities into JSON)."""
    return {name: getattr(model, name) for name in type(model).model_fields}


def _figure_key(name: str, catalog: Catalog) -> tuple[str, str]:
    """``figure.<id>.<field>`` as an ``(entry id, field)`` override key, checked against the catalog."""
    entry_id, field = name.removeprefix("figure.").rsplit(".", 1)
    try:
        entry = catalog.entry(entry_id)
    except UnknownIdError as exc:
        raise UsageError(f"--vary {name}: {exc}") from None
    if isinstance(entry, Source) or field not in type(entry).model_fields:
        raise UsageError(f"--vary {name}: '{entry_id}' has no field '{field}'; figures: "
                         f"{', '.join(entry.figures()) if not isinstance(entry, Source) else 'none'}")
    if field in ("power", "energy_per_bit") and getattr(entry, field) is None:
        other = "energy_per_bit" if field == "power" else "power"
        raise UsageError(f"--vary {name}: '{entry_id}' gives '{other}', not '{field}'; vary "
                         f"figure.{entry_id}.{other}")
    return entry_id, field


def check_figures(figures: Mapping[tuple[str, str], np.ndarray]) -> None:
    """Swept catalog figures are zero or more, and a trend's decline is below 100% a year."""
    for key, values in figures.items():
        if np.any(np.asarray(values) < 0):
            raise UsageError(f"--vary figure.{key[0]}.{key[1]}: catalog figures are zero or more")
        if key[1] == "decline" and np.any(np.asarray(values) >= 1):
            raise UsageError(f"--vary figure.{key[0]}.decline: a decline is below 100% a year (1)")


def check_read(figures: Mapping[tuple[str, str], np.ndarray], results: Sequence[Any], fabric: Fabric) -> None:
    """Every swept catalog figure is read by some scenario (else the sweep would be flat)."""
    read = {key for r in results for key in r.figures_used}
    unread = [f"figure.{k[0]}.{k[1]}" for k in figures if k not in read]
    if unread:
        hint = ""
        if any(k[1] == "decline" for k in figures if k not in read):
            hint = (" (a trend is read only when the fabric has a year that differs from the figures' own: "
                    "set 'year' in the file or --vary year)" if fabric.year is None else
                    " (the trend moves no figure these scenarios read at this year)")
        raise UsageError(f"--vary {', '.join(unread)}: no scenario reads this figure, so the sweep would be "
                         f"flat{hint}")


@dataclass(frozen=True)
class Sweep:
    """A comparison evaluated on every grid point: each metric is a 1-D Quantity of ``grid.size``."""

    grid: Grid
    comparison: Comparison

    def to_dict(self, metrics: Sequence[str]) -> dict[str, Any]:
        """The stable JSON form (docs/cli.md): axes, flattened grid, chosen metrics and deltas."""
        scenarios = []
        for r in self.comparison.results:
            scenarios.append({
                "scenario": r.scenario,
                "metrics": {m: _metric_json(m, r[m]) for m in metrics},
                "deltas": {m: {"absolute": quantity_to_json(self.comparison.delta(r.scenario, m), METRICS[m].unit),
                               "relative": _ratios(self.comparison.relative(r.scenario, m))} for m in metrics},
            })
        return {"baseline": self.comparison.baseline, "points": self.grid.size,
                "vary": [a.to_dict() for a in self.grid.axes], "grid": self.grid.to_dict(), "scenarios": scenarios}


def _metric_json(name: str, q: pint.Quantity) -> dict[str, Any]:
    out = quantity_to_json(q, METRICS[name].unit)
    if name.startswith("count.") and name != "count.attach_ratio":
        out["value"] = [int(v) for v in out["value"]]
    return out


def _ratios(x: Any) -> list[float | None]:
    return [float(v) if np.isfinite(v) else None for v in np.atleast_1d(np.asarray(x, dtype=float)).tolist()]


def run_sweep(fabric: Fabric, scenarios: ScenarioSet, grid: Grid, catalog: Catalog | None = None, *,
              progress: Callable[[int, int], None] | None = None) -> Sweep:
    """Evaluate every scenario over the whole grid (one vectorized call each) against the set's baseline.

    ``progress(done, total)`` is called after each scenario.
    """
    catalog = catalog or default_catalog()
    swept, figures = apply_grid(fabric, grid, catalog)
    results = []
    total = len(scenarios.scenarios)
    check_figures(figures)
    for done, scenario in enumerate(scenarios.scenarios, start=1):
        results.append(evaluate(swept, scenario, catalog, figures=figures))
        if progress is not None:
            progress(done, total)
    check_read(figures, results, swept)
    return Sweep(grid, Comparison(tuple(results), scenarios.baseline_name))
