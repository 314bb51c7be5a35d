"""CSV formula injection (OWASP): every text cell that could start a formula gets a leading ', in every CSV
writer (they all go through interconnect.spreadsheet.csv_text); numbers stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from interconnect.cli import main
from interconnect.files import default_fabric_path
from interconnect.spreadsheet import csv_text, formula_safe, safe_cell

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_starts_are_escaped(text: str) -> None:
    assert formula_safe(text) == "'" + text
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-3.5", "-1e6", "+2", "plain", "", "a=b", "'=already quoted", "-inf"])
def test_numbers_and_plain_text_are_left_alone(text: str) -> None:
    assert formula_safe(text) == text


@pytest.mark.parametrize("value", [-3.5, -7, 0, None, True])
def test_non_text_cells_are_unchanged(value: object) -> None:
    assert safe_cell(value) is value


def test_csv_text_escapes_header_and_cells() -> None:
    rows = list(csv.reader(io.StringIO(csv_text(["=h", "v"], [["=1+1", -2.5], ["ok", "-4"]]))))
    assert rows == [["'=h", "v"], ["'=1+1", "-2.5"], ["ok", "-4"]]


def _cells(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(list(args)) == 0
    return [cell for row in csv.reader(io.StringIO(capsys.readouterr().out)) for cell in row]


def _unsafe(cells: list[str]) -> list[str]:
    return [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r")) or
            (c.startswith("-") and not _number(c))]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _hostile_fabric(tmp_path: Path) -> Path:
    text = default_fabric_path().read_text()
    text = text.replace('name = "all-dsp"', 'name = "=HYPERLINK(\\"http://evil.example\\")"', 1)
    text = text.replace('baseline = "all-dsp"', 'baseline = "=HYPERLINK(\\"http://evil.example\\")"', 1)
    path = tmp_path / "hostile.toml"
    path.write_text(text)
    return path


def test_compare_csv_escapes_scenario_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cells = _cells(capsys, "compare", str(_hostile_fabric(tmp_path)), "--format", "csv")
    assert "'=HYPERLINK(\"http://evil.example\")" in cells and _unsafe(cells) == []


def test_sweep_csv_escapes_scenario_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cells = _cells(capsys, "sweep", str(_hostile_fabric(tmp_path)), "--vary", "pue=1.1,1.5", "--format", "csv")
    assert "'=HYPERLINK(\"http://evil.example\")" in cells and _unsafe(cells) == []


def test_catalog_list_csv_escapes_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = Path(__file__).parent / "data" / "test_catalog.toml"
    text = data.read_text().replace('title = "Round test figures"', 'title = "+cmd|\' /C calc\'!A0"', 1)
    text = text.replace('id = "t-sw-64"\nname = "t-sw-64"', 'id = "t-sw-64"\nname = "@SUM(1+1)*cmd"', 1)
    user = tmp_path / "user.toml"
    user.write_text(text)
    cells = _cells(capsys, "catalog", "list", "--kind", "source", "--catalog", str(user), "--format", "csv")
    assert "'+cmd|' /C calc'!A0" in cells and _unsafe(cells) == []
    cells = _cells(capsys, "catalog", "list", "--kind", "switch", "--catalog", str(user), "--format", "csv")
    assert "'@SUM(1+1)*cmd" in cells and _unsafe(cells) == []


def test_every_csv_writer_goes_through_the_one_escape() -> None:
    # A new CSV or xlsx writer must call interconnect.spreadsheet (csv_text, safe_cell or formula_safe).
    root = Path(__file__).parent.parent
    offenders = [str(p.relative_to(root)) for folder in ("interconnect", "tui") for p in (root / folder).rglob("*.py")
                 if p.name != "spreadsheet.py" and ("csv.writer(" in (text := p.read_text())
                                                    or "DictWriter(" in text or ".to_csv(" in text)
                 and "interconnect.spreadsheet" not in text]
    assert offenders == []


@pytest.mark.parametrize("url", ["https://e.example/a|b", "https://e.example/a\r\n| x | ![i](https://evil/x.png)",
                                 "https://e.example/x)![i](https://evil/p.png", "https://e.example/\x1b[2J"])
def test_urls_cannot_split_a_markdown_table(url: str) -> None:
    from interconnect.reports.blocks import Link, Table
    from interconnect.reports.markdown import render_markdown

    text = render_markdown([Table(header=("source",), rows=((Link("title", url),),), numeric=(False,))], {})
    row = [line for line in text.splitlines() if "title" in line]
    assert len(row) == 1 and row[0].count("|") == 2, text  # one cell: no extra column, no line break
    assert "![" not in text and "\x1b" not in text and "\r" not in text
