"""The one list of metrics: name, unit, label, meaning and how each may be combined.

The calculator's outputs are exactly these keys (a test checks it); JSON integer rules, fleet totals,
TUI columns, table and chart labels all read this registry. ``unit`` is the display unit; values are
stored in ``canonical`` (the calculator's unit). ``additive`` metrics sum across fabrics (a fleet);
``integer`` ones are whole counts. A ``conditional`` headline metric belongs to some topologies only (OCS,
scale-up paths): headline tables show it only where a result has it non-zero (``headline_metrics``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["COST_COMPONENTS", "METRICS", "POWER_COMPONENTS", "Metric", "headline_metrics", "metric"]


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    unit: str  # display unit (pint expression; "dimensionless" for counts and ratios)
    canonical: str  # unit the calculator computes in
    meaning: str
    headline: bool = False
    integer: bool = False
    additive: bool = True
    conditional: bool = False

    @property
    def group(self) -> str:
        """The first part of the name: count, power, cost, latency or reliability."""
        return self.name.split(".", 1)[0]


POWER_COMPONENTS = ("optics", "lasers", "host_serdes", "copper", "switches", "ocs", "nics")
COST_COMPONENTS = ("optics", "lasers", "copper", "fiber", "switches", "ocs", "nics")


def _m(name: str, label: str, unit: str, canonical: str, meaning: str, *, headline: bool = False,
       integer: bool = False, additive: bool = True, conditional: bool = False) -> Metric:
    return Metric(name, label, unit, canonical, meaning, headline, integer, additive, conditional)


_COUNT = "dimensionless"
_ROWS = (
    _m("count.accelerators", "Accelerators", _COUNT, _COUNT, "accelerators in the fabric", integer=True),
    _m("count.servers", "Servers", _COUNT, _COUNT, "servers (accelerators / accelerators per server, rounded up)",
       integer=True),
    _m("count.racks", "Racks", _COUNT, _COUNT, "racks (servers / servers per rack, rounded up)", integer=True),
    _m("count.tiers", "Tiers (scale-out plane)", _COUNT, _COUNT,
       "fat-tree tiers of the deepest scale-out plane (0 if none is a fat-tree)", integer=True, additive=False),
    _m("count.switches", "Switches", _COUNT, _COUNT, "switch systems in every plane", headline=True, integer=True),
    _m("count.links", "Links", _COUNT, _COUNT, "links in every plane (each parallel plane counted)", integer=True),
    _m("count.optical_modules", "Optical modules", _COUNT, _COUNT,
       "pluggable optical modules (DSP, LPO, LRO, XPO), each counted once however many links it serves",
       headline=True, integer=True),
    _m("count.optical_engines", "Optical engines (CPO/NPO ports)", _COUNT, _COUNT,
       "co-packaged or near-packaged optical engine ports, at every switch port whether used or not",
       headline=True, integer=True),
    _m("count.external_lasers", "External laser sources", _COUNT, _COUNT,
       "external laser modules feeding CPO/NPO engines", integer=True),
    _m("count.cables", "Cable assemblies (DAC/ACC/AEC/AOC)", _COUNT, _COUNT, "cable assemblies, both ends in one part",
       integer=True),
    _m("count.fiber_strands", "Fiber strands", _COUNT, _COUNT, "fiber strands of the optical links", integer=True),
    _m("count.nics", "NICs", _COUNT, _COUNT, "network adapters", integer=True),
    _m("count.unused_switch_ports", "Unused switch ports", _COUNT, _COUNT,
       "switch ports built but not cabled (partial builds, striping, whole scalable units)", integer=True),
    _m("count.ocs", "Optical circuit switches", _COUNT, _COUNT, "optical circuit switches (torus pods)", integer=True,
       headline=True, conditional=True),
    _m("count.unused_ocs_ports", "Unused OCS ports", _COUNT, _COUNT,
       "usable optical circuit switch ports not cabled (spare ports not included)", integer=True),
    _m("count.scale_up_hops", "Scale-up worst-path hops (links)", _COUNT, _COUNT,
       "links crossed on the worst path of the slowest scale-up plane (0 if none)", integer=True, additive=False,
       headline=True, conditional=True),
    _m("count.attach_ratio", "Optical modules per accelerator (attach ratio)", _COUNT, _COUNT,
       "optical modules / accelerators", headline=True, additive=False),
    _m("power.optics", "Optics power (modules, engines, AOC)", "kW", "W",
       "power of optical modules, CPO/NPO engines and active optical cables"),
    _m("power.lasers", "External laser power", "kW", "W", "power of external laser modules"),
    _m("power.host_serdes", "Extra host SerDes power", "kW", "W",
       "extra host SerDes power that linear optics need (where the catalog gives it)"),
    _m("power.copper", "Active copper power", "kW", "W", "power of active copper cables (ACC, AEC)"),
    _m("power.switches", "Switch power (without optics)", "kW", "W", "switch systems without their optics"),
    _m("power.ocs", "Optical circuit switch power", "kW", "W", "optical circuit switches"),
    _m("power.nics", "NIC power", "kW", "W", "network adapters without optics"),
    _m("power.optics_total", "Optics power incl. lasers and host SerDes", "kW", "W",
       "optics + lasers + host SerDes", headline=True),
    _m("power.fabric", "Fabric power", "kW", "W", "every power component of the fabric", headline=True),
    _m("power.per_accelerator", "Fabric power per accelerator", "W", "W", "fabric power / accelerators",
       headline=True, additive=False),
    _m("power.facility", "Facility power (fabric x PUE)", "kW", "W", "fabric power x PUE"),
    _m("cost.optics", "Optics capex", "USD", "USD", "optical modules, engines and AOCs"),
    _m("cost.lasers", "External laser capex", "USD", "USD", "external laser modules"),
    _m("cost.copper", "Copper cable capex", "USD", "USD", "copper cable assemblies"),
    _m("cost.fiber", "Fiber cabling capex", "USD", "USD", "fiber strands x length x cost per strand-metre"),
    _m("cost.switches", "Switch capex", "USD", "USD", "switch systems without their optics"),
    _m("cost.ocs", "Optical circuit switch capex", "USD", "USD", "optical circuit switches"),
    _m("cost.nics", "NIC capex", "USD", "USD", "network adapters"),
    _m("cost.capex", "Capex", "USD", "USD", "every cost component", headline=True),
    _m("cost.capex_per_accelerator", "Capex per accelerator", "USD", "USD", "capex / accelerators", additive=False),
    _m("cost.energy", "Energy cost over lifetime", "USD", "USD",
       "facility power x lifetime x electricity price (growing by electricity_price_growth a year), undiscounted"),
    _m("cost.tco", "TCO (capex + energy)", "USD", "USD", "capex + energy cost", headline=True),
    _m("cost.energy_npv", "Energy cost, present value", "USD", "USD",
       "lifetime energy cost discounted at discount_rate, each year paid at its end (= cost.energy at rate 0)"),
    _m("cost.tco_npv", "TCO, present value (capex + energy NPV)", "USD", "USD",
       "capex at year 0 + present value of the energy cost"),
    _m("cost.downtime", "Downtime cost over lifetime", "USD", "USD",
       "accelerator-hours lost a year x accelerator-hour price x lifetime (in the TCO only with downtime_in_tco)"),
    _m("latency.worst_path", "Worst-case path latency", "ns", "ns",
       "switch hops + parts + propagation on the worst path of a scale-out plane", headline=True, additive=False),
    _m("latency.switches", "  of which switch hops", "ns", "ns", "switch latency x switches crossed",
       additive=False),
    _m("latency.parts", "  of which optics/cable parts", "ns", "ns", "latency of the parts at every link end",
       additive=False),
    _m("latency.propagation", "  of which propagation", "ns", "ns", "fiber or copper delay x length",
       additive=False),
    _m("latency.scale_up_worst_path", "Worst-case scale-up path latency", "ns", "ns",
       "switch or forwarding-chip hops + parts + propagation on the worst path of the slowest scale-up plane "
       "(0 if none)", additive=False, headline=True, conditional=True),
    _m("reliability.link_failures_per_year", "Link-part failures per year", "1/year", "1/year",
       "expected failures of modules, engines, lasers and cables per year (FIT x count)", headline=True),
    _m("reliability.optical_failures_per_year", "Optical-part failures per year", "1/year", "1/year",
       "the optical share of link-part failures"),
    _m("reliability.ocs_failures_per_year", "Optical circuit switch failures per year", "1/year", "1/year",
       "expected failures of optical circuit switches per year (FIT x count)"),
    _m("reliability.mtbf_links", "Mean time between link-part failures", "hour", "hour",
       "hours per year / link-part failures per year (infinite when none fail)", headline=True, additive=False),
    _m("reliability.module_failures_per_year", "  Pluggable module failures per year", "1/year", "1/year",
       "pluggable modules (DSP, LPO, LRO, XPO) x FIT"),
    _m("reliability.cable_failures_per_year", "  Cable assembly failures per year", "1/year", "1/year",
       "cable assemblies (DAC, ACC, AEC, AOC) x FIT"),
    _m("reliability.engine_failures_per_year", "  Optical engine failures per year", "1/year", "1/year",
       "co-packaged and near-packaged engine ports (switch and host) x FIT"),
    _m("reliability.laser_failures_per_year", "  External laser module failures per year", "1/year", "1/year",
       "external laser modules feeding engines x laser FIT"),
    _m("reliability.switch_failures_per_year", "Switch system failures per year", "1/year", "1/year",
       "switch systems x FIT (the model's, else the service entry's default)"),
    _m("reliability.nic_failures_per_year", "NIC failures per year", "1/year", "1/year",
       "network adapters x FIT (the model's, else the service entry's default)"),
    _m("reliability.link_flaps_per_year", "Link flaps per year (upper bound, where sourced)", "1/year", "1/year",
       "engine ports x flap rate where a source gives one (CPO: Meta's flap-free hours, an upper bound); "
       "not counted as interruptions"),
    _m("reliability.spares_per_year", "Spares used per year", "1/year", "1/year",
       "failures of every part kind a year: each uses one spare of what is replaced (a module, a laser "
       "module, a whole switch for an engine that is not serviceable, a NIC)"),
    _m("reliability.job_interruptions_per_day", "Fabric-caused job interruptions per day", "1/day", "1/day",
       "failures that stop the training job (its share of the fabric; plane losses it tolerates excluded)",
       headline=True),
    _m("reliability.checkpoint_interval", "Optimal checkpoint interval (Young)", "hour", "hour",
       "sqrt(2 x checkpoint time / interruption rate) (infinite when nothing stops the job)", additive=False),
    _m("reliability.goodput", "Goodput (fabric failures only)", "dimensionless", "dimensionless",
       "share of job time doing useful work: 1 - sqrt(2 delta lambda) - lambda R - degraded slowdown",
       headline=True, additive=False),
    _m("reliability.accelerator_hours_lost_per_year", "Accelerator-hours lost per year", "hour/year", "hour/year",
       "job accelerators x hours x (1 - goodput) + accelerators out during repairs x MTTR"),
)

METRICS: dict[str, Metric] = {m.name: m for m in _ROWS}


def headline_metrics(results: Iterable[Any] = ()) -> list[str]:
    """Headline metric names in registry order; a conditional one only where one of ``results`` (objects with
    ``value(name)``) has it non-zero."""
    results = list(results)
    return [m for m, spec in METRICS.items() if spec.headline
            and (not spec.conditional or any(np.any(np.asarray(r.value(m)) != 0) for r in results))]


def metric(name: str) -> Metric:
    """The metric called ``name``, or a KeyError that lists close names."""
    try:
        return METRICS[name]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(name, list(METRICS), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise KeyError(f"unknown metric {name!r}{hint}") from None
