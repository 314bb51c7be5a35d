"""The report's uncertainty section and ``interconnect report --uncertainty``.

Golden fabric (tests/golden/inputs/fabric.toml, 1,024 accelerators, 2 tiers of 64-port switches) on the test
catalog: cpo saves 33.792 kW of fabric power against dsp and aec-t1 22.528 kW (tests/test_reports.py). The cpo
scenario reads t-cpo-800 at both ends of tier 2 and at the top of tier 1: 1,024 + 2 x 1,024 = 3,072 engines
(no idle ports: 32 leaves x 64 ports and 16 spines x 64 ports are all used). RANGES gives t-cpo-800 a
symmetric power range 2 / 4 / 6 W, every other field as in the test catalog: Beta-PERT with
a = b = 1 + 4 x 2 / 4 = 3, whose CDF is 10x^3 - 15x^4 + 6x^5, so P10 / P50 / P90 = 0.246636 / 0.5 /
0.753364 of the range; each engine watt moves cpo's delta by 3.072 kW.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from interconnect.calculator import compare
from interconnect.catalog import load_catalog
from interconnect.cli import main
from interconnect.errors import UsageError
from interconnect.files import load_project
from interconnect.reports import render_report, write_report
from interconnect.reports.blocks import format_number
from interconnect.reports.uncertainty import Sensitivity, largest_power_saving
from interconnect.uncertainty import monte_carlo, tornado

GOLDEN = Path(__file__).parent / "golden"
FABRIC = GOLDEN / "inputs" / "fabric.toml"
CATALOG = Path(__file__).parent / "data" / "test_catalog.toml"

RANGES = """
[[option]]
id = "t-cpo-800"
name = "t-cpo-800 with a power range"
class = "cpo"
rate = "800 Gbit/s"
breakout = 1
lanes = 8
lane_rate = "100 Gbit/s"
reach = "500 m"
media = "smf"
form_factor = "engine"
power = { low = "2 W", typical = "4 W", high = "6 W" }
cost = "200 USD"
latency = "5 ns"
fit = "400 FIT"
year = 2025
sources = ["test-source"]
laser_power = "8 W"
ports_per_laser = 8
laser_cost = "400 USD"
laser_fit = "500 FIT"
"""

BETA33 = (0.246636, 0.5, 0.753364)  # P10 / P50 / P90 of Beta(3, 3), from its CDF (module docstring)


@pytest.fixture()
def ranges(tmp_path: Path) -> Path:
    path = tmp_path / "ranges.toml"
    path.write_text(RANGES)
    return path


def _project(*extra: Path):  # type: ignore[no-untyped-def]
    catalog = load_catalog([CATALOG, *extra], include_shipped=False)
    fabric, scenarios = load_project(FABRIC)
    assert scenarios is not None
    return catalog, fabric, scenarios


def _section(markdown: str) -> str:
    start = markdown.index("## Uncertainty and sensitivity")
    end = markdown.find("\n## ", start + 1)
    return markdown[start:end if end > 0 else None]


def _row(metric: str, scenario: str, values: tuple[float, ...], deltas: tuple[float, ...]) -> str:
    signed = [("+" if d > 0 else "") + format_number(d) for d in deltas]
    return f"| {metric} | {scenario} | {' | '.join(format_number(v) for v in values)} | {' | '.join(signed)} |"


def test_section_shows_the_monte_carlo_numbers(ranges: Path) -> None:
    catalog, fabric, scenarios = _project(ranges)
    mc = monte_carlo(fabric, scenarios, catalog, samples=20_000, seed=7)
    cpo = mc.scenario("cpo").deltas["power.fabric"]
    # Hand-derived: -33.792 kW + 3.072 kW/W x (2 W + 4 W x q - 4 W) for q = P10 / P50 / P90 of Beta(3, 3):
    # -36.906 / -33.792 / -30.678 kW. Sampling noise of a P10 at 20,000 samples is about 0.03 kW.
    expected = [-33.792 + 3.072 * (2 + 4 * q - 4) for q in BETA33]
    assert [q.m_as("kW") for q in (cpo.p10, cpo.p50, cpo.p90)] == pytest.approx(expected, abs=0.12)
    sensitivity = Sensitivity("cpo", "power.fabric", "dsp", tuple(tornado(fabric, scenarios, catalog,
                                                                          "power.fabric", "cpo")))
    md = render_report(mc.deterministic, fabric, scenarios, catalog, "markdown", uncertainty=mc,
                       sensitivity=sensitivity)
    section = _section(md)
    # The report shows exactly the API's spreads (same seed), read from the result.
    for name in ("aec-t1", "cpo"):
        s = mc.scenario(name)
        for metric, label in (("power.fabric", "Fabric power \\[kW\\]"),
                              ("cost.tco", "TCO (capex + energy) \\[\\$\\]")):
            row = _row(label, name, s.totals[metric].values, s.deltas[metric].values)
            assert row in section, row
    base = " | ".join(format_number(v) for v in mc.scenario("dsp").totals["power.fabric"].values)
    assert f"| Fabric power \\[kW\\] | dsp (baseline) | {base} | - | - | - |" in section
    # aec-t1 reads no ranged figure: its delta is exact, -22.528 kW at every percentile.
    assert "| aec-t1 | 111.5 | 111.5 | 111.5 | -22.53 | -22.53 | -22.53 |" in section
    # The widest cpo delta (P90 at about -30.7 kW) stays below zero, and the engine power leaves capex
    # (768,000 USD lower) alone: cpo beats dsp in every sample on power, capex and TCO.
    assert "| cpo | 100.0% | 100.0% | 100.0% |" in section
    assert "| samples | 20,000 |" in section and "| seed | 7 |" in section
    assert "| distribution | Beta-PERT over low / typical / high |" in section
    assert "| ranged inputs sampled | 1 |" in section
    # Tornado: t-cpo-800 power at 2 W / 6 W: -33.792 -/+ 3.072 x 2 = -39.936 / -27.648 kW, swing 12.288 kW.
    assert "| `t-cpo-800` | power | 2 W | 4 W | 6 W | -39.94 | -27.65 | 12.29 |" in section
    assert "'cpo' is the scenario with the largest fabric-power saving against 'dsp'" in section
    assert "At typical figures: -33.79 kW." in section
    assert "*Chart \"Tornado: Fabric power: 'cpo' minus 'dsp'\"" in section


def test_collapsed_ranges_equal_the_deterministic_deltas() -> None:
    catalog, fabric, scenarios = _project()  # the test catalog has point figures only
    mc = monte_carlo(fabric, scenarios, catalog, samples=500, seed=0)
    comparison = mc.deterministic
    assert mc.inputs == ()
    for name in ("aec-t1", "cpo"):
        for metric in ("power.fabric", "cost.capex", "cost.tco"):
            exact = float(comparison.delta(name, metric).m_as(mc.scenario(name).deltas[metric].unit))
            assert mc.scenario(name).deltas[metric].values == pytest.approx((exact,) * 3, rel=1e-12)
    bars = tornado(fabric, scenarios, catalog, "power.fabric", largest_power_saving(comparison))
    assert bars == []
    md = render_report(comparison, fabric, scenarios, catalog, "markdown", uncertainty=mc,
                       sensitivity=Sensitivity("cpo", "power.fabric", "dsp", ()))
    section = _section(md)
    # cpo: -33.792 kW of fabric power and -768,000 USD of capex (tests/test_reports.py) at every percentile.
    assert "| Fabric power \\[kW\\] | cpo | 100.2 | 100.2 | 100.2 | -33.79 | -33.79 | -33.79 |" in section
    assert "| Capex \\[\\$\\] | cpo | 3,291,034 | 3,291,034 | 3,291,034 | -768,000 | -768,000 | -768,000 |" in section
    assert "every P10, P50 and P90 equals the result at typical figures" in section
    assert "Nothing to rank: no catalog figure these scenarios read is given as a range." in section
    assert "Tornado:" not in section  # no tornado chart without bars


def test_report_without_uncertainty_is_unchanged() -> None:
    catalog, fabric, scenarios = _project()
    comparison = compare(fabric, scenarios, catalog)
    plain = render_report(comparison, fabric, scenarios, catalog, "markdown")
    assert plain == render_report(comparison, fabric, scenarios, catalog, "markdown", uncertainty=None,
                                  sensitivity=None)
    assert "Uncertainty" not in plain and "Monte Carlo" not in plain


def test_results_for_other_scenarios_are_refused(ranges: Path) -> None:
    catalog, fabric, scenarios = _project(ranges)
    mc = monte_carlo(fabric, scenarios, catalog, samples=100, seed=0, baseline="cpo")
    comparison = compare(fabric, scenarios, catalog)
    with pytest.raises(UsageError, match="same scenario set"):
        render_report(comparison, fabric, scenarios, catalog, "markdown", uncertainty=mc)
    with pytest.raises(UsageError, match="same scenario set"):
        render_report(comparison, fabric, scenarios, catalog, "markdown",
                      sensitivity=Sensitivity("nope", "power.fabric", "dsp", ()))


def test_report_command_matches_the_api(ranges: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["report", str(FABRIC), "--catalog", str(CATALOG), "--catalog", str(ranges), "--uncertainty",
            "--samples", "2000", "--seed", "3"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    _, fabric, scenarios = _project(ranges)
    catalog = load_catalog([CATALOG, ranges])  # as the command reads it: the shipped catalog under the files
    mc = monte_carlo(fabric, scenarios, catalog, samples=2000, seed=3)
    bars = tuple(tornado(fabric, scenarios, catalog, "power.fabric", "cpo"))
    assert printed == render_report(mc.deterministic, fabric, scenarios, catalog, "markdown", uncertainty=mc,
                                    sensitivity=Sensitivity("cpo", "power.fabric", "dsp", bars))
    written = write_report(tmp_path / "api.md", mc.deterministic, fabric, scenarios, catalog, uncertainty=mc,
                           sensitivity=Sensitivity("cpo", "power.fabric", "dsp", bars))
    assert [p.name for p in written] == ["api.md", "api-power.png", "api-cost.png", "api-uncertainty.png",
                                         "api-tornado.png"]
    out = tmp_path / "cli" / "r.md"
    out.parent.mkdir()
    assert main([*args, "-o", str(out)]) == 0
    assert sorted(p.name for p in out.parent.iterdir()) == ["r-cost.png", "r-power.png", "r-tornado.png",
                                                           "r-uncertainty.png", "r.md"]
    text = out.read_text()
    assert "![Fabric power change vs dsp: P10 to P90 (bar) and P50 (mark)](r-uncertainty.png)" in text
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in out.parent.glob("*.png"))


def test_report_command_sensitivity_choice_and_html(ranges: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["report", str(FABRIC), "--catalog", str(CATALOG), "--catalog", str(ranges), "--uncertainty",
                 "--samples", "500", "--sensitivity-scenario", "aec-t1", "--sensitivity-metric", "cost.tco",
                 "-o", str(out)]) == 0
    text = out.read_text()
    assert text.count("data:image/svg+xml;base64,") == 3  # power, cost, spread; aec-t1 reads no range
    assert "<h3>Sensitivity: TCO (capex + energy): &#x27;aec-t1&#x27; minus &#x27;dsp&#x27;</h3>" in text
    assert "Nothing to rank" in text and "largest fabric-power saving" not in text


def test_hostile_scenario_names_are_text_in_charts(ranges: Path, tmp_path: Path) -> None:
    fabric = tmp_path / "evil.toml"
    evil = "cpo <b>x</b> $\\\\foo{$"  # TOML for cpo <b>x</b> $\foo{$ : matplotlib would fail on it as math
    fabric.write_text(FABRIC.read_text().replace('name = "cpo"', f'name = "{evil}"'))
    out = tmp_path / "r.html"
    assert main(["report", str(fabric), "--catalog", str(CATALOG), "--catalog", str(ranges), "--uncertainty",
                 "--samples", "200", "-o", str(out)]) == 0
    text = out.read_text()
    assert "<b>" not in text and "cpo &lt;b&gt;x&lt;/b&gt; $\\foo{$" in text
    svgs = [base64.b64decode(m).decode() for m in re.findall(r"base64,([A-Za-z0-9+/=]+)", text)]
    assert len(svgs) == 4 and all("<b>" not in svg for svg in svgs)
    assert "cpo &lt;b&gt;x&lt;/b&gt;" in svgs[2]  # the spread chart keeps the name as (escaped) SVG text


@pytest.mark.parametrize(("args", "message"), [
    (["--samples", "100"], "belong to --uncertainty"),
    (["--seed", "1"], "belong to --uncertainty"),
    (["--sensitivity-scenario", "cpo"], "belong to --uncertainty"),
    (["--uncertainty", "--samples", "0"], "samples must be 1 to 1,000,000"),
    (["--uncertainty", "--seed", "-1"], "seed must be zero or more"),
    (["--uncertainty", "--sensitivity-metric", "power.fabrik"], "did you mean 'power.fabric'"),
    (["--uncertainty", "--sensitivity-scenario", "nope"], "--sensitivity-scenario 'nope' is not a scenario"),
])
def test_usage_errors_exit_2(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(FABRIC), "--catalog", str(CATALOG), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "hint: run 'interconnect report --help'" in err and "Traceback" not in err
