"""Fabric and scenario files (TOML): load with located errors, save atomically.

A fabric file holds the fabric (top-level keys, ``[economics]``, ``[[plane]]``) and may also hold its
scenarios (``baseline`` and ``[[scenario]]``); a scenario file holds only the latter. See docs/fabric.md.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pint
import tomli_w
from pydantic import ValidationError

from interconnect.catalog.loading import pydantic_problems, read_toml
from interconnect.errors import FabricError, Problem
from interconnect.fabric import Economics, Fabric, Job, Plane
from interconnect.outputs import atomic_write, check_writable
from interconnect.scenario import Scenario, ScenarioSet
from interconnect.units import unit_label

__all__ = [
    "Project",
    "atomic_write",
    "check_writable",
    "default_fabric_path",
    "dumps_project",
    "load_fabric",
    "load_project",
    "load_scenarios",
    "project_from_data",
    "save_project",
    "shipped_fabrics",
]

class Project(NamedTuple):
    """A fabric with its scenarios, named (a file's stem) for comparisons across several fabrics."""

    name: str
    fabric: Fabric
    scenarios: ScenarioSet


_FABRIC_KEYS = {"name", "description", "accelerators", "year", "accelerators_per_server", "servers_per_rack",
                "economics", "job", "plane"}
_SCENARIO_KEYS = {"baseline", "scenario"}


def shipped_fabrics() -> dict[str, Path]:
    """Shipped example fabric files by stem (``default``, ...)."""
    root = resources.files("interconnect.catalogs") / "fabrics"
    return {Path(p.name).stem: Path(str(p)) for p in root.iterdir() if p.name.endswith(".toml")}


def default_fabric_path() -> Path:
    return shipped_fabrics()["default"]


def _read(path: Path) -> dict[str, Any]:
    problems: list[Problem] = []
    data = read_toml(path, problems)
    if data is None:
        raise FabricError(problems, "invalid fabric file")
    return data


def _fabric_from(data: dict[str, Any], file: str, problems: list[Problem]) -> Fabric | None:
    raw = {k: v for k, v in data.items() if k in _FABRIC_KEYS}
    raw["planes"] = raw.pop("plane", [])
    try:
        return Fabric.model_validate(raw)
    except ValidationError as exc:
        found = pydantic_problems(exc, file, "fabric", raw, [*Fabric.model_fields, *Plane.model_fields,
                                                             *Economics.model_fields, *Job.model_fields])
        in_planes = any(p.field.startswith("planes.") for p in found)
        for p in found:
            if in_planes and p.field == "planes" and "at least 1 item" in p.message:
                continue  # the planes that failed are reported themselves
            entry, field = p.entry, p.field
            parts = field.split(".")
            if parts[0] == "planes" and len(parts) > 1 and parts[1].isdigit():
                index = int(parts[1])
                names = [pl.get("name") for pl in raw["planes"] if isinstance(pl, dict)]
                label = names[index] if index < len(names) and names[index] else f"#{index + 1}"
                entry, field = f"plane '{label}'", ".".join(parts[2:])
            problems.append(Problem(p.file, entry, field, p.message))
        return None


def _scenarios_from(data: dict[str, Any], file: str, problems: list[Problem]) -> ScenarioSet | None:
    raw = {"baseline": data.get("baseline"), "scenarios": data.get("scenario", [])}
    try:
        return ScenarioSet.model_validate(raw)
    except ValidationError as exc:
        for p in pydantic_problems(exc, file, "scenarios", raw, [*Scenario.model_fields, "lower", "upper", "cable"]):
            problems.append(Problem(p.file, p.entry, p.field.replace("scenarios.", "scenario."), p.message))
        return None


def _unknown_keys(data: dict[str, Any], allowed: set[str], file: str, problems: list[Problem]) -> None:
    import difflib

    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(Problem(file, "", key, f"unknown key{hint}"))


def project_from_data(data: dict[str, Any], file: str,
                      problems: list[Problem]) -> tuple[Fabric | None, ScenarioSet | None]:
    """A fabric (and its scenarios, if any) from parsed TOML data; problems are appended, located in ``file``."""
    _unknown_keys(data, _FABRIC_KEYS | _SCENARIO_KEYS, file, problems)
    fabric = _fabric_from(data, file, problems)
    scenarios = _scenarios_from(data, file, problems) if "scenario" in data or "baseline" in data else None
    return fabric, scenarios


def load_project(path: str | Path) -> tuple[Fabric, ScenarioSet | None]:
    """A fabric file and the scenarios it holds (None when it holds none)."""
    path = Path(path)
    problems: list[Problem] = []
    fabric, scenarios = project_from_data(_read(path), str(path), problems)
    if problems or fabric is None:
        raise FabricError(problems, "invalid fabric file")
    return fabric, scenarios


def load_fabric(path: str | Path) -> Fabric:
    """Only the fabric of a fabric file."""
    return load_project(path)[0]


def load_scenarios(path: str | Path) -> ScenarioSet:
    """A scenario file (``baseline`` and ``[[scenario]]`` tables)."""
    path = Path(path)
    data = _read(path)
    problems: list[Problem] = []
    _unknown_keys(data, _SCENARIO_KEYS, str(path), problems)
    scenarios = _scenarios_from(data, str(path), problems)
    if problems or scenarios is None:
        raise FabricError(problems, "invalid scenario file")
    return scenarios


def _toml_value(value: Any) -> Any:
    if isinstance(value, pint.Quantity):
        m = value.magnitude
        unit = unit_label(value.units)
        if isinstance(m, np.ndarray):
            return [f"{float(x)!r} {unit}" for x in m.ravel()]
        return f"{float(m)!r} {unit}"
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        return {k: _toml_value(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_toml_value(v) for v in value]
    return value


def dumps_project(fabric: Fabric, scenarios: ScenarioSet | None = None) -> str:
    """TOML text of a fabric and its scenarios; ``load_project`` reads back equal objects."""
    doc: dict[str, Any] = {k: getattr(fabric, k) for k in ("name", "description", "accelerators", "year",
                                                           "accelerators_per_server", "servers_per_rack")
                           if getattr(fabric, k) is not None}
    doc["economics"] = {k: getattr(fabric.economics, k) for k in Economics.model_fields}
    job = {k: getattr(fabric.job, k) for k in Job.model_fields if getattr(fabric.job, k) != Job.model_fields[k].default}
    if job:
        doc["job"] = job
    doc["plane"] = [{k: getattr(p, k) for k in p.own_fields} for p in fabric.planes]
    if scenarios is not None:
        if scenarios.baseline is not None:
            doc["baseline"] = scenarios.baseline
        doc["scenario"] = [s.model_dump(exclude_none=True) for s in scenarios.scenarios]
    return tomli_w.dumps(_toml_value(doc))


def save_project(path: str | Path, fabric: Fabric, scenarios: ScenarioSet | None = None) -> Path:
    """Save a fabric (and scenarios) as TOML, atomically."""
    return atomic_write(path, dumps_project(fabric, scenarios))
