"""The metric registry is the one list of metrics: the calculator's outputs equal it."""

from __future__ import annotations

import pytest
from helpers import make_fabric, uniform

from interconnect import Catalog, evaluate
from interconnect.fleet_results import FLEET_METRICS
from interconnect.metrics import METRICS, metric


def test_calculator_keys_equal_the_registry(test_catalog: Catalog) -> None:
    r = evaluate(make_fabric(2048, tiers=2), uniform("dsp", 2, "t-dsp-800"), test_catalog)
    assert list(r.metrics) == list(METRICS)


def test_registry_rules() -> None:
    for name, spec in METRICS.items():
        assert spec.name == name and spec.group in {"count", "power", "cost", "latency", "reliability"}
        assert spec.meaning and spec.label
        if spec.integer:
            assert spec.group == "count" and spec.unit == "dimensionless"
    # fleet totals are exactly the additive metrics: per-accelerator ratios, latency and MTBF do not sum
    assert "power.per_accelerator" not in FLEET_METRICS and "latency.worst_path" not in FLEET_METRICS
    assert "reliability.mtbf_links" not in FLEET_METRICS and "power.fabric" in FLEET_METRICS
    with pytest.raises(KeyError, match=r"did you mean power\.fabric"):
        metric("power.fabrc")
