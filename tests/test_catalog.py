"""Catalog models and loading: the shipped catalog swept entry by entry, and every kind of bad input."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from interconnect import Catalog, load_catalog, validate_files
from interconnect.catalog import Option, SourceKind
from interconnect.errors import CatalogError, UnknownIdError

GOOD_OPTION = """
[[option]]
id = "my-800g"
name = "My 800G module"
class = "dsp"
rate = "800 Gbit/s"
lanes = 8
lane_rate = "100 Gbit/s"
reach = "500 m"
media = "smf"
form_factor = "OSFP"
power = "14 W"
cost = "500 USD"
latency = "100 ns"
fit = "1000 FIT"
year = 2025
sources = ["test-source"]
"""
SOURCE = """
[[source]]
id = "test-source"
title = "My lab measurement"
document = "lab notebook 7"
date = "2026-11-01"
kind = "measurement"
"""


def _write(tmp_path: Path, text: str, name: str = "user.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_every_shipped_entry_is_complete(catalog: Catalog) -> None:
    """One sweep over every entry: sources resolve, figures finite and ordered, estimates explained."""
    assert len(catalog.options) >= 30 and len(catalog.switches) >= 8 and len(catalog.nics) >= 3
    for entry in [*catalog.options.values(), *catalog.switches.values(), *catalog.nics.values()]:
        assert entry.sources, entry.id
        for name, fig in entry.figures().items():
            for q in (fig.low, fig.typical, fig.high):
                assert math.isfinite(q.magnitude) and q.magnitude >= 0, (entry.id, name)
            assert fig.low <= fig.typical <= fig.high, (entry.id, name)
            for sid in entry.figure_sources(name):
                assert sid in catalog.sources, (entry.id, name, sid)
    for source in catalog.sources.values():
        assert source.url or source.document
        if source.kind is SourceKind.ESTIMATE:
            assert source.derivation and len(source.derivation) > 40, source.id


def test_shipped_coverage_per_class_and_rate(catalog: Catalog) -> None:
    have = {(str(o.option_class), round(o.rate.m_as("Gbit/s"))) for o in catalog.options.values()}
    for cls in ("dsp", "lpo", "cpo"):
        for rate in (400, 800, 1600):
            assert (cls, rate) in have, (cls, rate)
    for cls in ("lro", "npo"):
        for rate in (800, 1600):
            assert (cls, rate) in have, (cls, rate)
    assert any(c == "xpo" for c, _ in have)


def test_worked_example_3_power_and_energy_per_bit(catalog: Catalog) -> None:
    # NVIDIA GTC 2025: 1.6 Tb/s port, pluggable 30 W -> 30 / 1.6e12 = 18.75 pJ/bit; CPO 9 W -> 5.625 pJ/bit
    pluggable = catalog.option("nvidia-gtc2025-1p6t-pluggable-30w")
    cpo = catalog.option("nvidia-gtc2025-1p6t-cpo-9w")
    assert pluggable.part_energy_per_bit.typical.m_as("pJ/bit") == pytest.approx(18.75, rel=1e-3)
    assert cpo.part_energy_per_bit.typical.m_as("pJ/bit") == pytest.approx(5.625, rel=1e-3)


def test_energy_per_bit_entry_reports_watts(tmp_path: Path) -> None:
    # given in pJ/bit: 5.625 pJ/bit x 1.6 Tbit/s = 9 W
    text = SOURCE + GOOD_OPTION.replace('power = "14 W"', 'energy_per_bit = "5.625 pJ/bit"') \
        .replace('rate = "800 Gbit/s"', 'rate = "1.6 Tbit/s"').replace('lane_rate = "100 Gbit/s"', 'lane_rate = "200G"')
    option = load_catalog([_write(tmp_path, text)], include_shipped=False).option("my-800g")
    assert option.part_power.typical.m_as("W") == pytest.approx(9.0, rel=1e-3)


def test_user_file_overrides_shipped_id(tmp_path: Path, catalog: Catalog) -> None:
    text = SOURCE + GOOD_OPTION.replace('id = "my-800g"', 'id = "generic-800g-lpo-dr8"')
    merged = load_catalog([_write(tmp_path, text)])
    assert merged.option("generic-800g-lpo-dr8").part_power.typical.m_as("W") == 14
    assert [(o.kind, o.id) for o in merged.overrides] == [("option", "generic-800g-lpo-dr8")]
    assert len(merged.options) == len(catalog.options)


def test_every_problem_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    bad = GOOD_OPTION.replace('class = "dsp"', 'class = "dspp"').replace('power = "14 W"', 'power = "15 kg"')
    bad += GOOD_OPTION.replace('id = "my-800g"', 'id = "neg"').replace('power = "14 W"', 'power = "-3 W"')
    bad += GOOD_OPTION.replace('id = "my-800g"', 'id = "nan"').replace('power = "14 W"', 'power = "nan W"')
    bad += GOOD_OPTION.replace('id = "my-800g"', 'id = "neg"')  # duplicate id
    bad += GOOD_OPTION.replace('id = "my-800g"', 'id = "nofit"').replace('fit = "1000 FIT"\n', "")
    bad += GOOD_OPTION.replace('id = "my-800g"', 'id = "typo"').replace("latency =", "latnecy =")
    bad += GOOD_OPTION.replace('id = "my-800g"', 'id = "nosrc"').replace('["test-source"]', '["test-sourse"]')
    path = _write(tmp_path, SOURCE + bad)
    problems = [str(p) for p in validate_files([path])]
    expected = [
        "option 'my-800g': field 'class': Input should be 'dsp'",
        "option 'my-800g': field 'power': expected a power (for example 'W'), found '15 kg'",
        "option 'neg': field 'power': found a negative value -3",
        "option 'nan': field 'power': found nan",
        "option 'neg': field 'id': duplicate id in this file",
        "option 'nofit': field 'fit': missing required field",
        "option 'typo': field 'latnecy': unknown field; did you mean 'latency'?",
        "option 'nosrc': field 'sources': unknown source id 'test-sourse'; did you mean 'test-source'?",
    ]
    for text in expected:
        assert any(text in p for p in problems), (text, problems)
    assert all(p.startswith(str(path)) for p in problems)


def test_malformed_toml_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "[[option]\nid = 1\n")
    (problem,) = validate_files([path])
    assert "malformed TOML" in problem.message and "line 1" in problem.message


def test_unknown_table_and_missing_file(tmp_path: Path) -> None:
    path = _write(tmp_path, SOURCE.replace("[[source]]", "[[sources]]"))
    (problem,) = validate_files([path])
    assert "did you mean '[[source]]'" in problem.message
    with pytest.raises(CatalogError, match="cannot read file"):
        load_catalog([tmp_path / "missing.toml"])


def test_cross_field_checks(tmp_path: Path) -> None:
    text = SOURCE + GOOD_OPTION.replace("lanes = 8", "lanes = 4") + GOOD_OPTION.replace(
        'id = "my-800g"', 'id = "both"').replace('power = "14 W"', 'power = "14 W"\nenergy_per_bit = "17 pJ/bit"')
    problems = [str(p) for p in validate_files([_write(tmp_path, text)])]
    assert any("lanes x lane_rate = 400 Gbit/s does not equal rate 800 Gbit/s" in p for p in problems)
    assert any("give exactly one of 'power' or 'energy_per_bit'" in p for p in problems)


def test_estimate_source_needs_derivation(tmp_path: Path) -> None:
    text = SOURCE.replace('kind = "measurement"', 'kind = "estimate"')
    (problem,) = validate_files([_write(tmp_path, text)])
    assert "an estimate needs 'derivation'" in problem.message


def test_unknown_id_suggests_close_ones(catalog: Catalog) -> None:
    with pytest.raises(UnknownIdError, match="did you mean 'generic-800g-lpo-dr8'"):
        catalog.option("generic-800g-lpo-dr")


def test_option_is_frozen(catalog: Catalog) -> None:
    option: Option = next(iter(catalog.options.values()))
    with pytest.raises(Exception, match="frozen"):
        option.year = 1999  # type: ignore[misc]


def test_sources_doc_is_current(catalog: Catalog) -> None:
    from interconnect.catalog.docs import sources_markdown

    doc = Path(__file__).parent.parent / "docs" / "sources.md"
    regenerate = "python -m interconnect.catalog.docs > docs/sources.md"
    assert doc.read_text() == sources_markdown(catalog), regenerate
