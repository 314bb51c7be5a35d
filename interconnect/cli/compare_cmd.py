"""``interconnect compare``: evaluate scenarios on a fabric and compare them with a baseline."""

from __future__ import annotations

import argparse
from typing import Any

from interconnect.cli.output import check_output, csv_text, emit, json_text

__all__ = ["add_inputs", "load_inputs", "register"]

FORMATS = ["table", "markdown", "csv", "json", "html"]


def add_inputs(parser: argparse.ArgumentParser, fabric_required: bool = False) -> None:
    """The arguments every fabric-reading command shares."""
    parser.add_argument("fabric", nargs=None if fabric_required else "?", metavar="FABRIC.toml",
                        help="fabric file (default: the shipped default fabric)")
    parser.add_argument("--scenarios", metavar="FILE", help="scenario file (default: the fabric file's own, "
                        "else the standard scenarios for the fabric)")
    parser.add_argument("--catalog", action="append", default=[], metavar="EXTRA.toml",
                        help="extra catalog file; its ids override shipped ones (repeatable)")
    parser.add_argument("--baseline", metavar="NAME", help="scenario the deltas are taken against")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("compare", help="compare scenarios on a fabric (default: the shipped fabric)")
    add_inputs(parser)
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")
    parser.add_argument("--uncertainty", action="store_true", help="Monte Carlo over the catalog's low/typical/"
                        "high ranges: P10/P50/P90 of every metric and delta, P(beats baseline)")
    parser.add_argument("--samples", type=int, metavar="N", help="Monte Carlo samples (default 10000)")
    parser.add_argument("--seed", type=int, metavar="S", help="random seed (default 0; same seed, same numbers)")
    parser.set_defaults(handler=_compare)


def load_inputs(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    """(catalog, fabric, scenario set) from the shared arguments."""
    from interconnect.catalog import load_catalog
    from interconnect.files import default_fabric_path, load_project, load_scenarios
    from interconnect.standard import standard_scenarios

    catalog = load_catalog(args.catalog)
    fabric, scenarios = load_project(args.fabric or default_fabric_path())
    if args.scenarios:
        scenarios = load_scenarios(args.scenarios)
    if scenarios is None:
        scenarios = standard_scenarios(fabric, catalog)
    if args.baseline is not None:
        from interconnect.errors import UsageError

        names = [s.name for s in scenarios.scenarios]
        if args.baseline not in names:
            raise UsageError(f"--baseline {args.baseline!r} is not a scenario; scenarios: {names}")
        scenarios = scenarios.model_copy(update={"baseline": args.baseline})
    return catalog, fabric, scenarios


def _compare(args: argparse.Namespace) -> int:
    from interconnect.calculator import compare

    if args.uncertainty or args.samples is not None or args.seed is not None:
        from interconnect.cli.sensitivity_cmd import run_uncertainty
        from interconnect.errors import UsageError

        if not args.uncertainty:
            raise UsageError("--samples and --seed belong to --uncertainty")
        return run_uncertainty(args)
    check_output(args.output)
    catalog, fabric, scenarios = load_inputs(args)
    comparison = compare(fabric, scenarios, catalog)
    emit(render(comparison, args.format, catalog, fabric, scenarios), args.output)
    return 0


def render(comparison: Any, fmt: str, catalog: Any, fabric: Any, scenarios: Any) -> str:
    from interconnect.results import METRICS
    from interconnect.units import unit_label, ureg

    if fmt == "json":
        return json_text(comparison.to_dict())
    if fabric.swept_inputs:
        from interconnect.errors import UsageError

        raise UsageError(f"the fabric sweeps {', '.join(fabric.swept_inputs)}: use --format json, or "
                         "'interconnect sweep' with single values in the file")
    if fmt == "csv":
        header = ["scenario", "metric", "unit", "value", "delta", "relative_delta"]
        rows = []
        for r in comparison.results:
            for name in r.metrics:
                unit = METRICS[name].unit
                rel = comparison.relative(r.scenario, name)
                rows.append([r.scenario, name, unit_label(ureg.parse_units(unit)), f"{r.value(name):.12g}",
                             f"{comparison.delta(r.scenario, name).m_as(unit):.12g}",
                             "" if rel != rel else f"{rel:.12g}"])
        return csv_text(header, rows)
    if fmt in ("markdown", "html"):
        from interconnect.reports import render_report

        return render_report(comparison, fabric, scenarios, catalog, fmt)
    from interconnect.reports.headline import headline

    return (f"{fabric.name}: {len(comparison.results)} scenarios, baseline '{comparison.baseline}'\n\n"
            f"{comparison.table()}\n\n{headline(comparison, fabric)}")
