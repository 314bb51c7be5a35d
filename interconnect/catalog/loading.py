"""Read catalog TOML files into a ``Catalog``, collecting every problem before failing.

The shipped catalog lives in the package (``interconnect.catalogs``). User files are read after it; an
entry whose id already exists replaces the earlier one and the replacement is recorded in
``Catalog.overrides``. Ids are unique within a file. ``[[override]]`` tables change one field of an
entry (``interconnect.catalog.overrides``); they are applied after every file is read, in order.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from interconnect.catalog.figures import StrictModel
from interconnect.catalog.models import ENGINE_CLASSES, ENTRY_MODELS, Nic, Option, OptionClass, Source, Switch
from interconnect.catalog.overrides import FieldOverride, OverrideTable, apply_overrides
from interconnect.catalog.scale_up import Accelerator, OpticalCircuitSwitch
from interconnect.catalog.service import Service, TrainingJob
from interconnect.catalog.trends import Trend, check_trends
from interconnect.errors import CatalogError, Problem, UnknownIdError

__all__ = ["Catalog", "FieldOverride", "Override", "cross_check_entries", "load_catalog", "pydantic_problems",
           "read_toml", "shipped_catalog_files", "validate_files"]

_MODELS: dict[str, type[StrictModel]] = {**ENTRY_MODELS, "accelerator": Accelerator, "ocs": OpticalCircuitSwitch,
                                         "trend": Trend, "service": Service, "job": TrainingJob}
_TOP_LEVEL = set(_MODELS)
_TABLE_NAMES = ("[[source]], [[option]], [[switch]], [[nic]], [[accelerator]], [[ocs]], [[trend]], [[service]], "
                "[[job]] or [[override]]")
T = TypeVar("T")
Entry = Option | Switch | Nic | Accelerator | OpticalCircuitSwitch | Trend | Service | TrainingJob


@dataclass(frozen=True)
class Override:
    """An entry in a later file that replaced one with the same id."""

    kind: str
    id: str
    replaced_from: str
    by: str


@dataclass(frozen=True)
class Catalog:
    """Every option, switch, NIC, accelerator, optical circuit switch, trend and source, by id, with the file
    each came from."""

    options: Mapping[str, Option]
    switches: Mapping[str, Switch]
    nics: Mapping[str, Nic]
    sources: Mapping[str, Source]
    origin: Mapping[tuple[str, str], str] = field(default_factory=dict)
    overrides: tuple[Override, ...] = ()
    accelerators: Mapping[str, Accelerator] = field(default_factory=dict)
    circuit_switches: Mapping[str, OpticalCircuitSwitch] = field(default_factory=dict)
    trends: Mapping[str, Trend] = field(default_factory=dict)
    services: Mapping[str, Service] = field(default_factory=dict)
    jobs: Mapping[str, TrainingJob] = field(default_factory=dict)
    field_overrides: tuple[FieldOverride, ...] = ()  # applied field-level overrides, in order

    def with_overrides(self, overrides: Iterable[FieldOverride]) -> Catalog:
        """This catalog with one field of some entries changed (``FieldOverride``: id, field, value with its
        unit, sources); raises ``CatalogError`` naming each override that cannot apply."""
        from interconnect.catalog.overrides import with_overrides

        return with_overrides(self, overrides)

    def tables(self) -> dict[str, Mapping[str, Entry]]:
        """The entry tables by kind (``option``, ``switch``, ``nic``, ``accelerator``, ``ocs``, ``trend``,
        ``service``, ``job``), sources apart."""
        return {"option": self.options, "switch": self.switches, "nic": self.nics,
                "accelerator": self.accelerators, "ocs": self.circuit_switches, "trend": self.trends,
                "service": self.services, "job": self.jobs}

    def kind_of(self, entry_id: str) -> str:
        """The kind of the entry ``entry_id`` ("source" when it is no part entry)."""
        return next((kind for kind, table in self.tables().items() if entry_id in table), "source")

    def option(self, option_id: str) -> Option:
        return _lookup(self.options, option_id, "option")

    def switch(self, switch_id: str) -> Switch:
        return _lookup(self.switches, switch_id, "switch")

    def nic(self, nic_id: str) -> Nic:
        return _lookup(self.nics, nic_id, "NIC")

    def accelerator(self, accelerator_id: str) -> Accelerator:
        return _lookup(self.accelerators, accelerator_id, "accelerator")

    def circuit_switch(self, ocs_id: str) -> OpticalCircuitSwitch:
        return _lookup(self.circuit_switches, ocs_id, "optical circuit switch")

    def source(self, source_id: str) -> Source:
        return _lookup(self.sources, source_id, "source")

    def entry(self, entry_id: str) -> Entry | Source:
        """Any entry by id (options first, then switches, NICs, accelerators, OCS, trends, sources)."""
        for table in (*self.tables().values(), self.sources):
            if entry_id in table:
                return table[entry_id]
        every = [i for table in (*self.tables().values(), self.sources) for i in table]
        raise UnknownIdError(_unknown_message("entry", entry_id, every))

    def filter_options(self, option_class: str | None = None, rate: Any = None) -> list[Option]:
        """Options of a class and/or serving links of ``rate`` (a bit-rate quantity)."""
        out = []
        for option in self.options.values():
            if option_class is not None and option.option_class != OptionClass(option_class):
                continue
            if rate is not None and abs(option.link_rate.m_as("Gbit/s") - rate.m_as("Gbit/s")) > 1e-6 \
                    and abs(option.rate.m_as("Gbit/s") - rate.m_as("Gbit/s")) > 1e-6:
                continue
            out.append(option)
        return out


def _unknown_message(kind: str, wanted: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(wanted, list(known), n=3, cutoff=0.7)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return f"unknown {kind} id {wanted!r}{hint}"


def _lookup(table: Mapping[str, T], wanted: str, kind: str) -> T:
    try:
        return table[wanted]
    except KeyError:
        raise UnknownIdError(_unknown_message(kind, wanted, table)) from None


def shipped_catalog_files() -> list[Path]:
    """The TOML files of the shipped catalog, in load order (sources first)."""
    root = resources.files("interconnect.catalogs")
    files = [Path(str(root / "sources.toml"))]
    files += sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".toml") and p.name != "sources.toml")
    optics = root / "optics"
    files += sorted(Path(str(p)) for p in optics.iterdir() if p.name.endswith(".toml"))
    return [f for f in files if f.is_file()]


def pydantic_problems(error: ValidationError, file: str, entry: str, raw: Mapping[str, Any] | None,
                      allowed: Iterable[str]) -> list[Problem]:
    """Turn a pydantic error into located problems with "did you mean" for unknown fields."""
    problems = []
    allowed = list(allowed)
    for err in error.errors():
        loc = [str(p) for p in err["loc"]]
        fld = ".".join(loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            close = difflib.get_close_matches(loc[-1], allowed, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            message = f"unknown field{hint}"
        elif kind == "missing":
            message = "missing required field"
        else:
            message = str(err["msg"]).removeprefix("Value error, ")
            if kind not in ("value_error", "assertion_error") and "input" in err \
                    and not isinstance(err["input"], dict | list):
                message += f" (found {err['input']!r})"
        problems.append(Problem(file, entry, fld, message))
    return problems


def _field_names(model: type[Any]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def read_toml(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    """A TOML file's data, or None with a located problem appended (``interconnect.toml_input``: regular
    files of bounded size and nesting only, no dates where values belong)."""
    from interconnect.toml_input import read_toml as read

    return read(path, problems)


def _parse_file(path: Path, problems: list[Problem]) -> list[tuple[str, Any]]:
    """Parse one file into (kind, model) pairs; problems are appended, bad entries skipped."""
    data = read_toml(path, problems)
    if data is None:
        return []
    file = str(path)
    out: list[tuple[str, Any]] = []
    for key, value in data.items():
        if key == "override" and isinstance(value, list) and all(isinstance(v, dict) for v in value):
            out += _parse_overrides(file, value, problems)
            continue
        if key not in _TOP_LEVEL:
            close = difflib.get_close_matches(key, _TOP_LEVEL, n=1)
            hint = f"; did you mean '[[{close[0]}]]'?" if close else ""
            problems.append(Problem(file, "", key, f"unknown table{hint} (expected {_TABLE_NAMES})"))
            continue
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            problems.append(Problem(file, "", key, f"expected an array of tables '[[{key}]]'"))
            continue
        model = _MODELS[key]
        seen: set[str] = set()
        for index, raw in enumerate(value):
            label = f"{key} '{raw['id']}'" if isinstance(raw.get("id"), str) else f"{key} #{index + 1}"
            if isinstance(raw.get("id"), str):
                if raw["id"] in seen:
                    problems.append(Problem(file, label, "id", "duplicate id in this file"))
                    continue
                seen.add(raw["id"])
            try:
                out.append((key, model.model_validate(raw)))
            except ValidationError as exc:
                problems.extend(pydantic_problems(exc, file, label, raw, _field_names(model)))
    return out


def _parse_overrides(file: str, tables: list[dict[str, Any]], problems: list[Problem]) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for index, raw in enumerate(tables):
        label = f"override of '{raw['id']}'" if isinstance(raw.get("id"), str) else f"override #{index + 1}"
        try:
            out.append(("override", OverrideTable.model_validate(raw).to_override(file)))
        except ValidationError as exc:
            problems.extend(pydantic_problems(exc, file, label, raw, _field_names(OverrideTable)))
    return out


def cross_check_entries(catalog: Catalog, keys: set[tuple[str, str]]) -> list[Problem]:
    """The cross-check problems of the entries ``keys`` (kind, id) only: sources, engines, optical I/O."""
    tables: dict[str, dict[str, Any]] = {kind: dict(table) for kind, table in catalog.tables().items()}
    tables["source"] = dict(catalog.sources)
    origin = {**{key: "" for key in keys}, **catalog.origin}
    labels = {f"{kind} '{entry_id}'" for kind, entry_id in keys}
    return [p for p in _cross_check(tables, origin, None) if p.entry in labels]


def _cross_check(tables: dict[str, dict[str, Any]], origin: Mapping[tuple[str, str], str],
                 only_files: set[str] | None) -> list[Problem]:
    """Sources named by entries and figures exist; a switch's engines are options of its attachment class;
    a host's optical I/O are co-packaged (cpo) options; trends name known entries, do not share an id with
    one, and never move one figure twice at once."""
    problems = _check_trends(tables, origin, only_files)
    sources = tables["source"]
    for kind in ("option", "switch", "nic", "accelerator", "ocs", "trend", "service", "job"):
        for entry_id, entry in tables[kind].items():
            file = origin[(kind, entry_id)]
            if only_files is not None and file not in only_files:
                continue
            label = f"{kind} '{entry_id}'"
            for source_id in entry.sources:
                if source_id not in sources:
                    problems.append(Problem(file, label, "sources", _unknown_message("source", source_id, sources)))
            for name, fig in entry.figures().items():
                for source_id in fig.sources:
                    if source_id not in sources:
                        problems.append(Problem(file, label, f"{name}.sources",
                                                _unknown_message("source", source_id, sources)))
            if kind == "switch":
                for engine_id in entry.engines:
                    engine = tables["option"].get(engine_id)
                    if engine is None:
                        problems.append(Problem(file, label, "engines", _unknown_message("option", engine_id,
                                                                                         tables["option"])))
                    elif str(engine.option_class) != str(entry.attachment):
                        problems.append(Problem(file, label, "engines", f"'{engine_id}' is a '{engine.option_class}' "
                                                f"option, not a '{entry.attachment}' engine"))
            for engine_id in getattr(entry, "optical_io", ()):
                engine = tables["option"].get(engine_id)
                if engine is None:
                    problems.append(Problem(file, label, "optical_io", _unknown_message("option", engine_id,
                                                                                        tables["option"])))
                elif engine.option_class not in ENGINE_CLASSES:
                    problems.append(Problem(file, label, "optical_io", f"'{engine_id}' is a '{engine.option_class}' "
                                            "option; optical I/O on a host is a co-packaged engine (cpo or npo)"))
    return problems


def _check_trends(tables: dict[str, dict[str, Any]], origin: Mapping[tuple[str, str], str],
                  only_files: set[str] | None) -> list[Problem]:
    trends = tables["trend"]
    entries = {**tables["ocs"], **tables["accelerator"], **tables["nic"], **tables["switch"], **tables["option"]}
    problems = []
    for trend_id in trends:
        if trend_id in entries:
            problems.append(Problem(origin[("trend", trend_id)], f"trend '{trend_id}'", "id",
                                    "an option, switch, NIC, accelerator or OCS has this id; trend ids must differ "
                                    "from entry ids"))
    for trend_id, fld, message in check_trends(trends, entries):
        problems.append(Problem(origin[("trend", trend_id)], f"trend '{trend_id}'", fld, message))
    return [p for p in problems if only_files is None or p.file in only_files]


def _load(paths: Sequence[Path], check_only: set[str] | None) -> tuple[Catalog, list[Problem]]:
    problems: list[Problem] = []
    tables: dict[str, dict[str, Any]] = {k: {} for k in _TOP_LEVEL}
    origin: dict[tuple[str, str], str] = {}
    overrides: list[Override] = []
    field_overrides: list[FieldOverride] = []
    for path in paths:
        for kind, entry in _parse_file(path, problems):
            if kind == "override":
                field_overrides.append(entry)
                continue
            key = (kind, entry.id)
            if entry.id in tables[kind]:
                overrides.append(Override(kind, entry.id, origin[key], str(path)))
            tables[kind][entry.id] = entry
            origin[key] = str(path)
    problems += _cross_check(tables, origin, check_only)
    catalog = Catalog(options=tables["option"], switches=tables["switch"], nics=tables["nic"],
                      sources=tables["source"], origin=origin, overrides=tuple(overrides),
                      accelerators=tables["accelerator"], circuit_switches=tables["ocs"], trends=tables["trend"],
                      services=tables["service"], jobs=tables["job"])
    if field_overrides:
        catalog, override_problems = apply_overrides(catalog, field_overrides)
        problems += [p for p in override_problems if check_only is None or p.file in check_only]
    return catalog, problems


def load_catalog(paths: Iterable[str | Path] = (), *, include_shipped: bool = True) -> Catalog:
    """The shipped catalog plus user files (later ids override earlier ones).

    Raises ``CatalogError`` listing every problem in every file. A valid result is cached on disk, keyed
    by the files' bytes and the model code (``interconnect.catalog.cache``).
    """
    from interconnect.catalog import cache

    files = (shipped_catalog_files() if include_shipped else []) + [Path(p) for p in paths]
    cached, key = cache.load(files)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    catalog, problems = _load(files, None)
    if problems:
        raise CatalogError(problems, "invalid catalog")
    cache.store(key, catalog)
    return catalog


def validate_files(paths: Iterable[str | Path]) -> list[Problem]:
    """Every problem in the given files, read on top of the shipped catalog (for source ids)."""
    user = [Path(p) for p in paths]
    shipped = [f for f in shipped_catalog_files() if f.resolve() not in {u.resolve() for u in user}]
    _, problems = _load(shipped + user, {str(p) for p in user})
    return [p for p in problems if p.file in {str(u) for u in user}]
