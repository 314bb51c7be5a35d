"""``interconnect sweep``: every scenario over a grid of inputs, one vectorized evaluation per scenario.

Output as a table (one block per metric), tidy CSV, JSON (schema in docs/cli.md) or a line chart.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from pathlib import Path
from typing import Any

from interconnect.cli.commands import COMMANDS
from interconnect.cli.compare_cmd import add_inputs, load_inputs
from interconnect.cli.output import check_output, csv_columns, csv_numbers, emit, json_text
from interconnect.errors import UsageError

__all__ = ["add_sweep_arguments", "axis_text", "parse_metrics", "register", "run_from_args"]

FORMATS = ["table", "csv", "json", "chart"]
CHART_SUFFIXES = {".png": "png", ".svg": "svg"}
VARY_HELP = ("swept input, repeatable (the grid is the product): NAME=START..STOP[:log][:N] or NAME=V1,V2,... with "
             "NAME accelerators, year, electricity_price, electricity_price_growth, lifetime, pue, discount_rate, "
             "length.PLANE.TIER or figure.ENTRY_ID.FIELD (a trend: figure.TREND_ID.decline); "
             "e.g. accelerators=1000..100000:log:7, 'electricity_price=0.05..0.2 USD/kWh:4', year=2026..2030")


def add_sweep_arguments(parser: argparse.ArgumentParser, required: bool) -> None:
    """``--vary`` and ``--metric``, shared by ``sweep`` and ``report``."""
    parser.add_argument("--vary", action="append", required=required, default=[], metavar="SPEC", help=VARY_HELP)
    parser.add_argument("--metric", action="append", default=[], metavar="M",
                        help="metric to show, e.g. power.fabric, cost.tco (repeatable or comma-separated; "
                             "default power.fabric; names in docs/cli.md)")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("sweep", help=COMMANDS["sweep"])
    add_inputs(parser)
    add_sweep_arguments(parser, required=True)
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="table, csv, json, or chart (a PNG/SVG line chart; needs -o FILE.png|FILE.svg)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")
    mc = parser.add_argument_group("Monte Carlo at every grid point (P10/P50/P90 of each --metric per point and "
                                   "scenario; chunked, no grid size cap)")
    mc.add_argument("--samples", type=int, metavar="N", help="draws of the ranged catalog figures per grid point")
    mc.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0; same seed, same numbers)")
    mc.add_argument("--distribution", choices=["pert", "triangular"], default="pert",
                    help="shape over low/typical/high (default pert)")
    mc.add_argument("--scheduler", metavar="WHERE",
                    help="run the chunks on Dask: 'local' (a local cluster), 'threads', 'processes', or a scheduler "
                         "address such as tcp://host:8786 (needs the dask extra; default: in this process)")
    mc.add_argument("--exact", action="store_true",
                    help="evaluate every sample (default: sums of count x figure from their slopes, checked per chunk)")
    mc.add_argument("--chunk-points", type=int, default=None, metavar="N",
                    help="grid points x samples evaluated at once (default 131072; bounds memory)")
    parser.set_defaults(handler=_sweep)


def parse_metrics(values: list[str]) -> list[str]:
    """Metric names from repeated/comma-separated ``--metric`` values (default ``power.fabric``)."""
    from interconnect.results import METRICS

    names = [n.strip() for v in values for n in v.split(",") if n.strip()] or ["power.fabric"]
    for name in names:
        if name not in METRICS:
            close = difflib.get_close_matches(name, list(METRICS), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else "; metric names are listed in docs/cli.md"
            raise UsageError(f"unknown metric {name!r}{hint}")
    return list(dict.fromkeys(names))


class _Progress:
    """A rich progress bar on stderr, shown only on a terminal and only once the sweep takes a moment."""

    def __init__(self, delay: float = 0.3) -> None:
        self.start = time.monotonic()
        self.delay = delay
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None and done < total and time.monotonic() - self.start > self.delay and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("evaluating scenarios", total=total, completed=done)
        if self.bar is not None:
            self.bar.update(self.task, completed=done)
            if done >= total:
                self.bar.stop()


def run_from_args(args: argparse.Namespace) -> tuple[Any, Any, Any, Any, Any]:
    """(catalog, fabric, scenarios, grid, sweep) for parsed ``--vary`` arguments; the sweep is evaluated."""
    from interconnect.sweep import build_grid, parse_vary, run_sweep

    grid = build_grid([parse_vary(spec) for spec in args.vary])
    catalog, fabric, scenarios = load_inputs(args)
    progress = _Progress()
    try:
        sweep = run_sweep(fabric, scenarios, grid, catalog, progress=progress)
    finally:
        if progress.bar is not None:
            progress.bar.stop()
    return catalog, fabric, scenarios, grid, sweep


def _sweep(args: argparse.Namespace) -> int:
    check_output(args.output)
    metrics = parse_metrics(args.metric)
    if args.samples is not None:
        return _sweep_samples(args, metrics)
    if args.scheduler is not None or args.chunk_points is not None or args.exact:
        raise UsageError("--scheduler, --chunk-points and --exact belong to --samples (Monte Carlo at every grid "
                         "point)")
    chart_format = None
    if args.format == "chart":
        suffix = Path(args.output).suffix.lower() if args.output and args.output != "-" else ""
        if suffix not in CHART_SUFFIXES:
            raise UsageError("--format chart writes an image: give -o FILE.png or -o FILE.svg")
        chart_format = CHART_SUFFIXES[suffix]
        if len(args.vary) != 1:
            raise UsageError(f"a chart plots one --vary; found {len(args.vary)} (use --format csv or json for a grid)")
    *_, sweep = run_from_args(args)
    if chart_format is not None:
        from interconnect.reports.charts import chart_bytes, sweep_chart

        emit(chart_bytes(sweep_chart(sweep, metrics), chart_format), args.output)
    elif args.format == "json":
        emit(json_text(sweep.to_dict(metrics)), args.output)
    elif args.format == "csv":
        emit(_csv(sweep, metrics), args.output)
    else:
        emit(_table(sweep, metrics), args.output)
    return 0


def _csv(sweep: Any, metrics: list[str]) -> str:
    """Tidy CSV: one row per point, scenario and metric (12 significant digits), written column by column."""
    import numpy as np

    from interconnect.results import METRICS
    from interconnect.units import unit_label, ureg

    points = csv_numbers(np.arange(sweep.grid.size), "%d")
    axes = [csv_numbers(q.magnitude) for q in sweep.grid.columns.values()]
    header = ["point", *[a.label for a in sweep.grid.axes], "scenario", "metric", "unit", "value", "delta",
              "relative_delta"]
    blocks = []
    comparison = sweep.comparison
    labels = {m: unit_label(ureg.parse_units(METRICS[m].unit)) for m in metrics}
    for r in comparison.results:
        for m in metrics:
            values = np.broadcast_to(r.value(m), (sweep.grid.size,))
            deltas = np.broadcast_to(comparison.delta(r.key, m).m_as(METRICS[m].unit), (sweep.grid.size,))
            relative = np.broadcast_to(comparison.relative(r.key, m), (sweep.grid.size,))
            blocks.append([points, *axes, r.key, m, labels[m], csv_numbers(values), csv_numbers(deltas),
                           csv_numbers(relative, "%.6g", blank_nonfinite=True)])
    return csv_columns(header, blocks)


def _sweep_samples(args: argparse.Namespace, metrics: list[str]) -> int:
    """``--samples``: P10/P50/P90 of each metric at every grid point, chunk by chunk (interconnect.uncertainty_grid)."""
    from interconnect.chunks import CHUNK_POINTS
    from interconnect.sweep import build_grid, parse_vary
    from interconnect.uncertainty_grid import grid_monte_carlo

    if args.format == "chart":
        raise UsageError("--format chart plots a sweep without --samples; use csv, json or table")
    grid = build_grid([parse_vary(spec) for spec in args.vary], max_points=None)
    catalog, fabric, scenarios = load_inputs(args)
    progress = _Progress()
    try:
        result = grid_monte_carlo(fabric, scenarios, grid, catalog, samples=args.samples, seed=args.seed,
                                  metrics=metrics, distribution=args.distribution, scheduler=args.scheduler,
                                  chunk_points=args.chunk_points or CHUNK_POINTS, exact=args.exact,
                                  progress=progress)
    finally:
        if progress.bar is not None:
            progress.bar.stop()
    if args.format == "json":
        emit(json_text(result.to_dict()), args.output)
    else:
        emit(_spread_csv(result) if args.format == "csv" else _spread_table(result), args.output)
    return 0


def _spread_blocks(result: Any, number: Any) -> tuple[list[str], list[list[Any]]]:
    import numpy as np

    from interconnect.results import METRICS
    from interconnect.units import unit_label, ureg

    grid = result.grid
    header = ["point", *[a.label for a in grid.axes], "scenario", "metric", "unit", "p10", "p50", "p90"]
    points = csv_numbers(np.arange(grid.size), "%d")
    axes = [number(q.magnitude) for q in grid.columns.values()]
    blocks = []
    for scenario in result.scenarios:
        for m in result.metrics:
            values = result.spreads[(scenario, m)]
            blocks.append([points, *axes, scenario, m, unit_label(ureg.parse_units(METRICS[m].unit)),
                           *[number(values[:, i]) for i in range(3)]])
    return header, blocks


def _spread_csv(result: Any) -> str:
    """Tidy CSV: one row per grid point, scenario and metric with its P10, P50 and P90 (12 digits)."""
    header, blocks = _spread_blocks(result, csv_numbers)
    return csv_columns(header, blocks)


def _spread_table(result: Any) -> str:
    """Aligned text: the CSV's rows, numbers as tables show them."""
    from interconnect.reports.blocks import format_number

    header, blocks = _spread_blocks(result, lambda values: [format_number(v) for v in values.tolist()])
    rows = [header] + [list(row) for block in blocks
                       for row in zip(*[c if isinstance(c, list) else [c] * len(block[0]) for c in block],
                                      strict=True)]
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(header))]
    lines = ["  ".join(str(c).rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    title = (f"{result.fabric}: P10 / P50 / P90 over {result.samples:,} samples of {len(result.inputs)} ranged "
             f"inputs (seed {result.seed}) at each of {result.grid.size:,} grid points")
    return title + "\n\n" + "\n".join(lines)


def axis_text(name: str, value: float) -> str:
    """A swept input's value as shown in tables: years without a thousands separator."""
    from interconnect.reports.blocks import format_number

    return f"{value:g}" if name == "year" else format_number(value)


def _table(sweep: Any, metrics: list[str]) -> str:
    """One aligned block per metric: a row per point, a column per scenario (relative delta in brackets)."""
    import numpy as np

    from interconnect.reports.blocks import format_number, metric_label

    comparison = sweep.comparison
    columns = [np.asarray(q.magnitude) for q in sweep.grid.columns.values()]
    blocks = []
    for m in metrics:
        header = [a.label for a in sweep.grid.axes] + [r.key for r in comparison.results]
        rows = [header]
        values = [np.atleast_1d(r.value(m)) for r in comparison.results]
        relative = [np.atleast_1d(comparison.relative(r.key, m)) for r in comparison.results]
        for i in range(sweep.grid.size):
            row = [axis_text(a.name, c[i]) for a, c in zip(sweep.grid.axes, columns, strict=True)]
            for r, v, rel in zip(comparison.results, values, relative, strict=True):
                text = format_number(v[i])
                if r.key != comparison.baseline and np.isfinite(rel[i]):
                    text += f" ({rel[i]:+.1%})"
                row.append(text)
            rows.append(row)
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        lines = ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        blocks.append(f"{metric_label(m)}, baseline '{comparison.baseline}'\n\n" + "\n".join(lines))
    return "\n\n".join(blocks)
