"""Headline sentences: what each scenario saves (or adds) in fabric power and TCO against the baseline.

Every number is read from the ``Comparison`` (its deltas); only units and wording are chosen here.
"""

from __future__ import annotations

import pint

from interconnect.fabric import Fabric
from interconnect.results import Comparison

__all__ = ["headline", "scenario_sentence"]


def _power(q: pint.Quantity) -> str:
    watts = abs(float(q.m_as("W")))
    for unit, scale in (("GW", 1e9), ("MW", 1e6), ("kW", 1e3)):
        if watts >= scale:
            return f"{watts / scale:,.{2 if watts < 10 * scale else 1}f} {unit}"
    return f"{watts:,.0f} W"


def _money(q: pint.Quantity) -> str:
    usd = abs(float(q.m_as("USD")))
    for suffix, scale in (("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if usd >= scale:
            return f"${usd / scale:,.{2 if usd < 10 * scale else 1}f}{suffix}"
    return f"${usd:,.0f}"


def _years(fabric: Fabric) -> str:
    years = float(fabric.economics.lifetime.m_as("year"))
    return f"{years:g} year{'' if years == 1 else 's'}"


def scenario_sentence(comparison: Comparison, scenario: str, fabric: Fabric) -> str:
    """``cpo saves 5.00 MW (27.4% of fabric power) and $210.2M of TCO over 5 years vs all-dsp.``"""
    watts = float(comparison.delta(scenario, "power.fabric").m_as("W"))
    d_tco = comparison.delta(scenario, "cost.tco")
    usd = float(d_tco.m_as("USD"))
    rel = comparison.relative(scenario, "power.fabric")
    share = f" ({abs(rel):.1%} of fabric power)" if rel == rel else ""
    if watts == 0:
        power = "draws the same fabric power"
    else:
        power = f"{'saves' if watts < 0 else 'adds'} {_power(comparison.delta(scenario, 'power.fabric'))}{share}"
    if usd == 0:
        tco = "at the same TCO"
    else:
        same_way = watts != 0 and (watts < 0) == (usd < 0)
        joiner = "and" if same_way or watts == 0 else "but"
        if usd < 0:
            tco = f"{joiner} {'' if same_way else 'saves '}{_money(d_tco)} of TCO"
        else:
            tco = f"{joiner} costs {_money(d_tco)} more in TCO"
    return f"{scenario} {power} {tco} over {_years(fabric)} vs {comparison.baseline}."


def headline(comparison: Comparison, fabric: Fabric) -> str:
    """The sentence for the scenario with the lowest TCO (or a note that none beats the baseline)."""
    others = [r.key for r in comparison.results if r.key != comparison.baseline]
    if not others:
        return f"Only the baseline {comparison.baseline} is evaluated; there is nothing to compare."
    best = min(others, key=lambda s: float(comparison.delta(s, "cost.tco").m_as("USD")))
    if float(comparison.delta(best, "cost.tco").m_as("USD")) >= 0:
        return (f"No scenario has a lower TCO than {comparison.baseline}; the closest: "
                + scenario_sentence(comparison, best, fabric))
    return scenario_sentence(comparison, best, fabric)
