"""The library never loads Textual (or matplotlib) on import."""

from __future__ import annotations

import subprocess
import sys


def test_import_interconnect_does_not_load_textual_or_matplotlib() -> None:
    code = ("import sys, interconnect; interconnect.load_catalog(); "
            "bad = [m for m in ('textual', 'matplotlib') if m in sys.modules]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)
