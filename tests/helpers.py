"""Builders for small fabrics and scenarios used across tests."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from interconnect import Fabric, Plane, PlaneChoice, Scenario, TierChoice


def make_fabric(accelerators: Any = 2048, *, tiers: int | str = 2, switch: str = "t-sw-64",
                nic: str | None = "t-nic", lengths: tuple[str, ...] = ("5 m", "50 m", "300 m"),
                accelerators_per_server: int = 8, **plane: Any) -> Fabric:
    n_tiers = tiers if isinstance(tiers, int) else len(lengths)
    return Fabric(
        name="test fabric", accelerators=accelerators, accelerators_per_server=accelerators_per_server,
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
