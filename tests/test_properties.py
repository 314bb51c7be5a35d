"""Invariants of the topology and the calculator, checked with hypothesis."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from helpers import make_fabric, uniform
from hypothesis import given, settings
from hypothesis import strategies as st

from interconnect import Catalog, TierChoice, evaluate, load_catalog
from interconnect.results import COST_COMPONENTS, POWER_COMPONENTS
from interconnect.topology import capacity, down_ports, fat_tree

TEST_CATALOG: Catalog = load_catalog([Path(__file__).parent / "data" / "test_catalog.toml"], include_shipped=False)

radix = st.sampled_from([4, 8, 16, 32, 64, 128])
ratio = st.sampled_from([1.0, 1.5, 2.0, 3.0, 4.0])


@settings(max_examples=200, deadline=None)
@given(k=radix, ratios=st.tuples(ratio, ratio), data=st.data())
def test_counts_are_whole_and_ports_suffice(k: int, ratios: tuple[float, float], data: st.DataObject) -> None:
    downs = tuple(down_ports(k, r) for r in ratios)
    cap = capacity(k, downs, 3)
    endpoints = np.array(data.draw(st.lists(st.integers(1, cap), min_size=1, max_size=20)))
    tree = fat_tree(endpoints, np.maximum(endpoints // 8, 1), k, ratios, None, 3)
    assert tree.feasible.all()
    for arr in (tree.links, tree.switches, tree.ports_used):
        assert arr.dtype.kind == "i" and (arr >= 0).all()
    assert (tree.ports_used <= tree.switches * k).all()
    # the down ports of every non-top level cover the links below it
    for level in range(2):
        below = tree.links[level]
        non_top = tree.tiers > level + 1
        assert (tree.switches[level][non_top] * downs[level] >= below[non_top]).all()


@settings(max_examples=100, deadline=None)
@given(k=radix, counts=st.lists(st.integers(1, 10_000), min_size=2, max_size=10))
def test_counts_grow_with_endpoints(k: int, counts: list[int]) -> None:
    endpoints = np.array(sorted(counts))
    endpoints = endpoints[endpoints <= capacity(k, (k // 2, k // 2), 3)]
    if endpoints.size < 2:
        return
    tree = fat_tree(endpoints, endpoints, k, (), 3, 3)
    assert (np.diff(tree.switches.sum(axis=0)) >= 0).all()
    assert (np.diff(tree.links.sum(axis=0)) >= 0).all()


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
