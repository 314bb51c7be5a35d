"""Closed-form fat-tree counts against the textbook (Al-Fares et al., SIGCOMM 2008) and hand derivations.

``tree`` builds one plane on a test switch with ``k`` ports at 800G (2k at 400G, 4k at 200G); every
expected number below is derived in the comment above it.
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers import per_level, tree

from interconnect.topology import capacity, down_ports, smallest_divisor_at_least


@pytest.mark.parametrize("k", [4, 8, 16, 64, 128])
@pytest.mark.parametrize("counts", ["bin-packed", "striped"])
def test_two_tier_textbook(k: int, counts: str) -> None:
    # 2 tiers, 1:1: k^2/2 hosts on k leaves + k/2 spines = 3k/2 switches (a full build: both ways agree)
    build = tree(k * k // 2, k, 2, switch_counts=counts)
    assert build.feasible.all()
    assert per_level(build) == [k, k // 2, 0]


@pytest.mark.parametrize("k", [4, 8, 16, 64])
@pytest.mark.parametrize("counts", ["bin-packed", "striped"])
def test_three_tier_textbook(k: int, counts: str) -> None:
    # 3 tiers, 1:1: k^3/4 hosts, k^2 edge + aggregation switches and k^2/4 core = 5k^2/4; 3 links per host.
    # Striped: k pods of k/2 leaves and k/2 spines; spine j of every pod joins core group j of k/2 cores.
    hosts = k**3 // 4
    build = tree(hosts, k, 3, switch_counts=counts)
    assert sum(per_level(build)) == 5 * k * k // 4
    assert [int(build.links[f"tier{t}"][0]) for t in (1, 2, 3)] == [hosts, hosts, hosts]


def test_k64_published_numbers() -> None:
    assert sum(per_level(tree(2048, 64, 2))) == 96
    assert sum(per_level(tree(65536, 64, 3))) == 5120


def test_auto_picks_fewest_tiers() -> None:
    build = tree(np.array([64, 65, 2048, 2049, 65536]), 64, "auto", servers=np.ones(5, dtype=int))
    assert build.levels_used.tolist() == [1, 2, 2, 3, 3]
    assert build.switch_hops.tolist() == [1, 3, 3, 5, 5]
    assert build.feasible.all()


def test_partial_build_rounds_up_and_reports_unused_ports() -> None:
    # 100 hosts, k=64, 2 tiers: ceil(100/32) = 4 leaves, 100 uplinks, ceil(100/64) = 2 spines;
    # ports: 6 switches x 64 = 384, used 100 + 100 (leaf) + 100 (spine) = 300 -> 84 unused
    build = tree(100, 64, 2)
    assert per_level(build) == [4, 2, 0]
    used = sum(int(build.ports_used[level][0]) for level in (1, 2))
    assert 6 * 64 - used == 84


def test_oversubscription_changes_the_split() -> None:
    # 3:1 at the leaf of k=64: 48 down, 16 up. 4,800 hosts -> 100 leaves, 1,600 uplinks, 25 spines.
    assert down_ports(64, 3.0) == 48
    build = tree(4800, 64, 2, (3.0,))
    assert per_level(build) == [100, 25, 0]
    assert [int(build.links["tier1"][0]), int(build.links["tier2"][0])] == [4800, 1600]
    assert capacity(64, (48, 32), 2) == 64 * 48


def test_too_many_endpoints_is_infeasible() -> None:
    assert not tree(65537, 64, 3).feasible.all()
    assert not tree(2049, 64, 2).feasible.all()


def test_rail_optimized_leaves_per_rail() -> None:
    # 8 rails (ports per server), 100 servers, 32 down ports: each rail needs ceil(100/32) = 4 leaves -> 32
    build = tree(800, 64, 2, servers=100, ports_per_server=8, rail_optimized=True)
    assert int(build.switches[1][0]) == 32


def test_smallest_divisor() -> None:
    # divisors of 32: 1 2 4 8 16 32
    assert smallest_divisor_at_least(32, np.array([0, 1, 3, 5, 9, 17, 32, 33])).tolist() == [1, 1, 4, 8, 16, 32, 32, 33]


def test_striping_differs_from_bin_packing_by_hand() -> None:
    # k = 64 at 1:1: 32 down, 32 up per leaf. 1,100 hosts -> ceil(1100 / 32) = 35 leaves (the last holds 12).
    # Bin-packed: ceil(1100 / 1) = 1,100 uplinks on ceil(1100 / 64) = 18 spines.
    # Striped: every leaf cables its 32 uplinks: 35 x 32 = 1,120; the spine count s must divide 32 and hold
    # them: s x 64 >= 1,120 -> s >= 17.5 -> s = 32 (one link from each leaf to each spine, 35 per spine).
    packed = tree(1100, 64, 2)
    striped = tree(1100, 64, 2, switch_counts="striped")
    assert per_level(packed) == [35, 18, 0]
    assert per_level(striped) == [35, 32, 0]
    assert int(striped.links["tier2"][0]) == 1120
    # unused ports: 67 x 64 = 4,288 built; used 1,100 + 1,120 (leaves) + 1,120 (spines) = 3,340 -> 948
    used = sum(int(striped.ports_used[level][0]) for level in (1, 2))
    assert 67 * 64 - used == 948


def test_mixed_down_and_up_speeds_by_hand() -> None:
    # A 51.2T switch (64 x 800G = 128 x 400G = 256 x 200G) as a leaf with 200G down and 400G up at 1:1 splits
    # its bandwidth in half: 25.6T / 200G = 128 down ports, 25.6T / 400G = 64 up ports. The spine runs 400G:
    # 128 ports. 8,192 hosts at 200G: 8,192 / 128 = 64 leaves; uplinks 8,192 x 200 / 400 = 4,096 at 400G;
    # 4,096 / 128 = 32 spines. Capacity: 128 spine ports x 128 leaf down ports = 16,384 hosts.
    for counts in ("bin-packed", "striped"):  # 64 x 64 uplinks striped over 32 spines (32 divides 64): equal
        build = tree(8192, 64, 2, port_rate="200G", link_rates=("200G", "400G"), switch_counts=counts)
        assert per_level(build) == [64, 32, 0], counts
        assert int(build.links["tier2"][0]) == 4096
        assert int(build.capacity[0]) == 16384
        assert int(build.down_ports[1][0]) == 128 and int(build.up_ports[1][0]) == 64


def test_pods_joined_by_an_oversubscribed_core_by_hand() -> None:
    # k = 64, 3 tiers, leaves 1:1 (32 down, 32 up), spines 15:1 toward the core: floor(64 x 15/16) = 60 down,
    # 4 up. A pod is 60 leaves (1,920 hosts) that share 32 spines, non-blocking inside; pods meet at a core
    # with 15:1 oversubscription. 20,000 hosts -> ceil(20000 / 32) = 625 leaves -> ceil(625 / 60) = 11 pods,
    # the last with 25 leaves, whose spine count must divide 32 and hold 25 x 32 = 800 uplinks at 60 down
    # ports each: s >= 13.3 -> 16. Spines: 10 x 32 + 16 = 336, each with 4 uplinks: 1,344 core links.
    # Core: spine j of each pod joins core group j (32 groups); a group of c cores takes 11 spines x 4 links,
    # c divides 4 and c x 64 >= 44 -> c = 1: 32 cores, 44 of 64 ports used.
    build = tree(20000, 64, 3, (1.0, 15.0), switch_counts="striped")
    assert per_level(build) == [625, 336, 32]
    assert int(build.links["tier3"][0]) == 1344
    assert int(build.ports_used[3][0]) == 1344
    # bin-packed lower bound: 20,000 / 60 -> 334 spines, ceil(20,000 / 15) = 1,334 core links on 21 cores
    assert per_level(tree(20000, 64, 3, (1.0, 15.0))) == [625, 334, 21]


def test_multi_plane_counts_per_plane_times_planes() -> None:
    # An 800G host port split into 4 parallel planes of 200G on a 102.4T switch (512 x 200G): per plane
    # 100,000 host links; 2 tiers at 1:1: 256 down, 256 up; ceil(100000 / 256) = 391 leaves.
    # Bin-packed: 100,000 uplinks on ceil(100000 / 512) = 196 spines -> 587 per plane, 2,348 in all.
    # Striped: 391 x 256 = 100,096 uplinks; s divides 256 and s x 512 >= 100,096 -> s >= 195.5 -> 256
    # spines -> 647 per plane, 2,588 in all.
    packed = tree(100_000, 128, 2, port_rate="800G", planes=4)
    assert per_level(packed) == [4 * 391, 4 * 196, 0]
    assert int(packed.links["tier1"][0]) == 4 * 100_000
    striped = tree(100_000, 128, 2, port_rate="800G", planes=4, switch_counts="striped")
    assert per_level(striped) == [4 * 391, 4 * 256, 0]
    assert int(striped.links["tier2"][0]) == 4 * 100_096


def test_scalable_units_build_whole_units() -> None:
    # Scalable units of 32 servers with 8 rails (one 400G port per GPU, 8 GPUs per server), k = 64 at 400G
    # (QM9700 class): a leaf per rail per SU (32 down, 32 up). 100 servers -> 4 SUs (128 servers) ->
    # 4 x 8 = 32 leaves; striped: 32 x 32 = 1,024 uplinks, spines divide 32 and hold them: 16.
    build = tree(800, 64, 2, servers=100, ports_per_server=8, rate="400G", rail_optimized=True, scalable_unit=32,
                 switch_counts="striped")
    assert per_level(build) == [32, 16, 0]
    assert int(build.links["tier1"][0]) == 800  # host links: only the servers present
