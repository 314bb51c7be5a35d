"""Grid x Monte Carlo: P10/P50/P90 of chosen metrics at every point of a sweep grid, for every scenario.

Every ranged catalog figure the scenarios read anywhere on the grid is drawn ``samples`` times once
(seeded per input, as in ``monte_carlo``); the same draws serve every grid point and scenario (common
random numbers). The grid is never built whole: chunks of grid points x samples are evaluated, each
point's samples reduced to its percentiles inside the chunk, and only those are kept (3 floats per grid
point, scenario and metric). Chunks run in this process or on Dask (``interconnect.chunks``) with the same
numbers either way. Method: docs/uncertainty.md; running on a cluster: docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pint

from interconnect.calculator import FIGURE_UNITS, default_catalog, evaluate, scenario_list
from interconnect.catalog import Catalog
from interconnect.chunks import CHUNK_POINTS, chunk_ranges, run_chunks
from interconnect.errors import InfeasibleError, UsageError
from interconnect.fabric import Fabric
from interconnect.results import METRICS
from interconnect.scenario import Scenario, ScenarioSet
from interconnect.sweep import Grid, apply_columns, check_figures, check_read
from interconnect.uncertainty import DISTRIBUTIONS, MAX_SAMPLES, sample_input, uncertain_inputs
from interconnect.uncertainty_results import PERCENTILES, UncertainInput
from interconnect.units import Q_, unit_label, ureg

__all__ = ["GridUncertainty", "grid_monte_carlo"]


@dataclass(frozen=True)
class GridUncertainty:
    """P10/P50/P90 per grid point, scenario and metric: ``spreads[(scenario, metric)]`` is a float array of
    shape ``(grid.size, 3)`` in the metric's display unit (``METRICS[metric].unit``)."""

    fabric: str
    baseline: str
    grid: Grid
    scenarios: tuple[str, ...]
    metrics: tuple[str, ...]
    samples: int
    seed: int
    distribution: str
    inputs: tuple[UncertainInput, ...]
    spreads: Mapping[tuple[str, str], np.ndarray]

    def spread(self, scenario: str, metric: str) -> pint.Quantity:
        """``(grid.size, 3)`` Quantity: P10, P50, P90 of ``metric`` for ``scenario`` at every grid point."""
        try:
            return Q_(self.spreads[(scenario, metric)], METRICS[metric].unit)
        except KeyError:
            raise KeyError(f"no spread for scenario {scenario!r} and metric {metric!r}; scenarios "
                           f"{list(self.scenarios)}, metrics {list(self.metrics)}") from None

    @property
    def evaluations(self) -> int:
        """Grid points x samples x scenarios evaluated."""
        return self.grid.size * self.samples * len(self.scenarios)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (docs/cli.md): the grid, the inputs sampled, spreads per scenario and metric."""
        return {"fabric": self.fabric, "baseline": self.baseline, "points": self.grid.size,
                "samples": self.samples, "seed": self.seed, "distribution": self.distribution,
                "percentiles": list(PERCENTILES), "vary": [a.to_dict() for a in self.grid.axes],
                "grid": self.grid.to_dict(), "inputs": [i.to_dict() for i in self.inputs],
                "scenarios": [{"scenario": s, "metrics": {m: self._json(s, m) for m in self.metrics}}
                              for s in self.scenarios]}

    def _json(self, scenario: str, metric: str) -> dict[str, Any]:
        values = self.spreads[(scenario, metric)]
        label = unit_label(ureg.parse_units(METRICS[metric].unit))
        return {f"p{p}": [v if np.isfinite(v) else None for v in values[:, i].tolist()]
                for i, p in enumerate(PERCENTILES)} | {"unit": label}


@dataclass(frozen=True)
class _Drawn:
    """One uncertain input as the chunks use it: the figures it sets, typical value, step, samples."""

    keys: tuple[tuple[str, str], ...]
    typical: float
    step: float  # high - low: the finite difference that measures a metric's slope
    draws: np.ndarray


@dataclass(frozen=True)
class _Job:
    """What every chunk needs (sent to each Dask worker once)."""

    fabric: Fabric
    scenarios: tuple[Scenario, ...]
    catalog: Catalog
    grid: Grid
    inputs: tuple[_Drawn, ...]
    samples: int
    metrics: tuple[str, ...]
    to_display: Mapping[str, float]
    exact: bool

    @property
    def draws(self) -> dict[tuple[str, str], np.ndarray]:
        return {key: i.draws for i in self.inputs for key in i.keys}


# Metrics that are sums of count x figure at a grid point (counts do not depend on catalog figures), or such
# a sum over a count: linear in every sampled figure unless a trend moves it (checked in every chunk)
_LINEAR = frozenset(name for name, spec in METRICS.items() if spec.additive) | {
    "power.per_accelerator", "cost.capex_per_accelerator"}
_TOLERANCE = 1e-9  # relative: a linear reconstruction further than this from direct evaluation is not used


def _chunk(job: _Job, start: int, stop: int) -> dict[tuple[str, str], np.ndarray]:
    """Percentiles of grid points ``start..stop-1`` for every scenario and metric."""
    columns = job.grid.chunk(start, stop)
    out = {}
    for scenario in job.scenarios:
        samples = None if job.exact else _linear_samples(job, scenario, columns, stop - start)
        missing = [m for m in job.metrics if samples is None or m not in samples]
        if missing:
            direct = _direct_samples(job, scenario, columns, stop - start)
            samples = (samples or {}) | {m: direct[m] for m in missing}
        assert samples is not None
        for metric in job.metrics:
            with np.errstate(invalid="ignore"):
                spread = np.percentile(samples[metric], PERCENTILES, axis=1).T
            out[(scenario.name, metric)] = spread * job.to_display[metric]
    return out


def _evaluate(job: _Job, scenario: Scenario, columns: Mapping[str, pint.Quantity], repeat: int,
              figures: Mapping[tuple[str, str], np.ndarray]) -> Mapping[str, np.ndarray]:
    """Metric arrays (canonical units) with every grid point repeated ``repeat`` times and ``figures``."""
    repeated = {name: Q_(np.repeat(np.asarray(q.magnitude), repeat), q.units) for name, q in columns.items()}
    fabric, swept = apply_columns(job.fabric, repeated, job.catalog)
    try:
        result = evaluate(fabric, scenario, job.catalog, figures=dict(figures) | swept)
    except InfeasibleError as exc:
        raise InfeasibleError(f"with catalog figures drawn from their ranges: {exc}") from exc
    return result.metrics.arrays  # type: ignore[attr-defined, no-any-return]


def _direct_samples(job: _Job, scenario: Scenario, columns: Mapping[str, pint.Quantity],
                    points: int) -> dict[str, np.ndarray]:
    """Every sample evaluated: ``(points, samples)`` arrays per metric."""
    figures = {key: np.tile(values, points) for key, values in job.draws.items()}
    arrays = _evaluate(job, scenario, columns, job.samples, figures)
    return {m: np.broadcast_to(arrays[m], (points * job.samples,)).reshape(points, job.samples)
            for m in job.metrics}


def _linear_samples(job: _Job, scenario: Scenario, columns: Mapping[str, pint.Quantity],
                    points: int) -> dict[str, np.ndarray]:
    """Counts once per grid point, figures by their slopes: each grid point is evaluated at typical figures
    and once more per input moved by its step; a linear metric at a sample is then the typical value plus
    slopes x (draws - typical), a matrix product. Two samples per point (the first and the one furthest
    from typical) are evaluated directly; a metric is kept only where they agree to 1e-9 (relative)."""
    inputs = job.inputs
    metrics = [m for m in job.metrics if m in _LINEAR]
    if not metrics:
        return {}
    width = len(inputs) + 1
    figures = {}
    for j, item in enumerate(inputs):
        block = np.full(width, item.typical)
        block[j + 1] += item.step
        for key in item.keys:
            figures[key] = np.tile(block, points)
    arrays = _evaluate(job, scenario, columns, width, figures)
    steps = np.array([i.step for i in inputs])
    centred = np.array([i.draws - i.typical for i in inputs]).reshape(len(inputs), job.samples)
    probes = np.unique([0, int(np.argmax(np.abs(centred / steps[:, None]).sum(axis=0))) if inputs else 0])
    checked = _evaluate(job, scenario, columns, probes.size,
                        {key: np.tile(i.draws[probes], points) for i in inputs for key in i.keys})
    out = {}
    for m in metrics:
        at = np.broadcast_to(arrays[m], (points * width,)).reshape(points, width)
        base = at[:, :1]
        slopes = (at[:, 1:] - base) / steps
        # einsum without BLAS: one thread, the same sums wherever it runs (a BLAS pool spins on a busy machine)
        samples = base + np.einsum("pj,js->ps", slopes, centred, optimize=False)
        direct = np.broadcast_to(checked[m], (points * probes.size,)).reshape(points, probes.size)
        scale = np.maximum(np.abs(direct), np.abs(base))
        if np.all(np.isfinite(samples)) and np.all(np.abs(samples[:, probes] - direct) <= _TOLERANCE * scale):
            out[m] = samples
    return out


def _figures_read(fabric: Fabric, scenarios: Sequence[Scenario], catalog: Catalog, grid: Grid,
                  chunk_points: int) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Figures some scenario reads somewhere on the grid (each scenario evaluated at every grid point, at
    typical figures, chunk by chunk: this also proves every point can be built)."""
    read: set[tuple[str, str]] = set()
    swept_keys: set[tuple[str, str]] = set()
    for start, stop in chunk_ranges(grid.size, chunk_points):
        swept, figures = apply_columns(fabric, grid.chunk(start, stop), catalog)
        check_figures(figures)
        used = [_Read(set(evaluate(swept, s, catalog, figures=figures).figures_used)) for s in scenarios]
        check_read(figures, used, swept)  # only what each result read is kept, not its arrays
        read |= {key for r in used for key in r.figures}
        swept_keys |= set(figures)
    return read, swept_keys


def grid_monte_carlo(fabric: Fabric, scenarios: ScenarioSet | Iterable[Scenario], grid: Grid,
                     catalog: Catalog | None = None, *, samples: int = 1_000, seed: int = 0,
                     metrics: Sequence[str] = ("power.fabric",), baseline: str | None = None,
                     distribution: str = "pert", chunk_points: int = CHUNK_POINTS, scheduler: Any = None,
                     exact: bool = False,
                     progress: Callable[[int, int], None] | None = None) -> GridUncertainty:
    """P10/P50/P90 of ``metrics`` at every point of ``grid`` for every scenario, over ``samples`` draws of
    the ranged catalog figures (module docstring). ``chunk_points`` bounds the points (grid points x
    samples) evaluated at once; ``scheduler`` runs the chunks on Dask (``interconnect.chunks``): ``"local"``,
    ``"threads"``, ``"synchronous"``, ``"processes"``, a scheduler address or a ``distributed.Client``.

    Metrics that are sums of count x figure are reconstructed from their slopes (``_linear_samples``: about
    ``samples / (inputs + 3)`` times fewer evaluations, equal to direct evaluation to ~1e-12, checked in
    every chunk); others, and all with ``exact=True``, evaluate every sample."""
    catalog = catalog or default_catalog()
    items, baseline = scenario_list(scenarios, baseline)
    if not 1 <= samples <= MAX_SAMPLES:
        raise UsageError(f"samples must be 1 to {MAX_SAMPLES:,}, found {samples:,}")
    if seed < 0:
        raise UsageError(f"seed must be zero or more, found {seed}")
    if distribution not in DISTRIBUTIONS:
        raise UsageError(f"unknown distribution {distribution!r}; choose one of {list(DISTRIBUTIONS)}")
    unknown = [m for m in metrics if m not in METRICS]
    if unknown or not metrics:
        raise UsageError(f"unknown metric {unknown[0]!r}" if unknown else "give at least one metric")
    if baseline not in {s.name for s in items}:
        raise UsageError(f"baseline {baseline!r} is not among the scenarios")
    read, swept = _figures_read(fabric, items, catalog, grid, chunk_points)
    ranged = uncertain_inputs([_Read(read)], catalog)  # type: ignore[list-item]
    inputs = tuple(i for i in ranged if not set(i.keys) & swept)  # a swept figure is not drawn
    drawn = tuple(_Drawn(i.keys, float(i.typical.m_as(FIGURE_UNITS[i.field])),
                         float((i.high - i.low).m_as(FIGURE_UNITS[i.field])),
                         sample_input(i, samples, seed, distribution)) for i in inputs)
    to_display = {m: float(Q_(1.0, METRICS[m].canonical).m_as(METRICS[m].unit)) for m in metrics}
    job = _Job(fabric, tuple(items), catalog, grid, drawn, samples, tuple(dict.fromkeys(metrics)), to_display, exact)
    # grid points per chunk: evaluated points (grid points x samples, or x inputs + 3 when rebuilt from slopes)
    # within chunk_points; a rebuilt chunk also holds its samples, at most 8 x chunk_points floats per metric
    per_chunk = chunk_points // samples if exact else min(chunk_points // (len(drawn) + 3),
                                                            8 * chunk_points // samples)
    per_chunk = max(1, per_chunk)
    parts = run_chunks(_chunk, job, chunk_ranges(grid.size, per_chunk), scheduler, progress)
    spreads = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    return GridUncertainty(fabric.name, baseline, grid, tuple(s.name for s in items), job.metrics, samples, seed,
                           distribution, inputs, spreads)


@dataclass(frozen=True)
class _Read:
    """Stands in for a result in ``uncertain_inputs``: just the figures read."""

    figures: set[tuple[str, str]]

    @property
    def figures_used(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.figures))

