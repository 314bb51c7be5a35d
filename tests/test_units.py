"""The unit registry: conversions, safe parsing, JSON form."""

from __future__ import annotations

import pytest

from interconnect.units import Q_, UnitParseError, parse_quantity, quantity_to_json, ureg


def test_energy_per_bit_times_rate_is_power() -> None:
    # 5.5e-12 J/bit * 1.6e12 bit/s = 8.8 J/s
    q = parse_quantity("5.5 pJ/bit", "energy per bit") * parse_quantity("1.6 Tbit/s", "bit rate")
    assert q.m_as("W") == pytest.approx(8.8, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "gbit_per_s"),
    [("800G", 800), ("1.6T", 1600), ("800 Gbit/s", 800), ("800 Gb/s", 800), ("800 Gbps", 800),
     ("1.6 Tbit/s", 1600), ("400 G", 400)],
)
def test_rate_shorthands_are_data_rates(text: str, gbit_per_s: float) -> None:
    assert parse_quantity(text, "bit rate").m_as("Gbit/s") == pytest.approx(gbit_per_s)


def test_symbol_rate_is_refused() -> None:
    with pytest.raises(UnitParseError, match="symbol rate"):
        parse_quantity("53.125 GBd", "bit rate")


def test_currency_is_its_own_dimension() -> None:
    assert parse_quantity("$900", "cost").m_as("USD") == 900
    assert parse_quantity("1.2 kUSD", "cost").m_as("USD") == pytest.approx(1200)
    with pytest.raises(UnitParseError, match="expected a cost"):
        parse_quantity("900 W", "cost")


def test_fit_is_failures_per_billion_hours() -> None:
    # 1000 FIT = 1000 / 1e9 h = 1e-6 per hour -> 8.766e-3 per year of 8766 h
    q = parse_quantity("1000 FIT", "failure rate")
    assert q.m_as("1/hour") == pytest.approx(1e-6)
    assert (q * Q_(8766, "hour")).m_as("") == pytest.approx(8.766e-3)


def test_table_form_and_json_round_trip() -> None:
    q = parse_quantity({"value": 15, "unit": "W"}, "power")
    assert q == Q_(15, "W")
    assert quantity_to_json(parse_quantity("5.5 pJ/bit")) == {"value": 5.5, "unit": "pJ/bit"}
    assert parse_quantity(quantity_to_json(Q_(30, "W")), "power") == Q_(30, "W")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("15 kg", "expected a power"),
        (15, "bare number"),
        ("15", "has no unit"),
        ("__import__('os').system('true')", "not a number"),
        ("15 W; import os", "characters that are not part of a unit"),
        ("1" * 200 + " W", "longer than"),
        ("15 wattz", "unknown unit"),
        ({"value": "15", "unit": "W"}, "'value' must be a number"),
        ({"value": 15}, "exactly 'value' and 'unit'"),
    ],
)
def test_bad_quantities_are_clear_errors(value: object, message: str) -> None:
    with pytest.raises(UnitParseError, match=message):
        parse_quantity(value, "power")


def test_one_registry() -> None:
    assert parse_quantity("1 W")._REGISTRY is ureg
