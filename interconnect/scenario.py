"""Scenarios: which option terminates each end of each link group, per plane.

A plane's topology lists its link groups in order (a fat-tree: tier 1, tier 2, tier 3); a scenario gives
one :class:`LinkChoice` per group, in that order, as ``links = [...]`` (``tiers = [...]`` is accepted for
fat-tree files).
"""

from __future__ import annotations

from pydantic import AliasChoices, Field, model_validator

from interconnect.catalog.figures import StrictModel

__all__ = ["LinkChoice", "PlaneChoice", "Scenario", "ScenarioSet", "TierChoice"]


class LinkChoice(StrictModel):
    """The parts of one link group: a module at each end (``lower``/``upper``) or one ``cable`` assembly.

    ``lower`` is the end nearer the hosts (the host/NIC end of a fat-tree's tier 1, the lower-level
    switch above it); ``upper`` the other end. A group whose upper end is an optical circuit switch port
    (a torus's cube-face runs) takes ``lower`` only: the OCS port holds no part.
    """

    lower: str | None = None
    upper: str | None = None
    cable: str | None = None

    @model_validator(mode="after")
    def _one_form(self) -> LinkChoice:
        if self.cable is not None:
            if self.lower is not None or self.upper is not None:
                raise ValueError("give either 'cable' or 'lower' and 'upper', not both")
        elif self.lower is None:
            raise ValueError("give both 'lower' and 'upper' option ids (or one 'cable'; 'lower' alone where the "
                             "upper end is an optical circuit switch)")
        return self

    def option_ids(self) -> tuple[str, ...]:
        if self.cable is not None:
            return (self.cable,)
        return tuple(i for i in (self.lower, self.upper) if i is not None)


TierChoice = LinkChoice  # the fat-tree name of a link choice (one per tier)


class PlaneChoice(StrictModel):
    """Options per link group (in the topology's order) and optional switch/NIC models for one plane."""

    switch: str | None = None
    nic: str | None = None
    links: tuple[LinkChoice, ...] = Field(min_length=1, max_length=8, validation_alias=AliasChoices("links", "tiers"))


class Scenario(StrictModel):
    """A named choice of options (and optionally switches) for every plane of a fabric."""

    name: str = Field(min_length=1, max_length=60)
    description: str = ""
    planes: dict[str, PlaneChoice] = Field(min_length=1)


class ScenarioSet(StrictModel):
    """Scenarios compared together; ``baseline`` names the one deltas are taken against."""

    baseline: str | None = None
    scenarios: tuple[Scenario, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _names(self) -> ScenarioSet:
        names = [s.name for s in self.scenarios]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"scenario names must be unique, found duplicates {duplicates}")
        if self.baseline is not None and self.baseline not in names:
            raise ValueError(f"baseline {self.baseline!r} is not a scenario; scenarios: {names}")
        return self

    @property
    def baseline_name(self) -> str:
        return self.baseline or self.scenarios[0].name

    def get(self, name: str) -> Scenario:
        for s in self.scenarios:
            if s.name == name:
                return s
        raise KeyError(f"no scenario named {name!r}; scenarios: {[s.name for s in self.scenarios]}")
