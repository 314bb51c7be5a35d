"""``interconnect fleet`` through the real entry point, and the fleet report section and chart."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from interconnect.cli import main
from interconnect.fleet import compare_mixes, evaluate_fleet
from interconnect.fleet_files import load_fleet, shipped_fleets
from interconnect.reports.fleet import fleet_blocks, fleet_chart, render_fleet_report

DATA = Path(__file__).parent / "data"
# Two years of one 2-tier fabric (2,048 accelerators on 64-port switches, 4,096 links) from the test
# catalog: 2026 all DSP (8,192 modules per fabric), 2027 half DSP, half CPO switches (host-end DSP
# module, 6,144 engines and 768 lasers per fabric).
FLEET = """
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
name = "cpo"
[fabric.pod.scenario.planes.backend]
switch = "t-sw-64-cpo"
tiers = [{ lower = "t-dsp-800", upper = "t-cpo-800" }, { lower = "t-cpo-800", upper = "t-cpo-800" }]

[[template]]
name = "pods-2026"
fabric = "pod"
year = 2026
deployments = 10
[[template]]
name = "pods-2027"
fabric = "pod"
year = 2027
deployments = 10
mix = { dsp = 50, cpo = 50 }

[[alternative]]
name = "all-cpo"
[alternative.mix]
pods-2027 = { cpo = 100 }
"""

EXPECTED_TABLE = """\
Fleet 'small', mix 'base' (expected values)

Demand by year, kind, class and speed (parts)
year  kind    class  speed  end      count
----  ------  -----  -----  ------  ------
2026  module  dsp    800G   host    20,480
2026  module  dsp    800G   switch  61,440
2027  module  dsp    800G   host    20,480
2027  module  dsp    800G   switch  30,720
2027  engine  cpo    800G   switch  30,720
2027  laser   cpo    800G   switch   3,840

Totals by year
metric                                             2026     2027  all years
----------------------------------------------  -------  -------  ---------
Accelerators [count]                             20,480   20,480     40,960
Optical modules [count]                          81,920   51,200    133,120
Optical engines (CPO/NPO ports) [count]               0   30,720     30,720
External laser sources [count]                        0    3,840      3,840
Cable assemblies (DAC/ACC/AEC/AOC) [count]            0        0          0
Fiber strands [count]                           655,360  655,360  1,310,720
Optics power incl. lasers and host SerDes [MW]     1.31    0.973       2.28
Optics capex [MUSD]                                  41       19         60
External laser capex [MUSD]                           0    0.922      0.922
Capex [MUSD]                                       61.1     40.1        101

Attach ratios per template (parts per accelerator, mix-weighted)
template   year  fabric  deployments  accelerators  modules/acc  engines/acc  lasers/acc
---------  ----  ------  -----------  ------------  -----------  -----------  ----------
pods-2026  2026  pod              10        20,480            4            0           0
pods-2027  2027  pod              10        20,480          2.5          1.5       0.188

Figures over time (trends; years after a figure's own are projections)
- 2027: 3 catalog figure(s) dated 2026 projected to 2027 by trend(s) price-erosion-new-optics
"""


@pytest.fixture
def fleet_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(FLEET)
    return path


def run(*args: str) -> tuple[int, str, str]:
    out = subprocess.run([sys.executable, "-m", "interconnect", "fleet", *args,
                          "--catalog", str(DATA / "test_catalog.toml")], capture_output=True, text=True)
    return out.returncode, out.stdout, out.stderr


# Hand check of EXPECTED_TABLE: modules 2026 = 10 x 8,192; 2027 = 5 x 8,192 + 5 x 2,048; engines 5 x 6,144;
# lasers 5 x 768; optics power 2026 = 81,920 x 16 W = 1.31 MW; 2027 = 40,960 x 16 W + 5 x (2,048 x 16 W
# + 6,144 x 4 W + 768 x 8 W) = 0.973 MW; modules per accelerator 2027 = (0.5 x 8,192 + 0.5 x 2,048) / 2,048.
# 2027 prices are 0.6 x the catalog's: the shipped trend price-erosion-new-optics (40% a year while a part
# is under 2 years old) moves the test parts (year 2025, sources dated 2026) from 2026 to 2027: optics
# (51,200 x 500 + 30,720 x 200) x 0.6 = 19.0 MUSD; lasers 3,840 x 400 x 0.6 = 0.922 MUSD; switches and
# NICs have no trend. 2026 is the figures' own year: unchanged.
def test_table_golden(fleet_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fleet", str(fleet_file), "--catalog", str(DATA / "test_catalog.toml")]) == 0
    out = capsys.readouterr().out
    assert out == EXPECTED_TABLE


def test_json_and_csv(fleet_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["fleet", str(fleet_file), "--catalog", str(DATA / "test_catalog.toml")]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["by_year"]["2027"]["count.external_lasers"] == {"value": 3840.0, "unit": ""}
    assert data["templates"][1]["mix"] == {"dsp": {"value": 50.0, "unit": "%"}, "cpo": {"value": 50.0, "unit": "%"}}
    assert main([*args, "--format", "csv", "--compare-mix", "all-cpo"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    lasers = [r for r in rows if r["section"] == "totals" and r["metric"] == "count.external_lasers"
              and r["year"] == "2027"]
    assert lasers == [{**lasers[0], "base": "3840", "other": "7680", "delta": "3840"}]
    engines = [r for r in rows if r["section"] == "demand" and r["kind"] == "engine"]
    assert [(r["year"], r["base"], r["other"]) for r in engines] == [("2027", "30720", "61440")]


def test_compare_mix_from_file(fleet_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    alt = tmp_path / "dsp-only.toml"
    alt.write_text("[mix]\npods-2027 = { dsp = 100 }\n")
    assert main(["fleet", str(fleet_file), "--catalog", str(DATA / "test_catalog.toml"), "--compare-mix",
                 str(alt), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["other"] == "dsp-only"
    # 5 CPO fabrics become DSP: +5 x (8,192 - 2,048) modules
    assert data["totals"]["by_year"]["2027"]["count.optical_modules"]["delta"]["value"] == 5 * 6144


def test_usage_and_input_errors(fleet_file: Path, tmp_path: Path) -> None:
    code, _, err = run(str(fleet_file), "--compare-mix", "nope")
    assert code == 2 and "not an alternative" in err and "all-cpo" in err
    code, _, err = run(str(fleet_file), "--chart", str(tmp_path / "chart.pdf"))
    assert code == 2 and ".svg or .png" in err
    bad = tmp_path / "bad.toml"
    bad.write_text(FLEET.replace("mix = { dsp = 50, cpo = 50 }", "mix = { dsp = 50, cpo = 40 }"))
    code, _, err = run(str(bad))
    assert code == 1 and "template 'pods-2027': mix shares sum to 90%" in err and "Traceback" not in err
    code, _, err = run("no-such-fleet")
    assert code == 1 and "no shipped fleet" in err


def test_unwritable_output_fails_before_any_work(fleet_file: Path, tmp_path: Path) -> None:
    chart = tmp_path / "chart.svg"
    code, _, err = run(str(fleet_file), "-o", str(tmp_path / "missing" / "out.txt"), "--chart", str(chart))
    assert code == 1 and "does not exist" in err
    assert not chart.exists()


def test_markdown_report_links_the_png_chart(fleet_file: Path, tmp_path: Path) -> None:
    out, chart = tmp_path / "fleet.md", tmp_path / "fleet.png"
    code, _, err = run(str(fleet_file), "--format", "markdown", "-o", str(out), "--chart", str(chart))
    assert code == 0, err
    text = out.read_text()
    assert "![Optics demand per year by kind, class and speed: small](fleet.png)" in text
    assert "| 2027 | laser | cpo | 800G | switch | 3,840 |" in text
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_html_report_and_chart_are_reproducible(fleet_file: Path, test_catalog: object) -> None:
    fleet = load_fleet(fleet_file)
    comparison = compare_mixes(fleet, "all-cpo", test_catalog)  # type: ignore[arg-type]
    svg = fleet_chart(comparison, "svg")
    assert svg.startswith(b"<?xml") and svg == fleet_chart(comparison, "svg")
    html = render_fleet_report(comparison, "html")
    assert html.startswith("<!DOCTYPE html>") and "data:image/svg+xml;base64," in html
    assert "<script" not in html
    kinds = [type(b).__name__ for b in fleet_blocks(evaluate_fleet(fleet, test_catalog))]  # type: ignore[arg-type]
    assert kinds[:3] == ["Heading", "Paragraph", "Chart"] and kinds.count("Table") == 3


def test_shipped_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fleet", "example", "--compare-mix", "lpo-push"]) == 0
    out = capsys.readouterr().out
    assert "mix 'lpo-push' against mix 'base'" in out
    assert str(shipped_fleets()["example"]).endswith("example.toml")
