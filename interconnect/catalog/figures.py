"""Strict base model, quantity fields and ranged figures for catalog entries.

A *figure* is a catalog number that may be uncertain: a single value (``"15 W"``) or a range
``{low, typical, high}``, optionally with its own ``sources``. The typical value is what the
deterministic calculator uses; the uncertainty module samples between low and high.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Annotated, Any, TypeAlias

import pint
from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator, WithJsonSchema

from interconnect.units import DIMENSIONS, UnitParseError, parse_quantity, quantity_to_json, ureg

__all__ = [
    "BitRate",
    "CostFigure",
    "EnergyPerBitFigure",
    "Figure",
    "FitFigure",
    "Length",
    "LossFigure",
    "PowerFigure",
    "StrictModel",
    "TimeFigure",
]


class StrictModel(BaseModel):
    """Immutable, rejects unknown keys: the base of every catalog and fabric model."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True, populate_by_name=True)


def _check_finite_nonnegative(q: pint.Quantity) -> pint.Quantity:
    m = float(q.magnitude)
    if math.isnan(m) or math.isinf(m):
        raise UnitParseError(f"found {m} ({q.units:~C}); expected a finite number")
    if m < 0:
        raise UnitParseError(f"found a negative value {q:~C}; expected zero or more")
    return q


def _quantity_validator(dimension: str) -> Callable[[Any], pint.Quantity]:
    def validate(value: Any) -> pint.Quantity:
        q = _check_finite_nonnegative(parse_quantity(value, dimension))
        if dimension == "bit rate" and q.magnitude == 0:
            raise UnitParseError("a bit rate must be more than zero")
        return q

    return validate


def _quantity_schema(dimension: str) -> WithJsonSchema:
    unit = DIMENSIONS[dimension].unit
    return WithJsonSchema({"type": "string", "description": f"a {dimension}, e.g. '1 {unit}'"})


BitRate: TypeAlias = Annotated[pint.Quantity, PlainValidator(_quantity_validator("bit rate")),
                               PlainSerializer(quantity_to_json), _quantity_schema("bit rate")]
Length: TypeAlias = Annotated[pint.Quantity, PlainValidator(_quantity_validator("length")),
                              PlainSerializer(quantity_to_json), _quantity_schema("length")]


class Figure(StrictModel):
    """An uncertain figure: low <= typical <= high (all in one unit), with optional own sources."""

    low: pint.Quantity
    typical: pint.Quantity
    high: pint.Quantity
    sources: tuple[str, ...] = ()

    @property
    def is_point(self) -> bool:
        return bool(self.low == self.typical == self.high)

    def to_json(self) -> dict[str, Any]:
        if self.is_point and not self.sources:
            return quantity_to_json(self.typical)
        out: dict[str, Any] = {
            "low": quantity_to_json(self.low),
            "typical": quantity_to_json(self.typical),
            "high": quantity_to_json(self.high),
        }
        if self.sources:
            out["sources"] = list(self.sources)
        return out

    def scaled(self, factor: pint.Quantity | float, unit: str) -> Figure:
        """This figure times ``factor``, converted to ``unit`` (keeps the sources)."""
        return Figure(
            low=(self.low * factor).to(unit),
            typical=(self.typical * factor).to(unit),
            high=(self.high * factor).to(unit),
            sources=self.sources,
        )


_RANGE_KEYS = {"low", "typical", "high", "sources"}


def _figure_validator(dimension: str) -> Callable[[Any], Figure]:
    to_quantity = _quantity_validator(dimension)

    def validate(value: Any) -> Figure:
        if isinstance(value, Figure):
            return value
        figure = _read_figure(value)
        if dimension == "loss" and figure.typical.units != ureg.decibel:
            raise UnitParseError(f"an optical loss is written in dB, e.g. '1.5 dB', found {figure.typical:~C}")
        return figure

    def _read_figure(value: Any) -> Figure:
        if isinstance(value, dict) and ("typical" in value or "low" in value or "high" in value):
            unknown = set(value) - _RANGE_KEYS
            if unknown:
                raise UnitParseError(f"unknown key(s) {sorted(unknown)} in a range; "
                                     "allowed: low, typical, high, sources")
            if "typical" not in value:
                raise UnitParseError("a range needs 'typical' (and optionally 'low', 'high')")
            typical = to_quantity(value["typical"])
            low = to_quantity(value["low"]) if "low" in value else typical
            high = to_quantity(value["high"]).to(typical.units) if "high" in value else typical
            low = low.to(typical.units)
            if not low.magnitude <= typical.magnitude <= high.magnitude:
                raise UnitParseError(f"range out of order: expected low <= typical <= high, found "
                                     f"{low:~C} / {typical:~C} / {high:~C}")
            sources = value.get("sources", ())
            if isinstance(sources, str) or not all(isinstance(s, str) for s in sources):
                raise UnitParseError("'sources' in a range must be a list of source ids")
            return Figure(low=low, typical=typical, high=high, sources=tuple(sources))
        q = to_quantity(value)
        return Figure(low=q, typical=q, high=q)

    return validate


def _figure_schema(dimension: str) -> WithJsonSchema:
    unit = DIMENSIONS[dimension].unit
    return WithJsonSchema({"description": f"a {dimension}: '1 {unit}' or {{low, typical, high, sources}}"})


def _figure_json(figure: Figure) -> dict[str, Any]:
    return figure.to_json()


PowerFigure: TypeAlias = Annotated[Figure, PlainValidator(_figure_validator("power")),
                                   PlainSerializer(_figure_json), _figure_schema("power")]
EnergyPerBitFigure: TypeAlias = Annotated[Figure, PlainValidator(_figure_validator("energy per bit")),
                                          PlainSerializer(_figure_json), _figure_schema("energy per bit")]
CostFigure: TypeAlias = Annotated[Figure, PlainValidator(_figure_validator("cost")),
                                  PlainSerializer(_figure_json), _figure_schema("cost")]
TimeFigure: TypeAlias = Annotated[Figure, PlainValidator(_figure_validator("time")),
                                  PlainSerializer(_figure_json), _figure_schema("time")]
FitFigure: TypeAlias = Annotated[Figure, PlainValidator(_figure_validator("failure rate")),
                                 PlainSerializer(_figure_json), _figure_schema("failure rate")]
LossFigure: TypeAlias = Annotated[Figure, PlainValidator(_figure_validator("loss")),
                                  PlainSerializer(_figure_json), _figure_schema("loss")]
