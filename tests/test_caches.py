"""Caches hold data, never code: a poisoned, edited, foreign or odd cache file runs nothing and changes no
result; a cache folder that is not a usable folder is ignored with a note."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from interconnect import data_cache, load_catalog
from interconnect.catalog import cache
from interconnect.catalog.loading import _load, shipped_catalog_files


class _Poison:
    """Unpickling this runs a shell command that writes a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch {self.marker}",)


def _env(home: Path) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k != "INTERCONNECT_NO_CACHE"}, "XDG_CACHE_HOME": str(home)}


def _compare_json(home: Path) -> dict[str, object]:
    run = subprocess.run([sys.executable, "-m", "interconnect", "compare", "--format", "json"], env=_env(home),
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    return json.loads(run.stdout)  # type: ignore[no-any-return]


def test_poisoned_cache_files_run_nothing_and_change_no_result(tmp_path: Path) -> None:
    home = tmp_path / "cache"
    expected = _compare_json(home)  # fills both caches
    root = home / "interconnect"
    entries = sorted(root.glob("*/*.json"))
    assert {p.parent.name for p in entries} == {"catalog", "units"}
    marker = tmp_path / "ran"
    poison = pickle.dumps(_Poison(marker))
    for entry in entries:  # every entry replaced by a pickle that runs a command when loaded
        entry.write_bytes(poison)
    for folder in ("catalog", "units", "pint"):  # and pickles under the names older versions read
        (root / folder).mkdir(exist_ok=True)
        for name in ("catalog-0.pickle", "0.pickle", "ready-0"):
            (root / folder / name).write_bytes(poison)
    assert _compare_json(home) == expected
    assert not marker.exists()
    assert all(entry.read_bytes() != poison for entry in entries)  # rebuilt


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cache, "_cache_folder", lambda name: tmp_path / name)
    return tmp_path / "catalog"


def _entry(folder: Path) -> tuple[Path, dict[str, object], bytes]:
    (path,) = folder.glob("catalog-*.json")
    header, _, body = path.read_bytes().partition(b"\n")
    return path, json.loads(header), body


def test_an_edited_entry_is_not_used(folder: Path) -> None:
    # a catalog cache edited to give the generic 800G LPO DR4 module 150 W: the digest no longer matches
    parsed = load_catalog()
    path, header, body = _entry(folder)
    typical = parsed.option("generic-800g-lpo-dr4").power.typical.m_as("W")  # type: ignore[union-attr]
    start = body.index(b'"generic-800g-lpo-dr4"')
    at = body.index(f'[{typical!r},"watt"]'.encode(), start)
    edited = body[:at] + b'[150.0,"watt"]' + body[at + len(f'[{typical!r},"watt"]'):]
    path.write_bytes(json.dumps(header).encode() + b"\n" + edited)
    assert load_catalog() == parsed
    assert load_catalog().option("generic-800g-lpo-dr4").power.typical.m_as("W") == typical  # type: ignore[union-attr]


@pytest.mark.parametrize("body", [
    {"$c": "os:system", "f": {"command": "true"}},           # a type not on the allow-list
    {"$m": "builtins:object", "set": [], "f": {}},
    [1, 2, 3],                                                 # the wrong type
    {"$d": [["options", {}]]},
    {"$zz": 1},
])
def test_an_entry_of_a_foreign_type_is_rebuilt(folder: Path, body: object) -> None:
    parsed = load_catalog()
    path, header, _ = _entry(folder)
    text = json.dumps(body).encode()
    import hashlib

    header["sha256"] = hashlib.sha256(text).hexdigest()  # a well-formed entry under the right key
    path.write_bytes(json.dumps(header).encode() + b"\n" + text)
    assert load_catalog() == parsed
    assert _entry(folder)[2] != text  # rewritten


def test_a_fifo_in_the_cache_folder_is_never_read(folder: Path) -> None:
    parsed = load_catalog()
    path, _, _ = _entry(folder)
    path.unlink()
    os.mkfifo(path)
    assert load_catalog() == parsed  # would block forever if the FIFO were opened for reading
    assert data_cache._read_regular(path, 100) is None


def test_an_oversized_entry_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = tmp_path / "big.json"
    entry.write_bytes(b"x" * 200)
    assert data_cache._read_regular(entry, 100) is None
    assert data_cache._read_regular(entry, 200) == b"x" * 200


def test_a_cache_folder_that_is_a_file_is_ignored_with_a_note(tmp_path: Path) -> None:
    home = tmp_path / "cache"
    home.mkdir()
    (home / "interconnect").write_text("not a folder")
    code = "from interconnect import load_catalog; print(len(load_catalog().options) > 10)"
    run = subprocess.run([sys.executable, "-c", code], env=_env(home), capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "True"
    assert "is not a folder; caching is off" in run.stderr and "Traceback" not in run.stderr


def test_a_cache_folder_that_is_not_writable_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INTERCONNECT_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "interconnect" / "catalog").mkdir(parents=True)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p).endswith("catalog") else real(p, mode))
    assert data_cache.cache_folder("catalog") is None  # (root ignores mode bits, so access() is faked here)
    assert data_cache.cache_folder("units") == tmp_path / "interconnect" / "units"


def test_codec_round_trip_keeps_the_fields_given(folder: Path) -> None:
    parsed, _ = _load(shipped_catalog_files(), None)
    restored = cache._codec().decode(json.loads(json.dumps(cache._codec().encode(parsed))))
    assert restored == parsed
    option = next(iter(parsed.options.values()))
    assert restored.options[option.id].model_fields_set == option.model_fields_set
    for kind, table in parsed.tables().items():  # the same types too (a StrEnum equals its text)
        for entry_id, entry in table.items():
            for name in type(entry).model_fields:
                mine = getattr(restored.tables()[kind][entry_id], name)
                assert type(mine) is type(getattr(entry, name)), (kind, entry_id, name)


def test_the_unit_registry_from_the_cache_equals_the_parsed_one(tmp_path: Path) -> None:
    # (a registry from the cache defines prefixed units such as 'kilometer' on first use, as pint does)
    code = ("from interconnect.units import ureg; Q = ureg.Quantity; "
            "print(type(ureg).__name__, len(ureg._prefixes), len(ureg._dimensions), len(ureg._contexts), "
            "round(Q(3, 'dBm').to('mW').m, 3), round(Q(1.6, 'Tbit/s').to('Gbit/s').m, 6), "
            "round(Q(2, 'km').to('m').m, 6), Q(25, 'degC').to('K'), Q(1, 'FIT').to('1/year'), "
            "Q(1, 'MUSD/MW').to('USD/W'), ureg.parse_units('pJ/bit'))")
    outputs = [subprocess.run([sys.executable, "-c", code], env=_env(tmp_path), capture_output=True, text=True,
                              check=True).stdout.split() for _ in range(2)]  # fills, then reads the cache
    assert list((tmp_path / "interconnect" / "units").glob("units-*.json"))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == "_CachedRegistry" and outputs[0][4:7] == ["1.995", "1600.0", "2000.0"]
