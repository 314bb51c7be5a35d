"""Hostile and odd inputs found in review: each is a clear error (exit 1 or 2), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from interconnect import Catalog, InfeasibleError, compare, load_project
from interconnect.cli import main
from interconnect.files import default_fabric_path, shipped_fabrics
from interconnect.standard import standard_scenarios

FABRIC = """name = "small"
accelerators = 2048
[[plane]]
name = "backend"
ports_per_accelerator = 1
port_rate = "800G"
tiers = 2
switch = "broadcom-th5-64x800g"
link_lengths = ["5 m", "50 m"]
"""


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('port_rate = "800G"', 'port_rate = "0 Gbit/s"'), "above zero"),
        (('link_lengths = ["5 m", "50 m"]', 'link_lengths = [[], "50 m"]'), "non-empty list"),
        (("accelerators = 2048", "accelerators = 100000000000000000000"), "expected values from 1 to 1e+12"),
        (('tiers = 2', 'tiers = 2\noversubscription = [1e300]'), "from 1 (non-blocking) to 1000"),
    ],
)
def test_bad_fabric_values(tmp_path: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str],
                           message: str) -> None:
    path = tmp_path / "f.toml"
    path.write_text(FABRIC.replace(*change))
    code, err = _run(capsys, "compare", str(path))
    assert code == 1 and message in err


def test_non_utf8_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.toml"
    path.write_bytes(b"\xff\xfe bad")
    for args in (["compare", str(path)], ["catalog", "validate", str(path)], ["compare", "--catalog", str(path)]):
        code, err = _run(capsys, *args)
        assert code == 1 and "not UTF-8" in err


def test_catalog_zero_rate_and_uneven_breakout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry = ('[[option]]\nid = "x"\nname = "x"\nclass = "dsp"\nrate = "0 Gbit/s"\nbreakout = 8\nlanes = 4\n'
             'lane_rate = "0 Gbit/s"\nreach = "1 m"\nmedia = "smf"\nform_factor = "OSFP"\npower = "1 W"\n'
             'cost = "1 USD"\nlatency = "1 ns"\nfit = "1 FIT"\nyear = 2025\nsources = ["lpo-msa-faq"]\n')
    path = tmp_path / "c.toml"
    path.write_text(entry)
    code, err = _run(capsys, "catalog", "validate", str(path))
    assert code == 1 and "a bit rate must be more than zero" in err


def test_swept_fabric_in_table_and_sweep(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.toml"
    path.write_text(FABRIC.replace("accelerators = 2048", "accelerators = [1000, 2000]"))
    code, err = _run(capsys, "compare", str(path))
    assert code == 2 and "the fabric sweeps accelerators" in err
    assert _run(capsys, "compare", str(path), "--format", "json")[0] == 0
    code, err = _run(capsys, "sweep", str(path), "--vary", "pue=1,2")
    assert code == 2 and "sweep needs a single-point fabric" in err


def test_sweep_figures_must_be_read_and_non_negative(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(capsys, "sweep", "--vary", "figure.generic-800g-osfp-dr4-dsp.power=-100..10 W:3")
    assert code == 2 and "zero or more" in err
    code, err = _run(capsys, "sweep", "--vary", "figure.nvidia-q3450-ld-cpo.power=1..1000 W:3")
    assert code == 2 and "no scenario reads this figure" in err


def test_uncertainty_samples_are_capped(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(capsys, "compare", "--uncertainty", "--samples", "100000000")
    assert code == 2 and "samples must be 1 to 1,000,000" in err


def test_standard_scenarios_rank_per_link(catalog: Catalog) -> None:
    # per link a 1.6T twin-port DSP module (27 W / 2 links = 13.5 W) beats an 800G DR4 (15 W): switch ends take
    # twin-ports, so 100,000 host modules + 50,000 (tier-1 upper) + 2 x 2 x 50,000 (tiers 2, 3) = 350,000
    fabric, _ = load_project(shipped_fabrics()["single-plane-3-tier"])
    scenarios = standard_scenarios(fabric, catalog)
    dsp = compare(fabric, scenarios, catalog).result("all-dsp")
    assert dsp.value("count.optical_modules") == 350_000
    assert scenarios.get("all-dsp").planes["backend"].links[1].upper == "generic-1p6t-osfp-2xdr4-dsp"


def test_compare_reports_every_infeasible_scenario(catalog: Catalog) -> None:
    from interconnect import PlaneChoice, Scenario, TierChoice

    fabric, _ = load_project(default_fabric_path())
    bad = [Scenario(name=n, planes={"backend": PlaneChoice(tiers=(TierChoice(lower=o, upper=o),) * 3)})
           for n, o in (("a", "no-such-module"), ("b", "generic-800g-aec"))]
    with pytest.raises(InfeasibleError) as info:
        compare(fabric, bad, catalog)
    assert "scenario 'a'" in str(info.value) and "scenario 'b'" in str(info.value)


def test_zero_lifetime_and_chart_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.toml"
    path.write_text(FABRIC.replace("[[plane]]", '[economics]\nlifetime = "0 year"\n\n[[plane]]', 1))
    code, err = _run(capsys, "compare", str(path))
    assert code == 1 and "lifetime" in err and "expected values > 0" in err
    code, err = _run(capsys, "sensitivity", "--scenario", "cpo", "--format", "png", "-o", str(tmp_path / "x.svg"))
    assert code == 2 and "name the file *.png" in err
