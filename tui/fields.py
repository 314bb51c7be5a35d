"""The fabric form: the fields the TUI edits, their text, and a validated ``Fabric`` built from the texts.

No Textual here. Each field is read on its own, so every invalid field gets its own reason; the fabric
is built only when all fields read, and its own validation errors are mapped back to a field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from interconnect.fabric import MAX_TIERS, Economics, Fabric, Plane
from interconnect.units import UnitParseError, format_quantity, parse_quantity

__all__ = ["FABRIC_FIELDS", "FieldSpec", "fabric_from_texts", "fabric_label", "field_texts"]


@dataclass(frozen=True)
class FieldSpec:
    """One input of the fabric form: ``key`` names it in texts and errors."""

    key: str
    label: str
    placeholder: str


FABRIC_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("accelerators", "Accelerators", "e.g. 100000 or 100k"),
    FieldSpec("accelerators_per_server", "Accel/server", "e.g. 8"),
    FieldSpec("topology", "Topology", ""),
    FieldSpec("port_rate", "Port speed", "e.g. 800G, 800 Gbit/s"),
    FieldSpec("planes", "Par. planes", "parallel planes per port, 1-16"),
    FieldSpec("tiers", "Tiers", "auto or 1-3"),
    FieldSpec("switch_counts", "Switches", ""),
    FieldSpec("switch", "Switch", ""),
    FieldSpec("oversubscription", "Oversub.", "down:up per level, e.g. 1, 2:1"),
    *(FieldSpec(f"length_{t}", f"Tier {t} length", "e.g. 30 m" if t == 1 else "e.g. 50 m, blank: none")
      for t in range(1, MAX_TIERS + 1)),
    FieldSpec("electricity_price", "Electricity", "e.g. 0.08 USD/kWh"),
    FieldSpec("lifetime", "Years", "e.g. 5"),
    FieldSpec("pue", "PUE", "e.g. 1.3"),
)

_SUFFIX = {"k": 1_000, "m": 1_000_000}
_MAX_WHOLE = 1e12  # the largest count a fabric accepts


def _whole(text: str, minimum: int) -> int:
    """A whole number: ``100000``, ``100,000``, ``100_000``, ``100k``, ``1.5M``."""
    clean = re.sub(r"[,_ ]", "", text.strip())
    scale = _SUFFIX.get(clean[-1:].lower(), 1)
    if scale != 1:
        clean = clean[:-1]
    try:
        value = float(clean) * scale
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a whole number") from None
    if not math.isfinite(value) or value > _MAX_WHOLE:
        raise ValueError(f"{text.strip()!r} is not a whole number up to {_MAX_WHOLE:g}")
    if value != int(value):
        raise ValueError(f"{text.strip()!r} is not a whole number")
    if value < minimum:
        raise ValueError(f"must be at least {minimum}")
    return int(value)


def _tiers(text: str) -> int | str:
    clean = text.strip().lower()
    if clean in ("", "auto"):
        return "auto"
    if clean not in {str(t) for t in range(1, MAX_TIERS + 1)}:
        raise ValueError(f"write 'auto' or a number of tiers from 1 to {MAX_TIERS}")
    return int(clean)


def _planes(text: str) -> int:
    """Parallel planes per NIC port (``planes``): a whole number from 1 to 16."""
    clean = text.strip()
    if clean not in {str(n) for n in range(1, 17)}:
        raise ValueError("write the number of parallel planes per port, 1 to 16 (each link: port speed / planes)")
    return int(clean)


def _ratios(text: str) -> tuple[float, ...]:
    """``1, 2:1`` -> (1.0, 2.0): one down:up ratio per switch level below the top."""
    out = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        down, _, up = part.partition(":")
        try:
            ratio = float(down) / float(up or 1)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{part!r} is not a ratio such as '1' or '2:1'") from None
        if ratio < 1:
            raise ValueError(f"{part!r}: ratios are down:up >= 1 (1 = non-blocking)")
        out.append(ratio)
    return tuple(out)


def _lifetime(text: str) -> Any:
    clean = text.strip()
    if re.fullmatch(r"[0-9.]+", clean):
        clean += " year"
    return parse_quantity(clean, "duration")


def _pue(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number") from None
    if not value >= 1:
        raise ValueError("PUE is facility power / IT power, at least 1")
    return value


_READERS: dict[str, Callable[[str], Any]] = {
    "accelerators": lambda t: _whole(t, 1),
    "accelerators_per_server": lambda t: _whole(t, 1),
    "port_rate": lambda t: parse_quantity(t, "bit rate"),
    "tiers": _tiers,
    "planes": _planes,
    "switch_counts": lambda t: t.strip(),
    "topology": lambda t: t.strip(),
    "switch": lambda t: t.strip() or None,  # blank: no packet switch (a torus)
    "oversubscription": _ratios,
    "electricity_price": lambda t: parse_quantity(t, "energy price"),
    "lifetime": _lifetime,
    "pue": _pue,
}


def field_texts(fabric: Fabric, plane_name: str) -> dict[str, str]:
    """The form's text for every field of ``fabric`` and its plane ``plane_name``."""
    plane = fabric.plane(plane_name)
    econ = fabric.economics
    texts = {
        "planes": str(plane.planes),
        "switch_counts": plane.switch_counts,
        "accelerators": str(fabric.accelerators),
        "accelerators_per_server": str(fabric.accelerators_per_server),
        "port_rate": format_quantity(plane.port_rate, "Gbit/s"),
        "tiers": str(plane.tiers),
        "topology": plane.topology,
        "switch": plane.switch or "",
        "oversubscription": ", ".join(f"{r:g}" for r in plane.oversubscription),
        "electricity_price": format_quantity(econ.electricity_price, "USD/kWh"),
        "lifetime": f"{econ.lifetime.m_as('year'):g}",
        "pue": f"{econ.pue:g}",
    }
    for t in range(1, MAX_TIERS + 1):
        lengths = plane.link_lengths
        texts[f"length_{t}"] = format_quantity(lengths[t - 1], "m") if t <= len(lengths) else ""
    return texts


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
    return str(exc)


def _error_key(exc: ValidationError, default: str) -> str:
    loc = exc.errors()[0]["loc"]
    name = str(loc[0]) if loc else ""
    if name == "link_lengths":
        return f"length_{int(loc[1]) + 1}" if len(loc) > 1 else "length_1"
    return name if name in _READERS else default


def fabric_from_texts(base: Fabric, plane_name: str, texts: Mapping[str, str]) -> tuple[Fabric | None, dict[str, str]]:
    """A validated copy of ``base`` with the form's texts, or None and the reason per field key."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, read in _READERS.items():
        try:
            values[key] = read(texts[key])
        except (ValueError, UnitParseError, ArithmeticError) as exc:
            errors[key] = _message(exc)
    lengths: list[Any] = []
    gap = False
    for t in range(1, MAX_TIERS + 1):
        text = texts.get(f"length_{t}", "").strip()
        if not text:
            if t == 1:
                errors["length_1"] = "tier 1 needs a link length, e.g. '5 m'"
            gap = True
        elif gap:
            errors[f"length_{t}"] = f"give tier {t - 1}'s length first"
        else:
            try:
                lengths.append(parse_quantity(text, "length"))
            except UnitParseError as exc:
                errors[f"length_{t}"] = str(exc)
    if errors:
        return None, errors
    plane = base.plane(plane_name)
    try:
        new_plane = Plane.model_validate({
            **{name: getattr(plane, name) for name in Plane.model_fields},
            "port_rate": values["port_rate"], "tiers": values["tiers"], "switch": values["switch"],
            "planes": values["planes"], "switch_counts": values["switch_counts"],
            "topology": values["topology"], "oversubscription": values["oversubscription"],
            "link_lengths": tuple(lengths)})
    except ValidationError as exc:
        return None, {_error_key(exc, "topology" if values["topology"] != plane.topology else "tiers"): _message(exc)}
    try:
        economics = Economics.model_validate({
            **{name: getattr(base.economics, name) for name in Economics.model_fields},
            "electricity_price": values["electricity_price"], "lifetime": values["lifetime"], "pue": values["pue"]})
        fabric = base.replace(
            accelerators=values["accelerators"], accelerators_per_server=values["accelerators_per_server"],
            economics=economics, planes=tuple(new_plane if p.name == plane_name else p for p in base.planes))
    except ValidationError as exc:
        return None, {_error_key(exc, "accelerators"): _message(exc)}
    return fabric, {}


def _rate(q: Any) -> str:
    gbits = float(q.m_as("Gbit/s"))
    return f"{gbits / 1000:g}T" if gbits >= 1000 and gbits % 100 == 0 else f"{gbits:g}G"


def fabric_label(fabric: Fabric) -> str:
    """A short description made from the fabric's own fields (it follows every edit, unlike its name):
    ``50,000 accelerators · 800G ports as 4 x 200G planes · 2 tiers`` (+ the other planes' names)."""
    plane = next(p for p in fabric.planes if p.role == "scale-out")
    ports = f"{_rate(plane.port_rate)} ports" + (f" as {plane.planes} x {_rate(plane.link_rate)} planes"
                                                   if plane.planes > 1 else "")
    if plane.topology == "fat-tree":
        shape = f"{plane.tiers} tiers" if isinstance(plane.tiers, int) else f"up to {plane.max_tiers} tiers"
    else:
        shape = plane.topology
    others = [p.name for p in fabric.planes if p is not plane]
    extra = f" · + {', '.join(others)}" if others else ""
    return f"{fabric.accelerators:,} accelerators · {ports} · {shape}{extra}"
