"""``interconnect report``: the full comparison report (inputs and sources, totals, deltas, charts),
as self-contained HTML or Markdown with PNG charts beside it; optionally with an uncertainty section
(Monte Carlo and tornado, computed here by ``interconnect.uncertainty``), a sweep section and a "When does
it pay off" section (``interconnect.break_even``).
"""

from __future__ import annotations

import argparse
from typing import Any

from interconnect.cli.commands import COMMANDS
from interconnect.cli.compare_cmd import add_inputs, load_inputs
from interconnect.cli.output import check_output, emit, warn_unused_overrides
from interconnect.cli.sweep_cmd import add_sweep_arguments, parse_metrics, run_from_args
from interconnect.errors import UsageError

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("report", help=COMMANDS["report"])
    add_inputs(parser)
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="report file, .html or .md (replaced atomically; Markdown gets its PNG charts "
                             "beside it); default: Markdown on stdout, without charts")
    parser.add_argument("--format", choices=["markdown", "html"],
                        help="report format (default: from the -o suffix, else markdown)")
    add_sweep_arguments(parser, required=False)
    parser.add_argument("--uncertainty", action="store_true",
                        help="add the uncertainty section: Monte Carlo over the catalog's low/typical/high ranges "
                             "(P10/P50/P90 of the headline totals and deltas, P(beats baseline)) and a tornado")
    parser.add_argument("--samples", type=int, metavar="N", help="Monte Carlo samples (default 10000)")
    parser.add_argument("--seed", type=int, metavar="S", help="random seed (default 0; same seed, same numbers)")
    parser.add_argument("--sensitivity-scenario", metavar="NAME",
                        help="scenario of the tornado (default: the largest fabric-power saving vs the baseline)")
    parser.add_argument("--sensitivity-metric", metavar="M",
                        help="metric whose delta the tornado ranks (default power.fabric)")
    parser.add_argument("--breakeven", metavar="INPUT",
                        help="add the 'When does it pay off' section: the value of INPUT (as for 'interconnect "
                             "breakeven --vary') at which the scenario's metric equals the baseline's")
    parser.add_argument("--breakeven-scenario", metavar="NAME",
                        help="scenario of the break-even (default: the largest fabric-power saving vs the baseline)")
    parser.add_argument("--breakeven-metric", metavar="M", help="metric of the break-even (default cost.tco)")
    parser.set_defaults(handler=_report)


def _check_uncertainty_options(args: argparse.Namespace) -> None:
    """Usage errors of the uncertainty options, found before any work."""
    given = [args.samples, args.seed, args.sensitivity_scenario, args.sensitivity_metric]
    if not args.uncertainty:
        if any(v is not None for v in given):
            raise UsageError("--samples, --seed, --sensitivity-scenario and --sensitivity-metric belong to "
                             "--uncertainty")
        return
    from interconnect.uncertainty import MAX_SAMPLES

    if args.samples is not None and not 1 <= args.samples <= MAX_SAMPLES:
        raise UsageError(f"samples must be 1 to {MAX_SAMPLES:,}, found {args.samples:,}")
    if args.seed is not None and args.seed < 0:
        raise UsageError(f"seed must be zero or more, found {args.seed}")
    if args.sensitivity_metric is not None:
        from interconnect.uncertainty import check_metric

        check_metric(args.sensitivity_metric)


def _uncertainty(args: argparse.Namespace, fabric: Any, scenarios: Any, catalog: Any) -> tuple[Any, Any]:
    """(UncertaintyResult, Sensitivity) for the report: Monte Carlo of every scenario, tornado of one."""
    from interconnect.reports.uncertainty import Sensitivity, largest_power_saving
    from interconnect.uncertainty import monte_carlo, tornado

    names = [s.name for s in scenarios.scenarios]
    if args.sensitivity_scenario is not None and args.sensitivity_scenario not in names:
        raise UsageError(f"--sensitivity-scenario {args.sensitivity_scenario!r} is not a scenario; "
                         f"scenarios: {names}")
    result = monte_carlo(fabric, scenarios, catalog, samples=args.samples if args.samples is not None else 10_000,
                         seed=args.seed if args.seed is not None else 0)
    scenario = args.sensitivity_scenario or largest_power_saving(result.deterministic)
    metric = args.sensitivity_metric or "power.fabric"
    bars = tornado(fabric, scenarios, catalog, metric, scenario)
    return result, Sensitivity(scenario, metric, result.baseline, tuple(bars))


def _check_breakeven_options(args: argparse.Namespace) -> None:
    if args.breakeven is None:
        if args.breakeven_scenario is not None or args.breakeven_metric is not None:
            raise UsageError("--breakeven-scenario and --breakeven-metric belong to --breakeven")
        return
    if args.breakeven_metric is not None:
        from interconnect.uncertainty import check_metric

        check_metric(args.breakeven_metric)


def _breakeven(args: argparse.Namespace, fabric: Any, scenarios: Any, catalog: Any, comparison: Any) -> Any:
    """The report's break-even (None without --breakeven)."""
    if args.breakeven is None:
        return None
    from interconnect.break_even import breakeven
    from interconnect.reports.uncertainty import largest_power_saving

    scenario = args.breakeven_scenario or largest_power_saving(comparison)
    return breakeven(fabric, scenarios, scenario, args.breakeven_metric or "cost.tco", args.breakeven, catalog)


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
    _check_uncertainty_options(args)
    _check_breakeven_options(args)
    sweep = None
    if args.vary:
        catalog, fabric, scenarios, _, sweep = run_from_args(args)
    else:
        catalog, fabric, scenarios = load_inputs(args)
    uncertainty = sensitivity = None
    if args.uncertainty:
        uncertainty, sensitivity = _uncertainty(args, fabric, scenarios, catalog)
        comparison = uncertainty.deterministic  # the same compare() the Monte Carlo started from
    else:
        comparison = compare(fabric, scenarios, catalog)
    payoff = _breakeven(args, fabric, scenarios, catalog, comparison)
    warn_unused_overrides(catalog, comparison.results)
    if to_file:
        write_report(args.output, comparison, fabric, scenarios, catalog, sweep, fmt=fmt, sweep_metrics=metrics,
                     uncertainty=uncertainty, sensitivity=sensitivity, breakeven=payoff)
    else:
        emit(render_report(comparison, fabric, scenarios, catalog, fmt, sweep=sweep, sweep_metrics=metrics,
                           uncertainty=uncertainty, sensitivity=sensitivity, breakeven=payoff), None)
    return 0
