"""Console entry points of interconnect, outside the package so that Ctrl+C at any moment of start-up
(importing numpy, pint, pydantic with the package) exits with status 130 and no traceback."""

from __future__ import annotations

import sys


def _interrupted() -> int:
    sys.stderr.write("interrupted\n")
    return 130


def main() -> int:
    """``interconnect``: the command line (``interconnect.cli.main``)."""
    try:
        from interconnect.cli import main as run

        return run()
    except KeyboardInterrupt:
        return _interrupted()


def tui_main() -> int:
    """``interconnect-tui``: the terminal UI (``interconnect.tui.app.main``)."""
    try:
        from interconnect.tui.app import main as run

        return run()
    except KeyboardInterrupt:
        return _interrupted()
