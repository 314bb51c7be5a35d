"""Folded-Clos (fat-tree) planes: closed-form counts on integer numpy arrays.

Level t switches (1 leaf, 2 spine, 3 core) sit between tier t links (below) and tier t+1 links (above).
A non-top switch splits its ports down:up by the level's oversubscription ratio o_t; the top level uses
every port down. Two ways to count switches (``switch_counts``):

- ``bin-packed`` (the default, a lower bound): every level holds ceil(links / ports) switches.
- ``striped`` (as built): every switch cables all its uplinks, striped evenly over the level above, so
  that level's switch count must divide each lower switch's uplinks; three-tier planes are built from
  pods (leaves that share one set of spines), and spine j of every pod joins core group j.

With ``planes = P`` the plane is P identical parallel planes at ``port_rate / P`` per link; counts are per
parallel plane times P. Derivations and sources: docs/methodology.md, section "Fat-tree planes".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np

from interconnect.topology.base import (
    End,
    GroupSpec,
    PlaneBuild,
    SwitchLevel,
    ceil_div,
    smallest_divisor_at_least,
)
from interconnect.units import Q_, format_quantity

if TYPE_CHECKING:
    import pint

    from interconnect.catalog import Nic, OpticalCircuitSwitch, Switch
    from interconnect.fabric import Plane

__all__ = ["LEVEL_NAMES", "FatTree", "capacity", "down_ports", "tier_rates"]

LEVEL_NAMES = {1: "leaf", 2: "spine", 3: "core"}


def down_ports(radix: int, oversubscription: float) -> int:
    """Down ports of a non-top switch for a down:up ratio (1.0 = non-blocking, k/2 down)."""
    down = int(np.floor(radix * oversubscription / (1.0 + oversubscription) + 1e-9))
    return min(max(down, 1), radix - 1)


def capacity(top_ports: int, downs: tuple[int, ...], tiers: int) -> int:
    """Most endpoints a ``tiers``-tier tree holds: k_T * d_1 * ... * d_(T-1) (k^2/2, k^3/4 at 1:1)."""
    cap = top_ports
    for level in range(tiers - 1):
        cap *= downs[level]
    return cap


def tier_rates(plane: Plane) -> tuple[pint.Quantity, ...]:
    """The link rate of each tier: ``port_rate / planes`` at tier 1, ``link_rates`` above if given."""
    first = (plane.port_rate / plane.planes).to("Gbit/s")
    rates = [first]
    for t in range(2, plane.max_tiers + 1):
        given = plane.link_rates[t - 1] if t - 1 < len(plane.link_rates) else None
        rates.append(given.to("Gbit/s") if given is not None else first)
    return tuple(rates)


def _split(switch: Switch, down_rate: pint.Quantity, up_rate: pint.Quantity, ratio: float) -> tuple[int, int]:
    """(down, up) ports of a non-top switch: by count at one rate, by bandwidth at two rates."""
    k_down = switch.radix(down_rate)
    d, u = down_rate.m_as("Gbit/s"), up_rate.m_as("Gbit/s")
    if abs(d - u) < 1e-9:
        down = down_ports(k_down, ratio)
        return down, k_down - down
    bandwidth = k_down * d
    down = int(np.floor(bandwidth * ratio / (1.0 + ratio) / d + 1e-9))
    up = min(int(np.floor((bandwidth - down * d) / u + 1e-9)), switch.radix(up_rate))
    return down, up


class FatTree:
    """The folded-Clos topology (``topology = "fat-tree"``)."""

    kind: ClassVar[str] = "fat-tree"
    fields: ClassVar[frozenset[str]] = frozenset({"tiers", "oversubscription", "rail_optimized", "link_rates",
                                                   "switch_counts", "scalable_unit"})

    def validate(self, plane: Plane) -> None:
        from interconnect.fabric import MAX_TIERS

        if plane.switch is None:
            raise ValueError("a fat-tree plane needs a 'switch'")
        if len(plane.link_lengths) > MAX_TIERS:
            raise ValueError(f"a fat-tree has at most {MAX_TIERS} tiers: give 1 to {MAX_TIERS} link lengths, found "
                             f"{len(plane.link_lengths)}")
        if isinstance(plane.tiers, int) and not 1 <= plane.tiers <= MAX_TIERS:
            raise ValueError(f"'tiers' must be 1 to {MAX_TIERS} or \"auto\", found {plane.tiers}")
        if isinstance(plane.tiers, int) and len(plane.link_lengths) < plane.tiers:
            raise ValueError(f"{plane.tiers} tiers need {plane.tiers} link lengths, found {len(plane.link_lengths)}")
        if any(r != 1 for r in plane.oversubscription[plane.max_tiers - 1:]):
            raise ValueError(f"oversubscription has one down:up ratio per switch level below the top: at most "
                             f"{plane.max_tiers - 1} for {plane.max_tiers} tier(s), and the top level has no uplinks "
                             f"to oversubscribe (found {list(plane.oversubscription)})")
        if len(plane.oversubscription) > MAX_TIERS - 1:
            raise ValueError(f"oversubscription has one ratio per switch level below the top (at most "
                             f"{MAX_TIERS - 1}), found {len(plane.oversubscription)}")
        for ratio in plane.oversubscription:
            if not np.isfinite(ratio) or not 1 <= ratio <= 1000:
                raise ValueError(f"oversubscription ratios are down:up from 1 (non-blocking) to 1000, found {ratio}")
        if len(plane.link_rates) > plane.max_tiers:
            raise ValueError(f"link_rates has one rate per tier: at most {plane.max_tiers}, found "
                             f"{len(plane.link_rates)}")
        per_plane = plane.port_rate.m_as("Gbit/s") / plane.planes
        if plane.link_rates and abs(plane.link_rates[0].m_as("Gbit/s") - per_plane) > 1e-6:
            raise ValueError(f"link_rates[0] is the tier-1 rate, port_rate / planes = {per_plane:g} Gbit/s; found "
                             f"{plane.link_rates[0].m_as('Gbit/s'):g} Gbit/s")
        if plane.scalable_unit is not None and plane.tiers == 1:
            raise ValueError("'scalable_unit' needs at least 2 tiers")

    def describe(self, plane: Plane) -> str:
        ratios = ", ".join(f"{r:g}:1" for r in plane.oversubscription) or "1:1"
        rail = ", rail-optimized" if plane.rail_optimized else ""
        unit = f", scalable units of {plane.scalable_unit} servers" if plane.scalable_unit else ""
        rates = f", link rates {', '.join(format_quantity(r) for r in plane.link_rates)}" if plane.link_rates else ""
        return f"tiers {plane.tiers}, {ratios}, {plane.switch_counts}{rail}{unit}{rates}"

    def groups(self, plane: Plane) -> tuple[GroupSpec, ...]:
        rates = tier_rates(plane)
        out = []
        for t in range(1, plane.max_tiers + 1):
            below = "host" if t == 1 else LEVEL_NAMES[t - 1]
            out.append(GroupSpec(name=f"tier{t}", label=f"tier {t} ({below}-{LEVEL_NAMES[t]})", index=t - 1,
                                 lower=End.HOST if t == 1 else End.SWITCH, upper=End.SWITCH, lower_level=t - 1,
                                 upper_level=t, rate=rates[t - 1], length=plane.link_lengths[t - 1]))
        return tuple(out)

    def levels(self, plane: Plane, switch: Switch | None) -> tuple[SwitchLevel, ...]:
        assert switch is not None, "a fat-tree is built from a switch"
        rates = tier_rates(plane)
        out = []
        for t in range(1, plane.max_tiers + 1):
            down_rate = rates[t - 1]
            if t < plane.max_tiers:
                down, up = _split(switch, down_rate, rates[t], plane.oversubscription_at(t))
                up_rate = rates[t].m_as("Gbit/s")
            else:
                down, up, up_rate = switch.radix(down_rate), 0, 0.0
            out.append(SwitchLevel(level=t, name=LEVEL_NAMES[t], down_ports=down, up_ports=up,
                                   top_ports=switch.radix(down_rate), down_rate=down_rate.m_as("Gbit/s"),
                                   up_rate=up_rate, below=f"tier{t}",
                                   above=f"tier{t + 1}" if t < plane.max_tiers else None))
        return tuple(out)

    def check(self, plane: Plane, switch: Switch | None, nic: Nic | None,
              ocs: OpticalCircuitSwitch | None = None) -> list[str]:
        if switch is None:
            return [f"plane '{plane.name}' is a fat-tree and needs a switch"]
        problems = []
        rates = tier_rates(plane)
        for t, rate in enumerate(rates, start=1):
            if switch.radix(rate) < 2:
                configs = ", ".join(f"{c.count} x {format_quantity(c.rate)}" for c in switch.ports)
                what = "links" if plane.planes == 1 else f"links ({plane.planes} planes of {format_quantity(rate)})"
                problems.append(f"switch '{switch.id}' has no ports for tier {t} {what} at {format_quantity(rate)} "
                                f"(its configurations: {configs})")
        if problems:
            return problems
        for level in self.levels(plane, switch)[:-1]:
            if level.down_ports < 1 or level.up_ports < 1:
                problems.append(f"switch '{switch.id}' cannot split its ports at level {level.level} "
                                f"({level.name}) into {format_quantity(Q_(level.down_rate, 'Gbit/s'))} down and "
                                f"{format_quantity(Q_(level.up_rate, 'Gbit/s'))} up at "
                                f"{plane.oversubscription_at(level.level):g}:1")
        return problems

    def build(self, plane: Plane, levels: tuple[SwitchLevel, ...], endpoints: np.ndarray, servers: np.ndarray,
              ports_per_server: int, ocs: OpticalCircuitSwitch | None = None) -> PlaneBuild:
        endpoints = np.atleast_1d(np.asarray(endpoints, dtype=np.int64))
        servers = np.broadcast_to(np.atleast_1d(np.asarray(servers, dtype=np.int64)), endpoints.shape)
        n, max_tiers = endpoints.shape[0], plane.max_tiers
        built_servers, built = servers, endpoints
        if plane.scalable_unit is not None:  # switches and their links for whole scalable units
            built_servers = ceil_div(servers, plane.scalable_unit) * plane.scalable_unit
            built = np.maximum(endpoints, built_servers * ports_per_server)
        downs = tuple(lv.down_ports for lv in levels)
        tops = tuple(lv.top_ports for lv in levels)
        caps = np.array([capacity(tops[t - 1], downs, t) for t in range(1, max_tiers + 1)], dtype=np.int64)
        if isinstance(plane.tiers, int):
            chosen = np.full(n, plane.tiers, dtype=np.int64)
        else:
            fits = built[None, :] <= caps[:, None]
            chosen = np.where(fits.any(axis=0), fits.argmax(axis=0) + 1, max_tiers)
        feasible = built <= caps[chosen - 1]
        links = np.zeros((max_tiers, n), dtype=np.int64)
        switches = np.zeros_like(links)
        down = np.zeros_like(links)
        up = np.zeros_like(links)
        rails = ports_per_server if plane.rail_optimized else None
        for t in np.flatnonzero(np.bincount(chosen)):  # tier counts in use (np.unique would import numpy.ma)
            mask = chosen == t
            count = _striped if plane.switch_counts == "striped" else _bin_packed
            lk, sw, ok = count(plane, levels, tops, int(t), built[mask], built_servers[mask], rails)
            links[:, mask], switches[:, mask] = lk, sw
            feasible[mask] &= ok
            for level in range(1, int(t) + 1):
                top = level == t
                down[level - 1, mask] = tops[level - 1] if top else levels[level - 1].down_ports
                up[level - 1, mask] = 0 if top else levels[level - 1].up_ports
        links[0] = endpoints  # host links are the hosts present; switches may be built for whole units
        ports_used = links.copy()
        ports_used[:-1] += links[1:]
        used_tier = np.arange(1, max_tiers + 1)[:, None] <= chosen[None, :]
        p = plane.planes
        return PlaneBuild(
            links={f"tier{t}": links[t - 1] * p for t in range(1, max_tiers + 1)},
            crossings={f"tier{t}": 2 * used_tier[t - 1].astype(np.int64) for t in range(1, max_tiers + 1)},
            switches={t: switches[t - 1] * p for t in range(1, max_tiers + 1)},
            ports_used={t: ports_used[t - 1] * p for t in range(1, max_tiers + 1)},
            down_ports={t: down[t - 1] for t in range(1, max_tiers + 1)},
            up_ports={t: up[t - 1] for t in range(1, max_tiers + 1)},
            switch_hops=2 * chosen - 1, levels_used=chosen, feasible=feasible, capacity=caps[chosen - 1],
            parallel=p)

    def infeasible(self, plane: Plane, switch: Switch | None, build: PlaneBuild, endpoints: np.ndarray) -> str:
        assert switch is not None
        worst = int(np.max(np.asarray(endpoints)[~build.feasible]))
        rate = tier_rates(plane)[0]
        per_plane = "" if plane.planes == 1 else f" per plane ({plane.planes} parallel planes)"
        more = "add a tier (give a link length for it), " if plane.max_tiers < 3 else ""
        return (f"plane '{plane.name}': {worst:,} endpoints{per_plane} do not fit {plane.max_tiers} tier(s) of "
                f"'{switch.id}' switches at {format_quantity(rate)}; a {plane.max_tiers}-tier tree holds at most "
                f"{int(build.capacity.max()):,} endpoints. To fit: {more}use a higher-radix switch, split each port "
                "into more parallel planes ('planes'), or oversubscribe (a higher down:up ratio holds more endpoints)")


_Counts = tuple[np.ndarray, np.ndarray, np.ndarray]  # links, switches (both (tiers, n)), buildable (n,)


def _bin_packed(plane: Plane, levels: tuple[SwitchLevel, ...], tops: tuple[int, ...], tiers: int,
                endpoints: np.ndarray, servers: np.ndarray, rails: int | None) -> _Counts:
    """ceil(links / ports) switches at every level; uplinks = ceil(links below x rate ratio / o)."""
    n = endpoints.shape[0]
    links = np.zeros((plane.max_tiers, n), dtype=np.int64)
    switches = np.zeros_like(links)
    links[0] = endpoints
    for level in range(1, tiers):
        lv = levels[level - 1]
        below = links[level - 1]
        if level == 1 and rails is not None:
            switches[0] = rails * ceil_div(servers, lv.down_ports)
        else:
            switches[level - 1] = ceil_div(below, lv.down_ports)
        ratio = plane.oversubscription_at(level) * lv.up_rate / lv.down_rate
        if float(ratio).is_integer():
            links[level] = ceil_div(below, int(ratio))
        else:
            links[level] = np.ceil(below / ratio - 1e-9).astype(np.int64)
    switches[tiers - 1] = ceil_div(links[tiers - 1], tops[tiers - 1])
    return links, switches, np.ones(n, dtype=bool)


def _striped(plane: Plane, levels: tuple[SwitchLevel, ...], tops: tuple[int, ...], tiers: int,
             endpoints: np.ndarray, servers: np.ndarray, rails: int | None) -> _Counts:
    """Every uplink cabled and striped evenly; three tiers built from pods (see the module docstring).

    The third array is False where the striping cannot be built (no divisor large enough: too many
    lower switches for the level above).
    """
    n = endpoints.shape[0]
    links = np.zeros((plane.max_tiers, n), dtype=np.int64)
    switches = np.zeros_like(links)
    links[0] = endpoints
    if tiers == 1:
        switches[0] = ceil_div(endpoints, tops[0])
        return links, switches, np.ones(n, dtype=bool)
    leaf = levels[0]
    leaves = rails * ceil_div(servers, leaf.down_ports) if rails is not None else ceil_div(endpoints, leaf.down_ports)
    switches[0] = leaves
    links[1] = leaves * leaf.up_ports
    u1 = leaf.up_ports
    if tiers == 2:
        switches[1] = smallest_divisor_at_least(u1, ceil_div(links[1], tops[1]))
        return links, switches, switches[1] <= u1
    spine = levels[1]
    d2, u2 = spine.down_ports, spine.up_ports
    leaves_per_pod = d2  # one link from every leaf to each of its pod's u1 spines, d2 leaves per spine
    pods = ceil_div(leaves, leaves_per_pod)
    last = leaves - (pods - 1) * leaves_per_pod
    last_spines = smallest_divisor_at_least(u1, ceil_div(last * u1, d2))
    switches[1] = (pods - 1) * u1 + last_spines
    links[2] = switches[1] * u2
    per_group = smallest_divisor_at_least(u2, ceil_div(pods * u2, tops[2]))
    switches[2] = u1 * per_group
    return links, switches, (per_group <= u2) & (last_spines <= u1)
