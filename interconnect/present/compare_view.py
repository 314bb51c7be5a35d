"""The terminal view of a comparison: fits the width, human units, deltas coloured on a terminal.

Layout: metrics as rows and scenarios as columns when that fits; otherwise scenarios as rows and metrics
as columns, split into as many tables as the width needs. Every row of one metric shares one scale
(MW, $M), named in its label. Exact values are in CSV and JSON.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from interconnect.metrics import METRICS, headline_metrics
from interconnect.present.numbers import Scale, format_percent, format_scaled, metric_header, metric_scale
from interconnect.present.suggest import did_you_mean
from interconnect.present.tables import Cell, cell_text, clean, render_table, widest_line

__all__ = ["choose_metrics", "compare_view", "wrap"]

_LABEL_WIDTH = 30
_MIN_COLUMN = 9


def choose_metrics(results: Sequence[Any], wanted: Sequence[str] = ()) -> list[str]:
    """The metrics to show: the headline ones, or ``wanted`` (names, or groups such as ``power``, comma lists
    accepted); an unknown name is a ``UsageError`` with a suggestion."""
    from interconnect.errors import UsageError

    if not wanted:
        return headline_metrics(results)
    present = [name for name in METRICS if all(name in r.metrics for r in results)]
    out: list[str] = []
    for text in (w.strip() for item in wanted for w in item.split(",")):
        if not text:
            continue
        if text in METRICS:
            out.append(text)
            continue
        group = [name for name in present if name.startswith(f"{text}.")]
        if not group:
            known = [*METRICS, *{n.split(".")[0] for n in METRICS}]
            raise UsageError(f"unknown metric {text!r}{did_you_mean(text, known)} (list them with "
                             "'interconnect metrics')")
        out += group
    return list(dict.fromkeys(out))


_HIGHER_IS_BETTER = ("mtbf", "mean_time", "goodput", "availability")


def _lower_is_better(name: str) -> bool:
    """Lower is better for power, cost, latency, failures and part counts; higher for times between failures
    and goodput (a registry field ``higher_is_better``, when it has one, decides)."""
    flag = getattr(METRICS[name], "higher_is_better", None)
    if flag is not None:
        return not flag
    return not any(word in name for word in _HIGHER_IS_BETTER)


def _delta_cell(comparison: Any, key: str, name: str, colour: bool) -> Cell:
    rel = comparison.relative(key, name)
    text = format_percent(rel)
    if not text or text == "±0%":
        return (text, "dim") if colour and text else text
    better = (float(rel) < 0) == _lower_is_better(name)
    return (text, "green" if better else "red") if colour else text


def _cells(comparison: Any, name: str, scale: Scale, colour: bool) -> list[tuple[str, Cell]]:
    """(value, delta) per result."""
    out: list[tuple[str, Cell]] = []
    for r in comparison.results:
        value = format_scaled(r.value(name), scale)
        delta: Cell = "" if r.key == comparison.baseline else _delta_cell(comparison, r.key, name, colour)
        out.append((value, delta))
    return out


def _join(value: str, delta: Cell) -> Cell:
    """The value, then its delta (coloured alone when styled)."""
    if isinstance(delta, tuple):
        return [(value, ""), (f" {delta[0]}", delta[1])]
    return f"{value} {delta}".rstrip()


def _by_columns(comparison: Any, names: list[str], scales: dict[str, Scale], width: int, colour: bool) -> str:
    keys = [clean(r.key) for r in comparison.results]
    rows: list[list[Cell]] = []
    for name in names:
        rows.append([metric_header(name, scales[name]),
                     *[_join(v, d) for v, d in _cells(comparison, name, scales[name], colour)]])
    return render_table(["metric", *keys], rows, [False, *[True] * len(keys)], width=width, colour=colour,
                        wrap_first=_LABEL_WIDTH)


def _by_rows(comparison: Any, names: list[str], scales: dict[str, Scale], width: int, colour: bool) -> list[str]:
    """Scenarios as rows, metrics as columns, as many tables as the width needs."""
    columns = []
    for name in names:
        cells = [_join(v, d) for v, d in _cells(comparison, name, scales[name], colour)]
        cell_width = max(len(cell_text(c)) for c in cells)
        header = "\n".join(textwrap.wrap(metric_header(name, scales[name]), max(cell_width, _MIN_COLUMN),
                                         break_long_words=False))
        columns.append((header, cells))
    keys = [clean(r.key) for r in comparison.results]
    tables: list[str] = []
    chunk: list[tuple[str, list[Cell]]] = []

    def draw(part: list[tuple[str, list[Cell]]]) -> str:
        rows = [[key, *[cells[i] for _, cells in part]] for i, key in enumerate(keys)]
        return render_table(["scenario", *[h for h, _ in part]], rows, [False, *[True] * len(part)],
                            width=10_000, colour=colour)

    for column in columns:
        if chunk and widest_line(draw([*chunk, column])) > width:
            tables.append(draw(chunk))
            chunk = []
        chunk.append(column)
    if chunk:
        tables.append(draw(chunk))
    return tables


def compare_view(comparison: Any, metrics: Sequence[str] = (), *, width: int = 120, colour: bool = False) -> str:
    """The comparison as terminal text no wider than ``width`` (a single cell wider than it excepted)."""
    names = choose_metrics(comparison.results, metrics)
    scales = {n: metric_scale(n, [r.value(n) for r in comparison.results]) for n in names}
    wide = _by_columns(comparison, names, scales, 10_000, colour)
    if widest_line(wide) <= width:
        return wide
    narrow = _by_columns(comparison, names, scales, width, colour)
    if widest_line(narrow) <= width and all(_fits_unwrapped(narrow, comparison)):
        return narrow
    return "\n\n".join(_by_rows(comparison, names, scales, width, colour))


def _fits_unwrapped(text: str, comparison: Any) -> list[bool]:
    """The label column kept and each scenario name still on one line of the header (rich wraps nothing but
    the label column, and drops it altogether when even wrapped it does not fit)."""
    header = "\n".join(text.splitlines()[:2])
    return ["metric" in header, *(clean(r.key) in header for r in comparison.results)]


def wrap(text: str, width: int) -> str:
    """Paragraphs of ``text`` wrapped at ``width``."""
    return "\n".join("\n".join(textwrap.wrap(clean(line), width)) if line else "" for line in text.split("\n"))
