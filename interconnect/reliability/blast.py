"""Blast radius: the links and accelerators one failure takes down, and whether it stops the job.

Rules (docs/methodology.md, "Failures, repair and goodput"), for a plane built as P parallel planes:
- a part at a host end serving b links (a NIC-end 800G DR4 broken out to 4 planes: b = 4) takes down
  b links of one host: max(1, b / links per accelerator) accelerators; it spans min(b, P) planes;
- a part at a switch end of the host group (a leaf's down port, a twin-port module: b = 2 links) takes
  down b links of b different accelerators' ports in one plane;
- a part between switches takes down b links and no accelerator directly;
- a co-packaged engine takes down its own ports; if it is not serviceable its repair replaces the whole
  switch, so every accelerator below that switch is out while it is repaired; an external laser module
  takes down the ports it feeds; a switch all its ports (a leaf: the accelerators below it); a NIC all
  its ports in every plane; an optical circuit switch its ports in use;
- the event STOPS the job when the plane carries the job (scale-out, scale-up) and either the job does
  not tolerate a plane loss (``Job.tolerates_plane_loss``), the plane is one plane (P = 1), or the event
  spans every parallel plane; otherwise it DEGRADES: the job runs on P - 1 planes until the repair.
  Front-end planes carry no job traffic here: their failures count for spares, not for the job.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from interconnect.fabric import Fabric
from interconnect.resolve import ResolvedPlane
from interconnect.topology import End, PlaneBuild

__all__ = ["Blast", "PlaneShape"]

JOB_ROLES = ("scale-out", "scale-up")


@dataclass(frozen=True)
class Blast:
    """What one event takes down (per event, arrays over points or floats).

    ``links``, ``accelerators``: taken down when it fails; ``stops``: it stops the job (else degrades it);
    ``repair_accelerators``: accelerators out of service until the repair ends (a whole switch's when a
    switch is replaced for a failed engine); ``bandwidth_share``: the share of an accelerator's bandwidth a
    degrading event removes (1 / P); ``carries_job``: the plane carries the job at all.
    """

    links: np.ndarray | float
    accelerators: np.ndarray | float
    stops: bool
    repair_accelerators: np.ndarray | float
    bandwidth_share: float
    carries_job: bool


def _div(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.divide(a, b, out=np.zeros(np.broadcast(a, b).shape), where=b > 0)


class PlaneShape:
    """What a blast radius needs to know about one built plane: parallel planes, links per accelerator in
    each host-facing group, switches per level, and the job's tolerance of a plane loss."""

    def __init__(self, rp: ResolvedPlane, build: PlaneBuild, fabric: Fabric, accelerators: np.ndarray,
                 servers: np.ndarray, ports_per_server: int) -> None:
        self.rp, self.build, self.fabric = rp, build, fabric
        self.parallel = int(build.parallel)
        self.accelerators = np.asarray(accelerators, dtype=float)
        self.servers = np.asarray(servers, dtype=float)
        self.ports_per_server = ports_per_server
        self.carries_job = rp.plane.role in JOB_ROLES
        self.tolerant = bool(fabric.job.tolerates_plane_loss) and self.parallel > 1
        self.host_groups = {rg.spec.name for rg in rp.groups if rg.spec.end_kind("lower") is End.HOST}
        self.levels = {level.name: level for level in rp.levels}

    def is_host_group(self, group: str) -> bool:
        return group in self.host_groups

    def _per_accelerator(self, group: str) -> np.ndarray:
        """Links of a host group per accelerator, all parallel planes together."""
        return _div(self.build.links[group], self.accelerators)

    def _blast(self, links: np.ndarray | float, accelerators: np.ndarray | float, spans_all: bool,
               repair: np.ndarray | float | None = None) -> Blast:
        stops = self.carries_job and (not self.tolerant or spans_all)
        return Blast(links, accelerators, stops, accelerators if repair is None else repair,
                     1.0 / self.parallel, self.carries_job)

    def host_part(self, links: int, group: str | None = None, whole_host: bool = False) -> Blast:
        """A part at a host end (module, cable, engine or laser on the host) serving ``links`` links."""
        group = group if group is not None else next(iter(self.host_groups), "")
        per_acc = self._per_accelerator(group) if group in self.build.links else np.ones(1)
        accelerators = np.maximum(1.0, _div(links, per_acc))
        repair = float(self.fabric.accelerators_per_server) if whole_host else None
        return self._blast(float(links), accelerators, links >= self.parallel, repair)

    def _down_share_of_level(self, level_name: str) -> tuple[str | None, np.ndarray | float]:
        level = self.levels[level_name]
        down, up = self.build.down_ports[level.level], self.build.up_ports[level.level]
        return level.below, _div(down, np.asarray(down) + np.asarray(up))

    def _accelerators_behind(self, group: str | None, links: np.ndarray | float) -> np.ndarray | float:
        """Accelerators whose links in one plane are ``links`` links of host group ``group`` (0 otherwise)."""
        if group is None or group not in self.host_groups:
            return 0.0
        per_plane = self._per_accelerator(group) / self.parallel
        return np.minimum(_div(links, per_plane), self.accelerators)

    def switch_part(self, position: str, links: int) -> Blast:
        """A part at a switch end of link group ``position`` (or, for a laser, at switch level ``position``)."""
        if position in self.levels:
            below, share = self._down_share_of_level(position)
            accelerators = self._accelerators_behind(below, links * np.asarray(share))
        else:
            accelerators = self._accelerators_behind(position, float(links))
        return self._blast(float(links), accelerators, False)

    def engine(self, level_name: str, option_id: str, occurrence: int, links: int, whole_switch: bool) -> Blast:
        """A CPO/NPO engine of a switch at ``level_name``: its ports fail; a whole-switch repair takes the
        switch out."""
        level = self.levels[level_name]
        below_option = self.rp.group(level.below).option_at("upper")
        above_option = self.rp.group(level.above).option_at("lower") if level.above is not None else None
        merged = above_option is not None and above_option.id == below_option.id and level.down_rate == level.up_rate
        if merged:
            share: np.ndarray | float = self._down_share_of_level(level_name)[1]
        else:
            share = 1.0 if option_id == below_option.id and occurrence == 0 else 0.0
        accelerators = self._accelerators_behind(level.below, links * np.asarray(share))
        repair = self.switch(level.level).accelerators if whole_switch else None
        return self._blast(float(links), accelerators, False, repair)

    def switch(self, level: int) -> Blast:
        """A whole switch of ``level``: every port it uses; a leaf's accelerators below it."""
        count = self.build.switches[level]
        ports = _div(self.build.ports_used[level], count)
        below = next((lv.below for lv in self.rp.levels if lv.level == level), None)
        host_links = _div(self.build.links[below], count) if below in self.host_groups else 0.0
        return self._blast(ports, self._accelerators_behind(below, host_links), False)

    def nic(self, ports_per_nic: int) -> Blast:
        """A NIC: its ports in every parallel plane, the accelerators it serves; the server is drained."""
        ports = min(ports_per_nic, self.ports_per_server)
        nics_per_server = -(-self.ports_per_server // ports_per_nic)
        accelerators = self.fabric.accelerators_per_server / nics_per_server
        return self._blast(float(ports * self.parallel), accelerators, True, float(self.fabric.accelerators_per_server))

    def ocs(self, ports_in_use: np.ndarray) -> Blast:
        """An optical circuit switch: every link through it (about one accelerator per port)."""
        return self._blast(ports_in_use, np.minimum(ports_in_use, self.accelerators), True)
