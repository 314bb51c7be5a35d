"""Fleet files (TOML): templates, inline fabrics and alternative mixes, loaded with located errors.

A template's ``fabric`` is the name of an inline ``[fabric.NAME]`` table of the fleet file, a path
ending in ``.toml`` (relative to the fleet file), or the name of a shipped fabric (``default``).
An alternative-mix file holds the keys of one ``[[alternative]]`` table. See docs/fleet.md.
"""

from __future__ import annotations

import difflib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from interconnect.catalog.loading import pydantic_problems, read_toml
from interconnect.errors import FabricError, Problem
from interconnect.fabric import Fabric
from interconnect.files import load_project, project_from_data, shipped_fabrics
from interconnect.fleet import Alternative, Fleet, Template
from interconnect.scenario import ScenarioSet

__all__ = ["load_alternative", "load_fleet", "resolve_fleet_path", "shipped_fleets"]

_FLEET_KEYS = {"name", "description", "fabric", "template", "alternative"}
_TEMPLATE_KEYS = ["name", "description", "fabric", "year", "deployments", "accelerators", "mix"]
_ALTERNATIVE_KEYS = ["name", "description", "mix"]
Project = tuple[Fabric, ScenarioSet | None]

def shipped_fleets() -> dict[str, Path]:
    """Shipped example fleet files by stem (``example``)."""
    root = resources.files("interconnect.catalogs") / "fleets"
    return {Path(p.name).stem: Path(str(p)) for p in root.iterdir() if p.name.endswith(".toml")}


def resolve_fleet_path(text: str) -> Path:
    """A fleet file path, or the path of the shipped fleet of that name; a clear error otherwise."""
    path = Path(text)
    if path.is_file() or path.suffix == ".toml":
        return path
    shipped = shipped_fleets()
    if text in shipped:
        return shipped[text]
    raise FabricError([Problem(text, "", "", f"no such fleet file, and no shipped fleet of that name "
                                             f"(shipped: {sorted(shipped)})")], "invalid fleet")


def _unknown(data: dict[str, Any], allowed: set[str], file: str, entry: str, problems: list[Problem]) -> None:
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(Problem(file, entry, key, f"unknown key{hint}"))


def _inline_project(name: str, data: Any, file: str, problems: list[Problem]) -> Project | None:
    entry = f"fabric '{name}'"
    if not isinstance(data, dict):
        problems.append(Problem(file, entry, "", "expected a table [fabric.NAME] with the keys of a fabric file"))
        return None
    inner: list[Problem] = []
    fabric, scenarios = project_from_data(data, file, inner)
    problems += [Problem(p.file, entry, p.field, p.message) for p in inner]
    return (fabric, scenarios) if fabric is not None and not inner else None


class _Fabrics:
    """Resolves template ``fabric`` references; each distinct reference is loaded once."""

    def __init__(self, folder: Path, inline: dict[str, Project | None]) -> None:
        self.folder, self.inline = folder, inline
        self.loaded: dict[str, Project] = {}

    def get(self, ref: str, file: str, entry: str, problems: list[Problem]) -> Project | None:
        if ref in self.loaded:
            return self.loaded[ref]
        project: Project | None = None
        if ref.endswith(".toml"):
            path = Path(ref) if Path(ref).is_absolute() else self.folder / ref
            try:
                project = load_project(path)
            except FabricError as exc:
                problems.extend(Problem(p.file, p.entry or entry, p.field, p.message) for p in exc.problems)
                return None
        elif ref in self.inline:
            project = self.inline[ref]
            if project is None:
                return None  # its problems are already reported
        elif ref in (shipped := shipped_fabrics()):
            project = load_project(shipped[ref])
        else:
            problems.append(Problem(file, entry, "fabric", f"unknown fabric {ref!r}: not an inline [fabric.{ref}] "
                                    f"table (inline: {sorted(self.inline)}), not a shipped fabric "
                                    f"({sorted(shipped)}), and not a path ending in .toml"))
            return None
        self.loaded[ref] = project
        return project


def _template(raw: Any, index: int, fabrics: _Fabrics, file: str, problems: list[Problem]) -> Template | None:
    if not isinstance(raw, dict):
        problems.append(Problem(file, f"template {index + 1}", "", "expected a table [[template]]"))
        return None
    entry = f"template '{raw.get('name', index + 1)}'"
    if "scenarios" in raw:
        problems.append(Problem(file, entry, "scenarios", "unknown key; a template uses its fabric's scenarios "
                                "(inline [[fabric.NAME.scenario]] or the fabric file's), else the standard ones"))
        return None
    ref = raw.get("fabric")
    if not isinstance(ref, str):
        problems.append(Problem(file, entry, "fabric", "expected the name or path of a fabric (a string)"))
        return None
    project = fabrics.get(ref, file, entry, problems)
    if project is None:
        return None
    data = {**raw, "fabric": project[0], "scenarios": project[1]}
    try:
        return Template.model_validate(data)
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, file, entry, raw, _TEMPLATE_KEYS))
        return None


def _alternative(raw: Any, file: str, entry: str, problems: list[Problem]) -> Alternative | None:
    if not isinstance(raw, dict):
        problems.append(Problem(file, entry, "", "expected a table with 'name', 'description' and 'mix'"))
        return None
    try:
        return Alternative.model_validate(raw)
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, file, entry, raw, _ALTERNATIVE_KEYS))
        return None


def _array(data: dict[str, Any], key: str, file: str, problems: list[Problem]) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        problems.append(Problem(file, "", key, f"expected an array of tables [[{key}]]"))
        return []
    return value


def load_fleet(path: str | Path) -> Fleet:
    """A fleet file: its inline fabrics, templates and alternative mixes. Raises ``FabricError``."""
    path = Path(path)
    file = str(path)
    problems: list[Problem] = []
    data = read_toml(path, problems)
    if data is None:
        raise FabricError(problems, "invalid fleet file")
    _unknown(data, _FLEET_KEYS, file, "", problems)
    inline_raw = data.get("fabric", {})
    if not isinstance(inline_raw, dict):
        problems.append(Problem(file, "", "fabric", "expected tables [fabric.NAME] of inline fabrics"))
        inline_raw = {}
    inline = {name: _inline_project(name, raw, file, problems) for name, raw in inline_raw.items()}
    fabrics = _Fabrics(path.parent, inline)
    raw_templates = _array(data, "template", file, problems)
    if not raw_templates:
        problems.append(Problem(file, "", "template", "a fleet needs at least one [[template]]"))
    templates = [_template(raw, i, fabrics, file, problems) for i, raw in enumerate(raw_templates)]
    alternatives = [_alternative(raw, file, f"alternative '{raw.get('name', i + 1)}'" if isinstance(raw, dict)
                                 else f"alternative {i + 1}", problems)
                    for i, raw in enumerate(_array(data, "alternative", file, problems))]
    if problems:
        raise FabricError(problems, "invalid fleet file")
    try:
        return Fleet(name=data.get("name", path.stem), description=data.get("description", ""),
                     templates=tuple(t for t in templates if t is not None),
                     alternatives=tuple(a for a in alternatives if a is not None))
    except ValidationError as exc:
        raise FabricError(pydantic_problems(exc, file, "", None, sorted(_FLEET_KEYS)), "invalid fleet file") from None


def load_alternative(path: str | Path) -> Alternative:
    """An alternative-mix file: ``name``, ``description`` and ``[mix]`` (template -> scenario -> percent)."""
    path = Path(path)
    problems: list[Problem] = []
    data = read_toml(path, problems)
    alternative = None
    if data is not None:
        alternative = _alternative({"name": path.stem, **data}, str(path), "", problems)
    if problems or alternative is None:
        raise FabricError(problems, "invalid alternative-mix file")
    return alternative
