"""The design scripts in examples/ run and print the numbers the API gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parent.parent / "examples"


def run(name: str) -> str:
    out = subprocess.run([sys.executable, str(EXAMPLES / name)], capture_output=True, text=True, check=True)
    return out.stdout


def test_cpo_vs_pluggable_headline(catalog: object, default_project: tuple) -> None:
    from interconnect import compare

    fabric, scenarios = default_project
    comparison = compare(fabric, scenarios)
    mw = -comparison.delta("cpo", "power.fabric").m_as("MW")
    text = run("cpo_vs_pluggable.py")
    assert f"CPO saves {mw:.2f} MW" in text
    assert "all-dsp " not in text.splitlines()[1]  # the baseline is not compared with itself


def test_sweep_cluster_size_table() -> None:
    lines = run("sweep_cluster_size.py").splitlines()
    assert lines[0].split()[:2] == ["accelerators", "tiers"]
    assert lines[1].split()[0] == "1,000" and lines[-1].split()[0] == "501,187"
    assert {line.split()[1] for line in lines[1:]} == {"2", "3"}
