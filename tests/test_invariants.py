"""Model invariants over many random fabrics (hypothesis), through the public API: engine parts never exceed
the switches' physical ports; counts, power and cost never fall when accelerators grow at equal tiers; totals
equal the sum of their parts. Each example evaluates a vector of fabrics at once (n and n + 1 accelerators for
``PAIRS`` values of n); CI runs the ``ci`` profile (HYPOTHESIS_PROFILE=ci in .ci/run): 500 examples x 40
fabrics = 20,000 fabrics."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from helpers import make_fabric, uniform
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interconnect import Catalog, InfeasibleError, TierChoice, evaluate, load_catalog
from interconnect.results import COST_COMPONENTS, POWER_COMPONENTS

settings.register_profile("ci", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("default", max_examples=25, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

CATALOG: Catalog = load_catalog([Path(__file__).parent / "data" / "test_catalog.toml"], include_shipped=False)
PAIRS = 20
RADIX = 64  # t-sw-64-cpo: 64 x 800G ports, one engine port each
CAPACITY = {2: RADIX * RADIX // 2, 3: RADIX * RADIX * RADIX // 4}
MONOTONE = ("count.switches", "count.links", "count.optical_engines", "count.optical_modules", "power.fabric",
            "cost.capex")
POWERS = tuple(f"power.{c}" for c in POWER_COMPONENTS)
COSTS = tuple(f"cost.{c}" for c in COST_COMPONENTS)


def _scenario(tiers: int) -> object:
    return uniform("cpo", tiers, "t-cpo-800", first=TierChoice(lower="t-dsp-800", upper="t-cpo-800"),
                   switch="t-sw-64-cpo")


@given(tiers=st.sampled_from([2, 3]), ratio=st.sampled_from([1.0, 1.5, 2.0, 3.0]),
       counting=st.sampled_from(["bin-packed", "striped"]), data=st.data())
def test_engines_fit_the_switches_and_more_accelerators_never_cost_less(tiers: int, ratio: float, counting: str,
                                                                        data: st.DataObject) -> None:
    top = CAPACITY[tiers] - 1 if ratio == 1.0 else CAPACITY[tiers] // 2
    n = np.array(data.draw(st.lists(st.integers(1, top), min_size=PAIRS, max_size=PAIRS)))
    sizes = np.stack([n, n + 1], axis=1).ravel()  # n, n+1, m, m+1, ...
    oversubscription = (ratio,) * (tiers - 1)
    fabric = make_fabric(sizes, tiers=tiers, switch="t-sw-64-cpo", oversubscription=oversubscription,
                         switch_counts=counting, accelerators_per_server=1)
    try:
        result = evaluate(fabric, _scenario(tiers), CATALOG)  # type: ignore[arg-type]
    except InfeasibleError:
        return
    value = {name: np.asarray(getattr(result.value(name), "magnitude", result.value(name)), dtype=float) for name in
             (*MONOTONE, *POWERS, *COSTS)}
    feasible = np.ones(sizes.size, dtype=bool)
    # every CPO engine sits in a switch port: at most one per port of every switch
    assert (value["count.optical_engines"] <= value["count.switches"] * RADIX).all()
    # n + 1 accelerators never give fewer parts, less power or less capex than n (same tiers)
    for name in MONOTONE:
        lower, upper = value[name][0::2], value[name][1::2]
        ok = feasible[0::2] & feasible[1::2]
        bad = np.flatnonzero(ok & (upper < lower - 1e-9 * np.maximum(1, np.abs(lower))))
        assert bad.size == 0, (name, [(int(sizes[2 * i]), lower[i], upper[i]) for i in bad[:3]])
    # totals are the sum of their parts
    power = sum(value[name] for name in POWERS)
    assert np.allclose(power, value["power.fabric"], rtol=1e-9)
    capex = sum(value[name] for name in COSTS)
    assert np.allclose(capex, value["cost.capex"], rtol=1e-9)
