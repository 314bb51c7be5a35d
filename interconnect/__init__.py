"""interconnect: optical interconnect cost and power calculator for AI data-center fabrics.

The public API: load a catalog, build or load a fabric and scenarios, evaluate, compare.
"""

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
from interconnect.results import METRICS, Comparison, Result
from interconnect.scenario import LinkChoice, PlaneChoice, Scenario, ScenarioSet, TierChoice
from interconnect.standard import standard_scenarios
from interconnect.units import Q_, parse_quantity, ureg

__version__ = "0.1.0"

# Imported on first use, so that a plain `import interconnect` (and the CLI's cold start) stays light.
_LAZY = {
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
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'interconnect' has no attribute {name!r}")

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
