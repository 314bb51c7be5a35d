"""Fleet files: inline, relative-path and shipped fabrics; located errors; the shipped example."""

from __future__ import annotations

from pathlib import Path

import pytest

from interconnect import Catalog, FabricError, evaluate
from interconnect.files import default_fabric_path, load_project
from interconnect.fleet import compare_mixes, evaluate_fleet
from interconnect.fleet_files import load_alternative, load_fleet, resolve_fleet_path, shipped_fleets

INLINE = """
name = "small"
[fabric.pod]
name = "pod"
accelerators = 2048
accelerators_per_server = 8
[[fabric.pod.plane]]
name = "backend"
ports_per_accelerator = 1
port_rate = "800G"
tiers = 2
switch = "t-sw-64"
link_lengths = ["5 m", "50 m"]
[[fabric.pod.scenario]]
name = "dsp"
[fabric.pod.scenario.planes.backend]
tiers = [{ lower = "t-dsp-800", upper = "t-dsp-800" }, { lower = "t-dsp-800", upper = "t-dsp-800" }]
[[fabric.pod.scenario]]
name = "lpo"
[fabric.pod.scenario.planes.backend]
tiers = [{ lower = "t-lpo-800", upper = "t-lpo-800" }, { lower = "t-lpo-800", upper = "t-lpo-800" }]
"""


def write(tmp_path: Path, text: str, name: str = "fleet.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_inline_fabric_shared_by_templates(tmp_path: Path, test_catalog: Catalog) -> None:
    path = write(tmp_path, INLINE + """
[[template]]
name = "a"
fabric = "pod"
year = 2026
deployments = 2
[[template]]
name = "b"
fabric = "pod"
year = 2027
accelerators = 5000
mix = { dsp = 25, lpo = 75 }
""")
    fleet = load_fleet(path)
    a, b = fleet.templates
    assert a.fabric is b.fabric  # one inline fabric, loaded once
    assert b.deployment_count == 3  # ceil(5,000 / 2,048)
    fr = evaluate_fleet(fleet, test_catalog)
    # no mix -> 100% of the baseline ('dsp', the first scenario): 2 x 8,192 modules in 2026
    assert fr.total("count.optical_modules", [2026]).magnitude == 2 * 8192
    # 2027: 3 fabrics, 8,192 modules each, 25% at 16 W and 75% at 8 W
    assert fr.total("power.optics_total", [2027]).m_as("W") == pytest.approx(3 * 8192 * (0.25 * 16 + 0.75 * 8))


def test_fabric_by_relative_path_and_by_shipped_name(tmp_path: Path, catalog: Catalog) -> None:
    (tmp_path / "fabrics").mkdir()
    (tmp_path / "fabrics" / "copy.toml").write_text(default_fabric_path().read_text())
    path = write(tmp_path, """
[[template]]
name = "by-path"
fabric = "fabrics/copy.toml"
deployments = 1
mix = { lpo = 100 }
[[template]]
name = "shipped"
fabric = "default"
deployments = 1
mix = { lpo = 100 }
""")
    fr = evaluate_fleet(load_fleet(path), catalog)
    fabric, scenarios = load_project(default_fabric_path())
    assert scenarios is not None
    single = evaluate(fabric, scenarios.get("lpo"), catalog)
    assert fr.total("count.optical_modules", None).magnitude == 2 * single.value("count.optical_modules")


@pytest.mark.parametrize(("text", "message"), [
    ("[[template]]\nname = 'a'\nfabric = 'pod'\ndeployments = 1\nmix = { dsp = 60, lpo = 30 }\n",
     "template 'a': mix shares sum to 90%"),
    ("[[template]]\nname = 'a'\nfabric = 'nowhere'\ndeployments = 1\n", "unknown fabric 'nowhere'"),
    ("[[template]]\nname = 'a'\nfabric = 'missing.toml'\ndeployments = 1\n", "cannot read file"),
    ("[[template]]\nname = 'a'\nfabric = 'pod'\ndeployment = 1\n", "did you mean 'deployments'"),
    ("[[template]]\nname = 'a'\nfabric = 'pod'\n", "exactly one of 'deployments' or 'accelerators'"),
    ("[[template]]\nname = 'a'\nfabric = 'pod'\ndeployments = -1\n", "greater than or equal to 0"),
    ("[[template]]\nname = 'a'\nfabric = 'pod'\ndeployments = 1\n[[template]]\nname = 'a'\nfabric = 'pod'\n"
     "deployments = 1\n", "template names must be unique"),
    ("[[template]]\nname = 'a'\nfabric = 'pod'\ndeployments = 1\n[[alternative]]\nname = 'x'\n[alternative.mix]\n"
     "b = { dsp = 100 }\n", "unknown template"),
])
def test_bad_fleet_files_give_located_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, INLINE + text)
    with pytest.raises(FabricError, match=message) as info:
        load_fleet(path)
    assert str(path) in str(info.value) or "missing.toml" in str(info.value)


def test_unknown_top_level_key(tmp_path: Path) -> None:
    with pytest.raises(FabricError, match="field 'templates': unknown key; did you mean 'template'"):
        load_fleet(write(tmp_path, "templates = 1\n" + INLINE))


def test_bad_inline_fabric_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, """
[fabric.pod]
accelerators = 0
[[template]]
name = "a"
fabric = "pod"
deployments = 1
""")
    with pytest.raises(FabricError, match="fabric 'pod'"):
        load_fleet(path)


def test_alternative_file(tmp_path: Path, test_catalog: Catalog) -> None:
    fleet = load_fleet(write(tmp_path, INLINE + "[[template]]\nname = 'a'\nfabric = 'pod'\ndeployments = 4\n"))
    alt = load_alternative(write(tmp_path, "description = 'all LPO'\n[mix]\na = { lpo = 100 }\n", "all-lpo.toml"))
    assert alt.name == "all-lpo"
    comparison = compare_mixes(fleet, alt, test_catalog)
    # 4 fabrics x 8,192 modules x (8 - 16) W
    assert comparison.delta("power.optics_total").m_as("W") == pytest.approx(4 * 8192 * -8)
    with pytest.raises(FabricError, match="template 'a': mix shares sum to 50%"):
        load_alternative(write(tmp_path, "[mix]\na = { lpo = 50 }\n", "bad.toml"))


def test_shipped_example_fleet(catalog: Catalog) -> None:
    assert "example" in shipped_fleets()
    assert resolve_fleet_path("example") == shipped_fleets()["example"]
    fleet = load_fleet(shipped_fleets()["example"])
    assert "not a forecast" in fleet.name
    assert {a.name for a in fleet.alternatives} == {"cpo-push", "lpo-push"}
    fr = evaluate_fleet(fleet, catalog)
    assert fr.years == (2026, 2027)
    summaries = {t.template: t for t in fr.templates()}
    # 1,000,000 accelerators shipped / 1,152 per pod -> 869 pods
    assert summaries["gb300-pods-2026"].deployments.magnitude == 869
    # The shipped 100k fabric (4 planes of 200G, 2 tiers, striped): 250,096 modules all-DSP or LPO (one 800G
    # module per NIC port + 1.6T 2xDR4 modules at 8 links each: (400,000 + 2 x 400,384) / 8 = 150,096), so
    # 2.50096 per accelerator; 1 with CPO switches; 80/10/10 mix -> 0.9 x 2.50096 + 0.1 x 1 = 2.350864
    assert summaries["cluster-100k-2026"].modules_per_accelerator.magnitude == pytest.approx(2.350864)
    comparison = compare_mixes(fleet, "cpo-push", catalog)
    assert comparison.delta("count.optical_engines", [2026]).magnitude == 0  # cpo-push changes 2027 only
    assert comparison.delta("count.optical_engines", [2027]).magnitude > 0
    assert comparison.delta("count.optical_modules", [2027]).magnitude < 0
    with pytest.raises(FabricError, match="no shipped fleet"):
        resolve_fleet_path("no-such-fleet")
