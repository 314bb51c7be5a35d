"""``interconnect fleet``: part demand, totals and attach ratios of a fleet, optionally against another mix."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from interconnect.cli.commands import COMMANDS
from interconnect.cli.output import check_output, csv_text, emit, json_text

__all__ = ["register"]

FORMATS = ["table", "markdown", "html", "csv", "json"]
CSV_HEADER = ["section", "year", "template", "kind", "class", "rate_gbps", "end", "metric", "unit", "base",
              "other", "delta"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "fleet", help=COMMANDS["fleet"],
        description="Evaluate a fleet file: module, engine and laser demand by year, class and speed; fiber, "
                    "optics power and capex by year; attach ratios per template. Counts are expected values.")
    parser.add_argument("fleet", metavar="FLEET", help="fleet file (.toml), or a shipped fleet name: example")
    parser.add_argument("--compare-mix", metavar="NAME|FILE.toml",
                        help="also evaluate an alternative adoption mix and show the change: the name of an "
                             "[[alternative]] in the fleet file, or an alternative-mix file")
    parser.add_argument("--catalog", action="append", default=[], metavar="EXTRA.toml",
                        help="extra catalog file; its ids override shipped ones (repeatable)")
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")
    parser.add_argument("--chart", metavar="FILE.svg|FILE.png",
                        help="also write the stacked demand chart (SVG or PNG by suffix)")
    parser.set_defaults(handler=_fleet)


def _chart_format(path: str | None) -> str | None:
    from interconnect.errors import UsageError

    if path is None:
        return None
    suffix = Path(path).suffix.lower()
    if suffix not in (".svg", ".png"):
        raise UsageError(f"--chart {path!r}: name the chart file .svg or .png")
    return suffix[1:]


def _fleet(args: argparse.Namespace) -> int:
    from interconnect.catalog import load_catalog
    from interconnect.errors import UsageError
    from interconnect.fleet import compare_mixes, evaluate_fleet
    from interconnect.fleet_files import load_alternative, load_fleet, resolve_fleet_path

    chart_fmt = _chart_format(args.chart)
    check_output(args.output)
    check_output(args.chart)
    fleet = load_fleet(resolve_fleet_path(args.fleet))
    catalog = load_catalog(args.catalog)
    data: Any
    if args.compare_mix is None:
        data = evaluate_fleet(fleet, catalog)
    else:
        if args.compare_mix.endswith(".toml"):
            alternative = load_alternative(args.compare_mix)
            try:
                fleet.check_alternative(alternative)
            except ValueError as exc:
                raise UsageError(f"--compare-mix {args.compare_mix}: {exc}") from None
        else:
            names = [a.name for a in fleet.alternatives]
            if args.compare_mix not in names:
                raise UsageError(f"--compare-mix {args.compare_mix!r} is not an alternative of fleet "
                                 f"'{fleet.name}' (alternatives: {names}) nor a .toml file")
            alternative = fleet.alternative(args.compare_mix)
        data = compare_mixes(fleet, alternative, catalog)
    if chart_fmt is not None:
        from interconnect.reports.fleet import fleet_chart

        emit(fleet_chart(data, "png" if chart_fmt == "png" else "svg"), args.chart)
    emit(_render(data, args.format, args.output, args.chart), args.output)
    return 0


def _render(data: Any, fmt: str, output: str | None, chart: str | None) -> str:
    from interconnect.fleet_results import FleetComparison

    if fmt == "json":
        return json_text(data.to_dict())
    if fmt == "csv":
        compare = isinstance(data, FleetComparison)
        header = CSV_HEADER if compare else [*CSV_HEADER[:-3], "value"]
        return csv_text(header, _csv_rows(data))
    if fmt in ("markdown", "html"):
        from interconnect.reports.fleet import FLEET_CHART_KEY, render_fleet_report

        images = None
        if chart is not None and chart.lower().endswith(".png") and fmt == "markdown":
            start = os.path.dirname(os.path.abspath(output)) if output and output != "-" else os.getcwd()
            images = {FLEET_CHART_KEY: os.path.relpath(os.path.abspath(chart), start)}
        return str(render_fleet_report(data, fmt, images))
    return str(data.table())


def _csv_rows(data: Any) -> list[list[str]]:
    """Long-form rows: demand, totals by year and attach ratios; for a comparison, the other mix's
    value and the change beside each."""
    from interconnect.fleet_results import FLEET_METRICS, FleetComparison, year_label
    from interconnect.results import METRICS

    def num(x: Any) -> str:
        return f"{float(x):.10g}"

    compare = isinstance(data, FleetComparison)
    base = data.base if compare else data
    rows: list[list[str]] = []
    demand = data.demand_changes() if compare else base.demand()
    for d in demand:
        values = [num(d.base.magnitude), num(d.other.magnitude), num(d.delta.magnitude)] if compare \
            else [num(d.count.magnitude)]
        rows.append(["demand", year_label(d.year), "", d.kind, d.option_class, num(d.rate.m_as("Gbit/s")), d.end,
                     "parts", "", *values])
    for year in [*data.years, "all"]:
        years = None if year == "all" else [year]
        for m in FLEET_METRICS:
            unit = METRICS[m].unit
            values = [num(data.base.total(m, years).m_as(unit)), num(data.other.total(m, years).m_as(unit)),
                      num(data.delta(m, years).m_as(unit))] if compare else [num(base.total(m, years).m_as(unit))]
            rows.append(["totals", "all" if year == "all" else year_label(year), "", "", "", "", "", m,
                         "" if unit == "dimensionless" else unit, *values])
    for run in (data.base, data.other) if compare else (base,):
        for t in run.templates():
            for field in ("deployments", "accelerators", "modules_per_accelerator", "engines_per_accelerator",
                          "lasers_per_accelerator"):
                rows.append([f"templates:{run.mix}", year_label(t.year), t.template, "", "", "", "", field, "",
                             num(getattr(t, field).magnitude), *(["", ""] if compare else [])])
    return rows
