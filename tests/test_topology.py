"""Closed-form fat-tree counts against the textbook (Al-Fares et al., SIGCOMM 2008)."""

from __future__ import annotations

import numpy as np
import pytest

from interconnect.topology import capacity, down_ports, fat_tree


def _tree(endpoints: int, radix: int, tiers: int | None, ratios: tuple[float, ...] = ()) -> object:
    return fat_tree(np.array([endpoints]), np.array([endpoints]), radix, ratios, tiers, 3)


@pytest.mark.parametrize("k", [4, 8, 16, 64, 128])
def test_two_tier_textbook(k: int) -> None:
    # 2 tiers, 1:1: k^2/2 hosts on k leaves + k/2 spines = 3k/2 switches
    tree = _tree(k * k // 2, k, 2)
    assert tree.feasible.all()
    assert tree.switches[:, 0].tolist() == [k, k // 2, 0]
    assert tree.switches.sum() == 3 * k // 2


@pytest.mark.parametrize("k", [4, 8, 16, 64])
def test_three_tier_textbook(k: int) -> None:
    # 3 tiers, 1:1: k^3/4 hosts, k^2 edge + aggregation switches and k^2/4 core = 5k^2/4; 3 links per host
    hosts = k**3 // 4
    tree = _tree(hosts, k, 3)
    assert tree.switches.sum() == 5 * k * k // 4
    assert tree.links[:, 0].tolist() == [hosts, hosts, hosts]


def test_k64_published_numbers() -> None:
    assert _tree(2048, 64, 2).switches.sum() == 96
    assert _tree(65536, 64, 3).switches.sum() == 5120


def test_auto_picks_fewest_tiers() -> None:
    tree = fat_tree(np.array([64, 65, 2048, 2049, 65536]), np.ones(5, dtype=int), 64, (), None, 3)
    assert tree.tiers.tolist() == [1, 2, 2, 3, 3]
    assert tree.feasible.all()


def test_partial_build_rounds_up_and_reports_unused_ports() -> None:
    # 100 hosts, k=64, 2 tiers: ceil(100/32) = 4 leaves, 100 uplinks, ceil(100/64) = 2 spines;
    # ports: 6 switches x 64 = 384, used 100 + 100 (leaf) + 100 (spine) = 300 -> 84 unused
    tree = _tree(100, 64, 2)
    assert tree.switches[:, 0].tolist() == [4, 2, 0]
    assert int(6 * 64 - tree.ports_used[:, 0].sum()) == 84


def test_oversubscription_changes_the_split() -> None:
    # 3:1 at the leaf of k=64: 48 down, 16 up. 4,800 hosts -> 100 leaves, 1,600 uplinks, 25 spines.
    assert down_ports(64, 3.0) == 48
    tree = _tree(4800, 64, 2, (3.0,))
    assert tree.switches[:, 0].tolist() == [100, 25, 0]
    assert tree.links[:, 0].tolist() == [4800, 1600, 0]
    assert capacity(64, (48, 32), 2) == 64 * 48


def test_too_many_endpoints_is_infeasible() -> None:
    assert not _tree(65537, 64, 3).feasible.all()
    assert not _tree(2049, 64, 2).feasible.all()


def test_rail_optimized_leaves_per_rail() -> None:
    # 8 rails (ports per server), 100 servers, 32 down ports: each rail needs ceil(100/32) = 4 leaves -> 32
    tree = fat_tree(np.array([800]), np.array([100]), 64, (), 2, 3, rails=8)
    assert tree.switches[0, 0] == 32
