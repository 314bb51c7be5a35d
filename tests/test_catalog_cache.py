"""The on-disk catalog cache is invisible: the same catalog as parsing the files, and never stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from interconnect import load_catalog, ureg
from interconnect.catalog import cache
from interconnect.catalog.loading import _load, shipped_catalog_files

DATA = Path(__file__).parent / "data"


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cache, "_cache_folder", lambda name: tmp_path / name)
    return tmp_path / "catalog"


def test_cached_catalog_equals_the_parsed_one(folder: Path) -> None:
    first = load_catalog()
    assert len(list(folder.glob("catalog-*.json"))) == 1
    second = load_catalog()
    parsed, problems = _load(shipped_catalog_files(), None)
    assert problems == [] and second == parsed == first
    power = second.option("generic-800g-lpo-dr4").power
    assert power is not None and power.typical._REGISTRY is ureg  # quantities rebuilt in the package registry
    assert (power.typical + parsed.option("generic-800g-lpo-dr4").power.typical).units == ureg.W  # type: ignore[union-attr]


def test_a_changed_file_is_read_again(folder: Path, tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    text = (DATA / "test_catalog.toml").read_text()
    user.write_text(text)
    assert load_catalog([user], include_shipped=False).option("t-lpo-800").power.typical.m_as("W") == 8  # type: ignore[union-attr]
    user.write_text(text.replace('power = "8 W"', 'power = "9 W"', 1))  # same size and maybe the same mtime
    assert load_catalog([user], include_shipped=False).option("t-lpo-800").power.typical.m_as("W") == 9  # type: ignore[union-attr]
    assert len(list(folder.glob("catalog-*.json"))) == 2


def test_a_damaged_entry_is_ignored_and_rewritten(folder: Path) -> None:
    load_catalog()
    (entry,) = folder.glob("catalog-*.json")
    entry.write_bytes(entry.read_bytes()[:100])
    assert load_catalog() == _load(shipped_catalog_files(), None)[0]
    assert entry.stat().st_size > 1000


def test_invalid_catalogs_are_not_cached(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[option]]\nid = "x"\n')
    with pytest.raises(Exception, match="invalid catalog"):
        load_catalog([bad])
    assert not folder.exists() or not list(folder.glob("catalog-*.json"))


def test_no_cache_when_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERCONNECT_NO_CACHE", "1")
    assert cache._cache_folder("catalog") is None
    assert load_catalog() == _load(shipped_catalog_files(), None)[0]


def test_units_of_a_cached_catalog_format_in_a_fresh_process(tmp_path: Path) -> None:
    # A fresh interpreter has never parsed 'Tbit/s'; a catalog restored from the cache must still print it
    # (pint formats by looking prefixed names such as 'terabit' up in the registry).
    import os
    import subprocess
    import sys

    code = ("from interconnect import load_catalog; from interconnect.units import format_quantity; "
            "c = load_catalog(); print(format_quantity(c.switch('broadcom-th5-64x800g').capacity))")
    env = {**{k: v for k, v in os.environ.items() if k != "INTERCONNECT_NO_CACHE"}, "XDG_CACHE_HOME": str(tmp_path)}
    outputs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
               .stdout.strip() for _ in range(2)]  # the first run fills the cache, the second reads it
    assert list((tmp_path / "interconnect" / "catalog").glob("catalog-*.json"))
    assert outputs == ["51.2 Tbit/s", "51.2 Tbit/s"]
