"""Break-even: the value of one input at which a scenario's metric equals the baseline's.

The delta ``metric(scenario) - metric(baseline)`` is evaluated on a grid over the input's range in one
vectorized pass per scenario; every sign change brackets a crossing, and all brackets are refined
together, a few vectorized passes of regula falsi (the end that stays has its value halved, an
Illinois-type rule) with a bisection every third step, until
the bracket is narrower than 1e-9 of the range (or one whole accelerator) or the delta is zero to 1e-9
of its size. A delta that jumps across zero without passing through it (a count that changes) is
reported as a step. Crossings between grid points that cancel (two within one grid step) are missed:
raise ``points``. Inputs: the names of ``interconnect.sweep`` (accelerators, year, electricity_price,
lifetime, pue, electricity_price_growth, discount_rate, length.PLANE.GROUP, figure.ID.FIELD, a trend's
figure.TREND_ID.decline). Method: docs/methodology.md, "Break-even".
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pint

from interconnect.calculator import FIGURE_UNITS, default_catalog, evaluate, scenario_list
from interconnect.catalog import Catalog, Figure, Source
from interconnect.errors import InfeasibleError, UsageError
from interconnect.fabric import Fabric
from interconnect.results import METRICS, Result
from interconnect.scenario import Scenario, ScenarioSet
from interconnect.sweep import Grid, Vary, apply_grid, check_figures, check_read, input_unit, parse_vary
from interconnect.units import Q_, format_number, quantity_to_json, unit_label

__all__ = ["DEFAULT_POINTS", "DEFAULT_RANGES", "BreakEven", "Crossing", "breakeven"]

DEFAULT_POINTS = 129
MAX_POINTS = 10_001
MAX_PASSES = 100
# default search ranges (canonical units; log spacing): what each input can plausibly take
DEFAULT_RANGES: dict[str, tuple[float, float, bool]] = {
    "accelerators": (1_000, 1_000_000, True),
    "year": (2025, 2035, False),
    "electricity_price": (0.0, 0.5, False),  # USD/kWh: EIA industrial 6-19 US cents/kWh in 2023, with margin
    "electricity_price_growth": (-0.1, 0.2, False),
    "lifetime": (1.0, 10.0, False),  # years
    "pue": (1.0, 2.0, False),
    "discount_rate": (0.0, 0.3, False),
}


@dataclass(frozen=True)
class Crossing:
    """Where the delta changes sign: ``value`` (the input at which the metrics are equal), inside
    ``low``..``high``. ``direction`` says what happens as the input rises past it: "below" (the scenario's
    metric goes below the baseline's), "above", or "touch" (equal there, the same side on both). ``step``:
    the delta jumps across zero (a count changes) instead of passing through it."""

    value: pint.Quantity
    low: pint.Quantity
    high: pint.Quantity
    direction: str
    step: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"value": quantity_to_json(self.value), "low": quantity_to_json(self.low),
                "high": quantity_to_json(self.high), "direction": self.direction, "step": self.step}


@dataclass(frozen=True)
class BreakEven:
    """The break-even search of ``metric`` for ``scenario`` against ``baseline`` over ``input``.

    ``inputs`` and ``deltas`` are the grid and the delta on it (scenario minus baseline, in the metric's
    display unit); ``crossings`` every crossing found in ``low``..``high``, in increasing order.
    """

    fabric: str
    scenario: str
    baseline: str
    metric: str
    input: str
    low: pint.Quantity
    high: pint.Quantity
    log: bool
    inputs: pint.Quantity
    deltas: pint.Quantity
    crossings: tuple[Crossing, ...]
    evaluations: int

    @property
    def crossing(self) -> pint.Quantity | None:
        """The first crossing's input value, or None when there is none in the range."""
        return self.crossings[0].value if self.crossings else None

    @property
    def equal(self) -> bool:
        """The scenario's metric equals the baseline's over the whole range (the input does not matter)."""
        return bool(np.all(np.asarray(self.deltas.magnitude) == 0))

    @property
    def input_label(self) -> str:
        unit = unit_label(self.inputs.units)
        return f"{self.input} [{unit}]" if unit else self.input

    def text(self, q: pint.Quantity) -> str:
        """An input value as text (years without thousands separators)."""
        m = float(q.magnitude)
        number = f"{m:.6g}" if self.input == "year" else format_number(m) if abs(m) >= 100 else f"{m:.6g}"
        unit = unit_label(q.units)
        return f"{number} {unit}".strip()

    def _delta_text(self, x: float) -> str:
        unit = unit_label(self.deltas.units)
        return f"{'+' if x > 0 else ''}{format_number(x)} {unit}".strip()

    def sentences(self) -> list[str]:
        """The answer in words: each crossing, or why there is none."""
        label = _lower(METRICS[self.metric].label.strip())
        span = f"{self.input} from {self.text(self.low)} to {self.text(self.high)}"
        d = np.asarray(self.deltas.magnitude, dtype=float)
        if self.equal:
            return [f"{self.scenario} and {self.baseline} have the same {label} for every {span}: no break-even."]
        if not self.crossings:
            side = "below" if d[0] < 0 else "above"
            return [f"No break-even for {span}: {self.scenario}'s {label} stays {side} {self.baseline}'s "
                    f"(delta {self._delta_text(d[0])} at {self.text(self.low)}, {self._delta_text(d[-1])} at "
                    f"{self.text(self.high)})."]
        out = []
        for c in self.crossings:
            where = f"{self.input} = {self.text(c.value)}"
            if c.direction == "touch":
                out.append(f"At {where} {self.scenario}'s {label} equals {self.baseline}'s and stays on the same "
                           "side around it.")
                continue
            step = " (a step: the delta jumps across zero there)" if c.step else ""
            out.append(f"Break-even at {where}{step}: as {self.input} rises past it, {self.scenario}'s {label} "
                       f"goes {c.direction} {self.baseline}'s.")
        return out

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (docs/cli.md, ``interconnect breakeven``)."""
        return {"schema": 1, "fabric": self.fabric, "scenario": self.scenario, "baseline": self.baseline,
                "metric": self.metric, "input": {"name": self.input, "low": quantity_to_json(self.low),
                                                 "high": quantity_to_json(self.high), "log": self.log},
                "crossings": [c.to_dict() for c in self.crossings], "equal": self.equal,
                "evaluations": self.evaluations,
                "grid": {"input": quantity_to_json(self.inputs), "delta": quantity_to_json(self.deltas)}}

    def table(self) -> str:
        """Plain text: the question, the answer, and the crossings with their brackets."""
        label = METRICS[self.metric].label.strip()
        lines = [f"Break-even of {self.scenario} against {self.baseline} on {self.fabric}: {label} vs "
                 f"{self.input_label}, {self.text(self.low)} to {self.text(self.high)} "
                 f"({self.inputs.magnitude.size} grid points, {self.evaluations} "
                 f"evaluation{'s' if self.evaluations != 1 else ''} per scenario)", "",
                 *self.sentences()]
        if self.crossings:
            rows = [["crossing", "bracket low", "bracket high", "as it rises"]]
            rows += [[self.text(c.value), self.text(c.low), self.text(c.high),
                      f"{self.scenario} {c.direction}" + (" (step)" if c.step else "")] for c in self.crossings]
            widths = [max(len(r[i]) for r in rows) for i in range(4)]
            lines += ["", *["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]]
            lines.insert(len(lines) - len(rows) + 1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)


def _lower(label: str) -> str:
    """``Fabric power`` -> ``fabric power``; acronyms (``TCO``) stay as they are."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _range(vary: str, catalog: Catalog) -> tuple[str, float, float, bool, str]:
    """(name, low, high, log, canonical unit) of ``NAME`` (its default range) or ``NAME=START..STOP[:log]``."""
    name, sep, body = vary.partition("=")
    name = name.strip()
    if sep:
        if ".." not in body:
            raise UsageError(f"--vary {vary!r}: a break-even searches a range: NAME=START..STOP[:log]")
        if any(o.strip().isdigit() for o in body.split(":")[1:]):
            raise UsageError(f"--vary {name}: give the grid size with --points, not ':N'")
        spec = parse_vary(f"{name}={body}:2")
        values = np.asarray(spec.values.magnitude, dtype=float)
        low, high, log = float(values[0]), float(values[-1]), spec.log
        unit = str(spec.values.units)
    else:
        unit = input_unit(name)
        if name in DEFAULT_RANGES:
            low, high, log = DEFAULT_RANGES[name]
        elif name.startswith("figure."):
            low, high, log = 0.0, _figure_high(name, catalog), False
        else:
            raise UsageError(f"--vary {name}: no default range for this input; give NAME=START..STOP")
    if not low < high:
        raise UsageError(f"--vary {name}: a range needs START < STOP, found {low:g}..{high:g}")
    return name, low, high, log, unit


def _figure_high(name: str, catalog: Catalog) -> float:
    """The default top of a figure's range: twice its catalog high (a trend's decline: 90% a year)."""
    entry_id, field = name.removeprefix("figure.").rsplit(".", 1)
    if field == "decline":
        return 0.9
    try:
        entry = catalog.entry(entry_id)
    except KeyError:
        return 1.0  # apply_grid names the unknown id
    figure = None if isinstance(entry, Source) else entry.figures().get(field)
    if not isinstance(figure, Figure) or field not in FIGURE_UNITS:
        return 1.0
    high = float(figure.high.m_as(FIGURE_UNITS[field]))
    return 2.0 * high if high > 0 else 1.0


class _Delta:
    """The metric's delta (scenario minus baseline, display unit) at an array of input values."""

    def __init__(self, fabric: Fabric, scenario: Scenario, baseline: Scenario, catalog: Catalog, name: str,
                 unit: str, metric: str) -> None:
        self.fabric, self.scenario, self.baseline, self.catalog = fabric, scenario, baseline, catalog
        self.name, self.unit, self.metric = name, unit, metric
        self.calls = 0
        self.figures: dict[tuple[str, str], np.ndarray] = {}

    def results(self, x: np.ndarray) -> tuple[Result, Result]:
        grid = Grid((Vary(self.name, Q_(x, self.unit)),), {self.name: Q_(x, self.unit)})
        swept, figures = apply_grid(self.fabric, grid, self.catalog)
        check_figures(figures)
        self.figures = figures
        self.calls += 1
        try:
            pair = (evaluate(swept, self.scenario, self.catalog, figures=figures),
                    evaluate(swept, self.baseline, self.catalog, figures=figures))
        except InfeasibleError as exc:
            raise InfeasibleError(f"at some values of {self.name} in the range: {exc}") from exc
        return pair

    def __call__(self, x: np.ndarray) -> np.ndarray:
        a, b = self.results(np.asarray(x, dtype=float))
        unit = METRICS[self.metric].unit
        delta = np.atleast_1d(np.asarray(a.value(self.metric, unit), dtype=float)
                              - np.asarray(b.value(self.metric, unit), dtype=float))
        return np.broadcast_to(delta, (np.size(x),)).astype(float)


def breakeven(fabric: Fabric, scenarios: ScenarioSet | Iterable[Scenario], scenario: str, metric: str, vary: str,
              catalog: Catalog | None = None, *, baseline: str | None = None,
              points: int = DEFAULT_POINTS) -> BreakEven:
    """Where ``metric`` of ``scenario`` equals the baseline's as one input varies.

    ``vary`` is an input name (searched over its default range, ``DEFAULT_RANGES``; a catalog figure from 0
    to twice its high) or ``NAME=START..STOP[:log]``. ``points`` grid points bracket the crossings before
    they are refined. Raises ``UsageError`` for unknown names and ranges, ``InfeasibleError`` when the
    fabric cannot be built somewhere in the range.
    """
    from interconnect.uncertainty import check_metric

    check_metric(metric)
    catalog = catalog or default_catalog()
    items, base = scenario_list(scenarios, baseline)
    by_name = {s.name: s for s in items}
    for wanted in (scenario, base):
        if wanted not in by_name:
            raise UsageError(f"no scenario named {wanted!r}; scenarios: {list(by_name)}")
    if scenario == base:
        raise UsageError(f"scenario {scenario!r} is the baseline: choose another scenario or --baseline")
    if not 3 <= points <= MAX_POINTS:
        raise UsageError(f"points must be 3 to {MAX_POINTS:,}, found {points:,}")
    name, low, high, log, unit = _range(vary, catalog)
    integer = name == "accelerators"
    if log and low <= 0:
        raise UsageError(f"--vary {name}: a log range needs positive ends")
    x = np.geomspace(low, high, points) if log else np.linspace(low, high, points)
    if integer:
        x = np.unique(np.round(x))
        low, high = float(x[0]), float(x[-1])
    delta = _Delta(fabric, by_name[scenario], by_name[base], catalog, name, unit, metric)
    scenario_result, baseline_result = delta.results(x)
    check_read(delta.figures, [scenario_result, baseline_result], fabric)
    display = METRICS[metric].unit
    d = np.broadcast_to(np.atleast_1d(np.asarray(scenario_result.value(metric, display), dtype=float)
                                      - np.asarray(baseline_result.value(metric, display), dtype=float)), x.shape)
    crossings = _crossings(delta, x, np.array(d, dtype=float), integer, unit)
    return BreakEven(fabric=fabric.name, scenario=scenario, baseline=base, metric=metric, input=name,
                     low=Q_(low, unit), high=Q_(high, unit), log=log, inputs=Q_(x, unit), deltas=Q_(d, display),
                     crossings=tuple(crossings), evaluations=delta.calls)


def _crossings(f: _Delta, x: np.ndarray, d: np.ndarray, integer: bool, unit: str) -> list[Crossing]:
    """Every crossing of ``d`` (the delta on grid ``x``), refined on ``f``."""
    scale = float(np.max(np.abs(d)))
    if scale == 0:
        return []
    tol_f = 1e-9 * scale
    sign = np.where(np.abs(d) <= tol_f, 0.0, np.sign(d))
    nonzero = np.flatnonzero(sign)
    found: list[tuple[float, float, float, str, bool]] = []
    if nonzero[0] > 0:  # equal at the start of the range
        found.append((x[0], x[0], x[nonzero[0] - 1], _direction(sign[nonzero[0]]), False))
    brackets = []
    for i, j in itertools.pairwise(nonzero):
        if j > i + 1:  # equal on grid points between them
            direction = _direction(sign[j]) if sign[i] != sign[j] else "touch"
            found.append((x[i + 1], x[i + 1], x[j - 1], direction, False))
        elif sign[i] != sign[j]:
            brackets.append((i, j))
    if nonzero[-1] < x.size - 1:  # equal at the end of the range
        found.append((x[nonzero[-1] + 1], x[nonzero[-1] + 1], x[-1], _direction(-sign[nonzero[-1]]), False))
    if brackets:
        ia, ib = (np.array(v) for v in zip(*brackets, strict=True))
        found += _refine(f, x[ia], x[ib], d[ia], d[ib], integer, tol_f, (x[-1] - x[0]) * 1e-9)
    found.sort(key=lambda c: c[0])
    return [Crossing(Q_(v, unit), Q_(lo, unit), Q_(hi, unit), direction, step) for v, lo, hi, direction, step in found]


def _direction(after: float) -> str:
    return "below" if after < 0 else "above"


def _refine(f: _Delta, a: np.ndarray, b: np.ndarray, fa: np.ndarray, fb: np.ndarray, integer: bool, tol_f: float,
            tol_x: float) -> list[tuple[float, float, float, str, bool]]:
    """All brackets [a, b] (fa, fb of opposite signs) narrowed together: Illinois regula falsi with a
    bisection every third pass, one vectorized evaluation per pass for the brackets still open."""
    a, b, fa, fb = (np.array(v, dtype=float) for v in (a, b, fa, fb))
    wa, wb = fa.copy(), fb.copy()  # the values the secant uses (Illinois halves a stale end's value)
    direction = np.where(fb < 0, "below", "above")
    root = np.full(a.size, np.nan)
    for step in range(MAX_PASSES):
        open_ = np.isnan(root) & ((b - a > 1.0) if integer else (b - a > tol_x))
        if not open_.any():
            break
        k = np.flatnonzero(open_)
        with np.errstate(divide="ignore", invalid="ignore"):
            c = b[k] - wb[k] * (b[k] - a[k]) / (wb[k] - wa[k])
        bisect = (step % 3 == 2) | ~np.isfinite(c) | (c <= a[k]) | (c >= b[k])
        c = np.where(bisect, 0.5 * (a[k] + b[k]), c)
        if integer:
            c = np.clip(np.round(c), a[k] + 1, b[k] - 1)
        fc = f(c)
        hit = np.abs(fc) <= tol_f
        root[k[hit]] = c[hit]
        same_as_a = (np.sign(fc) == np.sign(fa[k])) & ~hit
        left, right = k[same_as_a], k[~same_as_a & ~hit]
        a[left], fa[left], wa[left] = c[same_as_a], fc[same_as_a], fc[same_as_a]
        wb[left] *= 0.5
        moved = ~same_as_a & ~hit
        b[right], fb[right], wb[right] = c[moved], fc[moved], fc[moved]
        wa[right] *= 0.5
    out = []
    for i in range(a.size):
        if not np.isnan(root[i]):
            out.append((float(root[i]), float(root[i]), float(root[i]), str(direction[i]), False))
            continue
        value = b[i] if integer else 0.5 * (a[i] + b[i])
        step = (not integer) and min(abs(fa[i]), abs(fb[i])) > 1e3 * tol_f
        out.append((float(value), float(a[i]), float(b[i]), str(direction[i]), bool(step)))
    return out
