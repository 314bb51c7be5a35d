"""Monte Carlo and tornado against hand-derived numbers on the round test catalog, plus the shipped project.

The test fabric: 2,048 accelerators, one 800G port each, 2 tiers of radix-64 switches (t-sw-64), no NIC.
A 2-tier fat tree holds 64 x 32 = 2,048 endpoints: 2,048 tier-1 links, 64 leaves, 2,048 tier-2 links,
32 spines. Every link has a module at each end: 2 x 4,096 = 8,192 modules per scenario.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from helpers import make_fabric, uniform
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from interconnect import Q_, Catalog, Scenario, compare, evaluate
from interconnect.catalog import Figure
from interconnect.errors import UsageError
from interconnect.results import METRICS
from interconnect.uncertainty import (
    PERCENTILES,
    UncertainInput,
    _Percentiles,
    monte_carlo,
    sample_input,
    tornado,
    uncertain_inputs,
)
from interconnect.uncertainty_charts import spread_chart, tornado_chart

MODULES = 8192  # 2 ends x (2,048 + 2,048) links, see the module docstring


def ranged(catalog: Catalog, changes: dict[tuple[str, str], tuple[str, str, str]]) -> Catalog:
    """``catalog`` with some figures replaced by (low, typical, high) ranges."""
    tables = {"options": dict(catalog.options), "switches": dict(catalog.switches), "nics": dict(catalog.nics)}
    for (entry_id, field), (low, typical, high) in changes.items():
        table = next(t for t in tables.values() if entry_id in t)
        figure = Figure(low=Q_(low), typical=Q_(typical), high=Q_(high))
        table[entry_id] = table[entry_id].model_copy(update={field: figure})
    return Catalog(sources=catalog.sources, **tables)


def collapsed(catalog: Catalog) -> Catalog:
    """``catalog`` with every range collapsed to its typical value."""
    tables: dict[str, dict[str, object]] = {}
    for name in ("options", "switches", "nics"):
        entries = getattr(catalog, name)
        tables[name] = {
            i: e.model_copy(update={f: Figure(low=fig.typical, typical=fig.typical, high=fig.typical)
                                    for f, fig in e.figures().items()})
            for i, e in entries.items()}
    return Catalog(sources=catalog.sources, **tables)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def planted(test_catalog: Catalog) -> Catalog:
    """LPO power 1..100 W (typical 8): the planted dominant input. The others move the delta less or not."""
    return ranged(test_catalog, {("t-lpo-800", "power"): ("1 W", "8 W", "100 W"),
                                 ("t-dsp-800", "power"): ("15 W", "16 W", "17 W"),
                                 ("t-dsp-800", "cost"): ("400 USD", "500 USD", "600 USD"),
                                 ("t-sw-64", "power"): ("900 W", "1000 W", "1100 W")})


FABRIC = make_fabric(2048, tiers=2, nic=None)
DSP, LPO = uniform("dsp", 2, "t-dsp-800"), uniform("lpo", 2, "t-lpo-800")


def test_seeded_monte_carlo_is_reproducible(planted: Catalog) -> None:
    first = monte_carlo(FABRIC, [DSP, LPO], planted, samples=2000, seed=7)
    again = monte_carlo(FABRIC, [DSP, LPO], planted, samples=2000, seed=7)
    other = monte_carlo(FABRIC, [DSP, LPO], planted, samples=2000, seed=8)
    assert first.to_dict() == again.to_dict()
    assert first.scenario("lpo").totals["power.fabric"].values != other.scenario("lpo").totals["power.fabric"].values
    # each input has its own stream: the baseline's spreads do not change when a scenario is added
    alone = monte_carlo(FABRIC, [DSP], planted, samples=2000, seed=7)
    assert alone.scenario("dsp").totals == first.scenario("dsp").totals


def test_collapsed_ranges_give_the_deterministic_result(catalog: Catalog, default_project: tuple) -> None:
    fabric, scenarios = default_project
    point = collapsed(catalog)
    result = monte_carlo(fabric, scenarios, point, samples=500, seed=1)
    assert result.inputs == ()
    exact = compare(fabric, scenarios, point)
    for s in result.scenarios:
        for name in METRICS:
            value = exact.result(s.scenario).value(name)
            assert s.totals[name].values == (value,) * 3, name
            # deltas: taken in display units here, in base units by Comparison (last-digit rounding)
            delta = float(exact.delta(s.scenario, name).m_as(METRICS[name].unit))
            assert s.deltas[name].values == pytest.approx((delta,) * 3, rel=1e-12, abs=1e-9), name
            assert len(set(s.deltas[name].values)) == 1


def test_typical_samples_through_the_vector_path_give_the_deterministic_result(
        catalog: Catalog, default_project: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    # every range still sampled, but each draw is the typical value: the arrays of N samples must reproduce
    # the single-point evaluation exactly (the same float operations, element by element)
    import interconnect.uncertainty as unc

    fabric, scenarios = default_project
    monkeypatch.setattr(unc, "sample_input", lambda item, samples, seed, distribution: np.full(
        samples, float(item.typical.m_as(unc.FIGURE_UNITS[item.field]))))
    result = monte_carlo(fabric, scenarios, catalog, samples=300)
    assert len(result.inputs) > 20
    exact = compare(fabric, scenarios, catalog)
    for s in result.scenarios:
        for name in METRICS:
            assert s.totals[name].values == (exact.result(s.scenario).value(name),) * 3, name


def test_deltas_use_common_random_numbers(planted: Catalog) -> None:
    twin = DSP.model_copy(update={"name": "dsp-twin"})
    result = monte_carlo(FABRIC, [DSP, twin, LPO], planted, samples=3000, seed=2)
    twin_spread = result.scenario("dsp-twin")
    assert all(s.values == (0.0, 0.0, 0.0) for s in twin_spread.deltas.values())
    assert twin_spread.beats_baseline == {"power.fabric": 0.0, "cost.capex": 0.0, "cost.tco": 0.0}
    # the ranged switch power is shared by both scenarios: its spread cancels exactly in the delta
    lpo = result.scenario("lpo")
    assert lpo.totals["power.switches"].values[0] < lpo.totals["power.switches"].values[2]
    assert lpo.deltas["power.switches"].values == (0.0, 0.0, 0.0)


def test_delta_spread_and_probability_from_the_samples(planted: Catalog) -> None:
    # delta power = 8,192 modules x (LPO power - DSP power), sample by sample; everything else cancels
    result = monte_carlo(FABRIC, [DSP, LPO], planted, samples=5000, seed=11)
    lpo = sample_input(_input(result, "t-lpo-800", "power"), 5000, 11)
    dsp = sample_input(_input(result, "t-dsp-800", "power"), 5000, 11)
    expected = np.percentile(MODULES * (lpo - dsp) / 1000, PERCENTILES)  # kW
    assert result.scenario("lpo").deltas["power.fabric"].values == pytest.approx(expected, rel=1e-9)
    assert result.scenario("lpo").beats_baseline["power.fabric"] == np.mean(lpo < dsp)
    # P(LPO below about 16 W) for Beta-PERT(1, 8, 100): Beta(1.283, 4.717) below 15/99, about 0.42
    assert np.mean(lpo < dsp) == pytest.approx(0.42, abs=0.03)


def _input(result: object, entry_id: str, field: str) -> UncertainInput:
    return next(i for i in result.inputs if i.key == (entry_id, field))  # type: ignore[attr-defined]


def test_tornado_ranks_the_planted_dominant_input_first(planted: Catalog) -> None:
    bars = tornado(FABRIC, [DSP, LPO], planted, "power.fabric", "lpo", baseline="dsp")
    assert [b.input.key for b in bars[:2]] == [("t-lpo-800", "power"), ("t-dsp-800", "power")]
    first, second = bars[0], bars[1]
    # LPO power at 1 W / 100 W against DSP at its typical 16 W: 8,192 x (1 - 16) W and 8,192 x (100 - 16) W
    assert first.at_low.m_as("W") == pytest.approx(MODULES * (1 - 16))
    assert first.at_high.m_as("W") == pytest.approx(MODULES * (100 - 16))
    assert first.at_typical.m_as("W") == pytest.approx(MODULES * (8 - 16))
    assert first.swing.m_as("W") == pytest.approx(MODULES * 99)
    # DSP power 15..17 W: the delta moves the other way, 8,192 x 2 W in all
    assert second.at_low.m_as("W") == pytest.approx(MODULES * (8 - 15))
    assert second.swing.m_as("W") == pytest.approx(MODULES * 2)
    # the shared switch and the DSP cost do not move the power delta at all
    rest = {b.input.key: b.swing.m_as("W") for b in bars[2:]}
    assert rest == {("t-dsp-800", "cost"): 0.0, ("t-sw-64", "power"): 0.0}


def test_tornado_of_the_baseline_studies_the_metric_itself(planted: Catalog) -> None:
    bars = tornado(FABRIC, [DSP, LPO], planted, "power.fabric", "dsp", baseline="dsp")
    # 96 switches (64 leaves + 32 spines) x 900..1100 W swing 19,200 W; 8,192 DSP modules x 15..17 W: 16,384 W
    assert [(b.input.key, round(b.swing.m_as("W"))) for b in bars[:2]] == [
        (("t-sw-64", "power"), 96 * 200), (("t-dsp-800", "power"), MODULES * 2)]
    assert bars[0].at_typical.m_as("W") == pytest.approx(96 * 1000 + MODULES * 16)


def test_errors_are_clear(planted: Catalog) -> None:
    with pytest.raises(UsageError, match=r"did you mean 'power\.fabric'"):
        tornado(FABRIC, [DSP, LPO], planted, "power.fabrik", "lpo")
    with pytest.raises(UsageError, match="no scenario named 'cpo'"):
        tornado(FABRIC, [DSP, LPO], planted, "power.fabric", "cpo")
    with pytest.raises(UsageError, match="single-point fabric"):
        monte_carlo(make_fabric(np.array([1024, 2048]), tiers=2, nic=None), [DSP, LPO], planted, samples=10)
    with pytest.raises(UsageError, match="samples"):
        monte_carlo(FABRIC, [DSP], planted, samples=0)


def test_sampling_bounds_means_and_streams() -> None:
    item = UncertainInput("x", "power", Q_(10.0, "W"), Q_(12.0, "W"), Q_(20.0, "W"))
    pert = sample_input(item, 200_000, seed=5)
    tri = sample_input(item, 200_000, seed=5, distribution="triangular")
    assert pert.min() >= 10 and pert.max() <= 20 and tri.min() >= 10 and tri.max() <= 20
    assert pert.mean() == pytest.approx((10 + 4 * 12 + 20) / 6, abs=0.03)  # PERT mean 13.0 W
    assert tri.mean() == pytest.approx((10 + 12 + 20) / 3, abs=0.03)  # triangular mean 14.0 W
    assert np.array_equal(pert, sample_input(item, 200_000, seed=5))
    other = UncertainInput("y", "power", item.low, item.typical, item.high)
    assert not np.array_equal(pert[:100], sample_input(other, 100, seed=5))
    point = UncertainInput("z", "power", Q_(3.0, "W"), Q_(3.0, "W"), Q_(3.0, "W"))
    assert np.all(sample_input(point, 50, seed=5) == 3.0)


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 400), elements=st.floats(-1e6, 1e6, allow_nan=False)))
def test_percentiles_equal_numpy(x: np.ndarray) -> None:
    assert _Percentiles(x.size)(x) == tuple(float(v) for v in np.percentile(x, PERCENTILES))


def test_percentiles_equal_numpy_on_large_and_adversarial_arrays() -> None:
    rng = np.random.default_rng(0)
    n = 100_000
    cases = [rng.random(n), rng.standard_cauchy(n), np.round(rng.random(n) * 3), np.sort(rng.random(n)),
             np.where(rng.random(n) < 0.97, 5.0, rng.random(n))]
    skewed = rng.random(n)
    skewed[:: max(1, n // 4096)] = 1e9  # the subsample sees only outliers: its brackets miss, the fallback runs
    cases.append(skewed)
    percentiles = _Percentiles(n)
    for x in cases:
        assert percentiles(x) == tuple(float(v) for v in np.percentile(x, PERCENTILES))


def test_uncertain_inputs_are_the_ranged_figures_read(planted: Catalog) -> None:
    results = [evaluate(FABRIC, s, planted) for s in (DSP, LPO)]
    assert [i.key for i in uncertain_inputs(results, planted)] == [
        ("t-dsp-800", "cost"), ("t-dsp-800", "power"), ("t-lpo-800", "power"), ("t-sw-64", "power")]


def test_result_table_json_and_charts(planted: Catalog) -> None:
    result = monte_carlo(FABRIC, [DSP, LPO, Scenario.model_validate(LPO.model_dump() | {"name": "lpo-2"})],
                         planted, samples=1000)
    text = json.dumps(result.to_dict(), allow_nan=False)
    assert json.loads(text)["inputs"][0]["entry"] == "t-dsp-800"
    table = result.table()
    assert "Fabric power [kW]" in table and "probability of beating the baseline" in table
    svg = spread_chart(result, "power.fabric")
    assert svg.startswith(b"<?xml") and b"lpo-2" in svg and svg == spread_chart(result, "power.fabric")
    bars = tornado(FABRIC, [DSP, LPO], planted, "cost.capex", "lpo")
    png = tornado_chart(bars, "cost.capex", fmt="png")
    assert png.startswith(b"\x89PNG")
    with pytest.raises(KeyError):
        spread_chart(result, "power.fabrik")


def test_one_estimate_shared_by_two_entries_is_one_input() -> None:
    # The TH6-Davisson CPO switch's system power is estimated equal to its pluggable TH6 sibling's (same
    # 1,100 / 1,400 / 1,800 W range, same source): one input, drawn and swung together. Both scenarios build
    # 3,908 switches, so that estimate's error cancels in the CPO-vs-DSP delta instead of dominating it.
    from interconnect import load_project
    from interconnect.files import default_fabric_path
    from interconnect.uncertainty import monte_carlo, tornado

    fabric, scenarios = load_project(default_fabric_path())
    bars = tornado(fabric, scenarios, None, "power.fabric", "cpo", "all-dsp")
    switch = next(b for b in bars if ("broadcom-th6-64x1p6t", "power") in b.input.keys)
    assert switch.input.keys == (("broadcom-th6-64x1p6t", "power"), ("broadcom-th6-davisson-cpo", "power"))
    assert switch.swing.magnitude == 0
    mc = monte_carlo(fabric, scenarios, samples=2000, seed=1)
    cpo = next(s for s in mc.scenarios if s.scenario == "cpo")
    # the switch line is identical draw by draw: its delta has no spread at all
    assert cpo.deltas["power.switches"].values == (0.0, 0.0, 0.0)
