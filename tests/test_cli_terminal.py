"""``compare`` in a terminal: fits 80 and 120 columns (golden files), chosen rows, colour only on a terminal.

Seven scenarios with long names on the golden 1k fabric (tests/golden/inputs/seven-scenarios.toml) are
wider than either terminal side by side, so the view transposes and splits; the golden files fix it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from helpers import check_golden

from interconnect.cli import main
from interconnect.present.tables import terminal_colour, widest_line

GOLDEN = Path(__file__).parent / "golden"
CATALOG = str(Path(__file__).parent / "data" / "test_catalog.toml")
INPUTS = [str(GOLDEN / "inputs" / "fabric.toml"), "--catalog", CATALOG,
          "--scenarios", str(GOLDEN / "inputs" / "seven-scenarios.toml")]


@pytest.mark.parametrize("width", [80, 120])
def test_compare_fits_the_terminal(width: int, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    assert main(["compare", *INPUTS]) == 0
    out = capsys.readouterr().out
    assert widest_line(out) <= width
    assert "\x1b[" not in out  # captured output is no terminal: no colour
    assert "Fabric power" in out and "TCO" in out  # the metric labels are never squeezed out
    for name in ("dsp-everywhere", "lpo-leaf-to-spine", "aec-then-lpo", "cpo-switches", "sr-leaf-to-spine"):
        assert name in out
    check_golden(f"compare-{width}.txt", out)


def test_human_units_and_exact_values_elsewhere(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", *INPUTS, "--width", "200", "--metric", "power.fabric,cost.capex"]) == 0
    out = capsys.readouterr().out
    rows = {line.split("[")[0].strip(): line for line in out.splitlines() if "[" in line and "baseline" not in line}
    assert set(rows) == {"Fabric power", "Capex"}  # only the chosen rows
    # dsp capex 4,059,033.6 USD reads $4.059M; fabric power 134.016 kW reads 134.0 kW
    assert rows["Capex"].split()[1:3] == ["[$M]", "4.059"] and rows["Fabric power"].split()[2:4] == ["[kW]", "134.0"]
    assert main(["compare", *INPUTS, "--format", "csv"]) == 0
    assert "dsp-everywhere,cost.capex,USD,4059033.6,0,0" in capsys.readouterr().out


def test_metric_group_and_unknown_metric(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", *INPUTS, "--metric", "latency", "--width", "200"]) == 0
    assert "Worst-case path latency [ns]" in capsys.readouterr().out
    assert main(["compare", *INPUTS, "--metric", "power.fabrc"]) == 2
    err = capsys.readouterr().err
    assert "unknown metric 'power.fabrc'; did you mean 'power.fabric'?" in err and "Traceback" not in err


def test_deltas_coloured_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from interconnect import compare, load_catalog, load_project
    from interconnect.present.compare_view import compare_view

    fabric, _ = load_project(GOLDEN / "inputs" / "fabric.toml")
    from interconnect.files import load_scenarios

    comparison = compare(fabric, load_scenarios(GOLDEN / "inputs" / "seven-scenarios.toml"),
                         load_catalog([Path(__file__).parent / "data" / "test_catalog.toml"], include_shipped=False),
                         baseline="lpo-at-switch-ports")
    coloured = compare_view(comparison, ["power.fabric", "cost.capex"], width=200, colour=True)
    # against the LPO baseline: green for aec-then-lpo's lower power, red for dsp-everywhere's higher capex
    assert "\x1b[32m" in coloured and "\x1b[31m" in coloured
    plain = compare_view(comparison, ["power.fabric"], width=200, colour=False)
    assert "\x1b[" not in plain

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert terminal_colour(Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not terminal_colour(Tty())
    assert not terminal_colour(io.StringIO())
