"""The calculator against hand-derived numbers (tests/data/test_catalog.toml has round figures)."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import make_fabric, uniform

from interconnect import Catalog, InfeasibleError, TierChoice, compare, evaluate
from interconnect.calculator import FIBER_DELAY, HOURS_PER_YEAR


def test_textbook_three_tier_all_optical(test_catalog: Catalog) -> None:
    # k = 64, 65,536 hosts, 3 tiers, a 16 W / 500 USD / 100 ns / 1000 FIT module at both ends of every link.
    fabric = make_fabric(65536, tiers=3)
    r = evaluate(fabric, uniform("dsp", 3, "t-dsp-800"), test_catalog)
    assert r.value("count.switches") == 5120  # 5k^2/4
    assert r.value("count.links") == 3 * 65536  # 3 links per host
    assert r.value("count.optical_modules") == 6 * 65536  # 2 ends x 3 links
    assert r.value("count.attach_ratio") == 6
    assert r.value("count.unused_switch_ports") == 0
    # power: 393,216 modules x 16 W; 5,120 switches x 1,000 W; 8,192 servers x 8 NICs x 20 W
    assert r.value("power.optics", "W") == 393216 * 16
    assert r.value("power.switches", "W") == 5120 * 1000
    assert r.value("power.nics", "W") == 65536 * 20
    fabric_w = 393216 * 16 + 5120 * 1000 + 65536 * 20
    assert r.value("power.fabric", "W") == fabric_w
    assert r.value("power.per_accelerator", "W") == pytest.approx(fabric_w / 65536)
    assert r.value("power.facility", "W") == pytest.approx(fabric_w * 1.3)
    # capex: fiber = links x 16 strands (DR8: 2 x 8 lanes) x length x 0.05 USD/m, tiers of 5, 50 and 300 m
    fiber = 65536 * 16 * (5 + 50 + 300) * 0.05
    assert r.value("count.fiber_strands") == 3 * 65536 * 16
    assert r.value("cost.fiber") == pytest.approx(fiber)
    capex = 393216 * 500 + 5120 * 20000 + 65536 * 1000 + fiber
    assert r.value("cost.capex") == pytest.approx(capex)
    # energy: facility kW x 5 years x 8,766 h x 0.08 USD/kWh
    energy = fabric_w * 1.3 / 1000 * 5 * 8766 * 0.08
    assert r.value("cost.energy") == pytest.approx(energy, rel=1e-9)
    assert r.value("cost.tco") == pytest.approx(capex + energy, rel=1e-9)
    # worst path: 5 switch hops x 500 ns; 6 link traversals x 2 modules x 100 ns; 2 x 355 m of fiber
    assert r.value("latency.switches") == 2500
    assert r.value("latency.parts") == 1200
    assert r.value("latency.propagation") == pytest.approx(2 * 355 * 1.468 / 0.299792458)
    assert r.value("latency.worst_path") == pytest.approx(2500 + 1200 + 710 * FIBER_DELAY)
    # failures: 393,216 parts x 1,000e-9 per hour x 8,766 h
    failures = 393216 * 1000e-9 * HOURS_PER_YEAR
    assert r.value("reliability.link_failures_per_year") == pytest.approx(failures)
    assert r.value("reliability.mtbf_links") == pytest.approx(HOURS_PER_YEAR / failures)


def test_worked_example_2_first_tier_optics(catalog: Catalog) -> None:
    # achoenix/optical_io: 73,728 servers x one 800G scale-out port, optical at both ends of the server link,
    # 16 W per 800G-DR8 module -> 147,456 transceivers and 2.36 MW for that tier (published).
    # The example counts only the server links; a real 144 x 800G switch has 200G SerDes and 72 twin-port
    # cages, which an 8 x 100G single-port DR8 does not fit, so the switch here is the Q3400 with 100G
    # SerDes and one cage per port (hypothetical, the example's own assumption).
    import dataclasses

    from interconnect import Fabric, Plane

    q3400 = catalog.switch("nvidia-q3400-144x800g")
    switch = q3400.model_copy(update={"id": "t-q3400-100g-lanes", "serdes_lanes": 1152,
                                      "serdes_rate": q3400.serdes_rate / 2, "cages": ()})
    catalog = dataclasses.replace(catalog, switches={**catalog.switches, switch.id: switch})
    fabric = Fabric(name="73,728 servers", accelerators=73728 * 4, accelerators_per_server=4, servers_per_rack=36,
                    planes=[Plane(name="backend", ports_per_server=1, port_rate="800G", switch=switch.id,
                                  link_lengths=["5 m", "50 m", "300 m"])])
    module = "coherent-ftce4517e1pxa-800g-dr8"
    r = evaluate(fabric, uniform("dr8", 3, module), catalog)
    tier1 = [p for p in r.parts if p.group == "tier1"]
    count = sum(int(p.count.magnitude) for p in tier1)
    assert count == 147456
    watts = count * catalog.option(module).part_power.typical.m_as("W")
    assert watts == pytest.approx(2.36e6, rel=0.01)


def test_cpo_engines_and_lasers_counted_once(test_catalog: Catalog) -> None:
    # 2 tiers, k = 64, 2,048 hosts: 96 CPO switches (64 + 32), every switch port an engine (4 W),
    # one 8 W laser per 8 engines, DSP module (16 W) at the NIC end.
    fabric = make_fabric(2048, tiers=2)
    first = TierChoice(lower="t-dsp-800", upper="t-cpo-800")
    results = {}
    for switch in ("t-sw-64-cpo", "t-sw-64-cpo-incl"):  # 1,000 W without optics, or 1,320 W with them
        r = evaluate(fabric, uniform("cpo", 2, "t-cpo-800", first=first, switch=switch), test_catalog)
        assert r.value("count.optical_engines") == 96 * 64
        assert r.value("count.external_lasers") == 96 * 8
        assert r.value("count.optical_modules") == 2048
        assert r.value("power.optics", "W") == 2048 * 16 + 6144 * 4
        assert r.value("power.lasers", "W") == 768 * 8
        assert r.value("power.switches", "W") == pytest.approx(96 * 1000)
        results[switch] = r.value("power.fabric", "W")
    assert results["t-sw-64-cpo"] == pytest.approx(results["t-sw-64-cpo-incl"])
    assert results["t-sw-64-cpo"] == pytest.approx(2048 * 16 + 6144 * 4 + 768 * 8 + 96000 + 2048 * 20)


def test_cpo_idle_ports_still_carry_engines(test_catalog: Catalog) -> None:
    # 100 hosts: 4 leaves + 2 spines = 384 ports, 300 in use; the other 84 still hold engines.
    fabric = make_fabric(100, tiers=2)
    first = TierChoice(lower="t-dsp-800", upper="t-cpo-800")
    r = evaluate(fabric, uniform("cpo", 2, "t-cpo-800", first=first, switch="t-sw-64-cpo"), test_catalog)
    assert r.value("count.unused_switch_ports") == 84
    assert r.value("count.optical_engines") == 384
    assert r.value("count.external_lasers") == 6 * 8


def test_copper_cable_is_one_part_per_link(test_catalog: Catalog) -> None:
    fabric = make_fabric(2048, tiers=2)
    r = evaluate(fabric, uniform("aec", 2, "t-dsp-800", first=TierChoice(cable="t-aec-800")), test_catalog)
    assert r.value("count.cables") == 2048
    assert r.value("count.optical_modules") == 2 * 2048  # tier 2 only
    assert r.value("power.copper", "W") == 2048 * 10
    assert r.value("count.fiber_strands") == 2048 * 16  # no structured fiber at tier 1
    assert r.value("reliability.optical_failures_per_year") == pytest.approx(4096 * 1000e-9 * HOURS_PER_YEAR)


def test_sweep_equals_pointwise_evaluation(test_catalog: Catalog) -> None:
    counts = np.array([100, 2048, 5000, 65536])
    scenario = uniform("dsp", 3, "t-dsp-800")
    swept = evaluate(make_fabric(counts, tiers="auto"), scenario, test_catalog)
    assert swept["power.fabric"].magnitude.shape == (4,)
    for i, n in enumerate(counts):
        single = evaluate(make_fabric(int(n), tiers="auto"), scenario, test_catalog)
        for name in ("count.switches", "count.tiers", "power.fabric", "cost.tco", "latency.worst_path"):
            assert swept.value(name)[i] == pytest.approx(single.value(name)), (n, name)
    assert swept.value("count.tiers").tolist() == [2, 2, 3, 3]


def test_compare_deltas(test_catalog: Catalog) -> None:
    fabric = make_fabric(2048, tiers=2, nic=None)
    comparison = compare(fabric, [uniform("dsp", 2, "t-dsp-800"), uniform("lpo", 2, "t-lpo-800")], test_catalog)
    # LPO saves (16 - 8) W on each of 4 x 2,048 modules
    assert comparison.delta("lpo", "power.optics").m_as("W") == -8 * 4 * 2048
    assert comparison.relative("lpo", "power.optics") == pytest.approx(-0.5)
    assert comparison.to_dict()["scenarios"][1]["deltas"]["power.optics"]["relative"] == pytest.approx(-0.5)


@pytest.mark.parametrize(
    ("kwargs", "scenario", "message"),
    [
        ({}, uniform("x", 2, "t-lpo-800"), "NIC 't-nic' cannot drive 'lpo'"),
        ({"lengths": ("100 m", "100 m")}, uniform("x", 2, "t-sr-800"), "reaches 50 m but tier 1 (host-leaf) links"),
        ({}, uniform("x", 2, "t-dsp-400"), "serves 400 Gbit/s links but tier 1 (host-leaf) runs 800"),
        ({}, uniform("x", 2, "t-cpo-800"), "switch 't-sw-64' (pluggable) cannot terminate 'cpo'"),
        ({}, uniform("x", 2, "t-dsp-800", first=TierChoice(lower="t-dr4-800", upper="t-dsp-800")), "do not mate"),
        ({}, uniform("x", 2, "t-dsp-80"), "unknown option id 't-dsp-80'; did you mean 't-dsp-800'"),
        ({}, uniform("x", 1, "t-dsp-800"), "options given for 1 link group(s) but the plane has 2"),
        ({"switch": "t-sw-64-cpo"}, uniform("x", 2, "t-dsp-800"), "switch 't-sw-64-cpo' (cpo) cannot terminate 'dsp'"),
    ],
)
def test_infeasible_builds_say_why(test_catalog: Catalog, kwargs: dict[str, object], scenario: object,
                                   message: str) -> None:
    with pytest.raises(InfeasibleError) as info:
        evaluate(make_fabric(2048, tiers=2, **kwargs), scenario, test_catalog)  # type: ignore[arg-type]
    assert message in str(info.value)


def test_too_many_accelerators_for_the_tiers(test_catalog: Catalog) -> None:
    with pytest.raises(InfeasibleError, match=r"3,000 endpoints do not fit 2 tier.*at most 2,048 endpoints"):
        evaluate(make_fabric(3000, tiers=2), uniform("x", 2, "t-dsp-800"), test_catalog)


def test_default_fabric_runs_every_scenario(catalog: Catalog, default_project: tuple) -> None:
    fabric, scenarios = default_project
    comparison = compare(fabric, scenarios, catalog)
    assert comparison.results[0].scenario == "all-dsp"
    base = comparison.baseline_result
    # 100,000 accelerators, each 800G NIC port split into 4 planes of 200G on 512-port (200G) switches, 2 tiers,
    # striped. Per plane: 100,000 host links on ceil(100000 / 256) = 391 leaves (256 down, 256 up); every leaf
    # cables its 256 uplinks: 100,096, striped over s spines with s dividing 256 and s x 512 >= 100,096 ->
    # s = 256. Switches: 4 x (391 + 256) = 2,588; links: 4 x (100,000 + 100,096) = 800,384.
    assert base.value("count.tiers") == 2
    assert base.value("count.switches") == 2588 and base.value("count.links") == 800_384
    # NIC end: one 800G DR4 per NIC port (its 4 lanes go to the 4 planes): 100,000 modules, not 400,000.
    # Switch ends: 1.6T 2xDR4 modules serve 8 x 200G links: 400,000 / 8 + 2 x 400,384 / 8 = 150,096.
    host = [p for p in base.parts if p.at_host]
    assert [(p.option_id, int(p.count.magnitude)) for p in host] == [("generic-800g-osfp-dr4-dsp", 100_000)]
    assert base.value("count.optical_modules") == 100_000 + 150_096
    per_plane = [(g.group, int(g.links_per_plane.magnitude), g.parallel_planes) for g in base.groups]
    assert per_plane == [("tier1", 100_000, 4), ("tier2", 100_096, 4)]
    assert [(s.name, int(s.count_per_plane.magnitude)) for s in base.switches] == [("leaf", 391), ("spine", 256)]
    cpo = comparison.result("cpo")
    assert cpo.value("power.optics_total") < base.value("power.optics_total")
    assert cpo.value("count.optical_modules") == 100000  # only the NIC ends stay pluggable
    # engines at every switch port: 2,588 switches x 512 ports / 4 (an 800G engine port runs 4 x 200G)
    assert cpo.value("count.optical_engines") == 2588 * 128


def test_front_end_plane_adds_its_own_tree(test_catalog: Catalog) -> None:
    # 2,048 accelerators, 8 per server = 256 servers. Back end: 2,048 endpoints, 2 tiers (64 + 32 switches).
    # Front end: 2 ports per server = 512 endpoints, 3:1 at the leaf (48 down, 16 up): ceil(512/48) = 11 leaves,
    # ceil(512/3) = 171 uplinks, ceil(171/64) = 3 spines.
    from interconnect import Fabric, Plane, PlaneChoice, Scenario

    backend = Plane(name="backend", ports_per_accelerator=1, port_rate="800G", tiers=2, switch="t-sw-64",
                    link_lengths=["5 m", "50 m"])
    frontend = Plane(name="frontend", role="front-end", ports_per_server=2, port_rate="800G", tiers=2,
                     switch="t-sw-64", oversubscription=(3.0,), link_lengths=["5 m", "50 m"])
    fabric = Fabric(accelerators=2048, accelerators_per_server=8, planes=[backend, frontend])
    pair = TierChoice(lower="t-dsp-800", upper="t-dsp-800")
    scenario = Scenario(name="dsp", planes={"backend": PlaneChoice(tiers=(pair, pair)),
                                            "frontend": PlaneChoice(tiers=(pair, pair))})
    r = evaluate(fabric, scenario, test_catalog)
    assert r.value("count.switches") == 96 + 11 + 3
    assert r.value("count.links") == 2 * 2048 + 512 + 171
    assert r.value("count.optical_modules") == 2 * (2 * 2048 + 512 + 171)
    assert [(g.plane, g.group, g.links.magnitude) for g in r.groups] == [
        ("backend", "tier1", 2048), ("backend", "tier2", 2048), ("frontend", "tier1", 512), ("frontend", "tier2", 171)]
    with pytest.raises(InfeasibleError, match="gives no options for plane 'frontend'"):
        evaluate(fabric, Scenario(name="x", planes={"backend": PlaneChoice(tiers=(pair, pair))}), test_catalog)


def test_second_shipped_fabric_uses_standard_scenarios(catalog: Catalog) -> None:
    from interconnect.files import load_project, shipped_fabrics
    from interconnect.standard import standard_scenarios

    fabric, scenarios = load_project(shipped_fabrics()["gb200-16k-two-planes"])
    assert scenarios is None
    standard = standard_scenarios(fabric, catalog)
    names = [s.name for s in standard.scenarios]
    assert names[0] == "all-dsp" and "cpo" in names
    comparison = compare(fabric, standard, catalog)
    # back end: 16,384 endpoints at 400G on 128-port switches need 3 tiers (2 tiers hold 8,192)
    assert comparison.baseline_result.value("count.tiers") == 3


def test_engine_must_belong_to_its_cpo_switch(catalog: Catalog) -> None:
    # the Q3450-LD's engines are NVIDIA's; Broadcom's Davisson port cannot sit in it
    fabric = make_fabric(10368, tiers=2, switch="nvidia-q3450-ld-cpo", nic=None, lengths=("5 m", "50 m"))
    first = TierChoice(lower="generic-800g-osfp-dr4-dsp", upper="broadcom-davisson-cpo-800g-port")
    with pytest.raises(InfeasibleError, match="is not an optical engine of switch 'nvidia-q3450-ld-cpo'"):
        evaluate(fabric, uniform("x", 2, "broadcom-davisson-cpo-800g-port", first=first), catalog)
