"""The TUI's non-Textual parts: the fabric form's reading rules, scenario edits, compatible pickers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interconnect import Fabric, ScenarioSet, evaluate
from interconnect.catalog import Catalog
from interconnect.errors import InfeasibleError
from interconnect.scenario import PlaneChoice, Scenario, TierChoice
from interconnect.standard import compatible_options, standard_scenarios
from interconnect.tui import project as edits
from interconnect.tui.fields import fabric_from_texts, field_texts
from interconnect.units import Q_


def test_form_texts_read_back_as_the_same_fabric(three_tier_project: tuple[Fabric, ScenarioSet]) -> None:
    fabric = three_tier_project[0]
    texts = field_texts(fabric, "backend")
    assert texts["port_rate"] == "800 Gbit/s" and texts["length_3"] == "300 m" and texts["lifetime"] == "5"
    rebuilt, errors = fabric_from_texts(fabric, "backend", texts)
    assert errors == {} and rebuilt == fabric


@pytest.mark.parametrize(("field", "text", "value"), [
    ("accelerators", "100k", 100_000), ("accelerators", "16,384", 16_384), ("accelerators", "1.5M", 1_500_000),
    ("port_rate", "1.6T", Q_(1600.0, "Gbit/s")), ("port_rate", "400 Gbit/s", Q_(400.0, "Gbit/s")),
    ("lifetime", "4", Q_(4.0, "year")), ("lifetime", "48 month", Q_(4.0, "year")),
    ("oversubscription", "1, 3:1", (1.0, 3.0)), ("tiers", "2", 2), ("tiers", "auto", "auto"),
])
def test_form_reads_units_and_shorthands(three_tier_project: tuple[Fabric, ScenarioSet], field: str, text: str,
                                         value: object) -> None:
    fabric = three_tier_project[0]
    texts = field_texts(fabric, "backend") | {field: text}
    rebuilt, errors = fabric_from_texts(fabric, "backend", texts)
    assert errors == {} and rebuilt is not None
    got = {"accelerators": rebuilt.accelerators, "port_rate": rebuilt.planes[0].port_rate,
           "lifetime": rebuilt.economics.lifetime, "oversubscription": rebuilt.planes[0].oversubscription,
           "tiers": rebuilt.planes[0].tiers}[field]
    if isinstance(value, type(Q_(1, "m"))):
        assert got.to(value.units).magnitude == pytest.approx(value.magnitude)  # type: ignore[union-attr]
    else:
        assert got == value


@pytest.mark.parametrize(("field", "text", "reason"), [
    ("port_rate", "800 GBd", "symbol rate"),
    ("port_rate", "30 m", "expected a bit rate"),
    ("accelerators", "many", "not a whole number"),
    ("accelerators", "0", "at least 1"),
    ("tiers", "4", "from 1 to 3"),
    ("length_1", "5", "has no unit"),
    ("pue", "0.9", "at least 1"),
    ("oversubscription", "1:2", "down:up >= 1"),
    ("electricity_price", "0.08 USD", "energy price"),
])
def test_form_marks_the_bad_field_with_its_reason(three_tier_project: tuple[Fabric, ScenarioSet], field: str,
                                                  text: str, reason: str) -> None:
    fabric = three_tier_project[0]
    rebuilt, errors = fabric_from_texts(fabric, "backend", field_texts(fabric, "backend") | {field: text})
    assert rebuilt is None and list(errors) == [field] and reason in errors[field]


def test_form_maps_fabric_consistency_errors_to_a_field(three_tier_project: tuple[Fabric, ScenarioSet]) -> None:
    fabric = three_tier_project[0]
    texts = field_texts(fabric, "backend") | {"tiers": "3", "length_3": ""}
    rebuilt, errors = fabric_from_texts(fabric, "backend", texts)
    assert rebuilt is None and "3 tiers need 3 link lengths" in errors["tiers"]
    texts = field_texts(fabric, "backend") | {"length_2": ""}
    assert "tier 2's length first" in fabric_from_texts(fabric, "backend", texts)[1]["length_3"]


def _set(names: list[str], baseline: str | None = None) -> ScenarioSet:
    choice = PlaneChoice(tiers=(TierChoice(lower="a", upper="b"),))
    return ScenarioSet(baseline=baseline, scenarios=tuple(Scenario(name=n, planes={"p": choice}) for n in names))


def test_scenario_edits() -> None:
    s = _set(["x", "y"], baseline="x")
    dup, name = edits.duplicate_scenario(s, "x")
    assert name == "x-copy" and [t.name for t in dup.scenarios] == ["x", "x-copy", "y"]
    assert edits.duplicate_scenario(dup, "x")[1] == "x-copy-2"
    renamed = edits.rename_scenario(s, "x", "base")
    assert renamed.baseline == "base" and [t.name for t in renamed.scenarios] == ["base", "y"]
    with pytest.raises(ValueError, match="already exists"):
        edits.rename_scenario(s, "x", "y")
    assert edits.set_baseline(s, "y").baseline_name == "y"
    deleted = edits.delete_scenario(s, "x")
    assert [t.name for t in deleted.scenarios] == ["y"] and deleted.baseline == "y"
    with pytest.raises(ValueError, match="last scenario"):
        edits.delete_scenario(deleted, "y")
    tier = TierChoice(cable="c")
    assert edits.set_tier(s, "y", "p", 1, tier).get("y").planes["p"].links == (tier,)
    assert edits.set_tier(s, "y", "p", 1, tier).get("x") == s.get("x")
    assert edits.set_switch(s, "x", "p", "sw").get("x").planes["p"].switch == "sw"


def test_extend_tiers_repeats_the_tier_below(three_tier_project: tuple[Fabric, ScenarioSet]) -> None:
    fabric, scenarios = three_tier_project
    two = edits._with(scenarios, [s.model_copy(update={"planes": {"backend": s.planes["backend"].model_copy(
        update={"links": s.planes["backend"].links[:2]})}}) for s in scenarios.scenarios], scenarios.baseline)
    extended = edits.extend_tiers(two, fabric)
    for s in extended.scenarios:
        tiers = s.planes["backend"].links
        assert len(tiers) == 3 and tiers[2] == tiers[1]
    assert edits.extend_tiers(scenarios, fabric) is scenarios


def test_add_scenario_starts_from_the_standard_all_dsp(three_tier_project: tuple[Fabric, ScenarioSet],
                                                       catalog: Catalog) -> None:
    fabric, scenarios = three_tier_project
    added = edits.add_scenario(scenarios, fabric, catalog)
    new = added.scenarios[-1]
    assert new.name == "new" and new.planes == standard_scenarios(fabric, catalog).get("all-dsp").planes
    assert edits.add_scenario(added, fabric, catalog).scenarios[-1].name == "new-2"


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_every_compatible_pick_resolves(three_tier_project: tuple[Fabric, ScenarioSet], catalog: Catalog,
                                        data: st.DataObject) -> None:
    """Invariant: any lower (or cable) the picker offers, with any upper it offers for it, evaluates."""
    fabric = three_tier_project[0]
    plane = fabric.planes[0]
    switch_id = data.draw(st.sampled_from(["broadcom-th6-64x1p6t", "broadcom-th6-davisson-cpo",
                                           "generic-npo-102p4t-128x800g"]))
    switch, nic = catalog.switch(switch_id), catalog.nic(plane.nic or "")
    tiers = []
    for t in range(1, plane.max_tiers + 1):
        lower = data.draw(st.sampled_from(edits.lower_choices(catalog, plane, t, switch, nic)))
        if lower.is_cable:
            tiers.append(TierChoice(cable=lower.id))
            continue
        upper = data.draw(st.sampled_from(compatible_options(catalog, plane, t, "upper", switch, nic, mate=lower)))
        tiers.append(TierChoice(lower=lower.id, upper=upper.id))
    scenario = Scenario(name="pick", planes={"backend": PlaneChoice(switch=switch_id, tiers=tuple(tiers))})
    assert evaluate(fabric, scenario, catalog).value("count.links") == 300_000  # 3 tiers x 100,000 links


def test_pickers_leave_out_what_resolve_rejects(three_tier_project: tuple[Fabric, ScenarioSet],
                                                catalog: Catalog) -> None:
    fabric, _ = three_tier_project
    plane = fabric.planes[0]
    switch, nic = catalog.switch(plane.switch), catalog.nic(plane.nic or "")
    # tier 2 links are 50 m: no copper or AEC reaches, and a pluggable switch takes no CPO engine
    assert compatible_options(catalog, plane, 2, "cable", switch, nic) == [] or all(
        o.reach.m_as("m") >= 50 for o in compatible_options(catalog, plane, 2, "cable", switch, nic))
    offered = {o.id for o in compatible_options(catalog, plane, 1, "upper", switch, nic)}
    assert "broadcom-davisson-cpo-800g-port" not in offered
    aec = Scenario(name="aec-t2", planes={"backend": PlaneChoice(tiers=(
        TierChoice(cable="generic-800g-aec"), TierChoice(cable="generic-800g-aec"),
        TierChoice(lower="generic-1p6t-osfp-2xdr4-dsp", upper="generic-1p6t-osfp-2xdr4-dsp")))})
    assert "generic-800g-aec" not in {o.id for o in compatible_options(catalog, plane, 2, "cable", switch, nic)}
    with pytest.raises(InfeasibleError, match="reaches 7 m"):
        evaluate(fabric, aec, catalog)
