"""interconnect: optical interconnect cost and power calculator for AI data-center fabrics.

The public API: load a catalog, build or load a fabric and scenarios, evaluate, compare. Every name is
imported on first use, so ``import interconnect`` (and ``interconnect --help``) loads nothing heavy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # the same names, for type checkers and editors
    from interconnect.break_even import BreakEven, breakeven
    from interconnect.calculator import compare, compare_fabrics, default_catalog, evaluate
    from interconnect.catalog import Catalog, Option, OptionClass, load_catalog, validate_files
    from interconnect.errors import (
        CatalogError,
        FabricError,
        InfeasibleError,
        InterconnectError,
        OutputError,
        Problem,
        UnknownIdError,
    )
    from interconnect.fabric import Economics, Fabric, Plane
    from interconnect.files import default_fabric_path, load_project, load_scenarios, save_project
    from interconnect.fleet import Fleet, compare_mixes, evaluate_fleet
    from interconnect.fleet_files import load_fleet
    from interconnect.results import METRICS, Comparison, Result
    from interconnect.scenario import LinkChoice, PlaneChoice, Scenario, ScenarioSet, TierChoice
    from interconnect.standard import standard_scenarios
    from interconnect.uncertainty import monte_carlo, tornado
    from interconnect.units import Q_, parse_quantity, ureg

# public name -> the module defining it, imported on first access
_LAZY = {
    "compare": "interconnect.calculator",
    "compare_fabrics": "interconnect.calculator",
    "default_catalog": "interconnect.calculator",
    "evaluate": "interconnect.calculator",
    "Catalog": "interconnect.catalog",
    "Option": "interconnect.catalog",
    "OptionClass": "interconnect.catalog",
    "load_catalog": "interconnect.catalog",
    "validate_files": "interconnect.catalog",
    "CatalogError": "interconnect.errors",
    "FabricError": "interconnect.errors",
    "InfeasibleError": "interconnect.errors",
    "InterconnectError": "interconnect.errors",
    "OutputError": "interconnect.errors",
    "Problem": "interconnect.errors",
    "UnknownIdError": "interconnect.errors",
    "Economics": "interconnect.fabric",
    "Fabric": "interconnect.fabric",
    "Plane": "interconnect.fabric",
    "default_fabric_path": "interconnect.files",
    "load_project": "interconnect.files",
    "load_scenarios": "interconnect.files",
    "save_project": "interconnect.files",
    "METRICS": "interconnect.results",
    "Comparison": "interconnect.results",
    "Result": "interconnect.results",
    "LinkChoice": "interconnect.scenario",
    "PlaneChoice": "interconnect.scenario",
    "Scenario": "interconnect.scenario",
    "ScenarioSet": "interconnect.scenario",
    "TierChoice": "interconnect.scenario",
    "standard_scenarios": "interconnect.standard",
    "Q_": "interconnect.units",
    "parse_quantity": "interconnect.units",
    "ureg": "interconnect.units",
    "monte_carlo": "interconnect.uncertainty",
    "tornado": "interconnect.uncertainty",
    "evaluate_fleet": "interconnect.fleet",
    "compare_mixes": "interconnect.fleet",
    "Fleet": "interconnect.fleet",
    "load_fleet": "interconnect.fleet_files",
    "breakeven": "interconnect.break_even",
    "BreakEven": "interconnect.break_even",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'interconnect' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later accesses skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "METRICS",
    "Q_",
    "BreakEven",
    "Catalog",
    "CatalogError",
    "Comparison",
    "Economics",
    "Fabric",
    "FabricError",
    "Fleet",
    "InfeasibleError",
    "InterconnectError",
    "LinkChoice",
    "Option",
    "OptionClass",
    "OutputError",
    "Plane",
    "PlaneChoice",
    "Problem",
    "Result",
    "Scenario",
    "ScenarioSet",
    "TierChoice",
    "UnknownIdError",
    "__version__",
    "breakeven",
    "compare",
    "compare_fabrics",
    "compare_mixes",
    "default_catalog",
    "default_fabric_path",
    "evaluate",
    "evaluate_fleet",
    "load_catalog",
    "load_fleet",
    "load_project",
    "load_scenarios",
    "monte_carlo",
    "parse_quantity",
    "save_project",
    "standard_scenarios",
    "tornado",
    "ureg",
    "validate_files",
]
