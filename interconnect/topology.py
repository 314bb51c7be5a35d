"""Closed-form folded-Clos (fat-tree) counts on integer numpy arrays. No units in here.

Level t switches sit between tier t links (below) and tier t+1 links (above). With radix k and
down:up ratio o_t at level t < T, a switch has d_t = floor(k * o_t / (1 + o_t)) down ports;
the top level T uses all k ports down. See docs/methodology.md for the derivation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["TreeCounts", "capacity", "ceil_div", "down_ports", "fat_tree"]


def ceil_div(a: np.ndarray, b: int | np.ndarray) -> np.ndarray:
    """Integer ceil(a / b) for non-negative integer arrays."""
    return -(-np.asarray(a, dtype=np.int64) // b)


def down_ports(radix: int, oversubscription: float) -> int:
    """Down ports of a non-top switch for a down:up ratio (1.0 = non-blocking, k/2 down)."""
    down = int(np.floor(radix * oversubscription / (1.0 + oversubscription) + 1e-9))
    return min(max(down, 1), radix - 1)


def capacity(radix: int, downs: tuple[int, ...], tiers: int) -> int:
    """Most endpoints a ``tiers``-tier tree holds: k * d_1 * ... * d_(T-1) (k^2/2, k^3/4 at 1:1)."""
    cap = radix
    for level in range(tiers - 1):
        cap *= downs[level]
    return cap


@dataclass(frozen=True)
class TreeCounts:
    """Counts per point. Arrays indexed [tier - 1, point]; rows above a point's tiers are zero."""

    tiers: np.ndarray  # (N,) tiers used
    links: np.ndarray  # (T_max, N) links of tier t
    switches: np.ndarray  # (T_max, N) switches at level t
    ports_used: np.ndarray  # (T_max, N) switch ports in use at level t
    feasible: np.ndarray  # (N,) bool: the endpoints fit the tier count
    capacity: np.ndarray  # (N,) most endpoints the chosen tier count holds


def _counts_for(endpoints: np.ndarray, servers: np.ndarray, radix: int, downs: tuple[int, ...],
                ratios: tuple[float, ...], tiers: int, rails: int | None, max_tiers: int
                ) -> tuple[np.ndarray, np.ndarray]:
    n = endpoints.shape[0]
    links = np.zeros((max_tiers, n), dtype=np.int64)
    switches = np.zeros((max_tiers, n), dtype=np.int64)
    links[0] = endpoints
    for level in range(1, tiers):
        below = links[level - 1]
        if level == 1 and rails is not None:
            switches[0] = rails * ceil_div(servers, downs[0])
        else:
            switches[level - 1] = ceil_div(below, downs[level - 1])
        ratio = ratios[level - 1]
        if float(ratio).is_integer():
            links[level] = ceil_div(below, int(ratio))
        else:
            links[level] = np.ceil(below / ratio - 1e-9).astype(np.int64)
    top = links[tiers - 1]
    switches[tiers - 1] = ceil_div(top, radix)
    return links, switches


def fat_tree(endpoints: np.ndarray, servers: np.ndarray, radix: int, ratios: tuple[float, ...],
             tiers: int | None, max_tiers: int, rails: int | None = None) -> TreeCounts:
    """Counts for every point. ``tiers=None`` picks the fewest tiers (<= max_tiers) that fit.

    ``ratios`` are down:up ratios per level below the top; ``rails`` (rail-optimized planes) is the
    number of rails, i.e. ports per server, each rail served by its own leaves (tiers >= 2).
    """
    endpoints = np.atleast_1d(np.asarray(endpoints, dtype=np.int64))
    servers = np.broadcast_to(np.atleast_1d(np.asarray(servers, dtype=np.int64)), endpoints.shape)
    full_ratios = tuple(ratios) + (1.0,) * (max_tiers - 1 - len(ratios))
    downs = tuple(down_ports(radix, r) for r in full_ratios)
    caps = np.array([capacity(radix, downs, t) for t in range(1, max_tiers + 1)], dtype=np.int64)
    if tiers is None:
        fits = endpoints[None, :] <= caps[:, None]
        chosen = np.where(fits.any(axis=0), fits.argmax(axis=0) + 1, max_tiers)
    else:
        chosen = np.full(endpoints.shape, tiers, dtype=np.int64)
    feasible = endpoints <= caps[chosen - 1]
    links = np.zeros((max_tiers, endpoints.shape[0]), dtype=np.int64)
    switches = np.zeros_like(links)
    for t in np.flatnonzero(np.bincount(chosen)):  # tier counts in use (np.unique would import numpy.ma)
        mask = chosen == t
        lk, sw = _counts_for(endpoints[mask], servers[mask], radix, downs, full_ratios, int(t), rails,
                             max_tiers)
        links[:, mask] = lk
        switches[:, mask] = sw
    ports_used = links.copy()
    ports_used[:-1] += links[1:]
    return TreeCounts(tiers=chosen, links=links, switches=switches, ports_used=ports_used, feasible=feasible,
                      capacity=caps[chosen - 1])
