"""Shared fixtures: the shipped catalog, the default fabric and its scenarios, a small test catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from interconnect import Catalog, Fabric, ScenarioSet, load_catalog
from interconnect.files import default_fabric_path, load_project

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped catalog."""
    return load_catalog()


@pytest.fixture(scope="session")
def default_project() -> tuple[Fabric, ScenarioSet]:
    fabric, scenarios = load_project(default_fabric_path())
    assert scenarios is not None
    return fabric, scenarios


@pytest.fixture(scope="session")
def three_tier_project() -> tuple[Fabric, ScenarioSet]:
    """The shipped single-plane three-tier fabric (100k accelerators, one 800G link per NIC port)."""
    from interconnect.files import shipped_fabrics

    fabric, scenarios = load_project(shipped_fabrics()["single-plane-3-tier"])
    assert scenarios is not None
    return fabric, scenarios


@pytest.fixture(scope="session")
def test_catalog() -> Catalog:
    """A small catalog with round numbers for hand-derived expectations (tests/data/test_catalog.toml)."""
    return load_catalog([DATA / "test_catalog.toml"], include_shipped=False)


@pytest.fixture(scope="session")
def scale_up_catalog() -> Catalog:
    """The small test catalog plus round-number scale-up, torus and host-optics entries."""
    return load_catalog([DATA / "test_catalog.toml", DATA / "test_scale_up_catalog.toml"], include_shipped=False)
