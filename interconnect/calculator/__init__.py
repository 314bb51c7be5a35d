"""The calculator: evaluate scenarios on fabrics and compare them (see :mod:`.evaluate`)."""

from interconnect.calculator.evaluate import compare, compare_fabrics, evaluate, ports_per_server, scenario_list
from interconnect.calculator.planes import COPPER_DELAY, FIBER_DELAY
from interconnect.calculator.values import FIGURE_UNITS, HOURS_PER_YEAR, FigureValues, default_catalog

__all__ = ["COPPER_DELAY", "FIBER_DELAY", "FIGURE_UNITS", "HOURS_PER_YEAR", "FigureValues", "compare",
           "compare_fabrics", "default_catalog", "evaluate", "ports_per_server", "scenario_list"]
