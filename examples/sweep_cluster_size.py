"""Fabric power per accelerator from 1,000 to 500,000 accelerators, DSP pluggable vs CPO.

One vectorized evaluation per scenario covers every cluster size (closed-form counts).
Run: python examples/sweep_cluster_size.py
"""

from __future__ import annotations

import numpy as np

import interconnect as ic
from interconnect.files import load_project, shipped_fabrics


def main() -> None:
    # the single-plane fabric: its tree grows from one to three tiers as the cluster grows ("auto" tiers)
    fabric, scenarios = load_project(shipped_fabrics()["single-plane-3-tier"])
    assert scenarios is not None
    sizes = np.unique(np.round(np.logspace(3, 5.7, 10)).astype(int))
    swept = fabric.replace(accelerators=sizes)
    results = {name: ic.evaluate(swept, scenarios.get(name)) for name in ("all-dsp", "lpo", "cpo")}
    print(f"{'accelerators':>12} {'tiers':>5} " + " ".join(f"{n + ' W/acc':>14}" for n in results))
    tiers = results["all-dsp"].value("count.tiers")
    for i, n in enumerate(sizes):
        row = " ".join(f"{r.value('power.per_accelerator')[i]:>14.1f}" for r in results.values())
        print(f"{n:>12,} {int(tiers[i]):>5} {row}")


if __name__ == "__main__":
    main()
