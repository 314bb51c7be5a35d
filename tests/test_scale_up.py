"""Scale-up domains (topology "scale-up-domain") and co-packaged optics at the host end.

NVL72 is checked against NVIDIA's published structure; the rest against counts derived by hand in the
comment above each assertion (test catalog: tests/data/test_scale_up_catalog.toml).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interconnect import Fabric, Plane, PlaneChoice, Scenario, evaluate
from interconnect.catalog import Catalog
from interconnect.errors import InfeasibleError
from interconnect.files import load_project, shipped_fabrics
from interconnect.scenario import LinkChoice

COPPER = LinkChoice(cable="t-dac-400")


def _nvl72(accelerators: int) -> tuple[Fabric, Scenario]:
    fabric, scenarios = load_project(shipped_fabrics()["gb300-nvl72-cluster"])
    assert scenarios is not None
    return fabric.replace(accelerators=accelerators), scenarios.get("all-dsp")


def _switch_count(result: object, plane: str) -> int:
    return sum(int(s.count.m_as("")) for s in result.switches if s.plane == plane)  # type: ignore[attr-defined]


def _links(result: object, plane: str, group: str) -> int:
    return next(int(g.links.m_as("")) for g in result.groups  # type: ignore[attr-defined]
                if g.plane == plane and g.group == group)


@pytest.mark.parametrize(("racks", "chips", "links"), [(1, 18, 1_296), (2, 36, 2_592)])
def test_nvl72_switch_chips_and_links_per_rack(catalog: Catalog, racks: int, chips: int, links: int) -> None:
    # NVIDIA GB200 NVL72 (DGX SuperPOD GB200 RA): 9 NVLink switch trays x 2 chips = 18 chips per rack; each
    # of the 72 GPUs has 18 NVLink links, one to each chip: 72 x 18 = 1,296 links = 18 chips x 72 ports.
    # Two racks are two domains: 36 chips and 2,592 links (one cluster-wide fat tree would give 108 and 5,184).
    fabric, scenario = _nvl72(72 * racks)
    result = evaluate(fabric, scenario, catalog)
    assert _switch_count(result, "nvlink") == chips
    assert _links(result, "nvlink", "accel") == links
    cables = sum(int(p.count.m_as("")) for p in result.parts if p.plane == "nvlink")
    assert cables == links  # one copper cartridge share per link, no optics
    assert not any(p.plane == "nvlink" and p.option_class != "dac" for p in result.parts)


def test_nvl72_as_one_fat_tree_would_overcount(catalog: Catalog) -> None:
    # The same 144 GPUs x 18 links as one non-blocking two-tier fat tree of 72-port chips: 2,592 host links /
    # 36 down ports = 72 leaves, 72 x 36 = 2,592 uplinks on 36 spines: 108 chips and 2 x 2,592 = 5,184 links.
    fabric, scenario = _nvl72(144)
    nvlink = fabric.plane("nvlink")
    tree = Plane.model_validate({**{k: getattr(nvlink, k) for k in ("name", "role", "ports_per_accelerator",
                                                                    "port_rate", "switch", "accelerator")},
                                 "tiers": 2, "link_lengths": ["1 m", "1 m"]})
    fabric = fabric.replace(planes=(tree, *fabric.planes[1:]))
    choice = PlaneChoice(links=(LinkChoice(cable="generic-scaleup-copper-400g"),) * 2)
    result = evaluate(fabric, scenario.model_copy(update={"planes": {**scenario.planes, "nvlink": choice}}), catalog)
    assert _switch_count(result, "nvlink") == 108
    assert _links(result, "nvlink", "tier1") + _links(result, "nvlink", "tier2") == 5_184


def _domain_fabric(accelerators: object, *, domain: int = 72, links: int = 18, levels: int = 1,
                   switch: str = "t-su-72", accelerator: str = "t-xpu", per_server: int = 4) -> Fabric:
    scale_up = Plane(name="su", role="scale-up", topology="scale-up-domain", ports_per_accelerator=links,
                     port_rate="400G", domain_size=domain, domain_levels=levels, switch=switch,
                     accelerator=accelerator, link_lengths=["1 m"] * levels)
    scale_out = Plane(name="backend", ports_per_server=1, port_rate="800G", tiers=1, switch="t-sw-64",
                      link_lengths=["2 m"])
    return Fabric(name="scale-up test", accelerators=accelerators, accelerators_per_server=per_server,
                  planes=[scale_up, scale_out])


def _scenario(*su_links: LinkChoice, switch: str | None = None) -> Scenario:
    return Scenario(name="s", planes={"su": PlaneChoice(switch=switch, links=su_links),
                                      "backend": PlaneChoice(links=(LinkChoice(cable="t-dac-800"),))})


def test_partial_last_domain_is_built_whole(scale_up_catalog: Catalog) -> None:
    # 100 accelerators in domains of 72: 2 domains, both with all 18 chips (36); links only for the 100
    # accelerators present: 100 x 18 = 1,800; unused ports 36 x 72 - 1,800 = 792. One switch hop: the
    # worst path is 2 links, so 1 x 100 ns + 2 x 5 ns (copper part) + 2 x 1 m x 4.765 ns/m (COPPER_DELAY).
    result = evaluate(_domain_fabric(100), _scenario(COPPER), scale_up_catalog)
    assert _switch_count(result, "su") == 36
    assert _links(result, "su", "accel") == 1_800
    # the scale-out plane: 25 servers on one 64-port switch, 39 ports unused
    assert result.value("count.unused_switch_ports") == 792 + 39
    assert result.value("count.scale_up_hops") == 2
    assert result.value("latency.scale_up_worst_path") == pytest.approx(100 + 10 + 2 * 4.7652, abs=0.01)


def test_one_level_spreads_links_over_the_fewest_chips(scale_up_catalog: Catalog) -> None:
    # 32 accelerators x 18 links on 72-port chips: ceil(32 x 18 / 72) = 8 chips would do, but each
    # accelerator must spread its 18 links evenly: the smallest divisor of 18 that is >= 8 is 9 chips, with
    # 2 links from every accelerator to each (32 x 2 = 64 of 72 ports used).
    result = evaluate(_domain_fabric(32, domain=32), _scenario(COPPER), scale_up_catalog)
    assert _switch_count(result, "su") == 9


def test_two_level_domain_hand_count(scale_up_catalog: Catalog) -> None:
    # Domains of 32 accelerators x 4 links on 16-port chips, two levels: 128 links per domain; leaves have
    # 8 down + 8 up: 16 leaves; 16 x 8 = 128 leaf-spine links; spines: the smallest divisor of 8 holding
    # 128 / 16 = 8 -> 8. Two levels hold at most 16 x 8 = 128 links: this domain fills them. 64 accelerators
    # = 2 domains: 32 leaves, 16 spines, 256 + 256 links; the worst path crosses 3 switches and 4 links.
    fabric = _domain_fabric(64, domain=32, links=4, levels=2, switch="t-su-16")
    result = evaluate(fabric, _scenario(COPPER, LinkChoice(lower="t-dsp-400", upper="t-dsp-400")), scale_up_catalog)
    levels = {s.name: int(s.count.m_as("")) for s in result.switches if s.plane == "su"}
    assert levels == {"scale-up leaf": 32, "scale-up spine": 16}
    assert (_links(result, "su", "accel"), _links(result, "su", "spine")) == (256, 256)
    assert result.value("count.scale_up_hops") == 4
    # leaf-spine optics: 256 links x 2 ends = 512 DSP modules
    assert result.value("count.optical_modules") == 512


def test_shipped_optical_projection_domains(catalog: Catalog) -> None:
    # NVL576-class domains on 102.4T switches at 400G (k = 256): 576 x 18 = 10,368 links per domain;
    # leaves ceil(10,368 / 128) = 81; spines: smallest divisor of 128 >= ceil(81 x 128 / 256) = 41 -> 64.
    # 4,608 accelerators = 8 domains: 648 leaves, 512 spines, 82,944 links in each group.
    fabric, scenarios = load_project(shipped_fabrics()["optical-scale-up-projection"])
    assert scenarios is not None
    result = evaluate(fabric, scenarios.get("copper-dsp"), catalog)
    levels = {s.name: int(s.count.m_as("")) for s in result.switches if s.plane == "scaleup"}
    assert levels == {"scale-up leaf": 648, "scale-up spine": 512}
    assert (_links(result, "scaleup", "accel"), _links(result, "scaleup", "spine")) == (82_944, 82_944)


@pytest.mark.parametrize(("domain", "links", "levels", "switch", "message"), [
    (144, 18, 1, "t-su-72", "a domain of 144 accelerators does not fit one level of 't-su-72' switches (72 ports"),
    (33, 4, 2, "t-su-16", "does not fit two levels of 't-su-16' switches (16 ports at 400 Gbit/s): a non-blocking "
                          "two-level domain holds at most k * k/2 = 128 links"),
])
def test_domain_larger_than_its_switch_fabric_is_refused(scale_up_catalog: Catalog, domain: int, links: int,
                                                         levels: int, switch: str, message: str) -> None:
    fabric = _domain_fabric(domain, domain=domain, links=links, levels=levels, switch=switch)
    choices = (COPPER,) if levels == 1 else (COPPER, LinkChoice(lower="t-dsp-400", upper="t-dsp-400"))
    with pytest.raises(InfeasibleError, match="does not fit") as err:
        evaluate(fabric, _scenario(*choices), scale_up_catalog)
    assert message in str(err.value)


def test_every_end_co_packaged_hand_derived_optics_power(scale_up_catalog: Catalog) -> None:
    # 128 accelerators (t-xpu-oio, optical I/O chiplets t-oio-3p2t) in 2 domains of 64, 8 links of 400G each,
    # one level of 64-port CPO switches (t-su-cpo-64): 8 switches per domain (one link from every accelerator
    # to each), 16 in all.
    # Switch ends: every port holds an engine port t-cpo-400: 16 x 64 = 1,024 x 2 W = 2,048 W;
    #   lasers ceil(64 / 16) = 4 per switch: 64 x 6 W = 384 W.
    # Host ends: one chiplet serves 8 links: ceil(8 / 8) = 1 per accelerator: 128 x 10 W = 1,280 W;
    #   one laser per chiplet: 128 x 3 W = 384 W.
    # Optics 2,048 + 1,280 = 3,328 W; lasers 768 W; optics total 4,096 W. No pluggable module anywhere.
    fabric = _domain_fabric(128, domain=64, links=8, switch="t-su-cpo-64", accelerator="t-xpu-oio")
    result = evaluate(fabric, _scenario(LinkChoice(lower="t-oio-3p2t", upper="t-cpo-400")), scale_up_catalog)
    assert result.value("power.optics", "W") == pytest.approx(3_328)
    assert result.value("power.lasers", "W") == pytest.approx(768)
    assert result.value("power.optics_total", "W") == pytest.approx(4_096)
    assert result.value("count.optical_engines") == 1_024 + 128
    assert result.value("count.external_lasers") == 64 + 128
    assert result.value("count.optical_modules") == 0
    ends = {(p.group, p.end, str(p.end_kind), p.option_id): int(p.count.m_as("")) for p in result.parts
            if p.plane == "su"}
    assert ends == {("accel", "lower", "host", "t-oio-3p2t"): 128, ("accel", "laser", "host", "t-oio-3p2t"): 128,
                    ("scale-up switch", "switch", "switch", "t-cpo-400"): 1_024,
                    ("scale-up switch", "laser", "switch", "t-cpo-400"): 64}


def test_host_chiplets_are_counted_per_accelerator(scale_up_catalog: Catalog) -> None:
    # 18 links per accelerator, 8 per chiplet: ceil(18 / 8) = 3 chiplets per accelerator (24 ports, 18 used),
    # not ceil(72 x 18 / 8) = 162 for 72 accelerators: 72 x 3 = 216 chiplets and 216 lasers.
    fabric = _domain_fabric(72, domain=72, links=18, switch="t-su-72", accelerator="t-xpu-oio")
    result = evaluate(fabric, _scenario(LinkChoice(lower="t-oio-3p2t", upper="t-dsp-400")), scale_up_catalog)
    host = {p.end: int(p.count.m_as("")) for p in result.parts if p.plane == "su" and p.at_host}
    assert host == {"lower": 216, "laser": 216}


def test_cpo_at_a_host_without_co_packaged_optics_is_refused(scale_up_catalog: Catalog) -> None:
    fabric = _domain_fabric(128, domain=64, links=8, switch="t-su-cpo-64", accelerator="t-xpu")
    with pytest.raises(InfeasibleError) as err:
        evaluate(fabric, _scenario(LinkChoice(lower="t-oio-3p2t", upper="t-cpo-400")), scale_up_catalog)
    assert ("'cpo' option 't-oio-3p2t' is a co-packaged optical engine and cannot sit at the host end: "
            "accelerator 't-xpu' declares no co-packaged optical I/O ('optical_io')") in str(err.value)
    # a host with optical I/O takes only the engines it lists
    fabric = _domain_fabric(128, domain=64, links=8, switch="t-su-cpo-64", accelerator="t-xpu-oio")
    with pytest.raises(InfeasibleError, match="'t-cpo-400' is not an optical I/O of accelerator 't-xpu-oio'"):
        evaluate(fabric, _scenario(LinkChoice(lower="t-cpo-400", upper="t-cpo-400")), scale_up_catalog)


def test_standard_all_cpo_family_needs_host_optical_io(scale_up_catalog: Catalog) -> None:
    from interconnect.standard import standard_scenarios

    with_oio = _domain_fabric(128, domain=64, links=8, switch="t-su-72", accelerator="t-xpu-oio")
    plain = _domain_fabric(128, domain=64, links=8, switch="t-su-72", accelerator="t-xpu")
    with_names = [s.name for s in standard_scenarios(with_oio, scale_up_catalog).scenarios]
    plain_names = [s.name for s in standard_scenarios(plain, scale_up_catalog).scenarios]
    assert "all-cpo" not in plain_names
    assert "all-dsp" in plain_names and "all-dsp" in with_names


def test_domain_fields_are_checked_when_read() -> None:
    with pytest.raises(ValueError, match="needs 'domain_size'"):
        Plane(name="su", topology="scale-up-domain", ports_per_accelerator=18, port_rate="400G", switch="x",
              link_lengths=["1 m"])
    with pytest.raises(ValueError, match="'domain_size' do\\(es\\) not apply to topology 'fat-tree'"):
        Plane(name="p", ports_per_accelerator=1, port_rate="400G", switch="x", domain_size=72, link_lengths=["1 m"])
    with pytest.raises(ValueError, match="2-level domain has 2 link group"):
        Plane(name="su", topology="scale-up-domain", ports_per_accelerator=18, port_rate="400G", switch="x",
              domain_size=72, domain_levels=2, link_lengths=["1 m"])


def test_domains_scale_with_an_array_of_accelerator_counts(scale_up_catalog: Catalog) -> None:
    # ceil(N / 72) domains of 18 chips: 72 -> 18, 73 -> 36, 1,000 -> 14 domains -> 252
    result = evaluate(_domain_fabric(np.array([72, 73, 1000]), per_server=16), _scenario(COPPER), scale_up_catalog)
    chips = np.sum([s.count.m_as("") for s in result.switches if s.plane == "su"], axis=0)
    assert chips.tolist() == [18, 36, 252]


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 128), st.integers(1, 36), st.integers(1, 200))
def test_one_level_chips_spread_every_accelerator_evenly(radix: int, links: int, domain: int) -> None:
    # Where one level fits (D <= k): S divides L (each accelerator sends L / S links to every chip), the S
    # chips hold the domain's D x L links, and no smaller divisor of L would.
    from interconnect.topology.scale_up import domain_switches

    if domain > radix:
        return
    chips, _ = domain_switches(domain, links, radix, 1)
    assert links % chips == 0
    assert chips * radix >= domain * links
    assert all(d * radix < domain * links for d in range(1, chips) if links % d == 0)
