"""``interconnect compare`` through the real entry point: every format, the JSON contract, error exits.

The golden fabric (tests/golden/inputs/fabric.toml) on the test catalog, derived by hand:
1,024 accelerators, 8 per server (128 servers), one 800G port each, 64 x 800G switches. A 2-tier
fat-tree: 1024 / 32 down-ports = 32 leaves, 32 x 32 up-links / 64 = 16 spines: 48 switches, 1,024
links per tier.
- dsp: 4 x 1,024 = 4,096 modules x 16 W = 65.536 kW; switches 48 x 1,000 W = 48 kW; NICs 1,024 x 20 W
  = 20.48 kW; fabric 134.016 kW. Capex: optics 4,096 x 500 = 2,048,000; switches 48 x 20,000 = 960,000;
  NICs 1,024 x 1,000 = 1,024,000; fiber 16 strands x 1,024 links x (3 + 30) m x 0.05 USD/m = 27,033.6;
  total 4,059,033.6 USD.
- cpo: 1,024 NIC-end modules x 16 W = 16.384 kW; 3,072 engines x 4 W = 12.288 kW; 48 switches x 64/8
  = 384 lasers x 8 W = 3.072 kW; fabric 31.744 + 48 + 20.48 = 100.224 kW, 33.792 kW (25.21%) below dsp.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import check_golden

from interconnect.cli import main

GOLDEN = Path(__file__).parent / "golden"
FABRIC = str(GOLDEN / "inputs" / "fabric.toml")
CATALOG = str(Path(__file__).parent / "data" / "test_catalog.toml")
INPUTS = [FABRIC, "--catalog", CATALOG]


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    assert main(["compare", *INPUTS, "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_json_values_and_deltas(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys)
    assert data["baseline"] == "dsp"
    by_name = {s["scenario"]: s for s in data["scenarios"]}
    assert list(by_name) == ["dsp", "aec-t1", "cpo"]
    dsp, cpo = by_name["dsp"], by_name["cpo"]
    assert dsp["metrics"]["power.fabric"] == {"value": pytest.approx(134.016), "unit": "kW"}
    assert dsp["metrics"]["cost.capex"]["value"] == pytest.approx(4_059_033.6)
    assert dsp["metrics"]["count.switches"] == {"value": 48, "unit": ""}
    assert cpo["metrics"]["count.external_lasers"]["value"] == 384
    assert cpo["metrics"]["power.fabric"]["value"] == pytest.approx(100.224)
    delta = cpo["deltas"]["power.fabric"]
    assert delta["absolute"] == {"value": pytest.approx(-33.792), "unit": "kW"}
    assert delta["relative"] == pytest.approx(-33.792 / 134.016)
    assert dsp["deltas"]["cost.tco"]["absolute"]["value"] == 0


def test_json_every_quantity_has_value_and_unit(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys)
    for scenario in data["scenarios"]:
        groups = {name.split(".")[0] for name in scenario["metrics"]}
        assert groups == {"count", "power", "cost", "latency", "reliability"}
        for name, q in scenario["metrics"].items():
            assert set(q) == {"value", "unit"}, name
            assert set(scenario["deltas"][name]) == {"absolute", "relative"}
            assert set(scenario["deltas"][name]["absolute"]) == {"value", "unit"}


def test_json_golden(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", *INPUTS, "--format", "json"]) == 0
    check_golden("compare.json", capsys.readouterr().out)


def test_baseline_option_moves_the_deltas(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "--baseline", "cpo")
    dsp = next(s for s in data["scenarios"] if s["scenario"] == "dsp")
    assert data["baseline"] == "cpo"
    assert dsp["deltas"]["power.fabric"]["absolute"]["value"] == pytest.approx(33.792)


def test_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", *INPUTS]) == 0
    out = capsys.readouterr().out
    assert "baseline 'dsp'" in out
    fabric_row = next(line for line in out.splitlines() if line.startswith("Fabric power [kW]"))
    assert fabric_row.split()[3:] == ["134.0", "111.5", "-16.8%", "100.2", "-25.2%"]
    capex_row = next(line for line in out.splitlines() if line.startswith("Capex"))
    assert capex_row.split()[:4] == ["Capex", "[$M]", "4.059", "3.442"]  # 4,059,033.6 USD, 3,442,073.6 USD
    # the headline names the lowest-TCO scenario: (134.016 - 100.224) kW saved, 916,110 USD of TCO (see below)
    assert out.rstrip().endswith("cpo saves 33.8 kW (25.2% of fabric power) and $916.1k of TCO over 4 years vs dsp.")


def test_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", *INPUTS, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "scenario,metric,unit,value,delta,relative_delta"
    # -33.792 / 134.016 = -0.252148997...: 12 significant digits, so USD totals near 1e9 stay exact
    assert "cpo,power.fabric,kW,100.224,-33.792,-0.252148997135" in lines
    assert "dsp,count.switches,,48,0,0" in lines


def test_markdown_is_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", *INPUTS, "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Interconnect report: golden 1k fabric\n")
    # TCO: energy = kW x 1.25 PUE x 4 x 8766 h x 0.10 USD/kWh; (134.016 - 100.224) x 4383 = 148,110.3
    # plus the capex difference 4,059,033.6 - 3,291,033.6 = 768,000 gives 916,110 USD.
    assert "**cpo saves 33.8 kW (25.2% of fabric power) and \\$916.1k of TCO over 4 years vs dsp.**" in out
    assert "| Fabric power \\[kW\\] | 134.0 | 111.5 (-16.8%) | 100.2 (-25.2%) |" in out


def test_html_to_file(tmp_path: Path) -> None:
    out = tmp_path / "compare.html"
    assert main(["compare", *INPUTS, "--format", "html", "-o", str(out)]) == 0
    text = out.read_text()
    assert text.startswith("<!DOCTYPE html>")
    assert text.count("data:image/svg+xml;base64,") == 2
    assert "<td class=\"num\">100.2 (-25.2%)</td>" in text


def test_unknown_baseline_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", *INPUTS, "--baseline", "nope"]) == 2
    err = capsys.readouterr().err
    assert "--baseline 'nope' is not a scenario" in err
    assert "hint: run 'interconnect compare --help'" in err
    assert "Traceback" not in err


def test_bad_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["compare", *INPUTS, "--format", "pdf"])
    assert exc.value.code == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err


def test_invalid_fabric_exits_1_with_located_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(Path(FABRIC).read_text().replace("accelerators = 1024", "acelerators = 1024"))
    assert main(["compare", str(bad), "--catalog", CATALOG]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: acelerators" in err or "acelerators" in err
    assert "did you mean 'accelerators'" in err
    assert "Traceback" not in err


def test_invalid_catalog_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "cat.toml"
    bad.write_text('[[option]]\nid = "x"\nname = "x"\nclass = "dsp"\n')
    assert main(["compare", FABRIC, "--catalog", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "invalid catalog" in err
    assert f"{bad}: option 'x'" in err


def test_unwritable_output_fails_before_any_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The fabric does not exist either: the error must be about the output, so no input was read.
    target = tmp_path / "missing-dir" / "out.json"
    assert main(["compare", str(tmp_path / "no-such-fabric.toml"), "--format", "json", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "does not exist" in err
    assert "no-such-fabric" not in err


def test_existing_output_is_replaced_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old contents")
    assert main(["compare", *INPUTS, "--format", "json", "-o", str(target)]) == 0
    assert json.loads(target.read_text())["baseline"] == "dsp"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no temporary file left behind


TWO_PLANES = str(Path(__file__).parent / "golden" / "inputs" / "two-planes.toml")


def test_two_fabrics_side_by_side_golden(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", FABRIC, TWO_PLANES, "--catalog", CATALOG, "--format", "json"]) == 0
    out = capsys.readouterr().out
    check_golden("compare-two-fabrics.json", out)
    data = json.loads(out)
    assert data["baseline"] == "fabric/dsp"  # the first file's baseline
    listed = [(s["key"], s["fabric"]) for s in data["scenarios"]]
    assert listed == [("fabric/dsp", "golden 1k fabric"), ("fabric/aec-t1", "golden 1k fabric"),
                      ("fabric/cpo", "golden 1k fabric"), ("two-planes/dsp", "golden 1k fabric, 2 planes")]
    two = data["scenarios"][3]
    # 48 switches (see the file's header); NIC end: one 800G module per NIC port (1,024), switch ends
    # 2 x 400G per module: (2,048 + 2 x 2,048) / 2 = 3,072 -> 4,096 modules, the same as one plane of 800G
    assert two["metrics"]["count.switches"]["value"] == 48
    assert two["metrics"]["count.optical_modules"]["value"] == 4096
    assert [(g["group"], g["links_per_plane"], g["parallel_planes"]) for g in two["groups"]] == [
        ("tier1", 1024, 2), ("tier2", 1024, 2)]


def test_two_fabrics_table_and_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", FABRIC, TWO_PLANES, "--catalog", CATALOG, "--baseline", "two-planes/dsp"]) == 0
    out = capsys.readouterr().out
    assert "baseline 'two-planes/dsp'" in out and "fabric/cpo" in out
    assert main(["compare", FABRIC, TWO_PLANES, "--catalog", CATALOG, "--baseline", "dsp"]) == 2
    assert "FABRIC/SCENARIO" in capsys.readouterr().err
