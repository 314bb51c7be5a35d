"""interconnect: optical interconnect cost and power calculator for AI data-center fabrics.

The public API: load a catalog, build or load a fabric and scenarios, evaluate, compare.
"""

from interconnect.calculator import compare, default_catalog, evaluate
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
from interconnect.results import METRICS, Comparison, Result
from interconnect.scenario import PlaneChoice, Scenario, ScenarioSet, TierChoice
from interconnect.units import Q_, parse_quantity, ureg

__version__ = "0.1.0"

__all__ = [
    "METRICS",
    "Q_",
    "Catalog",
    "CatalogError",
    "Comparison",
    "Economics",
    "Fabric",
    "FabricError",
    "InfeasibleError",
    "InterconnectError",
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
    "compare",
    "default_catalog",
    "evaluate",
    "load_catalog",
    "parse_quantity",
    "ureg",
    "validate_files",
]
