"""Scenarios: which option terminates each end of each tier's links, per plane."""

from __future__ import annotations

from pydantic import Field, model_validator

from interconnect.catalog.figures import StrictModel

__all__ = ["PlaneChoice", "Scenario", "ScenarioSet", "TierChoice"]


class TierChoice(StrictModel):
    """The parts of one tier: a module at each end (``lower``/``upper``) or one ``cable`` assembly.

    ``lower`` is the host/NIC end of tier 1 or the lower-level switch end above it; ``upper`` is
    the end at the higher-level switch.
    """

    lower: str | None = None
    upper: str | None = None
    cable: str | None = None

    @model_validator(mode="after")
    def _one_form(self) -> TierChoice:
        if self.cable is not None:
            if self.lower is not None or self.upper is not None:
                raise ValueError("give either 'cable' or 'lower' and 'upper', not both")
        elif self.lower is None or self.upper is None:
            raise ValueError("give both 'lower' and 'upper' option ids (or one 'cable')")
        return self

    def option_ids(self) -> tuple[str, ...]:
        return (self.cable,) if self.cable is not None else (self.lower or "", self.upper or "")


class PlaneChoice(StrictModel):
    """Options per tier (tier 1 first) and optional switch/NIC models for one plane."""

    switch: str | None = None
    nic: str | None = None
    tiers: tuple[TierChoice, ...] = Field(min_length=1, max_length=3)


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
