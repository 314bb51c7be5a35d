"""``interconnect sensitivity`` (tornado) and the ``compare --uncertainty`` output (Monte Carlo).

Both read catalog ranges (low / typical / high); see docs/uncertainty.md. Thin: the numbers come from
``interconnect.uncertainty``; this module only lays them out.
"""

from __future__ import annotations

import argparse
from typing import Any

from interconnect.cli.commands import COMMANDS
from interconnect.cli.compare_cmd import add_inputs, load_inputs
from interconnect.cli.output import check_output, csv_text, emit, json_text

__all__ = ["register", "run_uncertainty"]

FORMATS = ["table", "markdown", "csv", "json", "svg", "png"]
UNCERTAINTY_FORMATS = ["table", "markdown", "csv", "json"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "sensitivity", help=COMMANDS["sensitivity"],
        description="Swing each ranged catalog figure (low / typical / high) from low to high, the others at "
                    "typical, and rank the figures by how far they move METRIC's delta (SCENARIO minus the "
                    "baseline). With SCENARIO = the baseline, METRIC itself is studied.")
    add_inputs(parser)
    parser.add_argument("--scenario", required=True, metavar="NAME", help="scenario to study")
    parser.add_argument("--metric", default="power.fabric", metavar="M",
                        help="metric name, e.g. power.fabric, cost.capex, cost.tco, latency.worst_path "
                             "(default: power.fabric; 'interconnect compare --format json' lists them all)")
    parser.add_argument("--top", type=int, default=15, metavar="N", help="show the N widest bars (default 15)")
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")
    parser.set_defaults(handler=_sensitivity)


def _sensitivity(args: argparse.Namespace) -> int:
    from interconnect.errors import UsageError
    from interconnect.uncertainty import check_metric, tornado

    if args.top < 1:
        raise UsageError(f"--top must be at least 1, found {args.top}")
    check_metric(args.metric)
    if args.format in ("svg", "png") and args.output is None:
        raise UsageError(f"--format {args.format} writes a binary chart: give -o FILE")
    if args.format in ("svg", "png") and not str(args.output).lower().endswith(f".{args.format}"):
        raise UsageError(f"--format {args.format} writes {args.format.upper()}: name the file *.{args.format}")
    check_output(args.output)
    catalog, fabric, scenarios = load_inputs(args)
    names = [s.name for s in scenarios.scenarios]
    if args.scenario not in names:
        raise UsageError(f"--scenario {args.scenario!r} is not a scenario; scenarios: {names}")
    baseline = scenarios.baseline_name
    bars = tornado(fabric, scenarios, catalog, args.metric, args.scenario)
    subject = _subject(args.metric, args.scenario, baseline)
    if args.format in ("svg", "png"):
        from interconnect.uncertainty_charts import tornado_chart

        emit(tornado_chart(bars, args.metric, title=subject, top=args.top, fmt=args.format), args.output)
        return 0
    emit(_render_tornado(bars[: args.top], len(bars), args.metric, subject, args.format), args.output)
    return 0


def _subject(metric: str, scenario: str, baseline: str) -> str:
    from interconnect.results import METRICS

    label = METRICS[metric].label
    return label if scenario == baseline else f"{label}: '{scenario}' minus '{baseline}'"


def _render_tornado(bars: list[Any], total: int, metric: str, subject: str, fmt: str) -> str:
    from interconnect.results import METRICS
    from interconnect.units import unit_label

    unit = METRICS[metric].unit
    if fmt == "json":
        return json_text({"metric": metric, "unit": unit, "subject": subject, "inputs": total,
                          "bars": [b.to_dict() for b in bars]})
    header = ["input", "low", "typical", "high", f"at low [{unit}]", f"at high [{unit}]", f"swing [{unit}]"]
    if fmt == "csv":
        header[1:4] = ["low", "typical", "high", "input_unit"]
        return csv_text(header, [[b.input.label, *(f"{q.magnitude:.6g}" for q in _range(b)),
                                  unit_label(b.input.low.units),
                                  *(f"{q.m_as(unit):.6g}" for q in (b.at_low, b.at_high, b.swing))] for b in bars])
    rows = [[b.input.label, *(f"{_number(q.magnitude)} {unit_label(q.units)}" for q in _range(b)),
             *(_number(q.m_as(unit)) for q in (b.at_low, b.at_high, b.swing))] for b in bars]
    typical = _number(bars[0].at_typical.m_as(unit)) if bars else "n/a"
    title = f"Tornado, {subject} [{unit}]; at typical figures: {typical}; {len(bars)} of {total} ranged inputs"
    if fmt == "markdown":
        return f"### {title}\n\n" + _markdown(header, rows)
    return title + "\n\n" + _plain(header, rows)


def _range(bar: Any) -> tuple[Any, Any, Any]:
    return (bar.input.low, bar.input.typical, bar.input.high)


def run_uncertainty(args: argparse.Namespace) -> int:
    """``compare --uncertainty``: Monte Carlo of the comparison, laid out in ``args.format``."""
    from interconnect.errors import UsageError
    from interconnect.uncertainty import monte_carlo

    if args.format not in UNCERTAINTY_FORMATS:
        raise UsageError(f"--uncertainty writes {', '.join(UNCERTAINTY_FORMATS)}; found --format {args.format}")
    check_output(args.output)
    catalog, fabric, scenarios = load_inputs(args)
    result = monte_carlo(fabric, scenarios, catalog, samples=args.samples if args.samples is not None else 10_000,
                         seed=args.seed if args.seed is not None else 0)
    if args.format == "json":
        text = json_text(result.to_dict())
    elif args.format == "csv":
        records = result.rows()
        text = csv_text(list(records[0]), [[_csv(v) for v in r.values()] for r in records])
    elif args.format == "markdown":
        text = _uncertainty_markdown(result)
    else:
        text = result.table()
    emit(text, args.output)
    return 0


def _uncertainty_markdown(result: Any) -> str:
    from interconnect.results import METRICS
    from interconnect.uncertainty import BEATS_METRICS

    names = [m for m, spec in METRICS.items() if spec.headline and not spec.conditional and not m.startswith("count.")]
    header = ["metric", "scenario", "P10", "P50", "P90", "delta P10", "delta P50", "delta P90"]
    rows = [[f"{METRICS[r['metric']].label} [{r['unit']}]", r["scenario"],
             *(_number(r[k]) for k in ("p10", "p50", "p90", "delta_p10", "delta_p50", "delta_p90"))]
            for r in result.rows(names)]
    beats = [[s.scenario, *(f"{s.beats_baseline[m]:.1%}" for m in BEATS_METRICS)]
             for s in result.scenarios if s.scenario != result.baseline]
    return (f"### Uncertainty: {result.samples:,} samples, seed {result.seed}, {result.distribution}, "
            f"baseline '{result.baseline}'\n\n" + _markdown(header, rows)
            + "\n\nProbability of beating the baseline (lower in the same sample):\n\n"
            + _markdown(["scenario", *(METRICS[m].label for m in BEATS_METRICS)], beats))


def _number(x: Any) -> str:
    x = float(x)
    if x != x or x in (float("inf"), float("-inf")):
        return "n/a"
    return f"{x:,.0f}" if abs(x) >= 1e4 else f"{x:,.4g}"


def _csv(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def _plain(header: list[str], rows: list[list[str]]) -> str:
    table = [header, *rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)
