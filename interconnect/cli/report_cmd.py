"""``interconnect report``: the full comparison report (inputs and sources, totals, deltas, charts),
as self-contained HTML or Markdown with PNG charts beside it; optionally with a sweep section.
"""

from __future__ import annotations

import argparse

from interconnect.cli.compare_cmd import add_inputs, load_inputs
from interconnect.cli.output import check_output, emit
from interconnect.cli.sweep_cmd import add_sweep_arguments, parse_metrics, run_from_args
from interconnect.errors import UsageError

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("report", help="the full comparison report (HTML or Markdown with charts)")
    add_inputs(parser)
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="report file, .html or .md (replaced atomically; Markdown gets its PNG charts "
                             "beside it); default: Markdown on stdout, without charts")
    parser.add_argument("--format", choices=["markdown", "html"],
                        help="report format (default: from the -o suffix, else markdown)")
    add_sweep_arguments(parser, required=False)
    parser.set_defaults(handler=_report)


def _report(args: argparse.Namespace) -> int:
    from interconnect.calculator import compare
    from interconnect.reports import format_for_path, render_report, write_report

    to_file = args.output is not None and args.output != "-"
    check_output(args.output)
    fmt = args.format or (format_for_path(args.output) if to_file else "markdown")
    metrics = parse_metrics(args.metric)
    if args.metric and not args.vary:
        raise UsageError("--metric chooses what the sweep section shows: give --vary too")
    if len(args.vary) > 1:
        raise UsageError(f"a report plots one --vary; found {len(args.vary)} (use 'interconnect sweep' for a grid)")
    sweep = None
    if args.vary:
        catalog, fabric, scenarios, _, sweep = run_from_args(args)
    else:
        catalog, fabric, scenarios = load_inputs(args)
    comparison = compare(fabric, scenarios, catalog)
    if to_file:
        write_report(args.output, comparison, fabric, scenarios, catalog, sweep, fmt=fmt, sweep_metrics=metrics)
    else:
        emit(render_report(comparison, fabric, scenarios, catalog, fmt, sweep=sweep, sweep_metrics=metrics), None)
    return 0
