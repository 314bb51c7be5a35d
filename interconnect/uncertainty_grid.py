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

from interconnect.calculator import default_catalog, evaluate, scenario_list
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
class _Job:
    """What every chunk needs (sent to each Dask worker once)."""

    fabric: Fabric
    scenarios: tuple[Scenario, ...]
    catalog: Catalog
    grid: Grid
    draws: Mapping[tuple[str, str], np.ndarray]
    samples: int
    metrics: tuple[str, ...]
    to_display: Mapping[str, float]


def _chunk(job: _Job, start: int, stop: int) -> dict[tuple[str, str], np.ndarray]:
    """Percentiles of grid points ``start..stop-1``: each point repeated ``samples`` times with the draws."""
    points, samples = stop - start, job.samples
    columns = {name: Q_(np.repeat(np.asarray(q.magnitude), samples), q.units)
               for name, q in job.grid.chunk(start, stop).items()}
    fabric, swept = apply_columns(job.fabric, columns, job.catalog)
    figures = {key: np.tile(values, points) for key, values in job.draws.items()} | swept
    out = {}
    for scenario in job.scenarios:
        try:
            result = evaluate(fabric, scenario, job.catalog, figures=figures)
        except InfeasibleError as exc:
            raise InfeasibleError(f"with catalog figures drawn from their ranges: {exc}") from exc
        arrays = result.metrics.arrays  # type: ignore[attr-defined]
        for metric in job.metrics:
            values = np.broadcast_to(arrays[metric], (points * samples,)).reshape(points, samples)
            with np.errstate(invalid="ignore"):
                spread = np.percentile(values, PERCENTILES, axis=1).T
            out[(scenario.name, metric)] = spread * job.to_display[metric]
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
        results = [evaluate(swept, s, catalog, figures=figures) for s in scenarios]
        check_read(figures, results, swept)
        read |= {key for r in results for key in r.figures_used}
        swept_keys |= set(figures)
    return read, swept_keys


def grid_monte_carlo(fabric: Fabric, scenarios: ScenarioSet | Iterable[Scenario], grid: Grid,
                     catalog: Catalog | None = None, *, samples: int = 1_000, seed: int = 0,
                     metrics: Sequence[str] = ("power.fabric",), baseline: str | None = None,
                     distribution: str = "pert", chunk_points: int = CHUNK_POINTS, scheduler: Any = None,
                     progress: Callable[[int, int], None] | None = None) -> GridUncertainty:
    """P10/P50/P90 of ``metrics`` at every point of ``grid`` for every scenario, over ``samples`` draws of
    the ranged catalog figures (module docstring). ``chunk_points`` bounds the points (grid points x
    samples) evaluated at once; ``scheduler`` runs the chunks on Dask (``interconnect.chunks``): ``"local"``,
    ``"threads"``, ``"synchronous"``, ``"processes"``, a scheduler address or a ``distributed.Client``."""
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
    draws = {key: drawn for i in inputs for drawn in [sample_input(i, samples, seed, distribution)]
             for key in i.keys}
    to_display = {m: float(Q_(1.0, METRICS[m].canonical).m_as(METRICS[m].unit)) for m in metrics}
    job = _Job(fabric, tuple(items), catalog, grid, draws, samples, tuple(dict.fromkeys(metrics)), to_display)
    per_chunk = max(1, chunk_points // samples)
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

