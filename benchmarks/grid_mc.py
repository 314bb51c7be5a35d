"""The grid x Monte Carlo benchmark: 1e9 grid-point x sample x scenario evaluations on the default fabric.

Grid: accelerators (10,000..130,000, 50 values) x tier-2 link length (100..500 m, 20) x electricity price
(0.04..0.20 USD/kWh, 53) = 53,000 points; 1,000 samples of every ranged catalog figure; 19 scenarios (the 6
shipped ones and 13 feasible mixes of their link choices): 1.007e9 evaluations. Metrics: power.fabric and
cost.tco P10/P50/P90.
Run alone: ``python -m benchmarks --only grid-mc`` (about 10 minutes for both runs; ``--quick``: 1/20).
"""

from __future__ import annotations

import itertools
import resource
import time
from typing import Any

from interconnect import Fabric, PlaneChoice, Scenario, ScenarioSet, compare, default_catalog
from interconnect.errors import InfeasibleError
from interconnect.files import default_fabric_path, load_project
from interconnect.sweep import Grid, build_grid, parse_vary

SAMPLES = 1_000
METRICS = ("power.fabric", "cost.tco")


def default_twenty() -> tuple[Fabric, list[Scenario]]:
    """The default fabric and up to 20 scenarios: the shipped ones, then feasible mixes (tier 1 of one, tier
    2 of another, either's switch); the default fabric gives 19."""
    fabric, scenarios = load_project(default_fabric_path())
    assert isinstance(scenarios, ScenarioSet)
    out = list(scenarios.scenarios)
    from interconnect.standard import standard_scenarios

    pool = list(scenarios.scenarios) + list(standard_scenarios(fabric, default_catalog()).scenarios)
    for (a, b), switch_of in itertools.product(itertools.permutations(pool, 2), ("upper", "lower")):
        if len(out) == 20:
            break
        plane = next(iter(a.planes))
        first, second = a.planes[plane], b.planes[plane]
        switch = second.switch if switch_of == "upper" else first.switch
        mix = Scenario(name=f"{a.name}+{b.name}/{switch or 'default'}"[:60], planes={plane: PlaneChoice(
            switch=switch, nic=first.nic, links=(first.links[0], *second.links[1:]))})
        if mix.name in {s.name for s in out}:
            continue
        try:
            compare(fabric, [mix])
        except InfeasibleError:
            continue
        out.append(mix)
    return fabric, out


def grid(scenarios: int, fraction: int = 1) -> Grid:
    """Accelerators (50 values) x tier-2 length (20) x electricity prices: enough prices for 1e9 evaluations
    (1e9 / fraction) with ``SAMPLES`` samples of ``scenarios`` scenarios."""
    prices = max(2, -(-10**9 // (50 * 20 * SAMPLES * scenarios * fraction)))
    return build_grid([parse_vary("accelerators=10000..130000:50"),
                       parse_vary("length.backend.2=100..500 m:20"),
                       parse_vary(f"electricity_price=0.04..0.20 USD/kWh:{prices}")], max_points=None)


def run(fraction: int = 1, scheduler: Any = None) -> tuple[int, float, float]:
    """(evaluations, seconds, peak resident MB of this process) of one grid x Monte Carlo run."""
    from interconnect.uncertainty_grid import grid_monte_carlo

    fabric, scenarios = default_twenty()
    points = grid(len(scenarios), fraction)
    start = time.perf_counter()
    result = grid_monte_carlo(fabric, scenarios, points, samples=SAMPLES, metrics=METRICS, scheduler=scheduler)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result.evaluations, seconds, peak_mb
