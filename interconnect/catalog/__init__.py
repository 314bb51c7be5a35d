"""Catalog models and loading: options, switches, NICs and their sources."""

from interconnect.catalog.figures import Figure
from interconnect.catalog.loading import (
    Catalog,
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

__all__ = [
    "CABLE_CLASSES",
    "ENGINE_CLASSES",
    "Attachment",
    "Catalog",
    "Figure",
    "Media",
    "Nic",
    "Option",
    "OptionClass",
    "Override",
    "PortConfig",
    "Source",
    "SourceKind",
    "Switch",
    "load_catalog",
    "shipped_catalog_files",
    "validate_files",
]
