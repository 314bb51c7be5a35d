"""Catalog models and loading: options, switches, NICs, accelerators, optical circuit switches, their
sources, and trends over time."""

from interconnect.catalog.figures import Figure
from interconnect.catalog.loading import (
    Catalog,
    FieldOverride,
    Override,
    load_catalog,
    shipped_catalog_files,
    validate_files,
)
from interconnect.catalog.models import (
    CABLE_CLASSES,
    ENGINE_CLASSES,
    Attachment,
    Media,
    Nic,
    Option,
    OptionClass,
    PortConfig,
    Source,
    SourceKind,
    Switch,
)
from interconnect.catalog.scale_up import Accelerator, OpticalCircuitSwitch
from interconnect.catalog.service import PART_KINDS, Service, TrainingJob
from interconnect.catalog.trends import Trend

__all__ = [
    "CABLE_CLASSES",
    "ENGINE_CLASSES",
    "PART_KINDS",
    "Accelerator",
    "Attachment",
    "Catalog",
    "FieldOverride",
    "Figure",
    "Media",
    "Nic",
    "OpticalCircuitSwitch",
    "Option",
    "OptionClass",
    "Override",
    "PortConfig",
    "Service",
    "Source",
    "SourceKind",
    "Switch",
    "TrainingJob",
    "Trend",
    "load_catalog",
    "shipped_catalog_files",
    "validate_files",
]
