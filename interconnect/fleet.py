"""Fleets: many deployments of several fabrics, with adoption mixes of scenarios, evaluated once each.

A fleet is a list of **templates**: a fabric, its scenarios, a number of deployments (or of accelerators
shipped, from which the deployments follow as ceil(accelerators / fabric accelerators)), an optional
year and an adoption **mix** (percent of deployments per scenario). Each (template, scenario) pair is
evaluated once and scaled by its expected deployments = deployments x share / 100. Per-fabric rounding
(whole switches, whole modules) happens inside each fabric, so scaling by whole deployments is exact;
a share can make the expected deployments fractional (10 x 15% = 1.5), and the totals are then expected
values, not whole parts. A template's year is the year its fabrics are built: their catalog figures
are moved to that year by the catalog's trends (docs/methodology.md, "Figures over time"), so a
multi-year fleet prices each year's deployments at that year's figures. File format: docs/fleet.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated

import numpy as np
from pydantic import Field, model_validator

from interconnect.calculator import default_catalog, evaluate
from interconnect.catalog import CABLE_CLASSES, ENGINE_CLASSES, Catalog
from interconnect.catalog.figures import StrictModel
from interconnect.errors import FabricError, InfeasibleError, Problem
from interconnect.fabric import Fabric
from interconnect.fleet_results import Demand, FleetComparison, FleetEntry, FleetResult
from interconnect.results import PartCount, Result
from interconnect.scenario import ScenarioSet
from interconnect.standard import standard_scenarios
from interconnect.topology import End
from interconnect.units import Q_

__all__ = ["BASE_MIX", "Alternative", "Fleet", "Template", "compare_mixes", "evaluate_fleet"]

BASE_MIX = "base"
SHARE_TOLERANCE = 1e-6  # percent points
Share = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Name = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=60)]


def check_mix(template: str, mix: Mapping[str, float]) -> None:
    """Raise ``ValueError`` naming ``template`` when its shares (percent) do not sum to 100."""
    total = math.fsum(mix.values())
    if abs(total - 100.0) <= SHARE_TOLERANCE:
        return
    hint = "; shares are percentages (write 70, not 0.7)" if abs(total - 1.0) <= 1e-6 else ""
    raise ValueError(f"template '{template}': mix shares sum to {total:g}%, expected 100%{hint}")


class Template(StrictModel):
    """One kind of deployment: a fabric with its scenarios, how many, when, and the adoption mix.

    Give ``deployments`` (whole fabrics) or ``accelerators`` (accelerators shipped; the deployments
    are ceil(accelerators / fabric.accelerators)). ``mix`` maps scenario names to percent of the
    deployments; empty means 100% of the baseline scenario. ``scenarios`` None means the standard
    scenarios for the fabric.
    """

    name: Name
    description: str = ""
    fabric: Fabric
    scenarios: ScenarioSet | None = None
    year: int | None = Field(default=None, ge=1990, le=2100)
    deployments: int | None = Field(default=None, ge=0)
    accelerators: int | None = Field(default=None, ge=0)
    mix: dict[str, Share] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Template:
        if (self.deployments is None) == (self.accelerators is None):
            raise ValueError(f"template '{self.name}': give exactly one of 'deployments' or 'accelerators'")
        if np.ndim(self.fabric.accelerators) != 0:
            raise ValueError(f"template '{self.name}': a fleet fabric is one point, not a sweep of "
                             "accelerator counts")
        if self.mix:
            check_mix(self.name, self.mix)
        return self

    def built(self) -> Fabric:
        """The fabric as this template builds it: at the template's year (its figures moved there by the
        catalog's trends), else at the fabric's own year."""
        if self.year is None or self.fabric.year == self.year:
            return self.fabric
        return self.fabric.replace(year=self.year)

    @property
    def deployment_count(self) -> int:
        """Whole fabrics deployed: as given, or ceil(accelerators shipped / fabric accelerators)."""
        if self.deployments is not None:
            return self.deployments
        assert self.accelerators is not None
        return -(-self.accelerators // int(self.fabric.accelerators))


class Alternative(StrictModel):
    """Another adoption mix: per template name, percent of deployments per scenario.

    Templates it does not name keep their own mix.
    """

    name: Name
    description: str = ""
    mix: dict[str, dict[str, Share]] = Field(min_length=1)

    @model_validator(mode="after")
    def _sums(self) -> Alternative:
        for template, shares in self.mix.items():
            check_mix(template, shares)
        return self


class Fleet(StrictModel):
    """Templates evaluated together, plus named alternative adoption mixes."""

    name: str = "fleet"
    description: str = ""
    templates: tuple[Template, ...] = Field(min_length=1)
    alternatives: tuple[Alternative, ...] = ()

    @model_validator(mode="after")
    def _names(self) -> Fleet:
        names = [t.name for t in self.templates]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"template names must be unique, found duplicates {duplicates}")
        alt_names = [a.name for a in self.alternatives]
        if BASE_MIX in alt_names or len(set(alt_names)) != len(alt_names):
            raise ValueError(f"alternative names must be unique and not '{BASE_MIX}', found {alt_names}")
        for alt in self.alternatives:
            self.check_alternative(alt)
        return self

    def template(self, name: str) -> Template:
        for t in self.templates:
            if t.name == name:
                return t
        raise KeyError(f"no template named {name!r}; templates: {[t.name for t in self.templates]}")

    def alternative(self, name: str) -> Alternative:
        for a in self.alternatives:
            if a.name == name:
                return a
        raise KeyError(f"no alternative mix named {name!r}; alternatives: {[a.name for a in self.alternatives]}")

    def check_alternative(self, alternative: Alternative) -> None:
        """Raise ``ValueError`` when ``alternative`` names a template this fleet does not have."""
        names = [t.name for t in self.templates]
        unknown = [n for n in alternative.mix if n not in names]
        if unknown:
            raise ValueError(f"alternative '{alternative.name}' names unknown template(s) {unknown}; "
                             f"templates: {names}")

    def with_mix(self, alternative: Alternative) -> Fleet:
        """This fleet with the alternative's mixes in place of the templates' own."""
        self.check_alternative(alternative)
        templates = tuple(t.model_copy(update={"mix": dict(alternative.mix[t.name])})
                          if t.name in alternative.mix else t for t in self.templates)
        return self.model_copy(update={"templates": templates})


class _Evaluator:
    """Evaluates each (fabric, scenario) once, however many templates and mixes use it."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.results: dict[tuple[int, int, str, int | None], Result] = {}
        self.scenario_sets: dict[int, ScenarioSet] = {}
        self.keep: list[object] = []  # holds the keyed objects so their ids stay unique

    def scenarios(self, template: Template) -> ScenarioSet:
        if template.scenarios is not None:
            return template.scenarios
        key = id(template.fabric)
        if key not in self.scenario_sets:
            self.scenario_sets[key] = standard_scenarios(template.fabric, self.catalog)
            self.keep.append(template.fabric)
        return self.scenario_sets[key]

    def result(self, template: Template, scenarios: ScenarioSet, name: str) -> Result:
        year = template.year if self.catalog.trends else None  # the year changes nothing without trends
        key = (id(template.fabric), id(scenarios), name, year)
        if key not in self.results:
            result = evaluate(template.built(), scenarios.get(name), self.catalog)
            if result.points != 1:
                raise InfeasibleError(f"template '{template.name}': a fleet fabric must be one point, but "
                                      f"'{template.fabric.name}' sweeps an input ({result.points} points)")
            self.results[key] = result
            self.keep += [template.fabric, scenarios]
        return self.results[key]

    def fleet(self, fleet: Fleet, mix_name: str) -> FleetResult:
        entries = []
        for template in fleet.templates:
            scenarios = self.scenarios(template)
            mix = template.mix or {scenarios.baseline_name: 100.0}
            names = [s.name for s in scenarios.scenarios]
            unknown = [s for s in mix if s not in names]
            if unknown:
                raise FabricError([Problem(fleet.name, f"template '{template.name}'", "mix",
                                           f"no scenario named {unknown}; scenarios of fabric "
                                           f"'{template.fabric.name}': {names}")], "invalid fleet")
            for name, share in mix.items():
                if share == 0:
                    continue
                result = self.result(template, scenarios, name)
                deployments = template.deployment_count * share / 100.0
                entries.append(FleetEntry(
                    template=template.name, year=template.year, fabric=template.fabric.name, scenario=name,
                    share=Q_(share, "percent"), deployments=Q_(deployments, ""), result=result,
                    demand=tuple(self._demand(p, template.year, deployments) for p in result.parts)))
        return FleetResult(fleet=fleet.name, mix=mix_name, entries=tuple(entries),
                           template_names=tuple(t.name for t in fleet.templates))

    def _demand(self, part: PartCount, year: int | None, deployments: float) -> Demand:
        """One part line as demand: kind, class and part rate (a 2x800G module counts as 1.6T); an optical
        circuit switch is its own kind."""
        count = float(part.count.magnitude) * deployments
        if part.end_kind is End.OCS:
            return Demand(year=year, kind="ocs", option_class="ocs", rate=part.rate.to("Gbit/s"), end="ocs",
                          count=Q_(count, ""))
        option = self.catalog.option(part.option_id)
        if part.end == "laser":
            kind = "laser"
        elif option.option_class in CABLE_CLASSES:
            kind = "cable"
        elif option.option_class in ENGINE_CLASSES:
            kind = "engine"
        else:
            kind = "module"
        end = "link" if kind == "cable" else "host" if part.at_host else "switch"
        return Demand(year=year, kind=kind, option_class=str(option.option_class), rate=option.rate.to("Gbit/s"),
                      end=end, count=Q_(count, ""))


def evaluate_fleet(fleet: Fleet, catalog: Catalog | None = None, *, alternative: str | None = None) -> FleetResult:
    """Blended totals of ``fleet`` under its own mixes, or under the named ``alternative`` mix."""
    evaluator = _Evaluator(catalog or default_catalog())
    if alternative is None:
        return evaluator.fleet(fleet, BASE_MIX)
    return evaluator.fleet(fleet.with_mix(fleet.alternative(alternative)), alternative)


def compare_mixes(fleet: Fleet, alternative: Alternative | str, catalog: Catalog | None = None) -> FleetComparison:
    """The fleet under its own mixes and under ``alternative`` (an ``Alternative`` or the name of one of
    the fleet's), each (fabric, scenario) evaluated once for both."""
    other = fleet.alternative(alternative) if isinstance(alternative, str) else alternative
    evaluator = _Evaluator(catalog or default_catalog())
    base = evaluator.fleet(fleet, BASE_MIX)
    return FleetComparison(base=base, other=evaluator.fleet(fleet.with_mix(other), other.name))
