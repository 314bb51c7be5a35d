"""Every figure accepts only its own dimension, the bit included: pint treats the bit as dimensionless, so
without our check '800 GHz' would pass as a bit rate and '500 m*bit' as a length."""

from __future__ import annotations

from pathlib import Path

import pytest

from interconnect import CatalogError, FabricError, load_catalog, load_project
from interconnect.units import DIMENSIONS, UnitParseError, parse_quantity

DATA = Path(__file__).parent / "data"

RIGHT = {
    "bit rate": ["800 Gbit/s", "800G", "1.6T", "800 Gb/s", "800 Gbps", "100 GB/s", "0.8 Tbit/s", "800 bps"],
    "energy per bit": ["5 pJ/bit", "5 pJ / bit", "0.005 nJ/bit", "5 W/Tbit*s"],
    "power": ["15 W", "0.015 kW", "15 J/s"],
    "length": ["500 m", "0.5 km", "30 ft"],
    "cost": ["900 USD", "$900", "0.9 kUSD"],
    "time": ["100 ns", "0.1 us", "0.1 GHz**-1"],
    "failure rate": ["100 FIT", "1e-7 1/hour"],
    "duration": ["5 year", "60 month"],
    "energy price": ["0.08 USD/kWh"],
    "delay per length": ["5 ns/m"],
}
WRONG = {
    "bit rate": ["800 GHz", "800 gigabaud", "100 GBd", "800 Gbaud", "800 MHz", "800 count/s", "800 bit",
                 "800 1/s", "800 Gbit", "800 Gbit*m/s", "800 W", "800"],
    "energy per bit": ["5 pJ", "5 pJ/bit/bit", "5 pJ*bit", "5 W/GHz", "5 pJ/baud"],
    "power": ["15 W*bit", "15 W/bit", "15 Gbit/s", "15 J", "15 W*baud/Hz"],
    "length": ["500 m*bit", "500 m/bit", "500 s", "500 bit", "500", "500 m*Bd/Hz"],
    "cost": ["900 USD*bit", "900 W", "900"],
    "time": ["100 ns*bit", "100 1/GHz/bit", "100 m"],
    "failure rate": ["100 FIT*bit", "100 GHz/bit", "100 W"],
    "duration": ["5 year*bit", "5 m"],
    "energy price": ["0.08 USD/kWh/bit", "0.08 USD/kW"],
    "delay per length": ["5 ns/m/bit", "5 ns"],
}
CASES_RIGHT = [(d, t) for d, texts in RIGHT.items() for t in texts]
CASES_WRONG = [(d, t) for d, texts in WRONG.items() for t in texts]


@pytest.mark.parametrize(("dimension", "text"), CASES_RIGHT)
def test_each_dimension_accepts_its_units(dimension: str, text: str) -> None:
    q = parse_quantity(text, dimension)
    assert q.to(DIMENSIONS[dimension].unit).magnitude > 0


@pytest.mark.parametrize(("dimension", "text"), CASES_WRONG)
def test_each_dimension_refuses_every_other(dimension: str, text: str) -> None:
    with pytest.raises(UnitParseError, match=r"expected a|symbol rate|no unit"):
        parse_quantity(text, dimension)


def _option(tmp_path: Path, field: str, value: str) -> Path:
    text = (DATA / "test_catalog.toml").read_text()
    start = text.index('id = "t-dsp-800"')
    line_start = text.index(f"\n{field} = ", start) + 1
    line_end = text.index("\n", line_start)
    path = tmp_path / "c.toml"
    path.write_text(text[:line_start] + f'{field} = "{value}"' + text[line_end:])
    return path


@pytest.mark.parametrize(("field", "value"), [("rate", "800 GHz"), ("rate", "800 gigabaud"),
                                              ("lane_rate", "100 GHz"), ("lane_rate", "100 GBd"),
                                              ("reach", "500 m*bit"), ("power", "16 W*bit"),
                                              ("cost", "500 USD/bit"), ("latency", "100 ns*bit")])
def test_a_catalog_figure_of_the_wrong_dimension_is_a_located_error(tmp_path: Path, field: str,
                                                                    value: str) -> None:
    path = _option(tmp_path, field, value)
    with pytest.raises(CatalogError) as info:
        load_catalog([path], include_shipped=False)
    assert any(p.entry == "option 't-dsp-800'" and p.field == field for p in info.value.problems), info.value


@pytest.mark.parametrize(("old", "new"), [('port_rate = "800 Gbit/s"', 'port_rate = "800 gigabaud"'),
                                          ('port_rate = "800 Gbit/s"', 'port_rate = "800 GHz"'),
                                          ('link_lengths = ["30 m", "300 m"]', 'link_lengths = ["30 m*bit", "300 m"]'),
                                          ('fiber_cost = "0.05 USD/m"', 'fiber_cost = "0.05 USD/m/bit"'),
                                          ('lifetime = "5 year"', 'lifetime = "5 year*bit"')])
def test_a_fabric_figure_of_the_wrong_dimension_is_a_located_error(tmp_path: Path, old: str, new: str) -> None:
    from interconnect.files import default_fabric_path

    text = default_fabric_path().read_text()
    assert old in text
    path = tmp_path / "f.toml"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(FabricError) as info:
        load_project(path)
    field = new.split(" = ")[0]
    assert any(field in p.field for p in info.value.problems), info.value


@pytest.mark.parametrize("spec", ["electricity_price=0.1,0.2 USD/kWh/bit", "length.backend.1=30,40 m*bit",
                                  "figure.generic-800g-osfp-dr4-dsp.power=10,20 W*bit"])
def test_a_vary_spec_of_the_wrong_dimension_is_a_usage_error(spec: str, capsys: pytest.CaptureFixture[str]) -> None:
    from interconnect.cli import main

    assert main(["sweep", "--vary", spec]) == 2
    assert "is not a" in capsys.readouterr().err
