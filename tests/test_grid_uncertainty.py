"""Grid x Monte Carlo: percentiles per grid point equal Monte Carlo at that point, whatever the chunking or
the scheduler (in process, Dask's local schedulers, a distributed LocalCluster).

The test fabric (tests/test_uncertainty.py): 2,048 accelerators on radix-64 switches, 2 tiers, 8,192
modules per scenario at full size; the planted catalog ranges LPO power 1..100 W (typical 8), DSP power
15..17 W, DSP cost 400..600 USD and switch power 900..1100 W.
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers import make_fabric, uniform
from test_uncertainty import collapsed, ranged

from interconnect import Catalog, compare
from interconnect.errors import UsageError
from interconnect.sweep import build_grid, parse_vary
from interconnect.uncertainty import monte_carlo
from interconnect.uncertainty_grid import grid_monte_carlo

FABRIC = make_fabric(2048, tiers=2, nic=None)
DSP, LPO = uniform("dsp", 2, "t-dsp-800"), uniform("lpo", 2, "t-lpo-800")
METRICS = ("power.fabric", "cost.capex", "count.optical_modules")
GRID = build_grid([parse_vary("accelerators=512,1024,2048"), parse_vary("electricity_price=0.1,0.2 USD/kWh")])


@pytest.fixture(scope="module")
def planted(test_catalog: Catalog) -> Catalog:
    return ranged(test_catalog, {("t-lpo-800", "power"): ("1 W", "8 W", "100 W"),
                                 ("t-dsp-800", "power"): ("15 W", "16 W", "17 W"),
                                 ("t-dsp-800", "cost"): ("400 USD", "500 USD", "600 USD"),
                                 ("t-sw-64", "power"): ("900 W", "1000 W", "1100 W")})


def test_each_grid_point_is_monte_carlo_at_that_point(planted: Catalog) -> None:
    result = grid_monte_carlo(FABRIC, [DSP, LPO], GRID, planted, samples=400, seed=3,
                              metrics=(*METRICS, "cost.tco"), exact=True)
    assert result.evaluations == 6 * 400 * 2
    columns = GRID.columns
    for i in range(GRID.size):
        point = FABRIC.replace(accelerators=int(columns["accelerators"].magnitude[i]),
                               economics=FABRIC.economics.model_copy(
                                   update={"electricity_price": columns["electricity_price"][i]}))
        alone = monte_carlo(point, [DSP, LPO], planted, samples=400, seed=3)
        for s in ("dsp", "lpo"):
            for m in (*METRICS, "cost.tco"):
                assert tuple(result.spreads[(s, m)][i]) == alone.scenario(s).totals[m].values, (i, s, m)


def test_linear_metrics_from_slopes_equal_evaluating_every_sample(planted: Catalog) -> None:
    # power, cost and counts are sums of count x figure: rebuilt from slopes they match direct evaluation to
    # rounding; the MTBF (1 / failures) is not linear and is evaluated sample by sample, so it is identical
    names = (*METRICS, "cost.tco", "reliability.mtbf_links")
    fast = grid_monte_carlo(FABRIC, [DSP, LPO], GRID, planted, samples=500, seed=1, metrics=names)
    exact = grid_monte_carlo(FABRIC, [DSP, LPO], GRID, planted, samples=500, seed=1, metrics=names, exact=True)
    for key, values in exact.spreads.items():
        assert fast.spreads[key] == pytest.approx(values, rel=1e-12, abs=0), key
        if key[1] == "reliability.mtbf_links":
            assert np.array_equal(fast.spreads[key], values)


def test_collapsed_ranges_give_the_deterministic_value_at_every_point(test_catalog: Catalog) -> None:
    # no ranged figure: every percentile is the point's own value (67.008 kW... as evaluate gives it)
    point = collapsed(test_catalog)
    result = grid_monte_carlo(FABRIC, [DSP, LPO], GRID, point, samples=50, metrics=METRICS)
    assert result.inputs == ()
    for i, accelerators in enumerate(GRID.columns["accelerators"].magnitude):
        exact = compare(FABRIC.replace(accelerators=int(accelerators)), [DSP, LPO], point)
        for s in ("dsp", "lpo"):
            for m in METRICS:
                assert result.spreads[(s, m)][i].tolist() == [exact.result(s).value(m)] * 3


def test_modules_are_exact_and_lpo_power_spreads_with_its_range(planted: Catalog) -> None:
    # at 2,048 accelerators: 8,192 modules in every sample; LPO fabric power P10 < P50 < P90
    result = grid_monte_carlo(FABRIC, [DSP, LPO], GRID, planted, samples=1000, metrics=METRICS)
    full = np.flatnonzero(GRID.columns["accelerators"].magnitude == 2048)
    assert result.spreads[("lpo", "count.optical_modules")][full].tolist() == [[8192.0] * 3] * 2
    p10, p50, p90 = result.spreads[("lpo", "power.fabric")][full[0]]
    assert p10 < p50 < p90
    assert result.spread("lpo", "power.fabric").units == "kilowatt"


@pytest.mark.parametrize("scheduler", [None, "synchronous", "threads"])
def test_chunking_and_scheduler_do_not_change_a_number(planted: Catalog, scheduler: str | None) -> None:
    whole = grid_monte_carlo(FABRIC, [DSP, LPO], GRID, planted, samples=300, seed=5, metrics=METRICS)
    chunked = grid_monte_carlo(FABRIC, [DSP, LPO], GRID, planted, samples=300, seed=5, metrics=METRICS,
                               chunk_points=50, scheduler=scheduler)  # 1 grid point per chunk
    assert whole.spreads.keys() == chunked.spreads.keys()
    for key, values in whole.spreads.items():
        assert np.array_equal(values, chunked.spreads[key]), key


def test_a_distributed_local_cluster_gives_the_same_numbers(planted: Catalog) -> None:
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    here = grid_monte_carlo(FABRIC, [DSP, LPO], GRID, planted, samples=200, seed=9, metrics=METRICS)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        there = grid_monte_carlo(FABRIC, [DSP, LPO], GRID, planted, samples=200, seed=9, metrics=METRICS,
                                 chunk_points=400, scheduler=client)
    for key, values in here.spreads.items():
        assert np.array_equal(values, there.spreads[key]), key


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"samples": 0}, "samples must be"), ({"metrics": ("power.fabrik",)}, "unknown metric"),
    ({"distribution": "normal"}, "unknown distribution"), ({"baseline": "nope"}, "baseline"),
    ({"chunk_points": 0}, "chunk size")])
def test_errors_are_clear(planted: Catalog, kwargs: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(UsageError, match=message):
        grid_monte_carlo(FABRIC, [DSP, LPO], GRID, planted, **kwargs)


def test_lazy_grid_chunks_are_the_full_grids_rows() -> None:
    grid = build_grid([parse_vary("pue=1.1,1.2,1.3"), parse_vary("lifetime=3..6 year:4"),
                       parse_vary("accelerators=10,20")], max_points=None)
    full = grid.columns
    for start, stop in ((0, 5), (5, 13), (13, 24), (7, 8)):
        part = grid.chunk(start, stop)
        for name, q in full.items():
            assert part[name].magnitude.tolist() == q.magnitude[start:stop].tolist()
    huge = build_grid([parse_vary("accelerators=1..1000000:100000"), parse_vary("pue=1..2:100000")],
                      max_points=None)
    assert huge.size == 10**10  # never built whole
    assert huge.chunk(10**10 - 1, 10**10)["pue"].magnitude.tolist() == [2.0]
