"""Figures over time: trends move catalog figures to the fabric's year (hand-derived cases), a sweep over
years equals point-by-point evaluation, trends are uncertain inputs, fleets use each year's figures.

Test-catalog parts (tests/data/test_catalog.toml) have year 2025 and cite "test-source", dated 2026-11,
so their figures are dated (as of) 2026: max(entry year 2025, source year 2026).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from helpers import make_fabric, uniform

from interconnect import CatalogError, FabricError, compare, evaluate, load_catalog
from interconnect.catalog import Catalog
from interconnect.catalog.trends import as_of_year
from interconnect.fleet import Fleet, Template, evaluate_fleet
from interconnect.sweep import build_grid, parse_vary, run_sweep
from interconnect.uncertainty import tornado, uncertain_inputs

DATA = Path(__file__).parent / "data"
LPO_20 = """
[[trend]]
id = "t-lpo-price"
name = "test: the LPO module's price falls 20% a year"
fields = ["cost"]
entries = ["t-lpo-800"]
decline = { low = "10 percent", typical = "20 percent", high = "30 percent" }
sources = ["test-source"]
"""
DSP_PHASES = """
[[trend]]
id = "t-new"
name = "test: new parts fall 40% a year for two years"
fields = ["cost"]
classes = ["dsp"]
rates = ["800 Gbit/s"]
until_age = 2
decline = "40 percent"
sources = ["test-source"]

[[trend]]
id = "t-mature"
name = "test: then 15% a year"
fields = ["cost"]
classes = ["dsp"]
rates = ["800 Gbit/s"]
from_age = 2
decline = "15 percent"
sources = ["test-source"]
"""


def with_trends(tmp_path: Path, text: str, name: str = "trends.toml") -> Catalog:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_catalog([DATA / "test_catalog.toml", path], include_shipped=False)


def test_as_of_year_is_the_later_of_entry_and_sources(test_catalog: Catalog, catalog: Catalog) -> None:
    assert as_of_year(test_catalog, test_catalog.option("t-lpo-800"), "cost") == 2026  # 2025 part, 2026-11 source
    # the shipped 1.6T DSP module is a 2025 part priced in a February 2026 expert call
    assert as_of_year(catalog, catalog.option("generic-1p6t-osfp-2xdr4-dsp"), "cost") == 2026


def test_price_at_a_year_from_a_decline_rate(tmp_path: Path) -> None:
    # 8,192 LPO modules (2 ends x (2,048 + 2,048) links, no NIC so LPO runs at the host end too) at 300 USD
    # dated 2026, falling 20% a year: 300 x 0.8^3 = 153.6 USD in 2029.
    cat = with_trends(tmp_path, LPO_20)
    lpo = uniform("lpo", 2, "t-lpo-800")

    def optics_cost(year: float | None) -> float:
        return float(evaluate(make_fabric(2048, nic=None, year=year), lpo, cat).value("cost.optics"))

    assert optics_cost(None) == 8192 * 300
    assert optics_cost(2026) == 8192 * 300  # its own year: no change
    assert optics_cost(2029) == pytest.approx(8192 * 300 * 0.8 ** 3, rel=1e-12)
    assert optics_cost(2027.5) == pytest.approx(8192 * 300 * 0.8 ** 1.5, rel=1e-12)
    # backwards: the trend holds from the part's year 2025 only, so 2024 costs what 2025 did: 300 / 0.8
    assert optics_cost(2025) == pytest.approx(8192 * 375, rel=1e-12)
    assert optics_cost(2024) == pytest.approx(8192 * 375, rel=1e-12)


def test_new_and_mature_phases_compound(tmp_path: Path) -> None:
    # t-dsp-800: 500 USD, year 2025, dated 2026. 40% a year while under 2 years old (2025-2027), 15% after:
    # 2029 = 500 x 0.6^1 (2026-2027) x 0.85^2 (2027-2029) = 216.75 USD; 2026.5 = 500 x 0.6^0.5.
    cat = with_trends(tmp_path, DSP_PHASES)
    dsp = uniform("dsp", 2, "t-dsp-800")
    cost = {y: evaluate(make_fabric(2048, year=y), dsp, cat).value("cost.optics") / 8192 for y in (2029, 2026.5)}
    assert cost[2029] == pytest.approx(216.75, rel=1e-12)
    assert cost[2026.5] == pytest.approx(500 * math.sqrt(0.6), rel=1e-12)
    # the 400G DSP module is not 800G: the rates selector leaves it alone
    r = evaluate(make_fabric(2048, year=2029, nic=None, port_rate="400G"), uniform("dsp4", 2, "t-dsp-400"), cat)
    assert not r.moved and not r.notes


def test_energy_per_bit_moves_with_a_power_trend(tmp_path: Path) -> None:
    # an 800G module given as 10 pJ/bit (8 W); power falls 10% a year: 8 x 0.9^2 = 6.48 W in 2028
    text = """
[[option]]
id = "t-epb-800"
name = "t-epb-800"
class = "dsp"
rate = "800 Gbit/s"
lanes = 8
lane_rate = "100 Gbit/s"
reach = "500 m"
media = "smf"
form_factor = "OSFP"
energy_per_bit = "10 pJ/bit"
cost = "500 USD"
latency = "100 ns"
fit = "1000 FIT"
year = 2026
sources = ["test-source"]

[[trend]]
id = "t-power"
name = "test: power falls 10% a year"
fields = ["power"]
entries = ["t-epb-800"]
decline = "10 percent"
sources = ["test-source"]
"""
    cat = with_trends(tmp_path, text)
    r = evaluate(make_fabric(2048, year=2028), uniform("epb", 2, "t-epb-800"), cat)
    assert r.value("power.optics", "W") == pytest.approx(8192 * 8 * 0.81, rel=1e-12)
    assert [(m.entry_id, m.field, m.as_of, m.trends) for m in r.moved] == \
        [("t-epb-800", "energy_per_bit", 2026, ("t-power",))]


def test_sweep_over_years_equals_point_by_point(default_project: tuple) -> None:
    fabric, scenarios = default_project
    grid = build_grid([parse_vary("year=2024..2031")])
    assert list(grid.columns["year"].magnitude) == list(range(2024, 2032))  # whole years by default
    sweep = run_sweep(fabric, scenarios, grid)
    for i, year in enumerate(range(2024, 2032)):
        point = compare(fabric.replace(year=year), scenarios)
        for swept, single in zip(sweep.comparison.results, point.results, strict=True):
            for metric in single.metrics:
                assert np.asarray(swept.value(metric))[i] == pytest.approx(single.value(metric), rel=1e-12,
                                                                           abs=1e-9), (year, swept.key, metric)
    capex = sweep.comparison.result("all-dsp").value("cost.capex")
    assert capex[0] > capex[-1]  # the trends move the numbers: the test would fail if the year did nothing


def test_the_figures_own_year_changes_nothing(default_project: tuple) -> None:
    # every figure the default fabric reads is dated 2026, so evaluating at 2026 is evaluating without a year
    fabric, scenarios = default_project
    undated, at_2026 = compare(fabric, scenarios), compare(fabric.replace(year=2026), scenarios)
    for a, b in zip(undated.results, at_2026.results, strict=True):
        assert not b.moved and not b.notes
        for metric in a.metrics:
            assert a.value(metric) == b.value(metric)


def test_projections_are_labelled(default_project: tuple) -> None:
    fabric, scenarios = default_project
    later = evaluate(fabric.replace(year=2028), "cpo", scenarios=scenarios)
    assert any(n.startswith("projection to 2028 of figures dated 2026") and "price-erosion-new-optics" in n
               for n in later.notes)
    earlier = evaluate(fabric.replace(year=2025), "cpo", scenarios=scenarios)
    assert all(n.startswith("backcast to 2025") for n in earlier.notes) and earlier.notes
    assert {m.field for m in later.moved} == {"cost", "power"}
    assert later.to_dict()["moved"][0]["as_of"] == 2026
    # the report says it: the year among the inputs, the projections among the notes
    from interconnect import default_catalog
    from interconnect.reports import render_report

    dated = fabric.replace(year=2028)
    text = render_report(compare(dated, scenarios), dated, scenarios, default_catalog(), "markdown")
    assert "| year (catalog figures moved to it by trends; later than a figure's own = projection) | 2028 |" in text
    assert "cpo: projection to 2028 of figures dated 2026" in text


def test_trend_rates_are_uncertain_inputs(default_project: tuple) -> None:
    fabric, scenarios = default_project
    undated = compare(fabric, scenarios)
    assert not [i for i in uncertain_inputs(undated.results) if i.field == "decline"]
    dated = fabric.replace(year=2029)
    inputs = {i.key for i in uncertain_inputs(compare(dated, scenarios).results)}
    assert {("price-erosion-new-optics", "decline"), ("price-erosion-mature-optics", "decline"),
            ("power-generic-dsp-modules", "decline")} <= inputs
    bars = {b.input.key: b for b in tornado(dated, scenarios, None, "cost.capex", "cpo")}
    swing = bars[("price-erosion-mature-optics", "decline")].swing.magnitude
    assert swing > 0  # the capex delta moves when the mature decline swings from 10% to 25%


def test_sweeping_a_trend_rate(default_project: tuple) -> None:
    fabric, scenarios = default_project
    dated = fabric.replace(year=2029)
    sweep = run_sweep(dated, scenarios, build_grid([parse_vary("figure.price-erosion-mature-optics.decline=10..20 "
                                                               "percent:3")]))
    capex = sweep.comparison.result("all-dsp").value("cost.capex")
    assert capex[0] > capex[1] > capex[2]  # a faster decline, a lower 2029 price
    from interconnect.errors import UsageError

    with pytest.raises(UsageError, match="a trend is read only when the fabric has a year"):
        run_sweep(fabric, scenarios, build_grid([parse_vary("figure.price-erosion-mature-optics.decline=0.1,0.2")]))
    with pytest.raises(UsageError, match="below 100%"):
        run_sweep(dated, scenarios, build_grid([parse_vary("figure.price-erosion-mature-optics.decline=0.5,1")]))


@pytest.mark.parametrize(("text", "field", "message"), [
    (DSP_PHASES.replace("from_age = 2", "from_age = 1"), "fields", "at the same ages as trend 't-new'"),
    (LPO_20.replace('entries = ["t-lpo-800"]', 'entries = ["t-lpo-8000"]'), "entries", "unknown entry id"),
    (LPO_20.replace('id = "t-lpo-price"', 'id = "t-dsp-800"'), "id", "trend ids must differ"),
    (LPO_20.replace('high = "30 percent"', 'high = "100 percent"'), "", "below 100% a year"),
    (LPO_20.replace('entries = ["t-lpo-800"]', ""), "", "at least one of 'classes'"),
    (LPO_20.replace('fields = ["cost"]', 'fields = ["latency"]'), "fields", ""),
    (LPO_20.replace('entries = ["t-lpo-800"]', 'entries = ["t-lpo-800"]\nuntil_age = 0.5\nfrom_age = 1'), "",
     "until_age"),
])
def test_bad_trends_are_located_errors(tmp_path: Path, text: str, field: str, message: str) -> None:
    with pytest.raises(CatalogError) as info:
        with_trends(tmp_path, text)
    problems = info.value.problems
    assert any(p.file.endswith("trends.toml") and p.entry.startswith("trend") and message in p.message
               and p.field.startswith(field) for p in problems), problems


def test_shipped_trends_load_with_sources(catalog: Catalog) -> None:
    assert set(catalog.trends) == {"price-erosion-new-optics", "price-erosion-mature-optics",
                                   "power-generic-dsp-modules"}
    for trend in catalog.trends.values():
        for source in (*trend.sources, *trend.decline.sources):
            assert source in catalog.sources
        assert catalog.entry(trend.id) is trend
    # LightCounting's new-product rate is 40-50% a year; the mature 10GbE decade about 15%
    new, mature = catalog.trends["price-erosion-new-optics"], catalog.trends["price-erosion-mature-optics"]
    assert new.decline.typical.m_as("") == 0.40 and mature.decline.typical.m_as("") == 0.15


def test_fabric_year_is_a_key(tmp_path: Path) -> None:
    from interconnect.files import dumps_project, load_project

    fabric = make_fabric(2048, year=2027)
    path = tmp_path / "f.toml"
    path.write_text(dumps_project(fabric), encoding="utf-8")
    assert "year = 2027" in path.read_text(encoding="utf-8")
    again, _ = load_project(path)
    assert again.year == 2027 and isinstance(again.year, int)
    path.write_text(path.read_text(encoding="utf-8").replace("year = 2027", "year = 1800"), encoding="utf-8")
    with pytest.raises(FabricError) as info:
        load_project(path)
    assert any(p.field == "year" and "1990 to 2100" in p.message for p in info.value.problems)


def test_fleet_templates_use_their_years_figures(tmp_path: Path) -> None:
    # two templates of the same fabric: 2026 (the figures' own year) and 2029 (LPO at 0.8^3 of its price)
    cat = with_trends(tmp_path, LPO_20)
    fabric = make_fabric(2048, nic=None)
    from interconnect import ScenarioSet

    scenarios = ScenarioSet(scenarios=[uniform("lpo", 2, "t-lpo-800")])
    fleet = Fleet(templates=[Template(name="y2026", fabric=fabric, scenarios=scenarios, year=2026, deployments=2),
                             Template(name="y2029", fabric=fabric, scenarios=scenarios, year=2029, deployments=3)])
    result = evaluate_fleet(fleet, cat)
    assert result.total("cost.optics", [2026]).m_as("USD") == pytest.approx(2 * 8192 * 300, rel=1e-12)
    assert result.total("cost.optics", [2029]).m_as("USD") == pytest.approx(3 * 8192 * 300 * 0.512, rel=1e-12)
    assert result.projections() == {2029: "1 catalog figure(s) dated 2026 projected to 2029 by trend(s) t-lpo-price"}
    assert "projected to 2029" in result.table()
    assert result.to_dict()["projections"] == {"2029": result.projections()[2029]}
