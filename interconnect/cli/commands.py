"""The commands and their one-line help, for ``interconnect --help`` without importing the package.

Each command module registers its parser with ``help=COMMANDS[name]``; a test checks that the quick
top-level help equals the full parser's.
"""

from __future__ import annotations

DESCRIPTION = ("Optical interconnect cost and power calculator for AI data-center fabrics: pluggable DSP vs LPO, "
               "LRO, NPO and CPO at cluster scale.")

COMMANDS = {  # in the order --help lists them
    "catalog": "list, show and validate catalog entries",
    "compare": "compare scenarios on a fabric (default: the shipped fabric), or several fabrics' scenarios side "
               "by side",
    "sweep": "evaluate scenarios over a grid of inputs (one vectorized pass), or P10/P50/P90 at every grid point "
             "with --samples (chunked, on Dask when asked)",
    "report": "the full comparison report (HTML or Markdown with charts)",
    "sensitivity": "tornado: which ranged catalog figures move a scenario's delta vs the baseline most",
    "fleet": "optics demand of a fleet of deployments under adoption mixes (see docs/fleet.md)",
    "breakeven": "the value of one input at which a scenario's metric equals the baseline's (or that there is "
                 "none in the range)",
    "tui": "terminal UI: edit a fabric and scenarios, see the comparison live",
}
