"""The presentation layer: numbers, unit labels, terminal tables and "did you mean", one way for every face
(CLI, reports, TUI, fleet and uncertainty output). Rich is imported only when a table is drawn."""

from interconnect.present.numbers import (
    UNIT_LABELS,
    Scale,
    format_delta,
    format_number,
    format_percent,
    format_quantity,
    format_scaled,
    human,
    metric_header,
    metric_label,
    metric_scale,
    scale_for,
    unit_label,
)
from interconnect.present.suggest import close_matches, did_you_mean

__all__ = ["UNIT_LABELS", "Scale", "close_matches", "did_you_mean", "format_delta", "format_number",
           "format_percent", "format_quantity", "format_scaled", "human", "metric_header", "metric_label",
           "metric_scale", "scale_for", "unit_label"]
