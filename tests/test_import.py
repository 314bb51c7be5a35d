"""The library never loads Textual (or matplotlib) on import."""

from __future__ import annotations

import subprocess
import sys


def test_import_interconnect_does_not_load_textual_or_matplotlib() -> None:
    code = ("import sys, interconnect; interconnect.load_catalog(); "
            "bad = [m for m in ('textual', 'matplotlib') if m in sys.modules]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_help_and_version_import_neither_numpy_nor_pint() -> None:
    """``interconnect --help`` and ``--version`` answer in about an interpreter start: nothing heavy loaded."""
    for flag in ("--help", "--version"):
        code = ("import sys; from interconnect.cli import main; sys.argv = ['interconnect', " + repr(flag) + "]\n"
                "try:\n    main()\nexcept SystemExit:\n    pass\n"
                "bad = [m for m in ('numpy', 'pint', 'pydantic', 'interconnect.calculator') if m in sys.modules]\n"
                "assert not bad, bad")
        subprocess.run([sys.executable, "-c", code], check=True, stdout=subprocess.DEVNULL)


def test_quick_help_is_the_full_parsers_help() -> None:
    """The quick top-level parser (commands named, none imported) prints what the full parser prints; a
    new command needs its line in interconnect/cli/commands.py."""
    from interconnect.cli import build_parser, quick_parser

    assert quick_parser().format_help() == build_parser().format_help()


def test_public_names_resolve_lazily() -> None:
    import interconnect

    for name in interconnect.__all__:
        assert getattr(interconnect, name) is not None, name
    assert set(interconnect.__all__) - {"__version__"} == set(interconnect._LAZY)
