"""Field-level overrides: change one field of a shipped entry (a price, a power) with its source, without
copying the entry.

In a user catalog file::

    [[override]]
    id = "nvidia-mms4x00-ns-800g-2xdr4"
    field = "cost"                   # or "cost.typical", "cost.low", "cost.high", or a plain field
    value = "450 USD"                # a quantity, a {low, typical, high} range, or a plain value
    sources = ["my-quote-2026-11"]   # at least one source id (shipped or from a user file)

From Python: ``catalog.with_overrides([FieldOverride("id", "cost", "450 USD", ("my-quote",))])``. The entry
is validated again with the new value, so a wrong dimension is a located error naming the file, entry and
field. A figure set by an override carries the override's sources. ``unused_overrides`` names those no
result read (the CLI warns about them).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

import pint
from pydantic import Field, ValidationError

from interconnect.catalog.figures import Figure, StrictModel
from interconnect.errors import CatalogError, Problem
from interconnect.units import quantity_to_json

if TYPE_CHECKING:
    from interconnect.catalog.loading import Catalog

__all__ = ["FieldOverride", "OverrideTable", "apply_overrides", "unused_overrides"]

_BOUNDS = ("low", "typical", "high")
_KINDS = ("option", "switch", "nic", "accelerator", "ocs", "trend", "service", "job")


@dataclass(frozen=True)
class FieldOverride:
    """One field of one catalog entry set to ``value`` on the authority of ``sources``.

    ``field`` is a field name (``cost``, ``accepts``) or a figure's bound (``cost.typical``, ``cost.low``,
    ``cost.high``); ``value`` is what a catalog file would hold there (``"450 USD"``, a range table, a
    list) or a Quantity. ``kind`` narrows the tables searched for ``id`` (empty: the one holding it).
    Once applied, ``previous`` holds the value it replaced and ``kind`` the entry's kind.
    """

    id: str
    field: str
    value: Any
    sources: tuple[str, ...]
    note: str = ""
    kind: str = ""
    file: str = ""
    previous: Any = dataclasses.field(default=None, compare=False)

    @property
    def label(self) -> str:
        return f"{self.kind or 'entry'} '{self.id}' field '{self.field}'"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: what was changed, to what, from what, and on whose authority."""
        out = {"kind": self.kind, "id": self.id, "field": self.field, "value": _json(self.value),
               "previous": _json(self.previous), "sources": list(self.sources)}
        if self.note:
            out["note"] = self.note
        if self.file:
            out["file"] = self.file
        return out


class OverrideTable(StrictModel):
    """An ``[[override]]`` table as written in a catalog file."""

    id: str = Field(min_length=1)
    field: str = Field(min_length=1)
    value: Any
    sources: tuple[str, ...] = Field(min_length=1)
    note: str = ""
    kind: Literal["option", "switch", "nic", "accelerator", "ocs", "trend", "service", "job"] | None = None

    def to_override(self, file: str) -> FieldOverride:
        return FieldOverride(self.id, self.field, self.value, tuple(self.sources), self.note, self.kind or "", file)


def _json(value: Any) -> Any:
    if isinstance(value, pint.Quantity):
        return quantity_to_json(value)
    if isinstance(value, Figure):
        return value.to_json()
    if isinstance(value, StrictModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, Mapping):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _is_figure_field(model: type[StrictModel], name: str) -> bool:
    return "Figure" in str(model.model_fields[name].annotation)


def _field_names(model: type[StrictModel]) -> dict[str, str]:
    """Written name (alias) -> attribute name."""
    return {info.alias or name: name for name, info in model.model_fields.items()}


def _find(catalog: Catalog, o: FieldOverride) -> tuple[str, Any] | str:
    """(kind, entry) holding ``o.id``, or the problem's message."""
    tables = catalog.tables()
    kinds = [o.kind] if o.kind else list(_KINDS)
    for kind in kinds:
        if kind not in tables:
            return f"unknown kind {kind!r}; expected one of {', '.join(_KINDS)}"
        if o.id in tables[kind]:
            return kind, tables[kind][o.id]
    known = [i for k in kinds for i in tables[k]]
    close = difflib.get_close_matches(o.id, known, n=3, cutoff=0.7)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return f"no {o.kind or 'entry'} has the id {o.id!r}{hint}"


def _new_value(entry: Any, attribute: str, bound: str, o: FieldOverride, is_figure: bool) -> Any:
    """What the entry's field is validated with: a figure carries the override's sources."""
    current = getattr(entry, attribute)
    if bound:
        if not isinstance(current, Figure):
            raise ValueError(f"'.{bound}' applies to a figure, and this field is not one (or is not given)")
        table: dict[str, Any] = {"low": current.low, "typical": current.typical, "high": current.high,
                                 bound: o.value, "sources": list(o.sources)}
        if bound == "typical" and current.is_point:  # a point figure stays a point
            table["low"] = table["high"] = o.value
        return table
    if is_figure:
        if isinstance(o.value, Mapping) and set(o.value) & set(_BOUNDS):
            return {**o.value, "sources": list(o.value.get("sources", o.sources))}
        return {"typical": o.value, "sources": list(o.sources)}
    return o.value


def _apply_one(catalog: Catalog, o: FieldOverride) -> tuple[str, Any, FieldOverride] | Problem:
    found = _find(catalog, o)
    where = o.file
    if isinstance(found, str):
        return Problem(where, f"override of '{o.id}'", o.field, found)
    kind, entry = found
    label = f"override of {kind} '{o.id}'"
    missing = [s for s in o.sources if s not in catalog.sources]
    if not o.sources or missing:
        message = "an override needs at least one source id ('sources')" if not o.sources else \
            f"unknown source id(s) {', '.join(repr(s) for s in missing)}"
        return Problem(where, label, "sources", message)
    model = type(entry)
    names = _field_names(model)
    written, _, bound = o.field.partition(".")
    if written not in names or written == "id" or (bound and bound not in _BOUNDS):
        close = difflib.get_close_matches(written, [n for n in names if n != "id"], n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        message = f"'.{bound}' is not a bound (low, typical, high)" if written in names and written != "id" \
            else f"{kind} has no field {written!r} that can be overridden{hint}"
        return Problem(where, label, o.field, message)
    attribute = names[written]
    try:
        value = _new_value(entry, attribute, bound, o, _is_figure_field(model, attribute))
    except ValueError as exc:
        return Problem(where, label, o.field, str(exc))
    data = {model.model_fields[n].alias or n: getattr(entry, n) for n in entry.model_fields_set}
    data[written] = value
    try:
        new = model.model_validate(data)
    except ValidationError as exc:
        messages = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        return Problem(where, label, o.field, messages)
    return kind, new, replace(o, kind=kind, previous=getattr(entry, attribute))


def apply_overrides(catalog: Catalog, overrides: Sequence[FieldOverride]) -> tuple[Catalog, list[Problem]]:
    """The catalog with each override applied in order, and the problems of those that could not be."""
    from interconnect.catalog.loading import Catalog, cross_check_entries

    tables: dict[str, dict[str, Any]] = {kind: dict(table) for kind, table in catalog.tables().items()}
    applied: list[FieldOverride] = []
    problems: list[Problem] = []
    current = catalog
    for o in overrides:
        outcome = _apply_one(current, o)
        if isinstance(outcome, Problem):
            problems.append(outcome)
            continue
        kind, entry, done = outcome
        tables[kind][entry.id] = entry
        applied.append(done)
        current = Catalog(options=tables["option"], switches=tables["switch"], nics=tables["nic"],
                          sources=catalog.sources, origin=catalog.origin, overrides=catalog.overrides,
                          accelerators=tables["accelerator"], circuit_switches=tables["ocs"], trends=tables["trend"],
                          services=tables["service"], jobs=tables["job"],
                          field_overrides=(*catalog.field_overrides, *applied))
    if applied:
        by_label = {f"{o.kind} '{o.id}'": o for o in applied}
        for p in cross_check_entries(current, {(o.kind, o.id) for o in applied}):
            o = by_label[p.entry]
            problems.append(Problem(o.file, f"override of {p.entry}", p.field, p.message))
    return current, problems


def with_overrides(catalog: Catalog, overrides: Iterable[FieldOverride]) -> Catalog:
    """``apply_overrides`` that raises ``CatalogError`` listing every problem."""
    new, problems = apply_overrides(catalog, list(overrides))
    if problems:
        raise CatalogError(problems, "invalid catalog override")
    return new


def unused_overrides(catalog: Catalog, results: Iterable[Any]) -> list[FieldOverride]:
    """The catalog's field overrides that no result read: a figure no scenario used, or a field of an entry
    no scenario used (``results``: objects with ``figures_used``, e.g. ``Comparison.results``)."""
    used = {key for r in results for key in r.figures_used}
    used_ids = {entry_id for entry_id, _ in used}
    out = []
    for o in catalog.field_overrides:
        model = type(catalog.tables()[o.kind][o.id])
        written = o.field.partition(".")[0]
        attribute = _field_names(model).get(written, written)
        if _is_figure_field(model, attribute):
            if (o.id, attribute) not in used:
                out.append(o)
        elif o.id not in used_ids:
            out.append(o)
    return out
