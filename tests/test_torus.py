"""Torus pods with optical circuit switches (topology "torus"): counts derived by hand for a single cube, a
4-cube pod and the full 4,096-chip TPU v4 pod (Jouppi et al., ISCA 2023), checked by brute-force
enumeration of the torus, plus latency, OCS figures and the feasibility errors.

Conventions (docs/methodology.md, "Torus pods and OCS"): a ring link is counted once; a link leaving a
cube (wrap-around included) is an optical circuit = two fiber runs, each with a transceiver at its cube
face and an OCS port at its other end.
"""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interconnect import Fabric, Plane, PlaneChoice, Scenario, evaluate
from interconnect.calculator import COPPER_DELAY, FIBER_DELAY
from interconnect.catalog import Catalog
from interconnect.errors import InfeasibleError
from interconnect.files import load_project, shipped_fabrics
from interconnect.scenario import LinkChoice
from interconnect.topology import PodCounts

FACE = LinkChoice(lower="t-bidi-400")
COPPER = LinkChoice(cable="t-dac-400")


def _torus_fabric(shape: tuple[int, ...], cube: tuple[int, ...] = (4, 4, 4), accelerators: int | None = None,
                  ocs: str = "t-ocs-128") -> Fabric:
    torus = Plane(name="ici", role="scale-up", topology="torus", ports_per_accelerator=2 * len(shape),
                  port_rate="400G", torus_shape=shape, cube_shape=cube, ocs=ocs, accelerator="t-tpu",
                  link_lengths=["1 m", "50 m"])
    dcn = Plane(name="dcn", ports_per_server=1, port_rate="800G", tiers=2, switch="t-sw-64",
                link_lengths=["2 m", "2 m"])
    return Fabric(name="torus test", accelerators=accelerators or math.prod(shape), accelerators_per_server=4,
                  planes=[torus, dcn])


SCENARIO = Scenario(name="s", planes={"ici": PlaneChoice(links=(COPPER, FACE)),
                                      "dcn": PlaneChoice(links=(LinkChoice(cable="t-dac-800"),) * 2)})


def _ici(result: object) -> dict[str, int]:
    links = {g.group: int(g.links.m_as("")) for g in result.groups if g.plane == "ici"}  # type: ignore[attr-defined]
    parts = {(p.group, p.option_id): int(p.count.m_as("")) for p in result.parts  # type: ignore[attr-defined]
             if p.plane == "ici"}
    return {**links, "transceivers": parts[("face", "t-bidi-400")], "cables": parts[("cube", "t-dac-400")],
            "ocs": parts[("ocs", "t-ocs-128")]}


@pytest.mark.parametrize(("shape", "expected"), [
    # One 4x4x4 cube run as a torus: 3 dims x 3 links x 16 lines = 144 in-cube links; its 3 x 16 = 48 wraps
    # are optical circuits: 96 face runs (16 per face x 6 faces, the paper's "96 optical links per block")
    # = 96 transceivers, fibers and OCS ports. Each OCS takes 2 ports per (dimension, position) pair of the one
    # cube: 128 / 2 = 64 pairs per OCS, 48 pairs -> 1 OCS.
    ((4, 4, 4), {"cube": 144, "face": 96, "transceivers": 96, "cables": 144, "ocs": 1}),
    # Four cubes as 16x4x4 (256 chips, 768 ring links): x rings (16 of them) cross 4 cube boundaries each
    # (the 15 -> 0 wrap included) = 64 circuits; y and z rings (64 each) cross 1 (their wrap) = 128; 192
    # circuits, 384 face runs; in-cube 768 - 192 = 576. OCS: 4 cubes -> 8 ports per pair, 128 / 8 = 16 pairs
    # per OCS, 48 pairs -> 3 OCS (Google's full-pod wiring would dedicate one OCS per pair: 48).
    ((16, 4, 4), {"cube": 576, "face": 384, "transceivers": 384, "cables": 576, "ocs": 3}),
    # The same 4 cubes as 8x8x4: x 32 rings x 2 + y 32 x 2 + z 64 x 1 = 192 circuits: the same hardware.
    ((8, 8, 4), {"cube": 576, "face": 384, "transceivers": 384, "cables": 576, "ocs": 3}),
    # The full TPU v4 pod, 16x16x16 of 64 cubes: 3 x 4,096 = 12,288 ring links; 768 rings x 4 boundary
    # crossings = 3,072 circuits; 6,144 face runs = 64 cubes x 96 = 6,144 transceivers and OCS ports; in-cube
    # 64 x 144 = 9,216. OCS: 64 cubes -> 128 ports per pair = one OCS each: 48 OCS of 128 ports (the paper:
    # "6 x 16 / 2 = 48 OCSes", 136 ports of which 128 used).
    ((16, 16, 16), {"cube": 9_216, "face": 6_144, "transceivers": 6_144, "cables": 9_216, "ocs": 48}),
])
def test_torus_pod_hand_counts(scale_up_catalog: Catalog, shape: tuple[int, ...],
                               expected: dict[str, int]) -> None:
    result = evaluate(_torus_fabric(shape), SCENARIO, scale_up_catalog)
    assert _ici(result) == expected
    # one fiber per face run (circulators): fibers = transceivers = OCS ports used
    assert result.value("count.unused_ocs_ports") == expected["ocs"] * 128 - expected["face"]
    assert result.value("count.ocs") == expected["ocs"]


def test_full_pod_optics_ocs_power_cost_failures(scale_up_catalog: Catalog) -> None:
    # 6,144 transceivers x 10 W = 61,440 W of optics; 48 OCS x 100 W = 4,800 W, x 50,000 USD = 2.4 MUSD,
    # 48 x 5,000 FIT x 1e-9 x 8,766 h = 2.104 failures per year. 1.5 ICI modules per chip (6,144 / 4,096).
    result = evaluate(_torus_fabric((16, 16, 16)), SCENARIO, scale_up_catalog)
    assert result.value("power.optics", "W") == pytest.approx(61_440)
    assert result.value("power.ocs", "W") == pytest.approx(4_800)
    assert result.value("cost.ocs", "USD") == pytest.approx(2_400_000)
    assert result.value("reliability.ocs_failures_per_year") == pytest.approx(48 * 5000e-9 * 8766)
    assert result.value("count.attach_ratio") == pytest.approx(1.5)
    assert result.value("count.fiber_strands") == 6_144
    assert result.value("power.fabric", "W") > result.value("power.optics", "W") + 4_800


def test_worst_path_follows_the_torus_diameter(scale_up_catalog: Catalog) -> None:
    # 16x4x4: diameter 8 + 2 + 2 = 12 links, through 11 forwarding chips (100 ns each). At most ceil(8/4) = 2
    # of the x links leave a cube, and 1 each of y and z (their wrap): 4 optical circuits = 8 face runs, each
    # with one transceiver (100 ns) and 50 m of fiber; the other 8 links are in-cube copper (5 ns, 1 m).
    result = evaluate(_torus_fabric((16, 4, 4)), SCENARIO, scale_up_catalog)
    assert result.value("count.scale_up_hops") == 12
    expected = 11 * 100 + 8 * 100 + 8 * 5 + 8 * 1 * COPPER_DELAY + 8 * 50 * FIBER_DELAY
    assert result.value("latency.scale_up_worst_path") == pytest.approx(expected)
    # the full pod: 24 links, 6 of them optical circuits
    pod = PodCounts((16, 16, 16), (4, 4, 4), 1)
    assert (pod.diameter, pod.optical_hops) == (24, 6)


def _enumerate(shape: tuple[int, ...], cube: tuple[int, ...]) -> tuple[int, int, int]:
    """(in-cube links, optical circuits, most optical links on a shortest diameter path) by brute force."""
    electrical = optical = 0
    for chip in itertools.product(*(range(s) for s in shape)):
        for d, a in enumerate(cube):
            # the "+" link of this chip in dimension d goes to chip[d] + 1 (mod s); it leaves the cube when
            # chip[d] is the last position of its cube along d
            if chip[d] % a == a - 1:
                optical += 1
            else:
                electrical += 1
    worst = 0
    for s, a in zip(shape, cube, strict=True):
        half = s // 2
        boundaries = [p for p in range(s) if p % a == a - 1]  # link p joins positions p and p + 1
        worst += max(sum(1 for p in boundaries if (p - start) % s < half) for start in range(s))
    return electrical, optical, worst


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 3).flatmap(lambda dims: st.tuples(
    st.lists(st.integers(1, 4), min_size=dims, max_size=dims),
    st.lists(st.integers(1, 4), min_size=dims, max_size=dims))))
def test_counts_match_enumeration(shape_and_cube: tuple[list[int], list[int]]) -> None:
    cubes, cube = shape_and_cube
    shape = tuple(max(2, c * a) for c, a in zip(cubes, cube, strict=True))
    cube_t = tuple(a if s % a == 0 else s for s, a in zip(shape, cube, strict=True))
    electrical, optical, worst = _enumerate(shape, cube_t)
    pod = PodCounts(shape, cube_t, 1)
    assert (pod.in_cube, pod.circuits, pod.face_runs) == (electrical, optical, 2 * optical)
    assert pod.optical_hops == worst


def test_shipped_tpu_v4_pod_matches_the_paper(catalog: Catalog) -> None:
    # 64 cubes x 96 = 6,144 ICI transceivers on 6,144 fibers into 48 Palomar OCS (128 of 136 ports each).
    fabric, scenarios = load_project(shipped_fabrics()["tpu-v4-torus-pod"])
    assert scenarios is not None
    result = evaluate(fabric, scenarios.get("all-dsp"), catalog)
    ici = {(p.group, p.option_id): int(p.count.m_as("")) for p in result.parts if p.plane == "ici"}
    assert ici == {("cube", "generic-400g-qsfp112-dac"): 9_216, ("face", "google-tpu-ici-400g-bidi"): 6_144,
                   ("ocs", "google-palomar-ocs"): 48}
    assert result.value("count.unused_ocs_ports") == 0


def test_torus_vs_fat_tree_in_one_command(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from interconnect.cli import main

    assert main(["compare", "tpu-v4-torus-pod", "tpu-v4-fat-tree-pod", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    results = {r["key"]: r["metrics"] for r in data["scenarios"]}
    torus, tree = results["tpu-v4-torus-pod/all-dsp"], results["tpu-v4-fat-tree-pod/all-dsp"]
    assert torus["count.ocs"]["value"] == 48 and tree["count.ocs"]["value"] == 0
    # fat tree of the 24,576 ICI ports on 128-port switches, striped, three tiers: 384 leaves, 6 pods of
    # 64 spines, 64 core groups of 4 = 1,024 switches, plus the DCN's 16 leaves and 8 spines (both files)
    assert tree["count.switches"]["value"] == 1_024 + 24 and torus["count.switches"]["value"] == 24
    assert (torus["count.scale_up_hops"]["value"], tree["count.scale_up_hops"]["value"]) == (24, 6)


def test_a_torus_shape_that_does_not_tile_is_refused() -> None:
    with pytest.raises(ValueError, match="torus_shape 16x16x12 does not tile into cubes of 4x4x8: dimension 3"):
        _torus_fabric((16, 16, 12), (4, 4, 8))
    with pytest.raises(ValueError, match="a torus has no packet switches"):
        Plane(name="ici", topology="torus", ports_per_accelerator=6, port_rate="400G", torus_shape=(4, 4, 4),
              cube_shape=(4, 4, 4), ocs="t-ocs-128", switch="t-su-72", link_lengths=["1 m", "50 m"])


def test_accelerators_that_are_not_whole_pods_are_refused(scale_up_catalog: Catalog) -> None:
    with pytest.raises(InfeasibleError, match=r"5,000 accelerators are not whole pods of the 16x16x16 torus "
                                              r"\(4,096 accelerators per pod\).*4,096 or 8,192 accelerators"):
        evaluate(_torus_fabric((16, 16, 16), accelerators=5000), SCENARIO, scale_up_catalog)


def test_an_ocs_with_too_few_ports_is_refused(scale_up_catalog: Catalog) -> None:
    # 64 cubes need 2 x 64 = 128 ports per (dimension, position) pair on one OCS; a 16-port OCS holds 8 cubes
    with pytest.raises(InfeasibleError, match=r"OCS 't-ocs-16' has 16 usable ports, too few for a pod of 64 cubes.*"
                                              r"at least 128 ports, or pods of at most 8 cubes"):
        evaluate(_torus_fabric((16, 16, 16), ocs="t-ocs-16"), SCENARIO, scale_up_catalog)


def test_the_ocs_end_takes_only_single_fiber_transceivers(scale_up_catalog: Catalog) -> None:
    duplex = Scenario(name="s", planes={**SCENARIO.planes, "ici": PlaneChoice(links=(COPPER, LinkChoice(
        lower="t-dsp-400")))})
    with pytest.raises(InfeasibleError, match="'t-dsp-400' takes 8 fiber\\(s\\) per part; an OCS port takes one"):
        evaluate(_torus_fabric((4, 4, 4)), duplex, scale_up_catalog)
    upper = Scenario(name="s", planes={**SCENARIO.planes, "ici": PlaneChoice(links=(COPPER, LinkChoice(
        lower="t-bidi-400", upper="t-bidi-400")))})
    with pytest.raises(InfeasibleError, match="optical circuit switch port, which takes no part"):
        evaluate(_torus_fabric((4, 4, 4)), upper, scale_up_catalog)
    optics_in_cube = Scenario(name="s", planes={**SCENARIO.planes, "ici": PlaneChoice(links=(
        LinkChoice(lower="t-dsp-400", upper="t-dsp-400"), FACE))})
    with pytest.raises(InfeasibleError, match="links are electrical \\(inside a cube\\): give a copper cable"):
        evaluate(_torus_fabric((4, 4, 4)), optics_in_cube, scale_up_catalog)
