"""Comparison reports: golden Markdown, audit trail, headline wording, HTML safety, ``interconnect report``.

Expected numbers on the golden fabric (tests/golden/inputs/fabric.toml, test catalog) are derived in
tests/test_cli_compare.py (dsp 134.016 kW, cpo 100.224 kW, TCO 916,110 USD apart over 4 years).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from helpers import check_golden

from interconnect import Q_, __version__
from interconnect.calculator import compare
from interconnect.catalog import load_catalog
from interconnect.cli import main
from interconnect.errors import UsageError
from interconnect.files import load_project
from interconnect.reports import render_report, write_report
from interconnect.reports.audit import figures_used, sources_used
from interconnect.reports.headline import headline, scenario_sentence
from interconnect.reports.markdown import escape
from interconnect.results import Comparison, Result
from interconnect.sweep import build_grid, parse_vary, run_sweep

GOLDEN = Path(__file__).parent / "golden"
FABRIC = GOLDEN / "inputs" / "fabric.toml"
CATALOG = Path(__file__).parent / "data" / "test_catalog.toml"
INPUTS = [str(FABRIC), "--catalog", str(CATALOG)]
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def project():  # type: ignore[no-untyped-def]
    catalog = load_catalog([CATALOG], include_shipped=False)
    fabric, scenarios = load_project(FABRIC)
    assert scenarios is not None
    return catalog, fabric, scenarios, compare(fabric, scenarios, catalog)


def _section(markdown: str, heading: str) -> str:
    start = markdown.index(heading)
    end = markdown.find("\n#", start + len(heading))
    return markdown[start:end if end > 0 else None]


def test_markdown_golden_with_chart_files(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    catalog, fabric, scenarios, comparison = project
    written = write_report(tmp_path / "report.md", comparison, fabric, scenarios, catalog)
    assert [p.name for p in written] == ["report.md", "report-power.png", "report-cost.png"]
    for png in written[1:]:
        assert png.read_bytes().startswith(b"\x89PNG")
    text = written[0].read_text()
    assert "![Fabric power by component](report-power.png)" in text
    check_golden("report.md", text.replace(f"interconnect {__version__}", "interconnect VERSION"))


def test_report_order_and_key_numbers(project) -> None:  # type: ignore[no-untyped-def]
    catalog, fabric, scenarios, comparison = project
    md = render_report(comparison, fabric, scenarios, catalog, "markdown")
    headings = re.findall(r"^#+ .*$", md, flags=re.M)
    assert headings[:9] == ["# Interconnect report: golden 1k fabric", "## Inputs", "### Fabric", "### Planes",
                            "### Scenarios", "### Catalog figures used", "### Sources", "## Results",
                            "### Totals"]
    assert "**cpo saves 33.8 kW (25.2% of fabric power) and \\$916.1k of TCO over 4 years vs dsp.**" in md
    totals = _section(md, "### Totals")
    assert "| Capex \\[\\$M\\] | 4.059 | 3.442 (-15.2%) | 3.291 (-18.9%) |" in totals  # 4,059,033.6 USD
    deltas = _section(md, "### Deltas vs dsp")
    # aec-t1: tier 1 becomes 1,024 cables (10 W) instead of 2,048 modules (16 W):
    # 10.24 - 32.768 = -22.528 kW of fabric power.
    assert "| Fabric power \\[kW\\] | -22.53 (-16.8%) | -33.79 (-25.2%) |" in deltas
    scenarios_md = _section(md, "### Scenarios")
    assert ("| aec-t1 | backend | tier 1 (host-leaf) | host (aec cable) - switch (aec cable) | `t-sw-64` | `t-aec-800` "
            "| (same cable assembly) | 3 m |" in scenarios_md)
    assert ("| cpo | backend | tier 2 (leaf-spine) | switch (cpo, co-packaged) - switch (cpo, co-packaged) | "
            "`t-sw-64-cpo` | `t-cpo-800` | `t-cpo-800` | 30 m |" in scenarios_md)


def test_audit_lists_every_figure_with_its_source(project) -> None:  # type: ignore[no-untyped-def]
    catalog, _, _, comparison = project
    uses = {(u.entry_id, u.field): u for u in figures_used(comparison, catalog)}
    # Every figure any result read is listed, and nothing else.
    assert set(uses) == {key for r in comparison.results for key in r.figures_used}
    dsp_power = uses[("t-dsp-800", "power")]
    assert (dsp_power.typical, dsp_power.sources, dsp_power.scenarios) == ("16 W", ("test-source",), ("all",))
    assert uses[("t-cpo-800", "laser_power")].scenarios == ("cpo",)
    assert uses[("t-aec-800", "power")].origin == "test_catalog.toml"
    [(source_id, source)] = sources_used(list(uses.values()), catalog)
    assert source_id == "test-source" and source is not None and str(source.kind) == "estimate"


def test_sources_table_shows_date_kind_and_derivation(project) -> None:  # type: ignore[no-untyped-def]
    catalog, fabric, scenarios, comparison = project
    sources = _section(render_report(comparison, fabric, scenarios, catalog, "markdown"), "### Sources")
    assert ("| `test-source` | Round test figures |  | 2026-11 | estimate | tests/data/test\\_catalog.toml | "
            "Chosen round numbers for hand-derived test expectations; not real products. |") in sources


def _result(name: str, kw: float, usd: float) -> Result:
    return Result(name, "f", {"power.fabric": Q_(kw, "kW"), "cost.tco": Q_(usd, "USD")})


def test_headline_wording(project) -> None:  # type: ignore[no-untyped-def]
    _, fabric, _, _ = project
    comparison = Comparison((_result("base", 10_000, 5e8), _result("x", 12_500, 4e8), _result("y", 9_000, 6e8)),
                            "base")
    assert scenario_sentence(comparison, "x", fabric) == \
        "x adds 2.50 MW (25.0% of fabric power) but saves $100.0M of TCO over 4 years vs base."
    assert scenario_sentence(comparison, "y", fabric) == \
        "y saves 1.00 MW (10.0% of fabric power) but costs $100.0M more in TCO over 4 years vs base."
    assert headline(comparison, fabric).startswith("x adds 2.50 MW")
    worse = Comparison((_result("base", 10, 5e6), _result("z", 20, 7.5e6)), "base")
    assert headline(worse, fabric) == ("No scenario has a lower TCO than base; the closest: z adds 10.0 kW "
                                       "(100.0% of fabric power) and costs $2.50M more in TCO over 4 years vs base.")


def _hostile_inputs(tmp_path: Path) -> tuple[Path, Path]:
    """A user catalog and fabric whose every free-text string tries to inject markup."""
    catalog = tmp_path / "evil.toml"
    catalog.write_text(f'''
[[source]]
id = "evil-source"
title = "<img src=x onerror=alert(2)>"
publisher = "</td></tr></table><script>alert(3)</script>"
url = "javascript:alert(4)"
date = "2026"
kind = "vendor"

[[option]]
id = "t-evil-800"
name = "{HOSTILE}"
class = "dsp"
rate = "800 Gbit/s"
lanes = 8
lane_rate = "100 Gbit/s"
reach = "500 m"
media = "smf"
form_factor = "OSFP"
power = "16 W"
cost = "500 USD"
latency = "100 ns"
fit = "1000 FIT"
year = 2025
sources = ["evil-source"]
''')
    fabric = tmp_path / "evil-fabric.toml"
    text = FABRIC.read_text().replace('name = "golden 1k fabric"', f'name = "{HOSTILE} fabric"')
    text = text.replace('description = "1,024',
                        'description = "<iframe src=x></iframe> | pipes [link](javascript:x) 1,024')
    text = text.replace('name = "cpo"', 'name = "cpo <b>bold</b> $x$"').replace("t-dsp-800", "t-evil-800")
    fabric.write_text(text)
    return catalog, fabric


def test_html_escapes_every_file_string(tmp_path: Path) -> None:
    evil_catalog, evil_fabric = _hostile_inputs(tmp_path)
    out = tmp_path / "report.html"
    assert main(["report", str(evil_fabric), "--catalog", str(CATALOG), "--catalog", str(evil_catalog),
                 "-o", str(out)]) == 0
    text = out.read_text()
    for raw in ("<script", "<img src=x", "<iframe", "<b>", 'href="javascript', "onerror=alert(2)>"):
        assert raw not in text, raw
    assert "<td>javascript:alert(4)</td>" in text  # a non-http(s) URL is shown as text, never linked
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;alert(3)" in text
    assert text.count("<img ") == 2  # only the two embedded charts
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # the entry name and the fabric name, shown as text
    assert "&lt;img src=x onerror=alert(2)&gt;" in text
    assert "cpo &lt;b&gt;bold&lt;/b&gt; $x$" in text
    assert "default-src &#x27;none&#x27;" in text or "default-src 'none'" in text  # no scripts allowed at all
    assert text.count("<table>") == text.count("</table>")


def test_markdown_escapes_every_file_string(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evil_catalog, evil_fabric = _hostile_inputs(tmp_path)
    assert main(["report", str(evil_fabric), "--catalog", str(CATALOG), "--catalog", str(evil_catalog)]) == 0
    md = capsys.readouterr().out
    for raw in ("<script", "<img", "<iframe", "<b>"):
        assert raw not in md, raw
    assert not re.search(r"(?<!\\)\]\(javascript", md)  # no live link
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "\\| pipes \\[link\\](javascript:x)" in md


def test_escape_markdown() -> None:
    assert escape("a|b *c* _d_ `e` [f](g) <h> & $i$") == \
        "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) &lt;h&gt; &amp; \\$i\\$"
    assert escape("- not a list") == "\\- not a list"
    assert escape("-5 stays") == "-5 stays"
    assert escape("two\nlines") == "two lines"


def test_report_with_a_sweep(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    catalog, fabric, scenarios, comparison = project
    sweep = run_sweep(fabric, scenarios, build_grid([parse_vary("accelerators=512,1024")]), catalog)
    written = write_report(tmp_path / "r.md", comparison, fabric, scenarios, catalog, sweep)
    assert [p.name for p in written] == ["r.md", "r-power.png", "r-cost.png", "r-sweep.png"]
    md = written[0].read_text()
    sweep_md = _section(md, "## Sweep")
    assert "2 points (accelerators: 2 values from 512 to 1,024)" in sweep_md
    assert "| 512 | 67.01 | 55.74 | 50.11 |" in md


def test_array_fabric_is_refused(project) -> None:  # type: ignore[no-untyped-def]
    catalog, fabric, scenarios, _ = project
    swept = fabric.replace(accelerators=np.array([512, 1024]))
    with pytest.raises(UsageError, match="one point"):
        render_report(compare(swept, scenarios, catalog), swept, scenarios, catalog, "markdown")


def test_report_command_html_and_replace(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("stale")
    assert main(["report", *INPUTS, "-o", str(out), "--vary", "accelerators=256..1024:log:3",
                 "--metric", "power.fabric,cost.tco"]) == 0
    text = out.read_text()
    assert text.startswith("<!DOCTYPE html>") and "stale" not in text
    assert text.count("data:image/svg+xml;base64,") == 3  # power, cost, sweep
    assert "<h2>Sweep</h2>" in text and "<h3>TCO (capex + energy) [$]</h3>" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_report_command_markdown_writes_pngs(tmp_path: Path) -> None:
    assert main(["report", *INPUTS, "-o", str(tmp_path / "r.md")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r-cost.png", "r-power.png", "r.md"]


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "report.txt"], "name it .md or .html"),
    (["--metric", "cost.tco"], "give --vary too"),
    (["--vary", "pue=1,2", "--vary", "lifetime=1,2 year"], "one --vary"),
    (["--baseline", "nope"], "is not a scenario"),
])
def test_report_usage_errors(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert main(["report", *INPUTS, *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "hint: run 'interconnect report --help'" in err


def test_report_unwritable_path_fails_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / "absent.toml"), "-o", str(tmp_path / "no" / "r.html")]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "absent.toml" not in err
