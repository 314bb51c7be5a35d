"""Builders for small fabrics and scenarios used across tests."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from interconnect import Fabric, Plane, PlaneChoice, Scenario, TierChoice


def make_fabric(accelerators: Any = 2048, *, tiers: int | str = 2, switch: str = "t-sw-64",
                nic: str | None = "t-nic", lengths: tuple[str, ...] = ("5 m", "50 m", "300 m"),
                accelerators_per_server: int = 8, year: Any = None, economics: Any = None, **plane: Any) -> Fabric:
    n_tiers = tiers if isinstance(tiers, int) else len(lengths)
    extra = {"economics": economics} if economics is not None else {}
    return Fabric(
        name="test fabric", accelerators=accelerators, accelerators_per_server=accelerators_per_server, year=year,
        **extra,
        planes=[Plane(name="backend", ports_per_accelerator=plane.pop("ports_per_accelerator", 1),
                      port_rate=plane.pop("port_rate", "800G"), tiers=tiers, switch=switch, nic=nic,
                      link_lengths=lengths[:n_tiers], **plane)],
    )


def uniform(name: str, tiers: int, lower: str, upper: str | None = None, *, first: TierChoice | None = None,
            switch: str | None = None) -> Scenario:
    """The same option pair at every tier (``first`` replaces tier 1)."""
    choices = [TierChoice(lower=lower, upper=upper or lower) for _ in range(tiers)]
    if first is not None:
        choices[0] = first
    return Scenario(name=name, planes={"backend": PlaneChoice(switch=switch, tiers=tuple(choices))})


GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/<name>; INTERCONNECT_REGEN_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("INTERCONNECT_REGEN_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with INTERCONNECT_REGEN_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def make_switch(radix: int, *, rate: str = "800G", switch_id: str = "t-sw-k") -> Any:
    """A pluggable test switch with ``radix`` ports at ``rate`` (and 2x, 4x as many at half, quarter rate)."""
    from interconnect.catalog import Switch
    from interconnect.units import parse_quantity

    r = parse_quantity(rate, "bit rate").m_as("Gbit/s")
    ports = [{"count": radix * m, "rate": f"{r / m:g} Gbit/s"} for m in (1, 2, 4)]
    return Switch.model_validate({
        "id": switch_id, "name": switch_id, "year": 2025, "sources": ["test-source"], "asic": "test",
        "capacity": f"{radix * r:g} Gbit/s", "ports": ports, "serdes_lanes": radix * 4,
        "serdes_rate": f"{r / 4:g} Gbit/s", "power": "1000 W", "cost": "1 USD", "latency": "1 ns",
        "attachment": "pluggable", "accepts": ["dsp"]})


def tree(endpoints: Any, radix: int, tiers: int | str, ratios: tuple[float, ...] = (), *, servers: Any = None,
         ports_per_server: int = 1, rate: str = "800G", **plane: Any) -> Any:
    """The fat-tree counts (a PlaneBuild) of one plane on a ``radix``-port test switch."""
    import numpy as np

    from interconnect.topology import FatTree

    n_tiers = tiers if isinstance(tiers, int) else 3
    p = Plane(name="p", ports_per_server=ports_per_server, port_rate=plane.pop("port_rate", rate), tiers=tiers,
              switch="t-sw-k", oversubscription=ratios, link_lengths=["1 m"] * n_tiers, **plane)
    switch = make_switch(radix, rate=rate)
    topology = FatTree()
    endpoints = np.atleast_1d(np.asarray(endpoints, dtype=np.int64))
    servers = endpoints // ports_per_server if servers is None else np.atleast_1d(np.asarray(servers))
    return topology.build(p, topology.levels(p, switch), endpoints, servers, ports_per_server)


def per_level(build: Any, point: int = 0) -> list[int]:
    """Switches at levels 1, 2, 3 (0 above the levels a point uses) at one point."""
    return [int(build.switches.get(level, [0] * (point + 1))[point]) for level in (1, 2, 3)]
