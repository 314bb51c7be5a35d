"""``interconnect catalog ...`` through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from interconnect.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "interconnect", *args], capture_output=True, text=True)


def test_version_and_help() -> None:
    from interconnect import __version__

    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"interconnect {__version__}"
    assert "compare" in run("--help").stdout


def test_list_json_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "list", "--class", "cpo", "--rate", "1.6T", "--format", "json"]) == 0
    entries = {e["id"]: e for e in json.loads(capsys.readouterr().out)}
    nine = entries["nvidia-gtc2025-1p6t-cpo-9w"]
    assert nine["class"] == "cpo"
    assert nine["rate"] == {"value": 1.6, "unit": "Tbit/s"}  # as written in the catalog, losslessly
    assert all(e["class"] == "cpo" for e in entries.values())


def test_list_table_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "list", "--rate", "800G", "--class", "lpo"]) == 0
    table = capsys.readouterr().out
    assert "generic-800g-lpo-dr8" in table and "8.5 W" in table
    assert main(["catalog", "list", "--kind", "switch", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "id,name,power,cost,year"
    assert any(line.startswith("nvidia-sn5600,") and ",940 W," in line for line in lines)


def test_show_lists_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "show", "nvidia-sn5600"]) == 0
    out = capsys.readouterr().out
    assert "power" in out and "sources:" in out and "(vendor" in out


def test_show_unknown_id_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "show", "nvidia-sn560"]) == 1
    assert "did you mean 'nvidia-sn5600'" in capsys.readouterr().err


def test_validate_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text('[[source]]\nid = "x-src"\ntitle = "A test"\nurl = "https://example.org"\ndate = "2026"\n'
                    'kind = "paper"\n')
    ok = run("catalog", "validate", str(good))
    assert ok.returncode == 0 and "ok: 1 file(s) valid" in ok.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text('[[option]]\nid = "x"\npower = "15 kg"\n')
    out = run("catalog", "validate", str(bad))
    assert out.returncode == 1
    assert "field 'power': expected a power" in out.stderr and "Traceback" not in out.stderr
    usage = run("catalog", "validate")
    assert usage.returncode == 2 and "hint:" in usage.stderr


def test_unknown_class_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "list", "--class", "xyz"]) == 1
    assert "unknown class 'xyz'" in capsys.readouterr().err
