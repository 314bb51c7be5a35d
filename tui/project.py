"""What the TUI edits: a fabric, its scenarios and the file they came from; scenario edits as pure functions.

No Textual here. Every edit returns a new, validated ``ScenarioSet`` (the models are frozen), so a bad
edit raises ``ValueError`` and leaves the project as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from interconnect.catalog import Catalog, Nic, Option, Switch, load_catalog
from interconnect.errors import FabricError, Problem
from interconnect.fabric import Fabric, Plane
from interconnect.files import default_fabric_path, dumps_project, load_project, load_scenarios, save_project
from interconnect.scenario import PlaneChoice, Scenario, ScenarioSet, TierChoice
from interconnect.standard import compatible_options, plane_groups, standard_scenarios
from interconnect.topology import End

__all__ = [
    "Project",
    "add_scenario",
    "delete_scenario",
    "duplicate_scenario",
    "extend_tiers",
    "load_inputs",
    "lower_choices",
    "open_project",
    "rename_scenario",
    "set_baseline",
    "set_switch",
    "set_tier",
    "unique_name",
]


@dataclass
class Project:
    """The fabric and scenarios being edited, the file they belong to and the text last saved or loaded."""

    fabric: Fabric
    scenarios: ScenarioSet
    path: Path | None = None
    saved_text: str = ""
    saved_fabric: Fabric | None = None  # the fabric as last loaded or saved (its name still describes it)

    @classmethod
    def opened(cls, fabric: Fabric, scenarios: ScenarioSet, path: Path | None) -> Project:
        return cls(fabric, scenarios, path, dumps_project(fabric, scenarios), fabric)

    @property
    def fabric_label(self) -> str:
        """The fabric's name while it is as loaded or saved; after an edit, a label made from its fields."""
        from interconnect.tui.fields import fabric_label

        if self.fabric == self.saved_fabric:
            return self.fabric.name
        return f"{fabric_label(self.fabric)} (edited)"

    @property
    def text(self) -> str:
        """The TOML the project would be saved as."""
        return dumps_project(self.fabric, self.scenarios)

    @property
    def dirty(self) -> bool:
        """True when the fabric or scenarios differ from what was last loaded or saved."""
        return self.text != self.saved_text

    def save(self, path: str | Path) -> Path:
        """Save fabric and scenarios to ``path`` atomically; it becomes the project's file."""
        written = save_project(path, self.fabric, self.scenarios)
        self.path, self.saved_text, self.saved_fabric = written, self.text, self.fabric
        return written


def open_project(path: str | Path, catalog: Catalog, scenarios_path: str | Path | None = None) -> Project:
    """A fabric file (and its scenarios, else those of ``scenarios_path``, else the standard ones) as a project.

    Raises ``InterconnectError`` with located problems (and "did you mean" hints) for a bad file.
    """
    path = Path(path)
    fabric, scenarios = load_project(path)
    if scenarios_path is not None:
        scenarios = load_scenarios(scenarios_path)
    swept = fabric.swept_inputs
    if swept:
        raise FabricError([Problem(str(path), "", field, "is swept (an array); the TUI edits one point: use "
                                   "'interconnect sweep' or give a single value") for field in swept],
                          "the TUI edits single-point fabrics")
    if scenarios is None:
        scenarios = standard_scenarios(fabric, catalog)
    return Project.opened(fabric, scenarios, path if scenarios_path is None else None)


def load_inputs(fabric_path: str | Path | None = None, catalog_paths: tuple[str | Path, ...] = (),
                scenarios_path: str | Path | None = None) -> tuple[Catalog, Project]:
    """Catalog and project for the TUI; the shipped default fabric when no path is given (saving it asks
    for a new path). Raises ``InterconnectError`` before any UI exists."""
    catalog = load_catalog(catalog_paths)
    project = open_project(fabric_path if fabric_path is not None else default_fabric_path(), catalog, scenarios_path)
    if fabric_path is None:
        project.path = None
    return catalog, project


def lower_choices(catalog: Catalog, plane: Plane, tier: int, switch: Switch | None, nic: Nic | None) -> list[Option]:
    """What the lower-end picker offers: modules that some upper-end option mates, then cable assemblies."""
    ocs_end = plane_groups(plane)[tier - 1].upper is End.OCS  # nothing to mate at an OCS port
    modules = [o for o in compatible_options(catalog, plane, tier, "lower", switch, nic)
               if ocs_end or compatible_options(catalog, plane, tier, "upper", switch, nic, mate=o)]
    return modules + compatible_options(catalog, plane, tier, "cable", switch, nic)


def _with(scenarios: ScenarioSet, items: list[Scenario], baseline: str | None) -> ScenarioSet:
    try:
        return ScenarioSet(baseline=baseline, scenarios=tuple(items))
    except ValidationError as exc:
        raise ValueError("; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())) from None


def unique_name(scenarios: ScenarioSet, stem: str) -> str:
    """``stem``, or ``stem-2``, ``stem-3``... whichever no scenario has."""
    names = {s.name for s in scenarios.scenarios}
    if stem not in names:
        return stem
    n = 2
    while f"{stem}-{n}" in names:
        n += 1
    return f"{stem}-{n}"


def add_scenario(scenarios: ScenarioSet, fabric: Fabric, catalog: Catalog, name: str | None = None) -> ScenarioSet:
    """A new scenario after the others, starting from the first standard scenario (DSP everywhere)."""
    start = standard_scenarios(fabric, catalog).scenarios[0]
    new = start.model_copy(update={"name": name or unique_name(scenarios, "new"), "description": ""})
    return _with(scenarios, [*scenarios.scenarios, new], scenarios.baseline)


def duplicate_scenario(scenarios: ScenarioSet, name: str) -> tuple[ScenarioSet, str]:
    """A copy of scenario ``name`` right after it, named ``name-copy`` (or the next free name)."""
    items = list(scenarios.scenarios)
    index = [s.name for s in items].index(name)
    copy_name = unique_name(scenarios, f"{name}-copy")
    items.insert(index + 1, items[index].model_copy(update={"name": copy_name}))
    return _with(scenarios, items, scenarios.baseline), copy_name


def rename_scenario(scenarios: ScenarioSet, old: str, new: str) -> ScenarioSet:
    """Scenario ``old`` renamed ``new`` (the baseline follows it)."""
    new = new.strip()
    if not new or len(new) > 60:
        raise ValueError("a scenario name has 1 to 60 characters")
    if new != old and new in {s.name for s in scenarios.scenarios}:
        raise ValueError(f"a scenario named {new!r} already exists")
    items = [s.model_copy(update={"name": new}) if s.name == old else s for s in scenarios.scenarios]
    return _with(scenarios, items, new if scenarios.baseline_name == old else scenarios.baseline)


def delete_scenario(scenarios: ScenarioSet, name: str) -> ScenarioSet:
    """Without scenario ``name``; the baseline moves to the first scenario if it was deleted."""
    items = [s for s in scenarios.scenarios if s.name != name]
    if not items:
        raise ValueError("cannot delete the last scenario")
    baseline = scenarios.baseline_name if scenarios.baseline_name != name else items[0].name
    return _with(scenarios, items, baseline)


def set_baseline(scenarios: ScenarioSet, name: str) -> ScenarioSet:
    return _with(scenarios, list(scenarios.scenarios), name)


def _replace_plane(scenarios: ScenarioSet, name: str, plane: str, choice: PlaneChoice) -> ScenarioSet:
    items = [s.model_copy(update={"planes": {**s.planes, plane: choice}}) if s.name == name else s
             for s in scenarios.scenarios]
    return _with(scenarios, items, scenarios.baseline)


def set_tier(scenarios: ScenarioSet, name: str, plane: str, tier: int, choice: TierChoice) -> ScenarioSet:
    """Scenario ``name`` with ``choice`` for tier ``tier`` (1-based) of ``plane``."""
    current = scenarios.get(name).planes[plane]
    tiers = list(current.links)
    tiers[tier - 1] = choice
    return _replace_plane(scenarios, name, plane, current.model_copy(update={"links": tuple(tiers)}))


def set_switch(scenarios: ScenarioSet, name: str, plane: str, switch: str | None) -> ScenarioSet:
    """Scenario ``name`` with its own switch model on ``plane`` (None: the fabric's)."""
    current = scenarios.get(name).planes[plane]
    return _replace_plane(scenarios, name, plane, current.model_copy(update={"switch": switch}))


def extend_tiers(scenarios: ScenarioSet, fabric: Fabric) -> ScenarioSet:
    """Scenarios with a choice for every tier the fabric may use: a missing tier repeats the one below."""
    items = []
    changed = False
    for s in scenarios.scenarios:
        planes = dict(s.planes)
        for plane in fabric.planes:
            choice = planes.get(plane.name)
            if choice is not None and len(choice.links) < plane.max_tiers:
                extra = (choice.links[-1],) * (plane.max_tiers - len(choice.links))
                planes[plane.name] = choice.model_copy(update={"links": (*choice.links, *extra)})
                changed = True
        items.append(s.model_copy(update={"planes": planes}))
    return _with(scenarios, items, scenarios.baseline) if changed else scenarios
