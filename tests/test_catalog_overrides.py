"""Field-level catalog overrides: one field of a shipped entry changed with its source, without copying it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interconnect import Catalog, Fabric, ScenarioSet, compare, load_catalog
from interconnect.catalog import FieldOverride
from interconnect.catalog.overrides import unused_overrides
from interconnect.cli import main
from interconnect.errors import CatalogError

HOST_MODULE = "generic-800g-osfp-dr4-dsp"  # the default fabric's host-end 800G DR4 module, 690 USD typical
QUOTE = """
[[source]]
id = "my-quote-2026-12"
title = "Quote for 800G DR4 modules, 100k volume"
document = "supplier quote, December 2026"
date = "2026-12"
kind = "vendor"
"""


def _file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(QUOTE + body)
    return path


def test_override_changes_one_price_and_carries_its_source(tmp_path: Path, catalog: Catalog,
                                                           default_project: tuple[Fabric, ScenarioSet]) -> None:
    path = _file(tmp_path, f"""
[[override]]
id = "{HOST_MODULE}"
field = "cost"
value = "500 USD"
sources = ["my-quote-2026-12"]
""")
    mine = load_catalog([path])
    option = mine.option(HOST_MODULE)
    assert option.cost.typical.m_as("USD") == 500 and option.cost.is_point
    assert option.figure_sources("cost") == ("my-quote-2026-12",)
    assert option.power == catalog.option(HOST_MODULE).power  # every other field is the shipped one
    (applied,) = mine.field_overrides
    assert applied.kind == "option" and applied.file == str(path)
    assert applied.previous.typical.m_as("USD") == 690
    fabric, scenarios = default_project
    base = compare(fabric, scenarios, catalog).result("all-dsp")
    new = compare(fabric, scenarios, mine).result("all-dsp")
    # 100,000 accelerators with one 800G NIC port each: 100,000 host modules, each 690 -> 500 USD
    assert base.value("cost.capex", "USD") - new.value("cost.capex", "USD") == pytest.approx(100_000 * 190)
    assert unused_overrides(mine, [new]) == []


def test_override_of_one_bound_keeps_the_range(catalog: Catalog) -> None:
    mine = catalog.with_overrides([FieldOverride(HOST_MODULE, "cost.high", "1200 USD", ("est-800g-dr4-200g-lane",))])
    cost = mine.option(HOST_MODULE).cost
    assert [cost.low.m_as("USD"), cost.typical.m_as("USD"), cost.high.m_as("USD")] == [600, 690, 1200]
    assert catalog.option(HOST_MODULE).cost.high.m_as("USD") == 850  # the original is untouched


@pytest.mark.parametrize(("override", "message"), [
    (FieldOverride(HOST_MODULE, "cost", "17 W", ("est-800g-dr4-200g-lane",)), "expected a cost"),
    (FieldOverride(HOST_MODULE, "cots", "500 USD", ("est-800g-dr4-200g-lane",)), "did you mean 'cost'"),
    (FieldOverride(HOST_MODULE[:-1], "cost", "500 USD", ("est-800g-dr4-200g-lane",)),
     f"did you mean '{HOST_MODULE}'"),
    (FieldOverride(HOST_MODULE, "cost", "500 USD", ("no-such-source",)), "unknown source id(s) 'no-such-source'"),
    (FieldOverride(HOST_MODULE, "cost", "500 USD", ()), "needs at least one source"),
    (FieldOverride(HOST_MODULE, "cost.typical", "2000 USD", ("est-800g-dr4-200g-lane",)), "range out of order"),
    (FieldOverride(HOST_MODULE, "id", "other", ("est-800g-dr4-200g-lane",)), "no field 'id'"),
])
def test_bad_override_is_a_located_error(catalog: Catalog, override: FieldOverride, message: str) -> None:
    with pytest.raises(CatalogError) as err:
        catalog.with_overrides([override])
    assert message in str(err.value)
    assert f"field '{override.field}'" in str(err.value) or "field 'sources'" in str(err.value)


def test_wrong_dimension_in_a_file_names_file_entry_and_field(tmp_path: Path) -> None:
    path = _file(tmp_path, f'[[override]]\nid = "{HOST_MODULE}"\nfield = "power"\nvalue = "500 USD"\n'
                 'sources = ["my-quote-2026-12"]\n')
    with pytest.raises(CatalogError) as err:
        load_catalog([path])
    text = str(err.value)
    assert str(path) in text and f"option '{HOST_MODULE}'" in text and "field 'power'" in text
    assert "expected a power" in text


def test_unused_override_warns_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, """
[[override]]
id = "nvidia-mms4x00-ns-800g-2xdr4"
field = "cost"
value = "400 USD"
sources = ["my-quote-2026-12"]

[[override]]
id = "generic-800g-osfp-dr4-dsp"
field = "cost"
value = "500 USD"
sources = ["my-quote-2026-12"]
""")
    assert main(["compare", "--catalog", str(path), "--format", "json"]) == 0
    captured = capsys.readouterr()
    warnings = [line for line in captured.err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "nvidia-mms4x00-ns-800g-2xdr4" in warnings[0] and "never used" in warnings[0]
    json.loads(captured.out)


def test_validate_checks_override_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, f'[[override]]\nid = "{HOST_MODULE}"\nfeild = "cost"\nvalue = "1 USD"\n'
                 'sources = ["my-quote-2026-12"]\n')
    assert main(["catalog", "validate", str(path)]) == 1
    assert "did you mean 'field'" in capsys.readouterr().err
