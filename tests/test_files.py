"""Fabric and scenario files: round trips, located errors, atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from interconnect import FabricError, OutputError
from interconnect.files import atomic_write, dumps_project, load_project, load_scenarios, save_project

FABRIC = """
name = "small"
accelerators = 2048
accelerators_per_server = 8

[[plane]]
name = "backend"
ports_per_accelerator = 1
port_rate = "800G"
tiers = 2
switch = "t-sw-64"
link_lengths = ["5 m", "50 m"]
"""


def test_default_project_round_trips_exactly(default_project: tuple, tmp_path: Path) -> None:
    fabric, scenarios = default_project
    path = save_project(tmp_path / "project.toml", fabric, scenarios)
    again_fabric, again_scenarios = load_project(path)
    assert again_fabric == fabric
    assert again_scenarios == scenarios
    assert dumps_project(again_fabric, again_scenarios) == dumps_project(fabric, scenarios)


def test_swept_values_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "f.toml"
    path.write_text(FABRIC.replace("accelerators = 2048", "accelerators = [512, 1024, 2048]"))
    fabric, _ = load_project(path)
    assert isinstance(fabric.accelerators, np.ndarray) and fabric.accelerators.tolist() == [512, 1024, 2048]
    save_project(path, fabric)
    assert load_project(path)[0].model_dump() == fabric.model_dump()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("accelerators = 2048", "accelerators = -5"), "field 'accelerators': expected values from 1 to 1e+12"),
        (("accelerators = 2048", "accelerators = nan"), "expected finite numbers"),
        (('port_rate = "800G"', 'port_rate = "800 GBd"'), "symbol rate"),
        (('link_lengths = ["5 m", "50 m"]', 'link_lengths = ["5 kg", "50 m"]'), "expected a length"),
        (("tiers = 2", "tiers = 4"), "'tiers' must be 1 to 3"),
        (("tiers = 2", "tiers = 2\noversubscription = [1.0, 3.0]"), "the top level has no uplinks"),
        (("tiers = 2", "teirs = 2"), "unknown field; did you mean 'tiers'?"),
        (('name = "backend"', 'name = "backend"\nrole = "storage"'), "plane 'backend': field 'role'"),
        (('name = "small"', 'nmae = "small"'), "unknown key; did you mean 'name'?"),
    ],
)
def test_fabric_errors_are_located(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    path = tmp_path / "fabric.toml"
    path.write_text(FABRIC.replace(*change))
    with pytest.raises(FabricError) as info:
        load_project(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_malformed_and_missing_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[plane]\n")
    with pytest.raises(FabricError, match="malformed TOML"):
        load_project(bad)
    with pytest.raises(FabricError, match="cannot read file"):
        load_scenarios(tmp_path / "missing.toml")


def test_scenario_file_checks_baseline_and_names(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('baseline = "nope"\n[[scenario]]\nname = "a"\n[scenario.planes.backend]\n'
                    'tiers = [{ lower = "x", upper = "y" }]\n')
    with pytest.raises(FabricError, match="baseline 'nope' is not a scenario"):
        load_scenarios(path)


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old")
    atomic_write(target, "new")
    assert target.read_text() == "new"
    assert sorted(os.listdir(tmp_path)) == ["report.md"]


def test_unwritable_targets_fail_early(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        atomic_write(tmp_path / "no" / "x.md", "x")
    with pytest.raises(OutputError, match="is a directory"):
        atomic_write(tmp_path, "x")
