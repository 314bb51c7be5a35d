"""``interconnect sensitivity`` and ``interconnect compare --uncertainty`` end to end, on a small fabric
built from the round test catalog plus a file of ranges (golden text checked against hand-derived numbers).

Fabric: 2,048 accelerators, 2 tiers of t-sw-64 (radix 64), no NIC: 4,096 links, 8,192 modules, 96 switches.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interconnect.cli import main

DATA = Path(__file__).parent / "data"

FABRIC = """
name = "test 2k"
accelerators = 2048
accelerators_per_server = 8
baseline = "dsp"

[[plane]]
name = "backend"
ports_per_accelerator = 1
port_rate = "800 Gbit/s"
tiers = 2
switch = "t-sw-64"
link_lengths = ["5 m", "50 m"]

[[scenario]]
name = "dsp"
[scenario.planes.backend]
tiers = [{ lower = "t-dsp-800", upper = "t-dsp-800" }, { lower = "t-dsp-800", upper = "t-dsp-800" }]

[[scenario]]
name = "lpo"
[scenario.planes.backend]
tiers = [{ lower = "t-lpo-800", upper = "t-lpo-800" }, { lower = "t-lpo-800", upper = "t-lpo-800" }]
"""

RANGES = """
[[option]]
id = "t-lpo-800"
name = "t-lpo-800 with a wide power range"
class = "lpo"
rate = "800 Gbit/s"
breakout = 1
lanes = 8
lane_rate = "100 Gbit/s"
reach = "500 m"
media = "smf"
form_factor = "OSFP"
power = { low = "1 W", typical = "8 W", high = "100 W" }
cost = "300 USD"
latency = "5 ns"
fit = "800 FIT"
year = 2025
sources = ["test-source"]

[[option]]
id = "t-dsp-800"
name = "t-dsp-800 with ranges"
class = "dsp"
rate = "800 Gbit/s"
breakout = 1
lanes = 8
lane_rate = "100 Gbit/s"
reach = "500 m"
media = "smf"
form_factor = "OSFP"
power = { low = "15 W", typical = "16 W", high = "17 W" }
cost = { low = "400 USD", typical = "500 USD", high = "600 USD" }
latency = "100 ns"
fit = "1000 FIT"
year = 2025
sources = ["test-source"]
"""

# LPO power 1 / 100 W vs DSP 16 W on 8,192 modules: -122.88 kW / +688.128 kW (swing 811.008 kW);
# typical 8,192 x (8 - 16) W = -65.536 kW; DSP power 15 / 17 W: -57.344 / -73.728 kW (swing 16.384 kW);
# the DSP cost does not move power, nor do the shipped failure-model figures (checkpoint and restart
# times, MTTR, the fallback switch FIT) that the evaluation reads for its reliability metrics.
GOLDEN = """\
Tornado, Fabric power: 'lpo' minus 'dsp' [kW]; at typical figures: -65.54; 8 of 8 ranged inputs

input                                        low    typical       high  at low [kW]  at high [kW]  swing [kW]
-----------------------------------  -----------  ---------  ---------  -----------  ------------  ----------
t-lpo-800 power                              1 W        8 W      100 W       -122.9         688.1         811
t-dsp-800 power                             15 W       16 W       17 W       -57.34        -73.73       16.38
job-llm-pretraining checkpoint_time  0.08333 min    0.5 min      5 min       -65.54        -65.54           0
job-llm-pretraining restart_time           3 min     10 min     60 min       -65.54        -65.54           0
service-pluggable-module mttr             0.25 h        1 h        4 h       -65.54        -65.54           0
service-switch default_fit             1,000 FIT  2,000 FIT  5,000 FIT       -65.54        -65.54           0
service-switch mttr                          2 h        8 h       48 h       -65.54        -65.54           0
t-dsp-800 cost                           400 USD    500 USD    600 USD       -65.54        -65.54           0
"""


@pytest.fixture()
def project(tmp_path: Path) -> list[str]:
    fabric, ranges = tmp_path / "fabric.toml", tmp_path / "ranges.toml"
    fabric.write_text(FABRIC)
    ranges.write_text(RANGES)
    return [str(fabric), "--catalog", str(DATA / "test_catalog.toml"), "--catalog", str(ranges)]


def test_sensitivity_table_matches_hand_derived_golden(project: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sensitivity", *project, "--scenario", "lpo", "--metric", "power.fabric"]) == 0
    assert capsys.readouterr().out == GOLDEN


def test_sensitivity_json_and_chart(project: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sensitivity", *project, "--scenario", "lpo", "--metric", "cost.capex", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # capex: 8,192 LPO modules at 300 USD against DSP at 400 / 600 USD: 8,192 x -100 / -300 USD
    first = data["bars"][0]
    assert (first["input"]["entry"], first["input"]["field"]) == ("t-dsp-800", "cost")
    assert (first["at_low"]["value"], first["at_high"]["value"]) == pytest.approx((-819_200, -2_457_600))
    chart = tmp_path / "tornado.svg"
    assert main(["sensitivity", *project, "--scenario", "lpo", "--format", "svg", "-o", str(chart)]) == 0
    assert chart.read_bytes().startswith(b"<?xml") and b"t-lpo-800 power" in chart.read_bytes()


def test_compare_uncertainty_is_reproducible(project: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare", *project, "--uncertainty", "--samples", "2000", "--seed", "3", "--format", "json"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == first
    data = json.loads(first)
    assert data["samples"] == 2000 and data["seed"] == 3 and data["baseline"] == "dsp"
    lpo = next(s for s in data["scenarios"] if s["scenario"] == "lpo")
    assert 0.3 < lpo["probability_beats_baseline"]["power.fabric"] < 0.6  # about 0.42, see test_uncertainty
    assert main(["compare", *project, "--uncertainty", "--samples", "500"]) == 0
    assert "probability of beating the baseline" in capsys.readouterr().out
    assert main(["compare", *project, "--uncertainty", "--samples", "500", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("scenario,metric,unit,p10,p50,p90,delta_p10")


@pytest.mark.parametrize(("args", "message"), [
    (["sensitivity", "--scenario", "nope"], "is not a scenario"),
    (["sensitivity", "--scenario", "lpo", "--metric", "power.fabrik"], "did you mean 'power.fabric'"),
    (["sensitivity", "--scenario", "lpo", "--format", "png"], "give -o FILE"),
    (["compare", "--seed", "4"], "belong to --uncertainty"),
    (["compare", "--uncertainty", "--samples", "0"], "samples must be 1 to 1,000,000"),
    (["compare", "--uncertainty", "--format", "html"], "--uncertainty writes"),
])
def test_usage_errors_exit_2(args: list[str], message: str, project: list[str],
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main([args[0], *project, *args[1:]]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_unwritable_output_fails_before_work(project: list[str], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing-dir" / "out.json"
    assert main(["sensitivity", *project, "--scenario", "lpo", "-o", str(target)]) == 1
    assert main(["compare", *project, "--uncertainty", "-o", str(target)]) == 1
    assert not target.exists()
