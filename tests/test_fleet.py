"""The fleet view against hand-derived numbers (tests/data/test_catalog.toml has round figures)."""

from __future__ import annotations

import math

import pytest
from helpers import make_fabric, uniform
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from interconnect import METRICS, Catalog, Fabric, ScenarioSet, TierChoice, evaluate
from interconnect.fleet import Alternative, Fleet, Template, compare_mixes, evaluate_fleet
from interconnect.fleet_results import FLEET_METRICS, FleetResult

# One 2-tier fabric of 2,048 accelerators on 64-port switches (64 leaves + 32 spines = 96 switches,
# 2 x 2,048 links) with three scenarios: 16 W DSP, 8 W LPO, or CPO switches with DSP at the host.
SMALL = make_fabric(2048, tiers=2, nic=None)
SMALL_SCENARIOS = ScenarioSet(baseline="dsp", scenarios=(
    uniform("dsp", 2, "t-dsp-800"),
    uniform("lpo", 2, "t-lpo-800"),
    uniform("cpo", 2, "t-cpo-800", first=TierChoice(lower="t-dsp-800", upper="t-cpo-800"), switch="t-sw-64-cpo"),
))


def template(name: str = "t", fabric: Fabric = SMALL, scenarios: ScenarioSet = SMALL_SCENARIOS,
             **kw: object) -> Template:
    kw.setdefault("deployments", 1)
    return Template.model_validate({"name": name, "fabric": fabric, "scenarios": scenarios, **kw})


def fleet(*templates: Template, alternatives: tuple[Alternative, ...] = ()) -> Fleet:
    return Fleet(name="f", templates=templates, alternatives=alternatives)


def demand_sum(result: FleetResult, kind: str) -> float:
    return math.fsum(float(d.count.magnitude) for d in result.demand() if d.kind == kind)


@pytest.mark.parametrize("scenario", ["dsp", "lpo", "cpo"])
def test_one_deployment_at_100_percent_equals_the_single_fabric(test_catalog: Catalog, scenario: str) -> None:
    result = evaluate(SMALL, SMALL_SCENARIOS.get(scenario), test_catalog)
    fr = evaluate_fleet(fleet(template(mix={scenario: 100})), test_catalog)
    totals = fr.totals()
    for metric in FLEET_METRICS:  # exactly, in the metric's unit: 1 deployment x 100/100 = 1.0
        assert totals[metric].m_as(METRICS[metric].unit) == result.value(metric), metric
    assert demand_sum(fr, "module") == result.value("count.optical_modules")
    assert demand_sum(fr, "engine") == result.value("count.optical_engines")
    assert demand_sum(fr, "laser") == result.value("count.external_lasers")
    (summary,) = fr.templates()
    assert summary.modules_per_accelerator.magnitude == result.value("count.attach_ratio")


def test_textbook_fat_tree_attach_ratio_is_six(test_catalog: Catalog) -> None:
    # k = 64, 65,536 accelerators, 3 tiers: 3 links per accelerator, a t-dsp-800 at both ends of each
    # -> 6 modules per accelerator; the host end holds 1 of them, the switch ends the other 5.
    fabric = make_fabric(65536, tiers=3)
    scenarios = ScenarioSet(scenarios=(uniform("dsp", 3, "t-dsp-800"),))
    fr = evaluate_fleet(fleet(template(fabric=fabric, scenarios=scenarios, deployments=2)), test_catalog)
    (summary,) = fr.templates()
    assert summary.modules_per_accelerator.magnitude == 6
    assert summary.engines_per_accelerator.magnitude == 0
    assert summary.accelerators.magnitude == 2 * 65536
    rows = {(d.kind, d.option_class, d.rate.m_as("Gbit/s"), d.end): d.count.magnitude for d in fr.demand()}
    assert rows == {("module", "dsp", 800, "host"): 2 * 65536, ("module", "dsp", 800, "switch"): 2 * 5 * 65536}


def test_demand_counts_modules_by_part_rate_and_engines_and_lasers(test_catalog: Catalog) -> None:
    # Twin-port 1.6T module (2 x 800G links) at the switch end of tier 1: 2,048 links -> 1,024 modules of 1.6T.
    twin = ScenarioSet(scenarios=(uniform("twin", 2, "t-dsp-800", first=TierChoice(lower="t-dsp-800",
                                                                                    upper="t-dsp-1600-2x")),))
    fr = evaluate_fleet(fleet(template(scenarios=twin)), test_catalog)
    rows = {(d.kind, d.rate.m_as("Gbit/s"), d.end): d.count.magnitude for d in fr.demand()}
    assert rows == {("module", 800, "host"): 2048, ("module", 800, "switch"): 2048 + 2048,
                    ("module", 1600, "switch"): 1024}
    # CPO switches: every port of the 96 switches carries an engine (96 x 64 = 6,144, none idle);
    # one laser per 8 engine ports -> 96 x 8 = 768 lasers; the host end keeps a DSP module.
    fr = evaluate_fleet(fleet(template(mix={"cpo": 100})), test_catalog)
    rows = {(d.kind, d.option_class, d.end): d.count.magnitude for d in fr.demand()}
    assert rows == {("module", "dsp", "host"): 2048, ("engine", "cpo", "switch"): 6144,
                    ("laser", "cpo", "switch"): 768}


def test_accelerators_shipped_become_whole_deployments(test_catalog: Catalog) -> None:
    # 100,001 accelerators / 2,048 per fabric = 48.83 -> 49 fabrics, 100,352 accelerators built.
    fr = evaluate_fleet(fleet(template(accelerators=100_001, deployments=None)), test_catalog)
    (summary,) = fr.templates()
    assert summary.deployments.magnitude == 49
    assert fr.total("count.accelerators").magnitude == 49 * 2048
    assert template(accelerators=4096, deployments=None).deployment_count == 2


def test_fractional_deployments_are_expected_values(test_catalog: Catalog) -> None:
    # 10 deployments x 15% CPO = 1.5 expected CPO fabrics: 1.5 x 768 lasers = 1,152.
    fr = evaluate_fleet(fleet(template(deployments=10, mix={"dsp": 85, "cpo": 15})), test_catalog)
    assert fr.total("count.external_lasers").magnitude == pytest.approx(1152)
    # modules: 8.5 x 8,192 (DSP fabric, 2 ends x 4,096 links) + 1.5 x 2,048 (host end of CPO fabric)
    assert fr.total("count.optical_modules").magnitude == pytest.approx(8.5 * 8192 + 1.5 * 2048)


def test_mixes_that_do_not_sum_to_100_name_the_template() -> None:
    with pytest.raises(ValidationError, match="template 'gb300-2026': mix shares sum to 90%"):
        template(name="gb300-2026", mix={"dsp": 70, "lpo": 20})
    with pytest.raises(ValidationError, match=r"template 'x'.*write 70, not 0\.7"):
        template(name="x", mix={"dsp": 0.7, "lpo": 0.3})
    with pytest.raises(ValidationError, match="template 'late': mix shares sum to 110%"):
        Alternative(name="alt", mix={"late": {"dsp": 60, "lpo": 50}})


def test_template_needs_one_count_and_known_scenarios(test_catalog: Catalog) -> None:
    with pytest.raises(ValidationError, match="exactly one of 'deployments' or 'accelerators'"):
        template(deployments=None)
    with pytest.raises(ValidationError, match="exactly one of 'deployments' or 'accelerators'"):
        template(accelerators=10)
    from interconnect import FabricError

    with pytest.raises(FabricError, match=r"template 'odd'.*no scenario named \['npo'\]"):
        evaluate_fleet(fleet(template(name="odd", mix={"npo": 100})), test_catalog)
    with pytest.raises(ValidationError, match="unknown template"):
        fleet(template(name="a"), alternatives=(Alternative(name="alt", mix={"b": {"dsp": 100}}),))


def test_mix_comparison_change_is_hand_derived(test_catalog: Catalog) -> None:
    # 10 deployments, base 100% DSP, alternative 50% DSP / 50% LPO. Per fabric 8,192 modules:
    # DSP 8,192 x 16 W = 131,072 W, LPO 8,192 x 8 W = 65,536 W -> change 5 x -65,536 W = -327.68 kW;
    # capex 5 x 8,192 x (300 - 500) USD = -8,192,000 USD.
    alt = Alternative(name="lpo-half", mix={"t": {"dsp": 50, "lpo": 50}})
    f = fleet(template(deployments=10), alternatives=(alt,))
    comparison = compare_mixes(f, "lpo-half", test_catalog)
    assert comparison.delta("power.optics_total").m_as("kW") == pytest.approx(-327.68)
    assert comparison.delta("cost.capex").m_as("USD") == pytest.approx(-8_192_000)
    assert comparison.relative("power.optics_total") == pytest.approx(-0.25)
    changes = {(c.option_class, c.end): (c.base.magnitude, c.other.magnitude) for c in comparison.demand_changes()}
    assert changes == {("dsp", "host"): (20480, 10240), ("dsp", "switch"): (61440, 30720),
                       ("lpo", "host"): (0, 10240), ("lpo", "switch"): (0, 30720)}
    assert evaluate_fleet(f, test_catalog, alternative="lpo-half").totals() == comparison.other.totals()


def test_totals_by_year_add_up_to_all_years(test_catalog: Catalog) -> None:
    f = fleet(template(name="a", year=2026, deployments=3), template(name="b", year=2027, deployments=2,
                                                                      mix={"cpo": 100}),
              template(name="c", deployments=1))
    fr = evaluate_fleet(f, test_catalog)
    assert fr.years == (2026, 2027, None)
    for metric in FLEET_METRICS:
        parts = sum(fr.total(metric, [y]).magnitude for y in fr.years)
        assert parts == pytest.approx(fr.total(metric).magnitude), metric
    assert fr.total("count.optical_modules", [2026]).magnitude == 3 * 8192
    assert fr.total("count.external_lasers", [2027]).magnitude == 2 * 768


def test_same_fabric_and_scenario_is_evaluated_once(test_catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    import interconnect.fleet as fleet_module

    calls: list[str] = []
    real = fleet_module.evaluate  # type: ignore[attr-defined]

    def counting(fabric: Fabric, scenario: object, catalog: object = None, **kw: object) -> object:
        calls.append(getattr(scenario, "name", ""))
        return real(fabric, scenario, catalog, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(fleet_module, "evaluate", counting)
    f = fleet(template(name="a", year=2026, mix={"dsp": 50, "lpo": 50}), template(name="b", year=2027),
              alternatives=(Alternative(name="alt", mix={"b": {"lpo": 100}}),))
    compare_mixes(f, "alt", test_catalog)
    assert sorted(calls) == ["dsp", "lpo"]


counts = st.integers(min_value=0, max_value=10_000)
shares = st.integers(min_value=0, max_value=100)


@settings(max_examples=30, deadline=None)
@given(n=counts, m=counts, k=st.integers(min_value=0, max_value=50), share=shares)
def test_totals_are_linear_in_counts(test_catalog: Catalog, n: int, m: int, k: int, share: int) -> None:
    def run(a: int, b: int) -> dict[str, float]:
        mix = {"dsp": share, "lpo": 100 - share}
        f = fleet(template(name="x", deployments=a, mix=mix), template(name="y", deployments=b, mix={"cpo": 100}))
        return {name: float(q.magnitude) for name, q in evaluate_fleet(f, test_catalog).totals().items()}

    one, scaled, only_x, only_y = run(n, m), run(k * n, k * m), run(n, 0), run(0, m)
    for metric in FLEET_METRICS:
        assert scaled[metric] == pytest.approx(k * one[metric], rel=1e-12, abs=1e-9), metric
        assert one[metric] == pytest.approx(only_x[metric] + only_y[metric], rel=1e-12, abs=1e-9), metric


@settings(max_examples=30, deadline=None)
@given(n=counts, dsp=shares, lpo=shares)
def test_demand_rows_add_up_to_the_summed_counts(test_catalog: Catalog, n: int, dsp: int, lpo: int) -> None:
    lpo = min(lpo, 100 - dsp)
    fr = evaluate_fleet(fleet(template(deployments=n, mix={"dsp": dsp, "lpo": lpo, "cpo": 100 - dsp - lpo})),
                        test_catalog)
    assert demand_sum(fr, "module") == pytest.approx(fr.total("count.optical_modules").magnitude, rel=1e-12)
    assert demand_sum(fr, "engine") == pytest.approx(fr.total("count.optical_engines").magnitude, rel=1e-12)
    assert demand_sum(fr, "laser") == pytest.approx(fr.total("count.external_lasers").magnitude, rel=1e-12)
    (summary,) = fr.templates()  # the attach ratio does not depend on the count, only on the mix
    expected = (dsp * 4 + lpo * 4 + (100 - dsp - lpo) * 1) / 100  # modules per accelerator per scenario: 4, 4, 1
    assert summary.modules_per_accelerator.magnitude == pytest.approx(expected, rel=1e-12)
