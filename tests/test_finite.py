"""Infinite results are reported as such in every format (a part with fit = "0 FIT" has an infinite MTBF);
JSON, which has no infinity, gets the string "inf"; no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import make_fabric, uniform

from interconnect import ScenarioSet
from interconnect.cli import main
from interconnect.files import save_project

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "table"])
def test_zero_fit_gives_an_infinite_mtbf_in_every_format(fmt: str, tmp_path: Path) -> None:
    catalog = tmp_path / "zero-fit.toml"
    catalog.write_text((DATA / "test_catalog.toml").read_text().replace('fit = "1000 FIT"', 'fit = "0 FIT"'))
    fabric = tmp_path / "f.toml"
    save_project(fabric, make_fabric(2048, tiers=2), ScenarioSet(scenarios=[uniform("dsp", 2, "t-dsp-800")]))
    out = tmp_path / f"out.{fmt}"
    assert main(["compare", str(fabric), "--catalog", str(catalog), "--format", fmt, "-o", str(out)]) == 0
    text = out.read_text()
    if fmt == "json":
        assert '"inf"' in text and json.loads(text)  # valid JSON (no bare Infinity)
    elif fmt == "csv":
        assert ",reliability.mtbf_links,h,inf," in text
    else:  # the table and the report show the headline metrics (the MTBF is not among them)
        assert "Traceback" not in text and text.strip()
