"""Comparison reports: Markdown (PNG charts beside it) and self-contained HTML (SVG charts inside).

``render_report`` gives the text; ``write_report`` writes a report file atomically, and for Markdown
the chart PNGs next to it (``<stem>-power.png``, ``<stem>-cost.png``, ``<stem>-uncertainty.png``,
``<stem>-tornado.png``, ``<stem>-sweep.png``, ``<stem>-payoff.png``). The optional uncertainty section shows an
``UncertaintyResult`` (``interconnect.uncertainty.monte_carlo``) and a ``Sensitivity`` (tornado bars)
computed by the caller. Content: docs/reports.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from interconnect.catalog import Catalog
from interconnect.errors import UsageError
from interconnect.fabric import Fabric
from interconnect.files import Project
from interconnect.reports.blocks import Block, Chart
from interconnect.results import Comparison
from interconnect.scenario import ScenarioSet
from interconnect.sweep import Sweep

if TYPE_CHECKING:
    from interconnect.break_even import BreakEven
    from interconnect.reports.uncertainty import Sensitivity
    from interconnect.uncertainty_results import UncertaintyResult

__all__ = ["REPORT_FORMATS", "format_for_path", "render_report", "write_report"]

REPORT_FORMATS = ("markdown", "html")
_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


def format_for_path(path: str | Path) -> str:
    """``markdown`` or ``html`` from a report file's suffix; ``UsageError`` for any other suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise UsageError(f"cannot tell the report format of {str(path)!r}: name it .md or .html, or give --format")
    return _SUFFIXES[suffix]


def _text(blocks: list[Block], fabric: Fabric, fmt: str, images: dict[str, str] | None) -> str:
    from interconnect.reports.charts import chart_data
    from interconnect.reports.html import render_html
    from interconnect.reports.markdown import render_markdown

    if fmt == "html":
        title = f"Interconnect report: {fabric.name}"
        return render_html(blocks, title, lambda chart: chart_data(chart, "svg"))
    return render_markdown(blocks, images)


def _blocks(comparison: Comparison, fabric: Fabric, scenarios: ScenarioSet, catalog: Catalog, fmt: str,
            sweep: Sweep | None, sweep_metrics: Sequence[str], uncertainty: UncertaintyResult | None,
            sensitivity: Sensitivity | None, projects: Sequence[Project] = (),
            breakeven: BreakEven | None = None) -> list[Block]:
    from interconnect.reports.sections import report_blocks

    if fmt not in REPORT_FORMATS:
        raise UsageError(f"unknown report format {fmt!r}; formats: {', '.join(REPORT_FORMATS)}")
    return report_blocks(comparison, fabric, scenarios, catalog, sweep, sweep_metrics, uncertainty=uncertainty,
                         sensitivity=sensitivity, projects=projects, breakeven=breakeven)


def render_report(comparison: Comparison, fabric: Fabric, scenarios: ScenarioSet, catalog: Catalog, fmt: str,
                  *, sweep: Sweep | None = None, sweep_metrics: Sequence[str] = ("power.fabric",),
                  uncertainty: UncertaintyResult | None = None, sensitivity: Sensitivity | None = None,
                  projects: Sequence[Project] = (), breakeven: BreakEven | None = None) -> str:
    """The report as ``markdown`` (charts left out: they need files) or self-contained ``html``; with
    ``uncertainty`` and/or ``sensitivity`` it gains the uncertainty section, with ``breakeven`` the "When does
    it pay off" section; ``projects`` when the comparison spans several fabrics (``fabric`` and ``scenarios``
    are then the first one's)."""
    blocks = _blocks(comparison, fabric, scenarios, catalog, fmt, sweep, sweep_metrics, uncertainty, sensitivity,
                     projects, breakeven)
    return _text(blocks, fabric, fmt, None)


def write_report(path: str | Path, comparison: Comparison, fabric: Fabric, scenarios: ScenarioSet,
                 catalog: Catalog, sweep: Sweep | None = None, *, fmt: str | None = None,
                 sweep_metrics: Sequence[str] = ("power.fabric",), uncertainty: UncertaintyResult | None = None,
                 sensitivity: Sensitivity | None = None, projects: Sequence[Project] = (),
                 breakeven: BreakEven | None = None) -> list[Path]:
    """Write the report atomically (format from ``fmt`` or the suffix); return every file written.

    For Markdown the charts go beside it as PNG files named after the report.
    """
    from urllib.parse import quote

    from interconnect.outputs import atomic_write, atomic_write_many, check_writable
    from interconnect.reports.charts import chart_data

    path = check_writable(path)
    fmt = fmt or format_for_path(path)
    blocks = _blocks(comparison, fabric, scenarios, catalog, fmt, sweep, sweep_metrics, uncertainty, sensitivity,
                     projects, breakeven)
    if fmt == "html":
        return [atomic_write(path, _text(blocks, fabric, fmt, None))]
    charts: dict[str | Path, str | bytes] = {}
    images: dict[str, str] = {}
    for block in blocks:
        if isinstance(block, Chart):
            image = path.with_name(f"{path.stem}-{block.key}.png")
            charts[image] = chart_data(block, "png")
            images[block.key] = quote(image.name)
    # the report and its charts are replaced as a set: all or none
    return atomic_write_many({path: _text(blocks, fabric, fmt, images), **charts})
