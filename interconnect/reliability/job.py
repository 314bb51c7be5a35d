"""The job view: what the fabric's failures cost a training job on N accelerators (arrays over points).

With lambda the job's fabric-caused stopping interruptions per hour, delta the checkpoint time and R the
restart time (catalog ``[[job]]``):
- Young's optimal checkpoint interval tau = sqrt(2 delta / lambda) (Young 1974; Daly 2006 adds higher
  orders in delta / M, M = 1 / lambda, negligible while delta << M);
- goodput G = 1 - delta / tau - lambda (R + tau / 2) - D = 1 - sqrt(2 delta lambda) - lambda R - D, where D
  is the slowdown of degrading events: sum of rate x MTTR x exposed_communication x (1 / P) per hour;
- accelerator-hours lost a year = N x hours a year x (1 - G) + sum over stopping events of
  rate x accelerators out during repair x MTTR (capacity stranded until the part is back).
A job on N of A accelerators sees N / A of every event. Formulas: docs/methodology.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from interconnect.catalog import PART_KINDS, Catalog
from interconnect.errors import UsageError
from interconnect.fabric import Fabric
from interconnect.reliability.events import Events
from interconnect.reliability.repair import mttr_hours
from interconnect.results import FailureKind
from interconnect.units import HOURS_PER_YEAR

if TYPE_CHECKING:
    from interconnect.calculator.values import FigureValues

__all__ = ["JobView", "goodput", "job_view", "young_interval"]

FAILURE_METRICS = {kind: f"reliability.{kind}_failures_per_year" for kind in PART_KINDS if kind != "ocs"}


@dataclass(frozen=True)
class JobView:
    """The reliability metrics (canonical units) and the per-kind breakdown."""

    metrics: dict[str, np.ndarray]
    kinds: tuple[FailureKind, ...]
    notes: tuple[str, ...] = ()


def young_interval(checkpoint_hours: np.ndarray | float, per_hour: np.ndarray | float) -> np.ndarray:
    """Young's optimal checkpoint interval sqrt(2 delta / lambda) in hours (infinite with no interruptions)."""
    lam = np.asarray(per_hour, dtype=float)
    with np.errstate(divide="ignore"):
        return np.where(lam > 0, np.sqrt(2 * np.asarray(checkpoint_hours) / np.where(lam > 0, lam, 1.0)), np.inf)


def goodput(checkpoint_hours: np.ndarray | float, restart_hours: np.ndarray | float, per_hour: np.ndarray | float,
            slowdown: np.ndarray | float = 0.0) -> np.ndarray:
    """G = 1 - sqrt(2 delta lambda) - lambda R - D at Young's interval, clipped to 0..1."""
    lam = np.asarray(per_hour, dtype=float)
    waste = np.sqrt(2 * np.asarray(checkpoint_hours) * lam) + lam * np.asarray(restart_hours) + slowdown
    return np.clip(1.0 - waste, 0.0, 1.0)


def job_view(events: Sequence[Events], fabric: Fabric, values: FigureValues, catalog: Catalog,
             accelerators: np.ndarray, n: int) -> JobView:
    """Every reliability metric of the registry this package computes, one array per point."""
    job = fabric.job
    profile = catalog.jobs.get(job.profile)
    notes: list[str] = []
    if profile is None and "profile" in job.model_fields_set:
        known = ", ".join(sorted(catalog.jobs)) or "none"
        raise UsageError(f"job profile {job.profile!r} is not in the catalog ([[job]] entries: {known})")
    if profile is None:
        if catalog.jobs:  # a catalog without any [[job]] (a minimal test catalog) is taken as meant
            notes.append(f"the catalog has no [[job]] '{job.profile}': goodput counts no checkpoint or restart time")
        delta: np.ndarray = np.zeros(1)
        restart: np.ndarray = np.zeros(1)
    else:
        delta = np.asarray(values.get(profile.id, "checkpoint_time", profile.checkpoint_time)) / 60  # minutes
        restart = np.asarray(values.get(profile.id, "restart_time", profile.restart_time)) / 60
    missing = sorted({e.service for e in events} - set(catalog.services))
    if missing and catalog.services:
        notes.append(f"the catalog has no [[service]] {', '.join(missing)}: those repairs take no time")
    econ = fabric.economics
    acc = np.broadcast_to(np.asarray(accelerators, dtype=float), (n,))
    size = np.asarray(job.accelerators if job.accelerators is not None else acc, dtype=float)
    share = size / acc
    exposed = np.asarray(job.exposed_communication, dtype=float)
    zero = np.zeros(n)
    stops = {k: zero.copy() for k in PART_KINDS}  # stopping events a year the job sees, per kind
    slow = {k: zero.copy() for k in PART_KINDS}  # degraded fraction of job time, per kind
    stranded = {k: zero.copy() for k in PART_KINDS}  # accelerator-hours a year out during repairs
    failures = {k: zero.copy() for k in PART_KINDS}
    flaps = zero.copy()
    for e in events:
        failures[e.kind] = failures[e.kind] + e.rate
        flaps = flaps + e.flaps
        if not e.blast.carries_job:
            continue
        mttr = np.asarray(mttr_hours(catalog, values, e.service))
        seen = e.rate * share
        if e.blast.stops:
            stops[e.kind] = stops[e.kind] + seen
            stranded[e.kind] = stranded[e.kind] + seen * np.asarray(e.blast.repair_accelerators) * mttr
        else:
            slow[e.kind] = slow[e.kind] + seen / HOURS_PER_YEAR * mttr * exposed * e.blast.bandwidth_share
    stop_year = sum(stops.values(), zero)
    per_hour = stop_year / HOURS_PER_YEAR
    slowdown = sum(slow.values(), zero)
    good = goodput(delta, restart, per_hour, slowdown)
    interval = young_interval(delta, per_hour)
    job_hours = size * HOURS_PER_YEAR * (1.0 - good)
    lost = job_hours + sum(stranded.values(), zero)
    years = np.asarray(econ.lifetime.m_as("year"), dtype=float)
    downtime = lost * econ.accelerator_hour_price.m_as("USD/hour") * years
    restart_waste = np.sqrt(2 * delta * per_hour) + per_hour * restart  # before clipping, to attribute
    waste = restart_waste + slowdown
    scale = np.divide(1.0 - good, waste, out=np.zeros(n), where=waste > 0)  # 1 unless goodput was clipped
    kinds = []
    for k in PART_KINDS:
        part = np.divide(stops[k], stop_year, out=np.zeros(n), where=stop_year > 0) * restart_waste
        kind_lost = size * HOURS_PER_YEAR * scale * (part + slow[k]) + stranded[k]
        kinds.append(FailureKind(k, failures[k], stops[k] / 365.25, kind_lost))
    metrics = {
        **{name: failures[kind] for kind, name in FAILURE_METRICS.items()},
        "reliability.link_flaps_per_year": flaps,
        "reliability.spares_per_year": sum(failures.values(), zero),
        "reliability.job_interruptions_per_day": stop_year / 365.25,
        "reliability.checkpoint_interval": interval,
        "reliability.goodput": good,
        "reliability.accelerator_hours_lost_per_year": lost,
        "cost.downtime": downtime,
    }
    return JobView({k: np.broadcast_to(np.asarray(v, dtype=float), (n,)) for k, v in metrics.items()}, tuple(kinds),
                   tuple(notes))
