"""How much power, money and latency does CPO save on the default 100k-accelerator fabric?

Run: python examples/cpo_vs_pluggable.py
"""

from __future__ import annotations

import interconnect as ic
from interconnect.files import default_fabric_path, load_project


def main() -> None:
    fabric, scenarios = load_project(default_fabric_path())
    assert scenarios is not None
    comparison = ic.compare(fabric, scenarios)
    base = comparison.baseline_result
    print(f"{fabric.name}: baseline '{comparison.baseline}'")
    for result in comparison.results:
        if result.scenario == comparison.baseline:
            continue
        saved = -comparison.delta(result.scenario, "power.fabric").to("MW")
        share = -comparison.relative(result.scenario, "power.fabric")
        tco = -comparison.delta(result.scenario, "cost.tco").to("MUSD")
        latency = comparison.delta(result.scenario, "latency.worst_path").to("ns")
        print(f"  {result.scenario:<12} fabric {result['power.fabric'].to('MW'):.2f~P}  "
              f"saves {saved:.2f~P} ({share:.1%}) and {tco:.0f~P} TCO; latency {latency:+.0f~P}")
    years = fabric.economics.lifetime.m_as("year")
    cpo = comparison.result("cpo")
    print(f"CPO saves {-(cpo['power.fabric'] - base['power.fabric']).m_as('MW'):.2f} MW "
          f"({-comparison.relative('cpo', 'power.fabric'):.1%} of fabric power) and "
          f"{-comparison.delta('cpo', 'cost.tco').m_as('USD') / 1e6:.0f} million USD over {years:g} years "
          "vs all-DSP pluggable")


if __name__ == "__main__":
    main()
