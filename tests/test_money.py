"""Money over time: energy at a growing price and its present value against hand computations.

Conventions (docs/methodology.md): capex at year 0, undiscounted; year t's energy E1 (1 + g)^(t - 1) paid at
the end of year t; a part year f after n whole years costs f E1 (1 + g)^n, paid at the end of the lifetime.
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers import make_fabric, uniform
from hypothesis import given, settings
from hypothesis import strategies as st

from interconnect import Catalog, Economics, FabricError, compare, evaluate, parse_quantity
from interconnect.calculator.money import energy_years, present_value_years
from interconnect.sweep import build_grid, parse_vary, run_sweep

DSP = uniform("dsp", 2, "t-dsp-800")


def result(catalog: Catalog, **economics: object) -> dict[str, float]:
    fabric = make_fabric(2048, economics=Economics(**economics))
    r = evaluate(fabric, DSP, catalog)
    return {m: float(r.value(m)) for m in r.metrics}


def first_year_energy(r: dict[str, float], price: float) -> float:
    """E1 = facility kW x 8,766 h x price."""
    return r["power.facility"] * 8766 * price


def test_present_value_by_hand(test_catalog: Catalog) -> None:
    # 3 years at 10%: E1 (1/1.1 + 1/1.1^2 + 1/1.1^3) = 2.486852... E1
    r = result(test_catalog, lifetime="3 year", discount_rate=0.10)
    e1 = first_year_energy(r, 0.08)
    assert r["cost.energy"] == pytest.approx(3 * e1, rel=1e-12)
    assert r["cost.energy_npv"] == pytest.approx(e1 * (1 / 1.1 + 1 / 1.21 + 1 / 1.331), rel=1e-12)
    assert r["cost.tco_npv"] == pytest.approx(r["cost.capex"] + r["cost.energy_npv"], rel=1e-12)


def test_growing_price_and_a_part_year_by_hand(test_catalog: Catalog) -> None:
    # 2.5 years, price +5% a year: undiscounted E1 (1 + 1.05 + 0.5 x 1.05^2) = 2.60125 E1;
    # at 10%: E1 (1/1.1 + 1.05/1.1^2 + 0.5 x 1.05^2 / 1.1^2.5)
    r = result(test_catalog, lifetime="2.5 year", electricity_price_growth="5 percent", discount_rate="10 %")
    e1 = first_year_energy(r, 0.08)
    assert r["cost.energy"] == pytest.approx(2.60125 * e1, rel=1e-12)
    assert r["cost.energy_npv"] == pytest.approx(e1 * (1 / 1.1 + 1.05 / 1.21 + 0.5 * 1.05 ** 2 / 1.1 ** 2.5), rel=1e-12)
    assert r["cost.tco"] == pytest.approx(r["cost.capex"] + 2.60125 * e1, rel=1e-12)


def test_falling_price_undiscounted(test_catalog: Catalog) -> None:
    # 2 years at -10% a year: E1 (1 + 0.9)
    r = result(test_catalog, lifetime="2 year", electricity_price_growth=-0.1)
    assert r["cost.energy"] == pytest.approx(1.9 * first_year_energy(r, 0.08), rel=1e-12)


def test_a_zero_rate_keeps_todays_numbers_exactly(test_catalog: Catalog) -> None:
    # the defaults (no growth, no discounting) give cost.energy = facility kW x lifetime h x price, as before
    r = result(test_catalog)
    facility_w = r["power.facility"] * 1000
    assert r["cost.energy"] == facility_w / 1000 * parse_quantity("5 year").m_as("hour") * 0.08
    assert r["cost.energy_npv"] == r["cost.energy"]
    assert r["cost.tco_npv"] == r["cost.tco"]


@settings(max_examples=200, deadline=None)
@given(st.floats(0.1, 30), st.floats(-0.5, 1.0), st.floats(0.0, 1.0))
def test_present_value_properties(years: float, growth: float, rate: float) -> None:
    pv = float(present_value_years(np.array(years), np.array(growth), np.array(rate)))
    undiscounted = float(energy_years(np.array(years), np.array(growth)))
    assert 0 < pv <= undiscounted * (1 + 1e-12)  # discounting never adds
    assert float(present_value_years(np.array(years), np.array(growth), np.array(0.0))) == undiscounted
    if growth == 0:
        assert undiscounted == years
    # the closed form equals the sum of the yearly payments
    n = int(np.floor(years + 1e-9))
    f = max(years - n, 0.0)
    by_sum = sum((1 + growth) ** (t - 1) / (1 + rate) ** t for t in range(1, n + 1))
    by_sum += f * (1 + growth) ** n / (1 + rate) ** years
    assert pv == pytest.approx(by_sum, rel=1e-9, abs=1e-12)


def test_rates_read_as_fractions_or_percentages() -> None:
    for text in (0.08, "8 %", "8 percent", "8%"):
        assert Economics(discount_rate=text).discount_rate == pytest.approx(0.08)
    assert Economics(electricity_price_growth="-2 percent").electricity_price_growth == pytest.approx(-0.02)


def test_bad_rates_are_located_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from interconnect.files import dumps_project, load_project

    path = tmp_path / "f.toml"
    path.write_text(dumps_project(make_fabric(2048)).replace("discount_rate = 0.0", 'discount_rate = "150 percent"')
                    .replace("electricity_price_growth = 0.0", "electricity_price_growth = -0.9"), encoding="utf-8")
    with pytest.raises(FabricError) as info:
        load_project(path)
    fields = {p.field: p.message for p in info.value.problems}
    assert "from 0 to 1" in fields["economics.discount_rate"]
    assert "from -0.5 to 1" in fields["economics.electricity_price_growth"]


def test_discount_rate_sweep_equals_point_by_point(test_catalog: Catalog) -> None:
    from interconnect import ScenarioSet, TierChoice

    fabric = make_fabric(2048)
    lpo = uniform("lpo", 2, "t-lpo-800", first=TierChoice(lower="t-dsp-800", upper="t-lpo-800"))
    scenarios = ScenarioSet(scenarios=[DSP, lpo])
    sweep = run_sweep(fabric, scenarios, build_grid([parse_vary("discount_rate=0..20%:5")]), test_catalog)
    for i, rate in enumerate([0.0, 0.05, 0.10, 0.15, 0.20]):
        point = compare(fabric.replace(economics=Economics(discount_rate=rate)), scenarios, test_catalog)
        for swept, single in zip(sweep.comparison.results, point.results, strict=True):
            assert np.asarray(swept.value("cost.tco_npv"))[i] == pytest.approx(single.value("cost.tco_npv"),
                                                                               rel=1e-12)
