"""How sure a comparison is: Monte Carlo over catalog ranges, and tornado sensitivity.

Every catalog figure given as a range (low / typical / high) that the compared scenarios read is an
*uncertain input*. ``monte_carlo`` draws each input once (Beta-PERT by default, seeded per input) and
passes the same samples to every scenario (common random numbers) through the vectorized calculator,
so a delta between two scenarios is taken sample by sample and parts they share cancel exactly.
``tornado`` swings one input at a time from low to high, the others at typical, and ranks the inputs
by their effect on a metric's delta. Method and caveats: docs/uncertainty.md.
"""

from __future__ import annotations

import difflib
import zlib
from collections.abc import Iterable, Mapping

import numpy as np
import pint

from interconnect.calculator import FIGURE_UNITS, compare, default_catalog, evaluate, scenario_list
from interconnect.catalog import Catalog, Figure, Source
from interconnect.errors import InfeasibleError, UsageError
from interconnect.fabric import Fabric
from interconnect.results import METRICS, Comparison, Result
from interconnect.scenario import Scenario, ScenarioSet
from interconnect.uncertainty_results import (
    BEATS_METRICS,
    DISTRIBUTIONS,
    PERCENTILES,
    ScenarioUncertainty,
    Spread,
    TornadoBar,
    UncertainInput,
    UncertaintyResult,
)
from interconnect.units import Q_

__all__ = [
    "BEATS_METRICS",
    "DISTRIBUTIONS",
    "PERCENTILES",
    "ScenarioUncertainty",
    "Spread",
    "TornadoBar",
    "UncertainInput",
    "UncertaintyResult",
    "check_metric",
    "monte_carlo",
    "sample_input",
    "tornado",
    "uncertain_inputs",
]

def _figure(catalog: Catalog, entry_id: str, field: str) -> Figure | None:
    try:
        entry = catalog.entry(entry_id)
    except KeyError:
        return None
    return None if isinstance(entry, Source) else entry.figures().get(field)


def uncertain_inputs(results: Iterable[Result], catalog: Catalog | None = None) -> tuple[UncertainInput, ...]:
    """Ranged figures (low < high) read by any of ``results``, sorted by entry id and field.

    Figures that carry the same estimate (same field, low/typical/high and sources) form one input whose
    ``also`` lists the others: one estimate's error is shared by every entry that uses it.
    """
    catalog = catalog or default_catalog()
    keys = sorted({key for r in results for key in r.figures_used})
    groups: dict[tuple[object, ...], list[tuple[str, str]]] = {}
    ranges: dict[tuple[object, ...], tuple[pint.Quantity, pint.Quantity, pint.Quantity]] = {}
    for entry_id, field in keys:
        fig = _figure(catalog, entry_id, field)
        if fig is None or fig.low.magnitude == fig.high.magnitude or field not in FIGURE_UNITS:
            continue
        unit = FIGURE_UNITS[field]
        low, typical, high = (q.to(unit) for q in (fig.low, fig.typical, fig.high))
        sources = catalog.entry(entry_id).figure_sources(field)  # type: ignore[union-attr]
        estimate = (field, round(low.magnitude, 12), round(typical.magnitude, 12), round(high.magnitude, 12),
                    tuple(sorted(sources)))
        groups.setdefault(estimate, []).append((entry_id, field))
        ranges[estimate] = (low, typical, high)
    out = [UncertainInput(members[0][0], members[0][1], *ranges[estimate], also=tuple(members[1:]))
           for estimate, members in groups.items()]
    return tuple(sorted(out, key=lambda i: i.key))


def sample_input(item: UncertainInput, samples: int, seed: int, distribution: str = "pert") -> np.ndarray:
    """``samples`` draws of one input in its canonical unit (``FIGURE_UNITS``).

    Each input has its own random stream, derived from ``seed`` and its (entry, field) name, so its samples
    do not depend on which other inputs or scenarios take part. Beta-PERT: low + (high - low) * Beta(a, b)
    with a = 1 + 4 (typical - low) / (high - low), b = 1 + 4 (high - typical) / (high - low) (mean
    (low + 4 typical + high) / 6), drawn by inverse transform through ``_beta_quantiles`` (four times
    faster than ``Generator.beta``). Triangular: low, mode typical, high.
    """
    unit = FIGURE_UNITS[item.field]
    low, typ, high = (float(q.m_as(unit)) for q in (item.low, item.typical, item.high))
    if high <= low:
        return np.full(samples, typ)
    stream = zlib.crc32(f"{item.entry_id}\0{item.field}".encode())
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(stream,)))
    if distribution == "triangular":
        return rng.triangular(low, typ, high, samples)
    table = _beta_quantiles(1.0 + 4.0 * (typ - low) / (high - low), 1.0 + 4.0 * (high - typ) / (high - low))
    position = rng.random(samples) * (table.size - 1)
    index = np.minimum(position.astype(np.intp), table.size - 2)
    below = table[index]
    return low + (high - low) * (below + (position - index) * (table[index + 1] - below))


def _beta_quantiles(a: float, b: float, steps: int = 4096) -> np.ndarray:
    """The Beta(a, b) quantile function (a, b >= 1) at ``steps + 1`` evenly spaced probabilities.

    The CDF is integrated (trapezoids) on a grid eight times finer and inverted by interpolation; read
    piecewise-linearly, the table's quantiles and mean agree with the exact ones to about 1e-5 of the range,
    far inside the Monte Carlo noise of 1e5 samples.
    """
    x = np.linspace(0.0, 1.0, 8 * steps + 1)
    density = x ** (a - 1) * (1 - x) ** (b - 1)
    cdf = np.concatenate([[0.0], np.cumsum((density[1:] + density[:-1]) / 2)])
    return np.interp(np.linspace(0.0, 1.0, steps + 1), cdf / cdf[-1], x)


def _check(samples: int, seed: int, distribution: str, comparison: Comparison) -> None:
    if not 1 <= samples <= MAX_SAMPLES:
        raise UsageError(f"samples must be 1 to {MAX_SAMPLES:,}, found {samples:,}")
    if seed < 0:
        raise UsageError(f"seed must be zero or more, found {seed}")
    if distribution not in DISTRIBUTIONS:
        raise UsageError(f"unknown distribution {distribution!r}; choose one of {list(DISTRIBUTIONS)}")
    if comparison.baseline_result.points != 1:
        raise UsageError("Monte Carlo and tornado need a single-point fabric (no swept accelerators, link "
                         "lengths or economics); evaluate one point of the sweep at a time")


Values = dict[str, "float | np.ndarray"]
MAX_SAMPLES = 1_000_000  # each scenario holds ~100 arrays of this length


def _metric_values(result: Result) -> tuple[Values, dict[str, float]]:
    """Every metric's magnitudes as the calculator stores them (a float where all samples agree, else the
    array of samples), and the factor from that unit to the metric's display unit. Percentiles are taken
    on the stored magnitudes and converted after: three numbers instead of a whole array each."""
    out: Values = {}
    to_display = {}
    for name, q in result.metrics.items():
        x = np.asarray(q.magnitude, dtype=float)
        out[name] = float(x) if x.ndim == 0 else float(x[0]) if x.min() == x.max() else x
        to_display[name] = float(Q_(1.0, q.units).m_as(METRICS[name].unit))
    return out, to_display


class _Percentiles:
    """P10/P50/P90 of length-``n`` arrays, equal to ``numpy.percentile`` (method "linear"), found faster.

    The order statistics needed are bracketed with a sorted subsample (every ``step``-th sample: the
    samples are independent draws, so this is a random subsample); only the values inside a bracket are
    partitioned. The count below the bracket proves the bracket holds the wanted rank; if it does not
    (unlikely), the whole array is partitioned. The result is exact either way.
    """

    def __init__(self, n: int) -> None:
        virtual = (n - 1) * (np.asarray(PERCENTILES, dtype=float) / 100)  # numpy's virtual index, "linear"
        self.n = n
        self.below = np.floor(virtual).astype(np.intp)
        self.above = np.minimum(self.below + 1, n - 1)
        self.gamma = virtual - self.below
        self.step = max(1, n // 4096)
        self.delta = np.empty(n)

    def __call__(self, x: float | np.ndarray) -> tuple[float, float, float]:
        if isinstance(x, float):
            return (x, x, x)
        lo, hi = x.min(), x.max()
        if lo == hi:
            return (float(lo),) * 3
        if not (np.isfinite(lo) and np.isfinite(hi)):
            with np.errstate(invalid="ignore"):
                p10, p50, p90 = (float(v) for v in np.percentile(x, PERCENTILES))
            return (p10, p50, p90)
        sub = np.sort(x[:: self.step])
        pairs = [self._rank(x, sub, int(k), int(k1)) for k, k1 in zip(self.below, self.above, strict=True)]
        a, b = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
        diff = b - a
        value = np.where(self.gamma >= 0.5, b - diff * (1 - self.gamma), a + diff * self.gamma)
        return (float(value[0]), float(value[1]), float(value[2]))

    def _rank(self, x: np.ndarray, sub: np.ndarray, k: int, k1: int) -> tuple[float, float]:
        """The k-th and k1-th smallest values of ``x`` (0-based, k <= k1 <= k + 1)."""
        m = sub.size
        j = k / max(self.n - 1, 1) * (m - 1)
        margin = 4.0 * np.sqrt(m * 0.25) + 2
        first, last = int(j - margin), int(j + margin) + 1
        low = sub[first] if first > 0 else -np.inf
        high = sub[last] if last < m - 1 else np.inf
        below = int(np.count_nonzero(x < low))
        inside = x[(x >= low) & (x <= high)]
        if not below <= k <= k1 < below + inside.size:
            inside, below = x.copy(), 0
        inside.partition([k - below, k1 - below])
        return float(inside[k - below]), float(inside[k1 - below])

    def multiples(self, values: Values) -> dict[str, tuple[str, float]]:
        """Metrics whose samples are a positive multiple of an earlier metric's (to 1e-12 of their size):
        ``{name: (earlier name, factor)}``. Their percentiles are the factor times the earlier ones
        (per-accelerator figures, facility power, energy cost, a total equal to its one component...)."""
        probes = np.unique(np.array([0, self.n // 3, 2 * self.n // 3, self.n - 1]))
        found: dict[str, tuple[str, float]] = {}
        seen: list[tuple[str, np.ndarray]] = []
        for name, x in values.items():
            if isinstance(x, float):
                continue
            for parent, y in seen:
                factor = self._factor(x, y, probes)
                if factor is not None:
                    found[name] = (parent, factor)
                    break
            else:
                seen.append((name, x))
        return found

    def _factor(self, x: np.ndarray, y: np.ndarray, probes: np.ndarray) -> float | None:
        xp, yp = x[probes], y[probes]
        if np.any(yp == 0) or xp[0] / yp[0] <= 0:
            return None
        factor = float(xp[0] / yp[0])
        if not np.all(np.abs(xp - factor * yp) <= 1e-12 * np.abs(xp)):
            return None
        np.multiply(y, factor, out=self.delta)
        np.subtract(x, self.delta, out=self.delta)
        return factor if np.abs(self.delta).max() <= 1e-12 * np.abs(x).max() else None

    def of_delta(self, x: float | np.ndarray, base: float | np.ndarray) -> tuple[float, float, float]:
        """Percentiles of ``x - base`` (sample by sample)."""
        if isinstance(x, float) and isinstance(base, float):
            return self(x - base)
        np.subtract(x, base, out=self.delta)
        return self(self.delta)


def _scaled(values: tuple[float, float, float], factor: float) -> tuple[float, float, float]:
    return (values[0] * factor, values[1] * factor, values[2] * factor)


def _display(spreads: dict[str, tuple[float, float, float]], to_display: dict[str, float]) -> dict[str, Spread]:
    return {name: Spread(_scaled(v, to_display[name]), METRICS[name].unit) for name, v in spreads.items()}


def _same_multiple(base: tuple[str, float] | None, parent: str, factor: float) -> bool:
    return base is not None and base[0] == parent and abs(base[1] - factor) <= 1e-12 * abs(factor)


def _beats(values: Values, base: Values, metric: str, samples: int) -> float:
    """Share of samples where ``values`` is strictly below ``base`` for ``metric``."""
    below = np.asarray(values[metric]) < np.asarray(base[metric])
    return float(np.count_nonzero(below)) / samples if below.ndim else float(below)


def monte_carlo(fabric: Fabric, scenarios: ScenarioSet | Iterable[Scenario], catalog: Catalog | None = None, *,
                samples: int = 10_000, seed: int = 0, baseline: str | None = None,
                distribution: str = "pert") -> UncertaintyResult:
    """P10/P50/P90 of every metric and delta, and P(beats baseline), over ``samples`` draws of the ranged
    catalog figures the scenarios read. One vectorized ``evaluate`` per scenario; the same samples for all."""
    catalog = catalog or default_catalog()
    items, baseline = scenario_list(scenarios, baseline)
    deterministic = compare(fabric, items, catalog, baseline=baseline)
    _check(samples, seed, distribution, deterministic)
    inputs = uncertain_inputs(deterministic.results, catalog)
    figures = {key: drawn for i in inputs for drawn in [sample_input(i, samples, seed, distribution)]
               for key in i.keys}
    by_name = {s.name: s for s in items}
    base, to_display = _metric_values(_evaluate(fabric, by_name[baseline], catalog, figures))
    percentiles = _Percentiles(samples)
    base_multiples = percentiles.multiples(base)
    out = []
    for scenario in items:
        is_base = scenario.name == baseline
        values = base if is_base else _metric_values(_evaluate(fabric, scenario, catalog, figures))[0]
        multiples = base_multiples if is_base else percentiles.multiples(values)
        totals: dict[str, tuple[float, float, float]] = {}
        deltas: dict[str, tuple[float, float, float]] = {}
        for name, v in values.items():
            parent, factor = multiples.get(name, ("", 0.0))
            totals[name] = _scaled(totals[parent], factor) if parent else percentiles(v)
            if is_base:
                deltas[name] = (0.0, 0.0, 0.0)
            elif parent and _same_multiple(base_multiples.get(name), parent, factor):
                deltas[name] = _scaled(deltas[parent], factor)  # both sides scale alike
            else:
                deltas[name] = percentiles.of_delta(v, base[name])
        beats = {m: _beats(values, base, m, samples) for m in BEATS_METRICS}
        out.append(ScenarioUncertainty(scenario.name, _display(totals, to_display), _display(deltas, to_display),
                                       beats))
    return UncertaintyResult(fabric=fabric.name, baseline=baseline, samples=samples, seed=seed,
                             distribution=distribution, inputs=inputs, scenarios=tuple(out),
                             deterministic=deterministic)


def _evaluate(fabric: Fabric, scenario: Scenario, catalog: Catalog,
              figures: Mapping[tuple[str, str], np.ndarray]) -> Result:
    """``evaluate`` with sampled figures; a build that only fails at some sampled values says so."""
    try:
        return evaluate(fabric, scenario, catalog, figures=figures)
    except InfeasibleError as exc:
        raise InfeasibleError(f"with catalog figures drawn from their ranges: {exc}") from exc


def check_metric(metric: str) -> None:
    """Raise ``UsageError`` (with the closest names) unless ``metric`` is a metric name."""
    if metric not in METRICS:
        close = difflib.get_close_matches(metric, list(METRICS), n=3, cutoff=0.6)
        hint = f"did you mean {', '.join(repr(c) for c in close)}? " if close else ""
        raise UsageError(f"unknown metric {metric!r}; {hint}metrics: {', '.join(METRICS)}")


def tornado(fabric: Fabric, scenarios: ScenarioSet | Iterable[Scenario], catalog: Catalog | None, metric: str,
            scenario: str, baseline: str | None = None) -> list[TornadoBar]:
    """Inputs ranked by how far ``metric``'s delta (``scenario`` minus ``baseline``) moves when each swings
    from low to high alone. When ``scenario`` is the baseline, the metric itself is studied."""
    check_metric(metric)
    catalog = catalog or default_catalog()
    items, baseline = scenario_list(scenarios, baseline)
    by_name = {s.name: s for s in items}
    for name in (scenario, baseline):
        if name not in by_name:
            raise UsageError(f"no scenario named {name!r}; scenarios: {list(by_name)}")
    pair = [by_name[scenario]] if scenario == baseline else [by_name[scenario], by_name[baseline]]
    deterministic = compare(fabric, pair, catalog, baseline=baseline)
    _check(1, 0, "pert", deterministic)
    inputs = uncertain_inputs(deterministic.results, catalog)
    if not inputs:
        return []
    n = 2 * len(inputs)
    figures = {}
    for i, item in enumerate(inputs):
        unit = FIGURE_UNITS[item.field]
        values = np.full(n, float(item.typical.m_as(unit)))
        values[2 * i], values[2 * i + 1] = item.low.m_as(unit), item.high.m_as(unit)
        for key in item.keys:
            figures[key] = values
    unit = METRICS[metric].unit
    studied = _evaluate(fabric, by_name[scenario], catalog, figures)[metric].m_as(unit)
    typical = deterministic.result(scenario)[metric].m_as(unit)
    if scenario != baseline:
        studied = studied - _evaluate(fabric, by_name[baseline], catalog, figures)[metric].m_as(unit)
        typical = deterministic.delta(scenario, metric).m_as(unit)
    typical = float(typical)
    studied = np.broadcast_to(studied, (n,))
    # an input both scenarios share cancels in the delta up to rounding: show that as no effect at all
    noise = 1e-12 * max(float(np.max(np.abs(studied))), abs(typical))
    ends = np.where(np.abs(studied - typical) <= noise, typical, studied)
    bars = [TornadoBar(item, Q_(float(ends[2 * i]), unit), Q_(float(ends[2 * i + 1]), unit), Q_(typical, unit))
            for i, item in enumerate(inputs)]
    return sorted(bars, key=lambda b: (-float(b.swing.magnitude), b.input.label))

