"""Invariants of the topology and the calculator, checked with hypothesis."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from helpers import make_fabric, tree, uniform
from hypothesis import given, settings
from hypothesis import strategies as st

from interconnect import Catalog, TierChoice, evaluate, load_catalog
from interconnect.results import COST_COMPONENTS, POWER_COMPONENTS
from interconnect.topology import capacity, down_ports

TEST_CATALOG: Catalog = load_catalog([Path(__file__).parent / "data" / "test_catalog.toml"], include_shipped=False)

radix = st.sampled_from([4, 8, 16, 32, 64, 128])
ratio = st.sampled_from([1.0, 1.5, 2.0, 3.0, 4.0])
counting = st.sampled_from(["bin-packed", "striped"])


def _levels(build: object) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """links, switches, ports used, down and up ports per switch as (3, n) arrays."""
    b = build  # a PlaneBuild (levels above the plane's tiers read as zero)
    zero = np.zeros_like(b.links["tier1"])  # type: ignore[attr-defined]
    links = np.stack([b.links.get(f"tier{t}", zero) for t in (1, 2, 3)])  # type: ignore[attr-defined]
    rows = [np.stack([getattr(b, name).get(t, zero) for t in (1, 2, 3)])
            for name in ("switches", "ports_used", "down_ports", "up_ports")]
    return links, rows[0], rows[1], rows[2], rows[3]


@settings(max_examples=200, deadline=None)
@given(k=radix, ratios=st.tuples(ratio, ratio), counts=counting, data=st.data())
def test_counts_are_whole_and_ports_suffice(k: int, ratios: tuple[float, float], counts: str,
                                            data: st.DataObject) -> None:
    downs = tuple(down_ports(k, r) for r in ratios)
    cap = capacity(k, downs, 3)
    endpoints = np.array(data.draw(st.lists(st.integers(1, cap), min_size=1, max_size=20)))
    build = tree(endpoints, k, "auto", ratios, servers=np.maximum(endpoints // 8, 1), switch_counts=counts)
    assert build.feasible.all()
    links, switches, used, down, up = _levels(build)
    for arr in (links, switches, used):
        assert arr.dtype.kind == "i" and (arr >= 0).all()
    assert (used <= switches * (down + up)).all()
    assert (down + up <= k).all()
    # the down ports of every level cover the links below it, the up ports the links above
    assert (switches * down >= links).all()
    assert (switches[:2] * up[:2] >= links[1:]).all()


@settings(max_examples=100, deadline=None)
@given(k=radix, counts=st.lists(st.integers(1, 10_000), min_size=2, max_size=10), mode=counting)
def test_counts_grow_with_endpoints(k: int, counts: list[int], mode: str) -> None:
    endpoints = np.array(sorted(counts))
    endpoints = endpoints[endpoints <= capacity(k, (k // 2, k // 2), 3)]
    if endpoints.size < 2:
        return
    links, switches, *_ = _levels(tree(endpoints, k, 3, switch_counts=mode))
    assert (np.diff(switches.sum(axis=0)) >= 0).all()
    assert (np.diff(links.sum(axis=0)) >= 0).all()


@settings(max_examples=200, deadline=None)
@given(k=radix, tiers=st.sampled_from([2, 3]), ratios=st.tuples(ratio, ratio), data=st.data())
def test_striped_counts_never_below_bin_packed(k: int, tiers: int, ratios: tuple[float, float],
                                               data: st.DataObject) -> None:
    downs = tuple(down_ports(k, r) for r in ratios)
    cap = capacity(k, downs, tiers)
    endpoints = np.array(data.draw(st.lists(st.integers(1, cap), min_size=1, max_size=20)))
    packed = _levels(tree(endpoints, k, tiers, ratios[:tiers - 1]))
    striped = _levels(tree(endpoints, k, tiers, ratios[:tiers - 1], switch_counts="striped"))
    assert (striped[1] >= packed[1]).all()  # switches, level by level
    assert (striped[0] >= packed[0]).all()  # links


@settings(max_examples=200, deadline=None)
@given(k=radix, ratio_=ratio, data=st.data())
def test_striped_equals_bin_packed_when_uplinks_divide_evenly(k: int, ratio_: float, data: st.DataObject) -> None:
    # full leaves (hosts a multiple of the down ports) whose bin-packed spine count divides the leaf uplinks:
    # striping changes nothing
    d = down_ports(k, ratio_)
    u = k - d
    leaves = data.draw(st.integers(1, k))
    hosts = leaves * d
    packed = _levels(tree(hosts, k, 2, (ratio_,)))
    if packed[0][1, 0] != leaves * u or u % packed[1][1, 0]:
        return  # uplinks not all cabled (a non-integer ratio) or the spine count does not divide them
    striped = _levels(tree(hosts, k, 2, (ratio_,), switch_counts="striped"))
    assert (striped[1] == packed[1]).all()


fabric_sizes = st.lists(st.integers(1, 65536), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(sizes=fabric_sizes, tier1=st.sampled_from(["t-dsp-800", "t-lpo-800", "t-aec-800"]))
def test_totals_are_sums_of_parts_and_monotone(sizes: list[int], tier1: str) -> None:
    sizes = sorted(sizes)
    first = TierChoice(cable=tier1) if tier1 == "t-aec-800" else TierChoice(lower="t-dsp-800", upper=tier1)
    r = evaluate(make_fabric(np.array(sizes), tiers="auto", nic=None), uniform("s", 3, "t-dsp-800", first=first),
                 TEST_CATALOG)
    power = sum(r.value(f"power.{c}", "W") for c in POWER_COMPONENTS)
    np.testing.assert_allclose(r.value("power.fabric", "W"), power)
    capex = sum(r.value(f"cost.{c}") for c in COST_COMPONENTS)
    np.testing.assert_allclose(r.value("cost.capex"), capex)
    for name in ("count.switches", "count.links", "power.fabric", "cost.capex"):
        assert (np.diff(np.atleast_1d(r.value(name))) >= 0).all(), name
    for name in r.metrics:
        if name.startswith("count.") and name != "count.attach_ratio":
            values = np.atleast_1d(r.value(name))
            assert (values >= 0).all() and (values == np.round(values)).all(), name


@settings(max_examples=40, deadline=None)
@given(sizes=fabric_sizes)
def test_lower_power_options_never_raise_power(sizes: list[int]) -> None:
    # t-lpo-800 (8 W) draws less than t-dsp-800 (16 W): swapping every end never raises any power total
    fabric = make_fabric(np.array(sizes), tiers="auto", nic=None)
    dsp = evaluate(fabric, uniform("dsp", 3, "t-dsp-800"), TEST_CATALOG)
    lpo = evaluate(fabric, uniform("lpo", 3, "t-lpo-800"), TEST_CATALOG)
    for name in ("power.optics_total", "power.fabric", "power.facility", "power.per_accelerator"):
        assert (np.atleast_1d(lpo.value(name)) <= np.atleast_1d(dsp.value(name))).all(), name


@settings(max_examples=100, deadline=None)
@given(sizes=st.lists(st.integers(1, 2048), min_size=1, max_size=8), tiers=st.sampled_from([1, 2]),
       ratio_=st.sampled_from([1.0, 1.3, 1.5, 2.0, 3.0]), mode=counting)
def test_engines_never_exceed_switch_ports_and_grow_with_size(sizes: list[int], tiers: int, ratio_: float,
                                                             mode: str) -> None:
    # every CPO switch port holds one engine port (t-cpo-800: one 800G link each); a 64-port switch has 64
    sizes = sorted(min(s, 64 if tiers == 1 else 2048) for s in sizes)
    fabric = make_fabric(np.array(sizes), tiers=tiers, nic=None, oversubscription=(ratio_,) if tiers > 1 else (),
                         switch_counts=mode)
    first = TierChoice(lower="t-dsp-800", upper="t-cpo-800")
    r = evaluate(fabric, uniform("cpo", tiers, "t-cpo-800", first=first, switch="t-sw-64-cpo"), TEST_CATALOG)
    engines = np.atleast_1d(r.value("count.optical_engines"))
    switches = np.atleast_1d(r.value("count.switches"))
    assert (engines <= switches * 64).all()
    for name in ("count.optical_engines", "count.switches", "cost.capex", "power.fabric"):
        assert (np.diff(np.atleast_1d(r.value(name))) >= 0).all(), name
