"""``interconnect tui [FABRIC.toml] [--catalog EXTRA.toml ...]``: the terminal UI (Textual is imported here only)."""

from __future__ import annotations

import argparse

from interconnect.cli.commands import COMMANDS

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("tui", help=COMMANDS["tui"])
    parser.add_argument("fabric", nargs="?", metavar="FABRIC.toml", help="fabric file (default: the shipped one)")
    parser.add_argument("--scenarios", metavar="FILE", help="scenario file (default: the fabric file's own, "
                        "else the standard scenarios)")
    parser.add_argument("--catalog", action="append", default=[], metavar="EXTRA.toml",
                        help="extra catalog file; its ids override shipped ones (repeatable)")
    parser.set_defaults(handler=_tui)


def _tui(args: argparse.Namespace) -> int:
    # tui/ is mapped to interconnect.tui by setuptools package-dir; mypy run on interconnect/ cannot see it
    from interconnect.tui.app import build_app  # type: ignore[import-not-found]

    app = build_app(args.fabric, args.catalog, scenarios_path=args.scenarios)  # input errors raise: exit 1
    app.run()
    return 0
