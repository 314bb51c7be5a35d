"""``interconnect breakeven``: the value of one input at which a scenario's metric equals the baseline's.

Output as text, JSON (schema in docs/cli.md) or a chart of the delta against the input with the
crossings marked. Finding no crossing in the range is an answer (exit 0), not an error.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from interconnect.cli.commands import COMMANDS
from interconnect.cli.compare_cmd import add_inputs, load_inputs
from interconnect.cli.output import check_output, emit, json_text
from interconnect.errors import UsageError

__all__ = ["register"]

FORMATS = ["table", "json", "chart"]
CHART_SUFFIXES = {".png": "png", ".svg": "svg"}
VARY_HELP = ("the input to search: NAME (its default range) or NAME=START..STOP[:log], NAME one of accelerators, "
             "year, electricity_price, electricity_price_growth, lifetime, pue, discount_rate, length.PLANE.TIER, "
             "figure.ENTRY_ID.FIELD (a trend: figure.TREND_ID.decline); e.g. 'electricity_price=0..0.5 USD/kWh', "
             "year=2025..2035")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("breakeven", help=COMMANDS["breakeven"])
    add_inputs(parser)
    parser.add_argument("--scenario", required=True, metavar="NAME", help="the scenario compared with the baseline")
    parser.add_argument("--metric", required=True, metavar="M", help="the metric, e.g. cost.tco, cost.tco_npv, "
                        "power.fabric (names in docs/cli.md)")
    parser.add_argument("--vary", required=True, metavar="INPUT", help=VARY_HELP)
    parser.add_argument("--points", type=int, metavar="N", help="grid points that bracket the crossings before "
                        "they are refined (default 129)")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="table, json, or chart (the delta against the input, crossings marked; needs "
                             "-o FILE.png|FILE.svg)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")
    parser.set_defaults(handler=_breakeven)


def _breakeven(args: argparse.Namespace) -> int:
    from interconnect.break_even import DEFAULT_POINTS, breakeven
    from interconnect.uncertainty import check_metric

    check_output(args.output)
    check_metric(args.metric)
    chart_format = None
    if args.format == "chart":
        suffix = Path(args.output).suffix.lower() if args.output and args.output != "-" else ""
        if suffix not in CHART_SUFFIXES:
            raise UsageError("--format chart writes an image: give -o FILE.png or -o FILE.svg")
        chart_format = CHART_SUFFIXES[suffix]
    catalog, fabric, scenarios = load_inputs(args)
    result = breakeven(fabric, scenarios, args.scenario, args.metric, args.vary, catalog,
                       points=args.points if args.points is not None else DEFAULT_POINTS)
    if chart_format is not None:
        from interconnect.reports.charts import chart_bytes
        from interconnect.reports.payoff import payoff_chart

        emit(chart_bytes(payoff_chart(result), chart_format), args.output)
    elif args.format == "json":
        emit(json_text(result.to_dict()), args.output)
    else:
        emit(result.table(), args.output)
    return 0
