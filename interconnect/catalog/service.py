"""Catalog entries of the failure model: how each part kind is repaired, and training-job profiles.

- :class:`Service` (``[[service]]``): the service model of one part kind: its mean time to repair
  (``mttr``, detection to the link back in service), optionally a ``default_fit`` for switch and NIC
  models the catalog gives no FIT for, and a ``flap_fit`` (link flaps per 400G-equivalent port, FIT)
  where a source exists.
- :class:`TrainingJob` (``[[job]]``): a training job's checkpoint write time and restart cost, the
  figures the job view (Young's checkpoint interval, goodput) reads.

Formulas: docs/methodology.md, "Failures, repair and goodput".
"""

from __future__ import annotations

from typing import Literal

from interconnect.catalog.figures import FitFigure, TimeFigure
from interconnect.catalog.models import _Entry

__all__ = ["PART_KINDS", "PartKind", "Service", "TrainingJob"]

PartKind = Literal["module", "cable", "engine", "laser", "switch", "nic", "ocs"]
PART_KINDS: tuple[PartKind, ...] = ("module", "cable", "engine", "laser", "switch", "nic", "ocs")


class Service(_Entry):
    """How a failed part of kind ``part`` is put back: ``replaces`` what is swapped (the part itself, or the
    whole switch it sits in, as for a co-packaged engine that is not serviceable) in ``mttr``."""

    part: PartKind
    replaces: Literal["part", "switch", "host"] = "part"
    mttr: TimeFigure
    default_fit: FitFigure | None = None
    flap_fit: FitFigure | None = None


class TrainingJob(_Entry):
    """A synchronous training job: ``checkpoint_time`` the job pauses to write one checkpoint;
    ``restart_time`` from an interruption to training again (detect, reschedule, load the checkpoint)."""

    checkpoint_time: TimeFigure
    restart_time: TimeFigure
