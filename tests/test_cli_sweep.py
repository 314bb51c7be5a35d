"""Sweeps: ``--vary`` parsing, the grid, vectorized evaluation, and ``interconnect sweep`` in every format.

Expected values on the golden fabric (tests/golden/inputs/fabric.toml, test catalog) are derived in
tests/test_cli_compare.py: at 1,024 accelerators the dsp fabric draws 134.016 kW. At 512 accelerators
the tree is 16 leaves and 8 spines (24 switches), 2,048 modules: 32.768 + 24 + 10.24 = 67.008 kW.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from helpers import check_golden
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interconnect.calculator import FIBER_DELAY, compare
from interconnect.cli import main
from interconnect.errors import UsageError
from interconnect.files import load_project
from interconnect.sweep import DEFAULT_POINTS, build_grid, parse_vary, run_sweep

GOLDEN = Path(__file__).parent / "golden"
FABRIC = str(GOLDEN / "inputs" / "fabric.toml")
CATALOG = str(Path(__file__).parent / "data" / "test_catalog.toml")
INPUTS = [FABRIC, "--catalog", CATALOG]


def _sweep_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    assert main(["sweep", *INPUTS, "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


# --- parsing -------------------------------------------------------------------------------------

def test_linear_range_default_points() -> None:
    vary = parse_vary("pue=1.0..2.0")
    assert vary.values.magnitude.tolist() == pytest.approx(np.linspace(1, 2, DEFAULT_POINTS).tolist())
    assert not vary.log


def test_log_range_with_points_and_rounded_accelerators() -> None:
    vary = parse_vary("accelerators=1000..100000:log:5")
    # 10^3, 10^3.5, 10^4, 10^4.5, 10^5 rounded to whole accelerators
    assert vary.values.magnitude.tolist() == [1000, 3162, 10000, 31623, 100000]
    assert vary.log


def test_unit_on_one_end_applies_to_both() -> None:
    vary = parse_vary("electricity_price=5..20 USD/MWh:4")
    assert vary.values.m_as("USD/kWh").tolist() == pytest.approx([0.005, 0.01, 0.015, 0.02])
    assert vary.label == "electricity_price [USD/kWh]"


def test_list_of_values() -> None:
    vary = parse_vary("length.backend.2=30,130 m")
    assert vary.values.m_as("m").tolist() == [30, 130]
    assert parse_vary("figure.t-dsp-800.power=16 W,26 W").values.m_as("W").tolist() == [16, 26]


@pytest.mark.parametrize(("spec", "message"), [
    ("accelerators", "expected NAME=START"),
    ("speed=1..2", "unknown input"),
    ("pue=1..2:fast", "unknown option ':fast'"),
    ("pue=1..2:1", "2 to 100,000 points"),
    ("pue=0..2:log", "log range needs positive ends"),
    ("pue=1,2:log", "apply to ranges"),
    ("lifetime=1..5", "is not a duration"),
    ("lifetime=1..5 W", "is not a duration"),
    ("figure.t-dsp-800.colour=1..2 W", "not a catalog figure"),
    ("electricity_price=0.1..abc", "cannot be read|not a number|unknown unit"),
])
def test_bad_specs_are_usage_errors(spec: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_vary(spec)


def test_grid_is_the_cartesian_product_first_axis_slowest() -> None:
    grid = build_grid([parse_vary("accelerators=512,1024"), parse_vary("pue=1.0,1.5,2.0")])
    assert grid.size == 6
    assert grid.columns["accelerators"].magnitude.tolist() == [512, 512, 512, 1024, 1024, 1024]
    assert grid.columns["pue"].magnitude.tolist() == [1.0, 1.5, 2.0, 1.0, 1.5, 2.0]
    with pytest.raises(UsageError, match="more than once"):
        build_grid([parse_vary("pue=1,2"), parse_vary("pue=3,4")])
    with pytest.raises(UsageError, match="at most"):
        build_grid([parse_vary("pue=1..2:1000"), parse_vary("lifetime=1..2 year:1000")])


# --- evaluation ----------------------------------------------------------------------------------

@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(accelerators=st.lists(st.integers(min_value=1, max_value=2048), min_size=1, max_size=4),
       price=st.floats(min_value=0.01, max_value=0.5))
def test_vectorized_sweep_equals_pointwise(test_catalog, accelerators: list[int], price: float) -> None:  # type: ignore[no-untyped-def]
    """Invariant: each grid point of the one-pass sweep equals a separate one-point evaluation."""
    fabric, scenarios = load_project(FABRIC)
    assert scenarios is not None
    grid = build_grid([parse_vary("accelerators=" + ",".join(map(str, accelerators))),
                       parse_vary(f"electricity_price={price!r} USD/kWh")])
    sweep = run_sweep(fabric, scenarios, grid, test_catalog)
    for i, n in enumerate(accelerators):
        point = fabric.replace(accelerators=n, economics=fabric.economics.model_copy(
            update={"electricity_price": grid.columns["electricity_price"][i]}))
        single = compare(point, scenarios, test_catalog)
        for result in single.results:
            swept = sweep.comparison.result(result.scenario)
            for metric in ("power.fabric", "cost.tco", "count.switches", "latency.worst_path"):
                assert swept.value(metric)[i] == pytest.approx(result.value(metric), rel=1e-12)


def test_progress_is_reported_per_scenario(test_catalog) -> None:  # type: ignore[no-untyped-def]
    fabric, scenarios = load_project(FABRIC)
    assert scenarios is not None
    calls: list[tuple[int, int]] = []
    run_sweep(fabric, scenarios, build_grid([parse_vary("pue=1,2")]), test_catalog,
              progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


# --- the command -----------------------------------------------------------------------------------

def test_accelerator_sweep_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = _sweep_json(capsys, "--vary", "accelerators=512,1024", "--metric", "power.fabric,count.switches")
    assert data["baseline"] == "dsp" and data["points"] == 2
    assert data["vary"] == [{"name": "accelerators", "log": False, "value": [512.0, 1024.0], "unit": ""}]
    assert data["grid"] == {"accelerators": {"value": [512.0, 1024.0], "unit": ""}}
    dsp = data["scenarios"][0]
    assert dsp["scenario"] == "dsp"
    assert dsp["metrics"]["power.fabric"]["value"] == pytest.approx([67.008, 134.016])
    assert dsp["metrics"]["count.switches"] == {"value": [24, 48], "unit": ""}
    cpo = data["scenarios"][2]
    assert cpo["deltas"]["power.fabric"]["absolute"]["value"][1] == pytest.approx(-33.792)
    assert set(cpo["metrics"]) == {"power.fabric", "count.switches"}


def test_figure_sweep_overrides_the_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    # dsp uses 4,096 t-dsp-800 modules: 10 W more each adds 40.96 kW (134.016 -> 174.976).
    # cpo keeps 1,024 at the NIC end: +10.24 kW (100.224 -> 110.464).
    data = _sweep_json(capsys, "--vary", "figure.t-dsp-800.power=16..26 W:2")
    values = {s["scenario"]: s["metrics"]["power.fabric"]["value"] for s in data["scenarios"]}
    assert values["dsp"] == pytest.approx([134.016, 174.976])
    assert values["cpo"] == pytest.approx([100.224, 110.464])


def test_length_sweep_moves_latency_and_fiber_cost(capsys: pytest.CaptureFixture[str]) -> None:
    # Tier 2 from 30 m to 130 m: the worst path crosses tier 2 twice, +200 m of fiber at 4.897 ns/m;
    # 16 strands x 1,024 links x 100 m x 0.05 USD/m = 81,920 USD more fiber.
    data = _sweep_json(capsys, "--vary", "length.backend.2=30,130 m", "--metric", "latency.worst_path",
                       "--metric", "cost.fiber")
    dsp = data["scenarios"][0]["metrics"]
    latency = dsp["latency.worst_path"]["value"]
    assert latency[1] - latency[0] == pytest.approx(200 * FIBER_DELAY)
    fiber = dsp["cost.fiber"]["value"]
    assert fiber[1] - fiber[0] == pytest.approx(81_920)


def test_json_golden(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", *INPUTS, "--format", "json", "--vary", "accelerators=256..1024:log:3",
                 "--vary", "electricity_price=0.1,0.2 USD/kWh", "--metric", "power.fabric,cost.tco"]) == 0
    check_golden("sweep.json", capsys.readouterr().out)


def test_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", *INPUTS, "--vary", "accelerators=512,1024"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Fabric power [kW], baseline 'dsp'"
    assert lines[4].split() == ["512", "67.01", "55.74", "(-16.8%)", "50.11", "(-25.2%)"]
    assert lines[5].split() == ["1,024", "134.0", "111.5", "(-16.8%)", "100.2", "(-25.2%)"]


def test_csv_is_tidy(capsys: pytest.CaptureFixture[str]) -> None:
    # Energy over 4 years at PUE 1.25: 134.016 kW x 1.25 x 35,064 h x price; doubling the price
    # doubles it (587,392.128 -> 1,174,784.256 USD).
    assert main(["sweep", *INPUTS, "--format", "csv", "--vary", "electricity_price=0.1,0.2 USD/kWh",
                 "--metric", "cost.energy", "--metric", "power.fabric"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "point,electricity_price [USD/kWh],scenario,metric,unit,value,delta,relative_delta"
    assert len(lines) == 1 + 2 * 3 * 2  # points x scenarios x metrics
    assert "0,0.1,dsp,cost.energy,USD,587392.128,0,0" in lines
    assert "1,0.2,dsp,cost.energy,USD,1174784.256,0,0" in lines
    assert "1,0.2,dsp,power.fabric,kW,134.016,0,0" in lines


def test_csv_columns_quote_text_cells_as_the_csv_module_does() -> None:
    import csv
    import io

    from interconnect.cli.output import csv_columns, csv_numbers

    values = csv_numbers([0.5, float("nan")], blank_nonfinite=True)
    text = csv_columns(["point", "scenario, quoted", "value"], [[csv_numbers([0, 1], "%d"), '=a "b", c', values]])
    assert list(csv.reader(io.StringIO(text))) == [["point", "scenario, quoted", "value"],
                                                  ["0", '\'=a "b", c', "0.5"], ["1", '\'=a "b", c', ""]]


@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<?xml"), (".png", b"\x89PNG")])
def test_chart(tmp_path: Path, suffix: str, magic: bytes) -> None:
    out = tmp_path / f"sweep{suffix}"
    assert main(["sweep", *INPUTS, "--vary", "accelerators=256..1024:log:3", "--format", "chart",
                 "-o", str(out)]) == 0
    assert out.read_bytes().startswith(magic)


@pytest.mark.parametrize(("args", "message"), [
    (["--vary", "pue=1..2", "--format", "chart"], "give -o FILE.png"),
    (["--vary", "pue=1..2", "--vary", "lifetime=1..2 year", "--format", "chart", "-o", "x.png"], "one --vary"),
    (["--vary", "pue=1..2", "--metric", "power.fabrik"], "did you mean power.fabric"),
    (["--vary", "pue=0.5..1.5"], "invalid pue"),
    (["--vary", "length.frontend.1=1,2 m"], "no plane 'frontend'"),
    (["--vary", "length.backend.3=1,2 m"], "has 2 link length"),
    (["--vary", "figure.t-nope.power=1,2 W"], "unknown entry id 't-nope'"),
    (["--vary", "figure.t-cpo-800.energy_per_bit=1,2 pJ/bit"], "gives 'power'"),
])
def test_usage_errors_exit_2_with_hint(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert main(["sweep", *INPUTS, *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "hint: run 'interconnect sweep --help'" in err
    assert "Traceback" not in err


def test_missing_vary_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["sweep", *INPUTS])
    assert exc.value.code == 2
    assert "--vary" in capsys.readouterr().err


def test_infeasible_point_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    # Two tiers of 64-port switches hold 64 x 64 / 2 = 2,048 endpoints; 4,096 do not fit.
    assert main(["sweep", *INPUTS, "--vary", "accelerators=1024,4096"]) == 1
    err = capsys.readouterr().err
    assert "4,096 endpoints do not fit" in err


def test_unwritable_output_fails_before_any_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing" / "sweep.csv"
    assert main(["sweep", str(tmp_path / "nothing.toml"), "--vary", "pue=1,2", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "nothing.toml" not in err


def test_samples_give_percentiles_per_grid_point_and_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    # the golden fabric at 512 and 1,024 accelerators; its test catalog has ranged figures, so P10 < P90 for
    # fabric power, while module counts are exact: 2,048 at 512 accelerators (2 tiers x 512 links x 2 ends)
    assert main(["sweep", *INPUTS, "--vary", "accelerators=512,1024", "--samples", "200", "--seed", "4",
                 "--format", "csv", "--metric", "count.optical_modules,power.fabric"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "point,accelerators,scenario,metric,unit,p10,p50,p90"
    assert len(lines) == 1 + 2 * 3 * 2  # points x scenarios x metrics
    assert "0,512,dsp,count.optical_modules,,2048,2048,2048" in lines
    power = next(line.split(",") for line in lines if line.startswith("1,1024,dsp,power.fabric"))
    assert float(power[5]) <= float(power[6]) <= float(power[7])
    again = _sweep_json(capsys, "--vary", "accelerators=512,1024", "--samples", "200", "--seed", "4",
                        "--scheduler", "threads", "--chunk-points", "200")
    dsp = next(s for s in again["scenarios"] if s["scenario"] == "dsp")
    assert dsp["metrics"]["power.fabric"]["p50"][1] == pytest.approx(float(power[6]), rel=1e-11)


@pytest.mark.parametrize(("args", "message"), [
    (["--scheduler", "threads"], "belong to --samples"), (["--samples", "0"], "samples must be"),
    (["--samples", "10", "--format", "chart", "-o", "x.png"], "without --samples"),
    (["--samples", "10", "--scheduler", "tcp://127.0.0.1:1"], "cannot reach the Dask scheduler")])
def test_samples_usage_errors(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert main(["sweep", *INPUTS, "--vary", "accelerators=512,1024", *args]) == 2
    assert message in capsys.readouterr().err
