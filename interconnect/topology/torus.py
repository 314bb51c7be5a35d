"""Torus pods with optical circuit switches (``topology = "torus"``), as Google builds TPU pods.

A pod is a 2D or 3D torus of ``torus_shape`` accelerators (16 x 16 x 16 for TPU v4) built from cubes of
``cube_shape`` (4 x 4 x 4, one rack). Every accelerator has 2 ports per dimension (w links to each
neighbour: ``ports_per_accelerator = 2 * dims * w``). Links inside a cube are electrical (group
``cube``). Links that leave a cube, including every wrap-around, are optical circuits: each end is a
transceiver on the cube face whose single fiber (circulators carry both directions) runs into an OCS
port, and the OCS connects the two fibers (group ``face``: one row per fiber run, so a circuit is two
runs). With the TPU v4 wiring, the "+" and "-" face ports of one (dimension, position) pair of every
cube go to the same OCS, so the torus wraps around through it.

Per pod of n accelerators, dimension d of size s_d built from cubes of a_d (ring links counted once):

    optical circuits    O = w * sum_d n / a_d         face runs (transceivers, fibers, OCS ports) = 2 O
    in-cube links       E = w * sum_d n (a_d - 1) / a_d
    OCS                 pairs P = w * sum_d c / a_d (c = accelerators per cube); each pair takes 2 ports of
                        every one of the n / c cubes, so an OCS of p ports holds q = floor(p / (2 n / c))
                        pairs: OCS = ceil(P / q)  (TPU v4: 48 OCS of 128 ports for 64 cubes)
    worst path          h_d = floor(s_d / 2) links per dimension (the torus diameter sum_d h_d); at most
                        ceil(h_d / a_d) of them leave a cube; the path forwards through sum_d h_d - 1 chips

Pods = N / n must be whole. Derivations and sources: docs/methodology.md, "Torus pods and OCS".
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from interconnect.topology.base import End, GroupSpec, PlaneBuild, SwitchLevel
from interconnect.units import format_quantity

if TYPE_CHECKING:
    from interconnect.catalog import Nic, OpticalCircuitSwitch, Switch
    from interconnect.fabric import Plane

__all__ = ["PodCounts", "Torus", "pod_counts"]


def _shape(dims: tuple[int, ...]) -> str:
    return "x".join(str(d) for d in dims)


class PodCounts:
    """Counts of one torus pod (plain integers): see the module docstring for the formulas."""

    def __init__(self, shape: tuple[int, ...], cube: tuple[int, ...], width: int) -> None:
        self.accelerators = math.prod(shape)
        self.per_cube = math.prod(cube)
        self.cubes = self.accelerators // self.per_cube
        n = self.accelerators
        self.circuits = width * sum(n // a for a in cube)
        self.in_cube = width * sum(n * (a - 1) // a for a in cube)
        self.face_runs = 2 * self.circuits
        self.pairs = width * sum(self.per_cube // a for a in cube)
        half = [s // 2 for s in shape]
        self.diameter = sum(half)
        self.optical_hops = sum(-(-h // a) for h, a in zip(half, cube, strict=True))
        self.electrical_hops = self.diameter - self.optical_hops

    def ocs_count(self, ports: int) -> int:
        """OCS needed when each holds whole (dimension, position) pairs of every cube; 0 if none fits."""
        per_ocs = ports // (2 * self.cubes)
        return -(-self.pairs // per_ocs) if per_ocs else 0


def pod_counts(plane: Plane) -> PodCounts:
    assert plane.ports_per_accelerator is not None
    width = plane.ports_per_accelerator // (2 * len(plane.torus_shape))
    return PodCounts(plane.torus_shape, plane.cube_shape, width)


class Torus:
    """A torus pod of cubes joined through optical circuit switches (``topology = "torus"``)."""

    kind: ClassVar[str] = "torus"
    fields: ClassVar[frozenset[str]] = frozenset({"torus_shape", "cube_shape", "ocs"})

    def validate(self, plane: Plane) -> None:
        shape, cube = plane.torus_shape, plane.cube_shape
        if plane.switch is not None:
            raise ValueError("a torus has no packet switches: remove 'switch' (the accelerators forward, the OCS "
                             "joins the cubes)")
        if plane.ocs is None:
            raise ValueError("a torus pod needs its optical circuit switch model: give 'ocs'")
        if len(shape) not in (2, 3):
            raise ValueError(f"torus_shape is the pod's accelerators per dimension, 2 or 3 dimensions (e.g. [16, 16, "
                             f"16]); found {list(shape)}")
        if len(cube) != len(shape):
            raise ValueError(f"cube_shape needs one size per torus dimension ({len(shape)}), found {list(cube)}")
        if any(s < 2 for s in shape):
            raise ValueError(f"every torus dimension needs at least 2 accelerators, found {list(shape)}")
        for d, (s, a) in enumerate(zip(shape, cube, strict=True), start=1):
            if s % a:
                raise ValueError(f"torus_shape {_shape(shape)} does not tile into cubes of {_shape(cube)}: dimension "
                                 f"{d} has {s} accelerators, not a multiple of the cube's {a}")
        if plane.ports_per_accelerator is None or plane.ports_per_accelerator % (2 * len(shape)):
            raise ValueError(f"a {len(shape)}D torus gives each accelerator 2 ports per dimension: "
                             f"ports_per_accelerator must be a multiple of {2 * len(shape)}")
        if plane.planes != 1:
            raise ValueError("'planes' splits a NIC port over parallel fat-tree planes; a torus has none")
        if len(plane.link_lengths) != 2:
            raise ValueError(f"a torus has 2 link groups: give 2 link lengths (in-cube link, cube face to OCS), found "
                             f"{len(plane.link_lengths)}")

    def describe(self, plane: Plane) -> str:
        pod = pod_counts(plane)
        return (f"torus {_shape(plane.torus_shape)} of {_shape(plane.cube_shape)} cubes ({pod.cubes} per pod), "
                f"OCS {plane.ocs}")

    def groups(self, plane: Plane) -> tuple[GroupSpec, ...]:
        rate = plane.link_rate
        return (GroupSpec(name="cube", label="in-cube (electrical)", index=0, lower=End.HOST, upper=End.HOST,
                          lower_level=0, upper_level=0, rate=rate, length=plane.link_lengths[0], electrical=True),
                GroupSpec(name="face", label="cube face to OCS", index=1, lower=End.HOST, upper=End.OCS,
                          lower_level=0, upper_level=0, rate=rate, length=plane.link_lengths[1]))

    def levels(self, plane: Plane, switch: Switch | None) -> tuple[SwitchLevel, ...]:
        return ()

    def check(self, plane: Plane, switch: Switch | None, nic: Nic | None,
              ocs: OpticalCircuitSwitch | None = None) -> list[str]:
        problems = []
        if switch is not None:
            problems.append(f"plane '{plane.name}' is a torus: it has no packet switches, so switch '{switch.id}' "
                            "has no place in it")
        if ocs is None:
            return [*problems, f"plane '{plane.name}' is a torus and needs an optical circuit switch ('ocs')"]
        pod = pod_counts(plane)
        if pod.ocs_count(ocs.ports) == 0:
            problems.append(
                f"OCS '{ocs.id}' has {ocs.ports} usable ports, too few for a pod of {pod.cubes} cubes: each OCS takes "
                f"the '+' and '-' face port of one (dimension, position) pair from every cube, {2 * pod.cubes} ports. "
                f"To fit: an OCS with at least {2 * pod.cubes} ports, or pods of at most {ocs.ports // 2} cubes")
        run = float(np.max(plane.link_lengths[1].m_as("m")))
        if ocs.reach.m_as("m") < run:
            problems.append(f"OCS '{ocs.id}' is specified for fiber runs up to {format_quantity(ocs.reach)}; the "
                            f"plane's cube-to-OCS runs are {run:g} m")
        return problems

    def build(self, plane: Plane, levels: tuple[SwitchLevel, ...], endpoints: np.ndarray, servers: np.ndarray,
              ports_per_server: int, ocs: OpticalCircuitSwitch | None = None) -> PlaneBuild:
        assert plane.ports_per_accelerator is not None and ocs is not None
        endpoints = np.atleast_1d(np.asarray(endpoints, dtype=np.int64))
        accelerators = endpoints // plane.ports_per_accelerator
        pod = pod_counts(plane)
        pods = accelerators // pod.accelerators
        feasible = (accelerators % pod.accelerators == 0) & (pods > 0)
        one = np.ones(endpoints.shape[0], dtype=np.int64)
        return PlaneBuild(
            links={"cube": pods * pod.in_cube, "face": pods * pod.face_runs},
            crossings={"cube": pod.electrical_hops * one, "face": 2 * pod.optical_hops * one},
            switches={}, ports_used={}, down_ports={}, up_ports={}, switch_hops=(pod.diameter - 1) * one,
            levels_used=0 * one, feasible=feasible, capacity=pods * pod.accelerators,
            ocs=pods * pod.ocs_count(ocs.ports), ocs_ports_used=pods * pod.face_runs)

    def infeasible(self, plane: Plane, switch: Switch | None, build: PlaneBuild, endpoints: np.ndarray) -> str:
        assert plane.ports_per_accelerator is not None
        pod = pod_counts(plane).accelerators
        bad = np.asarray(endpoints)[~build.feasible] // plane.ports_per_accelerator
        worst = int(bad[0])
        below, above = worst // pod * pod, (worst // pod + 1) * pod
        fits = f"{below:,} or {above:,}" if below else f"{above:,}"
        return (f"plane '{plane.name}': {worst:,} accelerators are not whole pods of the {_shape(plane.torus_shape)} "
                f"torus ({pod:,} accelerators per pod); a torus pod cannot be partial (its rings wrap around). To "
                f"fit: {fits} accelerators, or a torus_shape whose pod divides the accelerator count")
