"""NVIDIA DGX SuperPOD reference architectures, reproduced with striped, rail-optimized fat-tree counts.

Sources (vendor):
- B200 RA, "DGX SuperPOD Architecture", larger SuperPOD component counts (2-64 SU),
  docs.nvidia.com/dgx-superpod/reference-architecture-scalable-infrastructure-b200/latest/dgx-superpod-architecture.html
- H100 RA (RA-11333-001 V11), Table 4 "Compute fabric component count" (1-4 SU),
  docs.nvidia.com/dgx-superpod/reference-architecture-scalable-infrastructure-h100/latest/network-fabrics.html
- B300 XDR RA, Table 3 "Example compute fabric components" (1-18 SU),
  docs.nvidia.com/dgx-superpod/reference-architecture/scalable-infrastructure-b300-xdr/latest/dgx-superpod-architecture.html

A scalable unit (SU) is 32 DGX nodes (B200/H100) or 72 (B300 XDR) of 8 GPUs, each GPU one compute-fabric
port; the fabric is rail-optimized (one leaf per rail per SU) and "should be designed to support the full
SU, including leaf switches and leaf-spine cables" (the RAs' SU rule): scalable_unit = nodes per SU.
QM9700 has 64 x 400G NDR ports (32 down, 32 up per leaf); Quantum-X800 Q3400 has 144 x 800G XDR ports.
"""

from __future__ import annotations

import pytest
from helpers import per_level, tree


def _superpod(nodes: int, nodes_per_su: int, radix: int, rate: str) -> object:
    return tree(nodes * 8, radix, "auto", servers=nodes, ports_per_server=8, rate=rate, rail_optimized=True,
                scalable_unit=nodes_per_su, switch_counts="striped")


# (SU, nodes, leaf, spine, core, node-leaf, leaf-spine, spine-core cables); "-" published as 0.
B200 = [
    (2, 64, 16, 8, 0, 512, 512, 0),
    (4, 128, 32, 16, 0, 1024, 1024, 0),
    (8, 256, 64, 32, 0, 2048, 2048, 0),
    (16, 512, 128, 128, 64, 4096, 4096, 4096),
    (32, 1024, 256, 256, 128, 8192, 8192, 8192),
    (64, 2048, 512, 512, 256, 16384, 16384, 16384),
]


@pytest.mark.parametrize(("su", "nodes", "leaf", "spine", "core", "node_leaf", "leaf_spine", "spine_core"), B200)
def test_b200_superpod_table(su: int, nodes: int, leaf: int, spine: int, core: int, node_leaf: int,
                             leaf_spine: int, spine_core: int) -> None:
    # Leaves: 8 rails x SU (each leaf: 32 down to one rail of its SU's 32 nodes, 32 up).
    # Up to 8 SU (2,048 GPUs = 64^2 / 2) two tiers: every leaf stripes its 32 uplinks over s spines, s divides
    # 32 and s x 64 >= leaves x 32: 2 SU -> 8 (4 links per leaf-spine pair), 4 SU -> 16 (2), 8 SU -> 32 (1).
    # From 16 SU three tiers: pods (NVIDIA's spine-leaf groups) of 32 leaves share 32 spines; 16 SU = 4 pods ->
    # 128 spines, each with 32 uplinks -> 4,096 spine-core links; spine j of every pod joins core group j (32
    # groups) of c cores, c divides 32 and c x 64 >= 4 pods x 32 -> c = 2: 64 cores. 32 SU: 8 pods, c = 4, 128
    # cores; 64 SU: 16 pods, c = 8, 256 cores. Cables = links (one per GPU port at tier 1).
    build = _superpod(nodes, 32, 64, "400G")
    assert build.feasible.all()  # type: ignore[attr-defined]
    assert per_level(build) == [leaf, spine, core]
    links = build.links  # type: ignore[attr-defined]
    cables = [int(links[f"tier{t}"][0]) if f"tier{t}" in links else 0 for t in (1, 2, 3)]
    if core == 0:
        cables[2] = 0  # two tiers: no spine-core links
    assert cables == [node_leaf, leaf_spine, spine_core]
    assert int(build.levels_used[0]) == (2 if core == 0 else 3)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("su", "nodes", "leaf", "spine", "leaf_spine"), [
    (1, 31, 8, 4, 256), (2, 63, 16, 8, 512), (3, 95, 24, 16, 768), (4, 127, 32, 16, 1024)])
def test_h100_small_superpod_table(su: int, nodes: int, leaf: int, spine: int, leaf_spine: int) -> None:
    # One DGX of the 32 x SU is removed for the fabric manager (UFM); the fabric is still built for whole SUs:
    # 8 leaves per SU and all 32 x 8 leaf-spine cables per SU. 3 SU is where bin-packing and the RA part:
    # 768 uplinks / 64 ports = 12 spines bin-packed, but 12 does not divide a leaf's 32 uplinks; the smallest
    # divisor >= 12 is 16 (2 links per pair), which the RA publishes. Node-leaf links: 8 per node present
    # (the RA's compute + UFM cable column adds the UFM's 4 ports: 252, 508, 764, 1020).
    build = _superpod(nodes, 32, 64, "400G")
    assert per_level(build) == [leaf, spine, 0]
    assert int(build.links["tier2"][0]) == leaf_spine  # type: ignore[attr-defined]
    assert int(build.links["tier1"][0]) == nodes * 8  # type: ignore[attr-defined]
    packed = tree(nodes * 8, 64, "auto", servers=nodes, ports_per_server=8, rate="400G", rail_optimized=True,
                  scalable_unit=32)
    assert per_level(packed)[1] == (12 if su == 3 else spine)


@pytest.mark.parametrize(("su", "leaf", "spine"), [(1, 8, 4), (2, 16, 8), (4, 32, 18), (8, 64, 36), (18, 144, 72)])
def test_b300_xdr_superpod_table(su: int, leaf: int, spine: int) -> None:
    # 72 nodes per SU, 8 rails, Q3400-class 144-port leaves (72 down, 72 up). Spines: the smallest divisor of 72
    # holding leaves x 72 uplinks on 144 ports: 4 SU -> 2,304 / 144 = 16 -> 18; 8 SU -> 32 -> 36 (published;
    # bin-packing would give 16 and 32). 18 SU = 10,368 GPUs = 144^2 / 2, the two-tier limit.
    build = _superpod(su * 72, 72, 144, "800G")
    assert per_level(build) == [leaf, spine, 0]
    assert int(build.links["tier1"][0]) == int(build.links["tier2"][0]) == su * 576  # type: ignore[attr-defined]
