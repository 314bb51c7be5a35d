"""``interconnect compare``: evaluate scenarios on a fabric and compare them with a baseline."""

from __future__ import annotations

import argparse
from typing import Any

from interconnect.cli.commands import COMMANDS
from interconnect.cli.output import check_output, csv_text, emit, json_text, warn_unused_overrides

__all__ = ["add_inputs", "load_inputs", "load_projects", "register"]

FORMATS = ["table", "markdown", "csv", "json", "html"]


def add_inputs(parser: argparse.ArgumentParser, fabric_required: bool = False, many: bool = False) -> None:
    """The arguments every fabric-reading command shares (``many``: several fabric files)."""
    if many:
        parser.add_argument("fabric", nargs="*", metavar="FABRIC.toml",
                            help="fabric file(s) (default: the shipped default fabric); with several, each file's "
                            "scenarios are compared side by side as FILE-STEM/SCENARIO; a shipped fabric may be "
                            "named by its stem (default, single-plane-3-tier, ...)")
    else:
        parser.add_argument("fabric", nargs=None if fabric_required else "?", metavar="FABRIC.toml",
                            help="fabric file (default: the shipped default fabric)")
    parser.add_argument("--scenarios", metavar="FILE", help="scenario file (default: the fabric file's own, "
                        "else the standard scenarios for the fabric)")
    parser.add_argument("--catalog", action="append", default=[], metavar="EXTRA.toml",
                        help="extra catalog file; its ids override shipped ones (repeatable)")
    parser.add_argument("--baseline", metavar="NAME", help="scenario the deltas are taken against (with several "
                        "fabrics: FILE-STEM/SCENARIO; default: the first file's baseline)")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("compare", help=COMMANDS["compare"])
    add_inputs(parser, many=True)
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")
    add_view_arguments(parser)
    parser.add_argument("--uncertainty", action="store_true", help="Monte Carlo over the catalog's low/typical/"
                        "high ranges: P10/P50/P90 of every metric and delta, P(beats baseline)")
    parser.add_argument("--samples", type=int, metavar="N", help="Monte Carlo samples (default 10000)")
    parser.add_argument("--seed", type=int, metavar="S", help="random seed (default 0; same seed, same numbers)")
    parser.set_defaults(handler=_compare)


def add_view_arguments(parser: argparse.ArgumentParser) -> None:
    """--metric and --width: which rows a terminal table shows and how wide it may be."""
    parser.add_argument("--metric", action="append", default=[], metavar="NAME",
                        help="metric(s) to show (repeatable or comma-separated; a group such as 'power' selects all "
                        "of its metrics; default: the headline ones; list: 'interconnect metrics')")
    parser.add_argument("--width", type=int, metavar="COLUMNS", help="table width (default: the terminal's, or "
                        "COLUMNS, or 120 when piped)")


def _fabric_path(text: str) -> Any:
    """A fabric file's path; a shipped fabric's stem when no such file exists."""
    from pathlib import Path

    from interconnect.files import shipped_fabrics

    path = Path(text)
    shipped = shipped_fabrics()
    if not path.exists() and text in shipped:
        return shipped[text]
    return path


def load_projects(args: argparse.Namespace) -> tuple[Any, list[Any]]:
    """(catalog, projects) for several fabric files: each named by its file stem, with its scenarios."""
    from interconnect.catalog import load_catalog
    from interconnect.errors import UsageError
    from interconnect.files import Project, load_project
    from interconnect.standard import standard_scenarios

    if args.scenarios:
        raise UsageError("--scenarios applies to one fabric; with several, each file brings its own scenarios "
                         "(or the standard ones)")
    catalog = load_catalog(args.catalog)
    projects: list[Project] = []
    for text in args.fabric:
        path = _fabric_path(text)
        fabric, scenarios = load_project(path)
        name = path.stem
        if any(p.name == name for p in projects):
            raise UsageError(f"two fabric files are named {name!r}: rename one so their scenarios can be told apart")
        projects.append(Project(name, fabric, scenarios or standard_scenarios(fabric, catalog)))
    return catalog, projects


def load_inputs(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    """(catalog, fabric, scenario set) from the shared arguments."""
    from interconnect.catalog import load_catalog
    from interconnect.files import default_fabric_path, load_project, load_scenarios
    from interconnect.standard import standard_scenarios

    catalog = load_catalog(args.catalog)
    fabric_arg = args.fabric[0] if isinstance(args.fabric, list) and args.fabric else args.fabric
    fabric, scenarios = load_project(_fabric_path(fabric_arg) if fabric_arg else default_fabric_path())
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
    if len(args.fabric) > 1:
        from interconnect.calculator import compare_fabrics

        if args.uncertainty:
            from interconnect.errors import UsageError

            raise UsageError("--uncertainty compares the scenarios of one fabric; give one fabric file")
        catalog, projects = load_projects(args)
        comparison = compare_fabrics([(p.name, p.fabric, p.scenarios) for p in projects], catalog,
                                     baseline=args.baseline)
        first = projects[0]
        warn_unused_overrides(catalog, comparison.results)
        emit(render(comparison, args.format, catalog, first.fabric, first.scenarios, projects, view=_view(args)),
             args.output)
        return 0
    catalog, fabric, scenarios = load_inputs(args)
    comparison = compare(fabric, scenarios, catalog)
    warn_unused_overrides(catalog, comparison.results)
    emit(render(comparison, args.format, catalog, fabric, scenarios, view=_view(args)), args.output)
    return 0


def _view(args: argparse.Namespace) -> dict[str, Any]:
    """Terminal view settings: metrics, width, and colour only when printing to a terminal."""
    from interconnect.errors import UsageError
    from interconnect.present.tables import terminal_colour, terminal_width

    to_terminal = args.output in (None, "-")
    width = args.width if args.width is not None else terminal_width() if to_terminal else 120
    if width < 40:
        raise UsageError(f"--width {width} is too narrow; give 40 columns or more")
    return {"metrics": args.metric, "width": width, "colour": to_terminal and terminal_colour()}


def render(comparison: Any, fmt: str, catalog: Any, fabric: Any, scenarios: Any, projects: Any = (),
           view: dict[str, Any] | None = None) -> str:
    from interconnect.results import METRICS
    from interconnect.units import unit_label, ureg

    if fmt == "json":
        return json_text(comparison.to_dict())
    for f in [p.fabric for p in projects] or [fabric]:
        if f.swept_inputs:
            from interconnect.errors import UsageError

            raise UsageError(f"the fabric sweeps {', '.join(f.swept_inputs)}: use --format json, or "
                             "'interconnect sweep' with single values in the file")
    if fmt == "csv":
        header = ["scenario", "metric", "unit", "value", "delta", "relative_delta"]
        rows = []
        for r in comparison.results:
            for name in r.metrics:
                unit = METRICS[name].unit
                rel = comparison.relative(r.key, name)
                rows.append([r.key, name, unit_label(ureg.parse_units(unit)), f"{r.value(name):.12g}",
                             f"{comparison.delta(r.key, name).m_as(unit):.12g}",
                             "" if rel != rel else f"{rel:.12g}"])
        return csv_text(header, rows)
    if fmt in ("markdown", "html"):
        from interconnect.reports import render_report

        return render_report(comparison, fabric, scenarios, catalog, fmt, projects=projects)
    from interconnect.present.compare_view import compare_view, wrap
    from interconnect.reports.headline import headline

    view = view or {}
    width = view.get("width", 120)
    table = compare_view(comparison, view.get("metrics", ()), width=width, colour=view.get("colour", False))
    title = fabric.name if len(projects) < 2 else "; ".join(f"{p.name}: {p.fabric.name}" for p in projects)
    return wrap(f"{title}: {len(comparison.results)} scenarios, baseline '{comparison.baseline}'", width) + \
        f"\n\n{table}\n\n" + wrap(f"{headline(comparison, fabric)}{_moved(comparison)}", width)


def _moved(comparison: Any) -> str:
    """A closing line on the figures the catalog's trends moved to the fabric's year (none: empty)."""
    moved = {(m.entry_id, m.field): m for r in comparison.results for m in r.moved}
    if not moved:
        return ""
    dated = ", ".join(str(y) for y in sorted({m.as_of for m in moved.values()}))
    trends = ", ".join(sorted({t for m in moved.values() for t in m.trends}))
    return (f"\n{len(moved)} catalog figure(s) dated {dated} moved to the fabric's year by trend(s) {trends}; "
            "a later year than a figure's own is a projection (the report's notes list them).")
