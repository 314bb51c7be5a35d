"""The failure model: failure events per part kind, blast radius, repair, and the job view (goodput).

Computed array-first from the calculator's part counts inside ``evaluate``; the results are the
``reliability.*`` metrics and ``cost.downtime`` of ``interconnect.metrics`` and ``Result.failure_kinds``.
Modules: ``events`` (events and their rates), ``blast`` (blast radius, stop vs degrade), ``repair``
(service models, MTTR, spares), ``job`` (interruptions, Young's interval, goodput, hours lost, cost).
Formulas and sources: docs/methodology.md, "Failures, repair and goodput".
"""

from interconnect.reliability.blast import Blast, PlaneShape
from interconnect.reliability.events import FIT_TO_PER_YEAR, Events, plane_events
from interconnect.reliability.job import JobView, goodput, job_view, young_interval
from interconnect.reliability.repair import SERVICES, mttr_hours, service_for

__all__ = ["FIT_TO_PER_YEAR", "SERVICES", "Blast", "Events", "JobView", "PlaneShape", "goodput",
           "job_view", "mttr_hours", "plane_events", "service_for", "young_interval"]
