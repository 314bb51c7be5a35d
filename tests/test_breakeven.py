"""Break-even on the test fabric against analytic crossovers, "no break-even" when the lines do not cross, the
command line and the report section.

Test fabric: 2,048 hosts, 2 tiers of 64-port switches (64 leaves + 32 spines), 2,048 + 2,048 links, PUE 1.3,
5 years = 43,830 h, 0.08 USD/kWh (tests/data/test_catalog.toml has the round figures).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from helpers import make_fabric, uniform
from hypothesis import given, settings
from hypothesis import strategies as st

from interconnect import Catalog, ScenarioSet, TierChoice, breakeven, evaluate, load_catalog
from interconnect.cli import main
from interconnect.errors import UsageError

DATA = Path(__file__).parent / "data"
HOURS = 43830.0
DSP = uniform("dsp", 2, "t-dsp-800")
CPO = uniform("cpo", 2, "t-cpo-800", first=TierChoice(lower="t-dsp-800", upper="t-cpo-800"), switch="t-sw-64-cpo")
LPO = uniform("lpo", 2, "t-lpo-800", first=TierChoice(lower="t-dsp-800", upper="t-lpo-800"))  # NIC end stays DSP
SCENARIOS = ScenarioSet(scenarios=[DSP, CPO, LPO])


def pricier_lpo(tmp_path: Path, cost: str = "700 USD", trend: str = "") -> Catalog:
    """The test catalog with the LPO module at ``cost`` (same id: replaces the entry) and optional trends."""
    text = (DATA / "test_catalog.toml").read_text(encoding="utf-8")
    start = text.index('[[option]]\nid = "t-lpo-800"')
    end = text.index("[[option]]", start + 1)
    lpo = text[start:end].replace('cost = "300 USD"', f'cost = "{cost}"')
    path = tmp_path / "lpo.toml"
    path.write_text(lpo + trend, encoding="utf-8")
    return load_catalog([DATA / "test_catalog.toml", path], include_shipped=False)


def test_electricity_price_break_even_is_the_analytic_one(tmp_path: Path) -> None:
    # LPO at the 6,144 switch ends: +200 USD and -8 W per module against DSP. TCO delta
    #   6,144 x 200 - 6,144 x 8 W x 1.3 x 43,830 h x p = 0  ->  p* = 200 / (8 x 1.3 x 43,830 / 1000) USD/kWh
    cat = pricier_lpo(tmp_path)
    result = breakeven(make_fabric(2048), SCENARIOS, "lpo", "cost.tco", "electricity_price", cat, baseline="dsp")
    expected = 200 / (8 * 1.3 * HOURS / 1000)
    assert len(result.crossings) == 1
    crossing = result.crossings[0]
    assert crossing.value.m_as("USD/kWh") == pytest.approx(expected, rel=1e-9)  # 0.4388 USD/kWh
    assert crossing.direction == "below" and not crossing.step
    assert result.crossing is not None and result.crossing.m_as("USD/kWh") == crossing.value.m_as("USD/kWh")
    assert result.evaluations <= 3  # the delta is linear in the price: one secant step finds it
    assert "Break-even at electricity_price = 0.438758 USD/kWh" in result.table()


def test_no_break_even_when_the_lines_do_not_cross(test_catalog: Catalog) -> None:
    # CPO saves capex (engines at 200 USD, lasers shared) AND power against DSP: cheaper at every price
    result = breakeven(make_fabric(2048), SCENARIOS, "cpo", "cost.tco", "electricity_price", test_catalog,
                       baseline="dsp")
    assert result.crossings == () and result.crossing is None and not result.equal
    assert np.all(result.deltas.magnitude < 0)
    assert result.sentences()[0].startswith("No break-even for electricity_price from 0 USD/kWh to 0.5 USD/kWh: "
                                            "cpo's TCO (capex + energy) stays below dsp's")
    same = breakeven(make_fabric(2048), SCENARIOS, "cpo", "count.switches", "electricity_price", test_catalog,
                     baseline="dsp")
    assert same.equal and same.crossings == ()
    assert "have the same" in same.sentences()[0]


def test_figure_break_even_is_the_analytic_one(test_catalog: Catalog) -> None:
    # CPO vs DSP: 6,144 engines at c USD + 768 lasers x 400 + 2,048 DSP x 500, against 8,192 DSP x 500;
    # power 63,488 W against 131,072 W (fiber, switches and NICs cancel). TCO delta = 0 at
    #   c* = (8,192 x 500 - 2,048 x 500 - 768 x 400 + 67,584 W x 1.3 x 43,830 h x 0.08 / 1000) / 6,144
    result = breakeven(make_fabric(2048), SCENARIOS, "cpo", "cost.tco", "figure.t-cpo-800.cost=0..1000 USD",
                       test_catalog, baseline="dsp")
    energy = 67584 * 1.3 * HOURS * 0.08 / 1000
    expected = (8192 * 500 - 2048 * 500 - 768 * 400 + energy) / 6144  # 500.14 USD
    assert result.crossing is not None and result.crossing.m_as("USD") == pytest.approx(expected, rel=1e-9)
    assert result.crossings[0].direction == "above"
    # by default a figure is searched from 0 to twice its catalog high (200 USD): no crossing below 400 USD
    default = breakeven(make_fabric(2048), SCENARIOS, "cpo", "cost.tco", "figure.t-cpo-800.cost", test_catalog,
                        baseline="dsp")
    assert (default.low.m_as("USD"), default.high.m_as("USD")) == (0.0, 400.0) and default.crossings == ()


def test_year_break_even_with_a_trend(tmp_path: Path) -> None:
    # LPO at 700 USD dated 2026, falling 20% a year; energy saving per module E = 8 W x 1.3 x 43,830 h x 0.08:
    #   700 x 0.8^(Y - 2026) - 500 = E / 1000  ->  Y* = 2026 + ln((500 + E / 1000) / 700) / ln(0.8)
    trend = """
[[trend]]
id = "t-lpo-price"
name = "test: the LPO module's price falls 20% a year"
fields = ["cost"]
entries = ["t-lpo-800"]
decline = "20 percent"
sources = ["test-source"]
"""
    cat = pricier_lpo(tmp_path, trend=trend)
    result = breakeven(make_fabric(2048), SCENARIOS, "lpo", "cost.tco", "year", cat, baseline="dsp")
    saving = 8 * 1.3 * HOURS * 0.08 / 1000
    expected = 2026 + math.log((500 + saving) / 700) / math.log(0.8)
    assert result.crossing is not None and float(result.crossing.magnitude) == pytest.approx(expected, abs=1e-6)
    assert result.crossings[0].direction == "below"  # LPO becomes the cheaper choice from 2027.2 on


def test_whole_accelerator_break_even(test_catalog: Catalog) -> None:
    # up to 32 hosts: 1 leaf + 1 spine. DSP capex 4N x 500 (+ switches); CPO N x 500 + 128 engines x 200 +
    # 16 lasers x 400. Delta 32,000 - 1,500 N: zero at N = 21.3, so CPO is cheaper from 22 accelerators.
    # Power: 640 W - 48 W x N, zero at 13.3: CPO draws less from 14.
    fabric = make_fabric(2048)
    capex = breakeven(fabric, SCENARIOS, "cpo", "cost.capex", "accelerators=8..2048:log", test_catalog,
                      baseline="dsp")
    assert [(c.value.magnitude, c.low.magnitude, c.high.magnitude, c.direction) for c in capex.crossings] == \
        [(22, 21, 22, "below")]
    power = breakeven(fabric, SCENARIOS, "cpo", "power.fabric", "accelerators=8..2048:log", test_catalog,
                      baseline="dsp")
    assert power.crossing is not None and power.crossing.magnitude == 14
    at = {n: evaluate(make_fabric(n), CPO, test_catalog).value("cost.capex")
          - evaluate(make_fabric(n), DSP, test_catalog).value("cost.capex") for n in (21, 22)}
    assert at[21] > 0 > at[22]


@settings(max_examples=25, deadline=None)
@given(cost=st.floats(310, 2000), power=st.floats(1, 15))
def test_price_break_even_matches_the_formula(cost: float, power: float) -> None:
    # any LPO price and power: p* = (cost - 500) x 1000 / ((16 - power) W x 1.3 x 43,830 h), or none above 0.5
    from interconnect.catalog import Figure
    from interconnect.units import Q_

    base = _test_catalog()
    lpo = base.option("t-lpo-800").model_copy(update={
        "cost": Figure(low=Q_(cost, "USD"), typical=Q_(cost, "USD"), high=Q_(cost, "USD")),
        "power": Figure(low=Q_(power, "W"), typical=Q_(power, "W"), high=Q_(power, "W"))})
    cat = Catalog(options={**base.options, "t-lpo-800": lpo}, switches=base.switches, nics=base.nics,
                  sources=base.sources)
    result = breakeven(make_fabric(2048), SCENARIOS, "lpo", "cost.tco", "electricity_price", cat, baseline="dsp")
    expected = (cost - 500) * 1000 / ((16 - power) * 1.3 * HOURS)
    if 0.001 < expected < 0.499:
        assert result.crossing is not None and len(result.crossings) == 1
        assert result.crossing.m_as("USD/kWh") == pytest.approx(expected, rel=1e-8)
    elif expected < 0 or expected > 0.501:
        assert result.crossings == ()


_CATALOG: list[Catalog] = []


def _test_catalog() -> Catalog:
    if not _CATALOG:
        _CATALOG.append(load_catalog([DATA / "test_catalog.toml"], include_shipped=False))
    return _CATALOG[0]


@pytest.mark.parametrize(("vary", "message"), [
    ("electricty_price", "unknown input"),
    ("electricity_price=0.1,0.2 USD/kWh", "searches a range"),
    ("electricity_price=0..0.5 USD/kWh:9", "--points"),
    ("length.backend.1", "no default range"),
    ("electricity_price=0.5..0.1 USD/kWh", "START < STOP"),
])
def test_bad_inputs_are_usage_errors(test_catalog: Catalog, vary: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        breakeven(make_fabric(2048), SCENARIOS, "cpo", "cost.tco", vary, test_catalog, baseline="dsp")


def test_bad_scenarios_and_metrics_are_usage_errors(test_catalog: Catalog) -> None:
    fabric = make_fabric(2048)
    with pytest.raises(UsageError, match="is the baseline"):
        breakeven(fabric, SCENARIOS, "dsp", "cost.tco", "pue", test_catalog, baseline="dsp")
    with pytest.raises(UsageError, match="no scenario named 'cp'"):
        breakeven(fabric, SCENARIOS, "cp", "cost.tco", "pue", test_catalog)
    with pytest.raises(UsageError, match="unknown metric"):
        breakeven(fabric, SCENARIOS, "cpo", "cost.tc", "pue", test_catalog)
    with pytest.raises(UsageError, match="no scenario reads this figure"):
        breakeven(fabric, SCENARIOS, "cpo", "cost.tco", "figure.t-aec-800.cost", test_catalog, baseline="dsp")


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["breakeven", "--scenario", "cpo", "--metric", "cost.tco",
            "--vary", "figure.broadcom-davisson-cpo-800g-port.cost"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Break-even at figure.broadcom-davisson-cpo-800g-port.cost = 606" in out
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == 1 and data["baseline"] == "all-dsp" and len(data["crossings"]) == 1
    assert data["crossings"][0]["value"]["unit"] == "USD" and data["crossings"][0]["direction"] == "above"
    assert main(["breakeven", "--scenario", "cpo", "--metric", "cost.tco", "--vary", "electricity_price"]) == 0
    assert "No break-even for electricity_price" in capsys.readouterr().out
    chart = tmp_path / "payoff.svg"
    assert main([*args, "--format", "chart", "-o", str(chart)]) == 0
    assert chart.read_bytes().startswith(b"<?xml")
    assert main(["breakeven", "--scenario", "cpo", "--metric", "cost.tco", "--vary", "yeer"]) == 2
    assert main(["breakeven", "--scenario", "cpo", "--metric", "cost.tc", "--vary", "year"]) == 2
    assert main([*args, "--format", "chart"]) == 2
    assert main(["breakeven", "--scenario", "cpo", "--metric", "cost.tco",
                 "--vary", "accelerators=1000..1000000:log"]) == 1  # a 2-tier plane holds 131,072
    err = capsys.readouterr().err
    assert "at some values of accelerators in the range" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as exit_info:
        main(["breakeven", "--scenario", "cpo", "--metric", "cost.tco"])
    assert exit_info.value.code == 2


def test_report_section(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    assert main(["report", "--breakeven", "figure.broadcom-davisson-cpo-800g-port.cost", "--breakeven-scenario", "cpo",
                 "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## When does it pay off" in text and "Break-even at figure.broadcom-davisson-cpo-800g-port.cost" in text
    assert (tmp_path / "r-payoff.png").read_bytes().startswith(b"\x89PNG")
    html = tmp_path / "r.html"
    assert main(["report", "--breakeven", "year", "-o", str(html)]) == 0
    assert "When does it pay off" in html.read_text(encoding="utf-8")
    assert main(["report", "--breakeven-metric", "cost.tco"]) == 2
