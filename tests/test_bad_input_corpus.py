"""The bad-input corpus: every case a hostile or careless user could try, grouped by class.

Each case runs the real command line (``interconnect.cli.main``) with ``-o`` pointing at an existing file
and asserts: the documented exit status (1 invalid input, 2 usage error; docs/cli.md), a located message
(the file, entry or field named), no traceback, and the existing output file intact. TUI field cases
check the form's reader (``interconnect.tui.fields``): an inline reason on the field, never an exception.
Counts per class: ``python -m pytest tests/test_bad_input_corpus.py --collect-only -q | cut -d[ -f2 |
cut -d- -f1 | sort | uniq -c``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from interconnect.cli import main

FABRIC = """name = "small"
accelerators = 2048
accelerators_per_server = 8
[economics]
electricity_price = "0.08 USD/kWh"
lifetime = "5 year"
pue = 1.3
fiber_cost = "0.05 USD/m"
[[plane]]
name = "backend"
ports_per_accelerator = 1
port_rate = "800G"
tiers = 2
switch = "broadcom-th5-64x800g"
link_lengths = ["5 m", "50 m"]
"""
PREVIOUS = "previous output, must survive\n"
DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Case:
    """``args`` for the CLI (``{fabric}``, ``{catalog}``, ``{out}``, ``{tmp}`` filled in), the fabric or catalog
    text to write, the expected status and the texts the message must contain (its location)."""

    args: tuple[str, ...]
    status: int
    located: tuple[str, ...]
    fabric: str | None = FABRIC
    catalog: str | None = None


def _set(text: str, key: str, value: str) -> str:
    """``text`` with the first ``key = ...`` line's value replaced by ``value`` (raw TOML)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.split("=")[0].strip() == key:
            lines[i] = f"{key} = {value}"
            return "\n".join(lines) + "\n"
    raise AssertionError(f"no key {key}")


COMPARE = ("compare", "{fabric}", "--format", "json", "-o", "{out}")

# --- malformed TOML: syntax, types, nesting, odd files ------------------------------------------------
WRONG_TYPES = {
    "date": "1979-05-27", "datetime": "1979-05-27T07:32:00Z", "time": "07:32:00", "table": "{a = 1}",
    "array": "[1, 2, [3]]", "boolean": "true", "junk string": '"lots"', "empty string": '""',
    "negative": "-5", "nan": "nan", "inf": "inf", "1e400": "1e400", "huge int": "100000000000000000000000",
}
NUMBER_KEYS = ["accelerators", "accelerators_per_server", "pue", "tiers", "ports_per_accelerator"]
QUANTITY_KEYS = ["electricity_price", "lifetime", "fiber_cost", "port_rate"]
MALFORMED: dict[str, Case] = {}
for key in NUMBER_KEYS + QUANTITY_KEYS:
    for kind, value in WRONG_TYPES.items():
        if key == "tiers" and kind == "junk string":
            continue  # tiers = "lots" is checked below with the other words
        MALFORMED[f"{key}={kind}"] = Case(COMPARE, 1, ("{fabric}", key), _set(FABRIC, key, value))
SYNTAX = {
    "unclosed string": 'name = "small\n', "unclosed array": "accelerators = [1, 2\n",
    "missing value": "accelerators =\n", "duplicate key": "accelerators = 1\naccelerators = 2\n",
    "bare word": "accelerators = lots\n", "table twice": "[economics]\n[economics]\n",
    "array of tables over a table": "[economics]\n[[economics]]\n", "invalid escape": 'name = "\\q"\n',
    "nul byte": "name = \"a\x00b\"\n", "control char": "name = \"a\x01b\"\n",
    "deep arrays": "accelerators = " + "[" * 1000 + "]" * 1000 + "\n",
    "deep tables": "accelerators = " + "{a = " * 600 + "1" + "}" * 600 + "\n",
    "deep array in plane": FABRIC.replace('link_lengths = ["5 m", "50 m"]', "link_lengths = " + "[" * 1000
                                          + "]" * 1000),
    "plane is a table": FABRIC.replace("[[plane]]", "[plane]"), "economics is an array": FABRIC.replace(
        "[economics]", "[[economics]]"), "unknown top key": FABRIC + "acclerators = 5\n",
    "unknown plane key": FABRIC + "swich = 'x'\n", "empty file": "", "only comments": "# nothing\n",
    "no planes": FABRIC.split("[[plane]]")[0], "latin-1": None, "utf-16": None, "binary": None,
}
for name, text in SYNTAX.items():
    MALFORMED[f"syntax {name}"] = Case(COMPARE, 1, ("{fabric}",), text)
for name, path in {"dev-zero": "/dev/zero", "dev-null": "/dev/null", "folder": "{tmp}", "missing": "{tmp}/none.toml",
                   "fifo": "{tmp}/fifo.toml", "huge": "{tmp}/huge.toml", "dev-urandom": "/dev/urandom"}.items():
    MALFORMED[f"file {name}"] = Case(("compare", path, "--format", "json", "-o", "{out}"), 1,
                                     (path.replace("{tmp}/", ""),), None)
    MALFORMED[f"catalog file {name}"] = Case(("compare", "{fabric}", "--catalog", path, "-o", "{out}"), 1,
                                             (path.replace("{tmp}/", ""),))
CATALOG_BAD = {
    "date as power": ("power", "2020-01-01"), "table as cost": ("cost", "{a = {b = 1}}"),
    "deep array reach": ("reach", "[" * 1000 + "]" * 1000), "float breakout": ("breakout", "1.5"),
    "string lanes": ("lanes", '"eight"'), "inf power": ("power", '"inf W"'), "nan cost": ("cost", '"nan USD"'),
    "1e400 latency": ("latency", '"1e400 ns"'), "negative power": ("power", '"-1 W"'),
    "huge breakout": ("breakout", "100000000000000000000"), "zero rate": ("rate", '"0 Gbit/s"'),
    "huge year": ("year", "99999"),
}


def _catalog_with(key: str, value: str) -> str:
    text = (DATA / "test_catalog.toml").read_text()
    start = text.index('id = "t-dsp-800"')
    line = text.index(f"\n{key} = ", start) + 1
    end = text.index("\n", line)
    return text[:line] + f"{key} = {value}" + text[end:]


for name, (key, value) in CATALOG_BAD.items():
    located = ("{catalog}",) if "deep" in name else ("{catalog}", key) if "date" in name or "table" in name \
        else ("{catalog}", "t-dsp-800", key)
    MALFORMED[f"catalog {name}"] = Case(("compare", "{fabric}", "--catalog", "{catalog}", "-o", "{out}"), 1,
                                        located, catalog=_catalog_with(key, value))

# --- units and dimensions ----------------------------------------------------------------------------
UNITS: dict[str, Case] = {}
BAD_UNITS = {
    "port_rate": ["800 GHz", "800 gigabaud", "100 GBd", "800 Gbit", "800 W", "800", "800 m", "800 Gbaud", "800 MHz",
                  "0.8 THz", "800 bit", "800 count/s", "-800 Gbit/s", "1e400 Gbit/s"],
    "electricity_price": ["0.08 USD", "0.08 USD/kW", "0.08 USD/kWh/bit", "0.08 kWh", "0.08", "1e306 USD/kWh",
                          "0.08 EUR/kWh", "-0.08 USD/kWh"],
    "lifetime": ["5", "5 m", "5 year*bit", "5 W", "0 year", "1e300 year", "-5 year"],
    "fiber_cost": ["0.05 USD", "0.05 USD/m/bit", "0.05 m", "0.05 W/m", "1e300 USD/m"],
}
for key, values in BAD_UNITS.items():
    for value in values:
        UNITS[f"{key}={value}"] = Case(COMPARE, 1, ("{fabric}", key), _set(FABRIC, key, f'"{value}"'))
for value in ["500 m*bit", "5 s", "5 W", "5", "5 bit", "-5 m", "1e300 m", "5 km*Hz/Hz*bit"]:
    UNITS[f"link_lengths={value}"] = Case(COMPARE, 1, ("{fabric}", "link_lengths"),
                                          _set(FABRIC, "link_lengths", f'["{value}", "50 m"]'))
for key, value in {"rate": "800 GHz", "rate ": "800 gigabaud", "lane_rate": "100 GHz", "lane_rate ": "100 GBd",
                   "reach": "500 m*bit", "reach ": "500 s", "power": "16 W*bit", "power ": "16 J",
                   "cost": "500 USD/bit", "cost ": "500 W", "latency": "100 ns*bit", "latency ": "100 m",
                   "fit": "1000 FIT*bit", "fit ": "1000 W", "energy_per_bit": "5 pJ"}.items():
    field = key.strip() if key.strip() != "energy_per_bit" else "power"
    UNITS[f"catalog {key.strip()}={value}"] = Case(
        ("compare", "{fabric}", "--catalog", "{catalog}", "-o", "{out}"), 1, ("{catalog}", "t-dsp-800", field),
        catalog=_catalog_with(field, f'"{value}"'))
for spec in ["pue=1.1,1.2 W", "electricity_price=0.1,0.2 USD", "electricity_price=1e306,1e307 USD/kWh",
             "lifetime=1,2 m", "length.backend.1=5,6 s", "length.backend.1=5,6 m*bit", "accelerators=1,2 W",
             "figure.generic-800g-osfp-dr4-dsp.power=1,2 GHz", "figure.generic-800g-osfp-dr4-dsp.cost=1,2 W",
             "electricity_price=0.1..0.2 USD/kWh/bit:3"]:
    UNITS[f"vary {spec}"] = Case(("sweep", "{fabric}", "--vary", spec, "--format", "csv", "-o", "{out}"), 2,
                                 (spec.split("=")[0],))

# --- ids -----------------------------------------------------------------------------------------------
IDS: dict[str, Case] = {}
for key, value in {"switch": "broadcom-th5-64x80g", "switch ": "nope", "nic": "no-such-nic"}.items():
    IDS[f"fabric {key.strip()}={value}"] = Case(COMPARE, 1, (value,), _set(FABRIC, key.strip(), f'"{value}"')
                                                if key.strip() != "nic" else FABRIC + f'nic = "{value}"\n')
SCENARIO = FABRIC.replace("[economics]", 'baseline = "a"\n[economics]', 1) + """[[scenario]]
name = "a"
[scenario.planes.backend]
links = [{ lower = "LOWER", upper = "generic-800g-osfp-dr4-dsp" },
         { lower = "generic-800g-osfp-dr4-dsp", upper = "generic-800g-osfp-dr4-dsp" }]
"""
for lower in ["generic-800g-osfp-dr4-dps", "x", "generic-1p6t-osfp-2xdr4-dsp-typo", "nvidia-connectx-8-800g"]:
    IDS[f"scenario option {lower}"] = Case(COMPARE, 1, (lower,), SCENARIO.replace("LOWER", lower))
IDS["scenario unknown plane"] = Case(COMPARE, 1, ("nope",), SCENARIO.replace("LOWER", "generic-800g-osfp-dr4-dsp")
                                     .replace("planes.backend", "planes.nope"))
IDS["baseline unknown"] = Case(COMPARE, 1, ("b",), SCENARIO.replace("LOWER", "generic-800g-osfp-dr4-dsp")
                               .replace('baseline = "a"', 'baseline = "b"'))
for ident in ["generic-800g-osfp-dr4-dps", "", "x" * 300, "\x1b[2J", "[/b]", "=cmd", "../../etc/passwd"]:
    IDS[f"catalog show {ident[:20]!r}"] = Case(("catalog", "show", ident), 1, ("unknown",), None)
for name in ["nope", "[/oops]", "\x1b]0;pwned\x07", "=HYPERLINK(1)"]:
    IDS[f"--baseline {name!r}"] = Case(("compare", "{fabric}", "--baseline", name, "-o", "{out}"), 2, ("baseline",))
for metric in ["power.fabrik", "nope", "[/b]"]:
    IDS[f"--metric {metric}"] = Case(("sweep", "{fabric}", "--vary", "pue=1.1,1.2", "--metric", metric, "-o",
                                      "{out}"), 2, (metric,))
for name in ["nope", "figure.nope.power", "figure.generic-800g-osfp-dr4-dsp.colour", "length.nope.1",
             "length.backend.9"]:
    IDS[f"--vary {name}"] = Case(("sweep", "{fabric}", "--vary", f"{name}=1,2", "-o", "{out}"), 2,
                                 (name.split(".")[0],))
IDS["fabric name unknown"] = Case(("compare", "no-such-shipped-fabric", "-o", "{out}"), 1,
                                  ("no-such-shipped-fabric",), None)

# --- infeasible fabrics ---------------------------------------------------------------------------------
INFEASIBLE: dict[str, Case] = {}
for accelerators in ["100000000", "5000000", "1000000000000"]:
    INFEASIBLE[f"too many for 2 tiers: {accelerators}"] = Case(COMPARE, 1, ("tier",),
                                                               _set(FABRIC, "accelerators", accelerators))
INFEASIBLE["too many for 1 tier"] = Case(COMPARE, 1, ("tier",), _set(FABRIC, "tiers", "1"))
for key, value, _field in [("tiers", "4", "tiers"), ("tiers", "0", "tiers"), ("tiers", '"lots"', "tiers"),
                            ("ports_per_accelerator", "0", "ports_per_accelerator"),
                            ("accelerators_per_server", "0", "accelerators_per_server"),
                            ("pue", "0.5", "pue"), ("link_lengths", "[]", "link_lengths"),
                            ("link_lengths", '["5 m"]', "link_lengths"),
                            ("link_lengths", '["5 m", "50 m", "300 m", "1 km"]', "link_lengths"),
                            ("link_lengths", '["-1 m", "50 m"]', "link_lengths"),
                            ("port_rate", '"1.6T"', "port_rate"), ("port_rate", '"1 Gbit/s"', "port_rate")]:
    INFEASIBLE[f"{key}={value}"] = Case(COMPARE, 1, ("{fabric}",) if key != "port_rate" else (), _set(FABRIC, key,
                                                                                                       value))
INFEASIBLE["oversubscription too high"] = Case(COMPARE, 1, ("oversubscription",),
                                               FABRIC + "oversubscription = [1e300]\n")
INFEASIBLE["oversubscription below 1"] = Case(COMPARE, 1, ("oversubscription",), FABRIC + "oversubscription = [0.5]\n")
INFEASIBLE["file array too long"] = Case(COMPARE, 1, ("accelerators",), _set(
    FABRIC, "accelerators", "[" + ", ".join(["2048"] * 100_001) + "]"))
INFEASIBLE["reach too short"] = Case(COMPARE, 1, ("reach",), SCENARIO.replace("LOWER", "generic-800g-osfp-dr4-dsp")
                                     .replace('link_lengths = ["5 m", "50 m"]', 'link_lengths = ["5 m", "90 km"]'))

# --- outputs ------------------------------------------------------------------------------------------
OUTPUTS: dict[str, Case] = {}
TARGETS = {"char device": ("/dev/null", "character device"), "fifo": ("{tmp}/fifo.out", "FIFO"),
           "folder": ("{tmp}", "directory"), "missing folder": ("{tmp}/no/x.json", "does not exist"),
           "read-only": ("{tmp}/readonly.json", "read-only"), "name too long": ("{tmp}/" + "n" * 256, "255 bytes"),
           "dev full": ("/dev/full", "character device"), "symlink to device": ("{tmp}/null-link", "character device")}
for cmd in [("compare", "{fabric}", "--format", "json"), ("compare", "{fabric}", "--format", "csv"),
            ("sweep", "{fabric}", "--vary", "pue=1.1,1.2"), ("catalog", "list", "--format", "csv"),
            ("report", "{fabric}")]:
    for name, (target, located) in TARGETS.items():
        if cmd[0] == "report" and name in ("char device", "dev full"):
            target = target + ".md" if not target.startswith("/dev") else target
        OUTPUTS[f"{cmd[0]} {cmd[-1]} -> {name}"] = Case((*cmd, "-o", target), 1, (located,))

# --- hostile strings (refused or shown escaped; nothing interpreted) ---------------------------------------
HOSTILE_TEXTS = ["\x1b[2J\x1b[H", "\x1b]0;pwned\x07", "[/b]", "[bold red]x", "=HYPERLINK(\"http://e\")",
                 "+cmd|' /C calc'!A0", "a\rb", "\u202eevil", "x" * 10_000, "\x00"]
HOSTILE: dict[str, Case] = {}
for i, text in enumerate(HOSTILE_TEXTS):
    toml_text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\u001b").replace(
        "\x07", "\\u0007").replace("\r", "\\r").replace("\x00", "\\u0000")
    HOSTILE[f"switch id {i}"] = Case(COMPARE, 1, ("switch",), _set(FABRIC, "switch", f'"{toml_text}"'))
    HOSTILE[f"plane name {i} unknown in scenario"] = Case(
        COMPARE, 1, ("scenario",), SCENARIO.replace("LOWER", "generic-800g-osfp-dr4-dsp").replace(
            "planes.backend", f'planes."{toml_text}"'))
    HOSTILE[f"port_rate {i}"] = Case(COMPARE, 1, ("port_rate",), _set(FABRIC, "port_rate", f'"{toml_text}"'))
    HOSTILE[f"vary {i}"] = Case(("sweep", "{fabric}", "--vary", text, "-o", "{out}"), 2, ("--vary",))


def _all() -> list[tuple[str, Case]]:
    groups = {"malformed-toml": MALFORMED, "units": UNITS, "ids": IDS, "infeasible": INFEASIBLE, "outputs": OUTPUTS,
              "hostile": HOSTILE}
    return [(f"{group}-{name}", case) for group, cases in groups.items() for name, case in cases.items()]


CASES = _all()


def _prepare(tmp: Path, case: Case) -> dict[str, str]:
    fabric, catalog, out = tmp / "fabric.toml", tmp / "catalog.toml", tmp / "out.json"
    if case.fabric is not None:
        fabric.write_text(case.fabric, encoding="utf-8")
    if case.catalog is not None:
        catalog.write_text(case.catalog, encoding="utf-8")
    out.write_text(PREVIOUS)
    readonly = tmp / "readonly.json"
    readonly.write_text(PREVIOUS)
    readonly.chmod(0o444)
    for fifo in ("fifo.toml", "fifo.out"):
        os.mkfifo(tmp / fifo)
    with open(tmp / "huge.toml", "wb") as fh:  # sparse: 17 MiB of NUL bytes, no disk written
        fh.truncate(17 * 1024 * 1024)
    (tmp / "null-link").symlink_to("/dev/null")
    return {"{fabric}": str(fabric), "{catalog}": str(catalog), "{out}": str(out), "{tmp}": str(tmp)}


def _fill(text: str, names: dict[str, str]) -> str:
    for key, value in names.items():
        text = text.replace(key, value)
    return text


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_bad_input(name: str, case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = _prepare(tmp_path, case)
    if name.endswith("syntax latin-1"):
        Path(names["{fabric}"]).write_bytes(FABRIC.replace("small", "sm\xe4ll").encode("latin-1"))
    elif name.endswith("syntax utf-16"):
        Path(names["{fabric}"]).write_bytes(FABRIC.encode("utf-16"))
    elif name.endswith("syntax binary"):
        Path(names["{fabric}"]).write_bytes(bytes(range(256)) * 4)
    status = main([_fill(a, names) for a in case.args])
    err = capsys.readouterr().err
    assert status == case.status, err
    assert "Traceback" not in err and "Error:" not in err.split("error:")[0], err
    for text in case.located:
        assert _fill(text, names) in err, f"{text!r} not in {err!r}"
    assert "\x1b" not in err and "\r" not in err  # control characters are shown escaped
    assert Path(names["{out}"]).read_text() == PREVIOUS
    assert Path(names["{tmp}"], "readonly.json").read_text() == PREVIOUS
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ic-")]  # no temp file left


# --- TUI fields: an inline reason on the field, never an exception -------------------------------------
TUI_TEXTS = ["inf", "-inf", "1e400", "nan", "[/b]", "[bold]x[/bold]", "\x1b[2J", "800 gigabaud", "800 GHz", "-1",
             "", "1e308k", "x" * 500, "9" * 400, "0"]
TUI_FIELDS = ["accelerators", "accelerators_per_server", "port_rate", "oversubscription", "length_1",
              "electricity_price", "lifetime", "pue", "tiers"]
TUI_CASES = [(f"{key}={text[:12]!r}", key, text) for key in TUI_FIELDS for text in TUI_TEXTS
             if not (text in ("", "0") and key in ("oversubscription", "tiers"))  # blank: defaults
             and not (key == "oversubscription" and text in ("inf",))]


@pytest.mark.parametrize(("name", "key", "text"), TUI_CASES, ids=[f"tui-fields-{n}" for n, _, _ in TUI_CASES])
def test_tui_field(name: str, key: str, text: str) -> None:
    from interconnect import load_project
    from interconnect.files import default_fabric_path
    from interconnect.tui.fields import fabric_from_texts, field_texts

    fabric, _ = load_project(default_fabric_path())
    texts = field_texts(fabric, "backend")
    assert fabric_from_texts(fabric, "backend", texts)[0] is not None  # the unchanged form is valid
    texts[key] = text
    built, errors = fabric_from_texts(fabric, "backend", texts)
    assert built is None and errors, (key, text)
    assert key in errors or len(errors) == 1, errors  # the reason is on the field (or the one field it implies)


# --- caches: a poisoned or odd cache changes nothing and runs nothing ---------------------------------------
POISONS = {"pickle": None, "empty": b"", "junk": b"\x80\x04junk", "json list": b"[1,2,3]",
           "wrong key": b'{"format":"interconnect-cache-1","key":"0","sha256":"0"}\n{}', "huge header": b"{" * 100_000,
           "fifo": "fifo", "folder": "folder", "symlink to /dev/zero": "/dev/zero", "nul bytes": b"\x00" * 1000}


@pytest.mark.parametrize("kind", list(POISONS), ids=[f"caches-{k}" for k in POISONS])
def test_poisoned_cache(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    import pickle

    from interconnect.catalog import cache

    folder = tmp_path / "catalog"
    monkeypatch.setattr(cache, "_cache_folder", lambda name: folder)
    assert main(["compare", "--format", "json"]) == 0
    expected = capsys.readouterr().out
    (entry,) = folder.glob("catalog-*.json")
    entry.unlink()
    marker = tmp_path / "ran"
    poison = POISONS[kind]
    if kind == "pickle":
        entry.write_bytes(pickle.dumps(_Reduce(marker)))
    elif poison == "fifo":
        os.mkfifo(entry)
    elif poison == "folder":
        entry.mkdir()
    elif poison == "/dev/zero":
        entry.symlink_to("/dev/zero")
    else:
        assert isinstance(poison, bytes)
        entry.write_bytes(poison)
    assert main(["compare", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert captured.out == expected and "Traceback" not in captured.err and not marker.exists()


class _Reduce:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch {self.marker}",)
