"""Terminal tables through rich: plain text when piped or under NO_COLOR, styled cells on a terminal.

Cells are plain strings or ``(text, style)`` pairs; text is never parsed as markup and control characters
are replaced, so user text (scenario and fabric names) cannot drive the terminal.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
from collections.abc import Sequence
from typing import Any, TextIO

__all__ = ["Cell", "cell_text", "clean", "render_table", "terminal_colour", "terminal_width", "widest_line"]

Cell = str | tuple[str, str] | list[tuple[str, str]]  # plain, styled, or styled segments
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """``text`` with control characters (escapes, bidi overrides) replaced by '?'."""
    return _CONTROL.sub("?", text)


def terminal_width(stream: TextIO | None = None, default: int = 120) -> int:
    """Columns to fit: ``COLUMNS`` when set, else the terminal's, else ``default`` (piped output)."""
    stream = stream or sys.stdout
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    if hasattr(stream, "isatty") and stream.isatty():
        return shutil.get_terminal_size((default, 24)).columns
    return default


def terminal_colour(stream: TextIO | None = None) -> bool:
    """Colour only on a terminal and never under ``NO_COLOR`` (https://no-color.org)."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR", "") != "":
        return False
    return bool(hasattr(stream, "isatty") and stream.isatty()) and os.environ.get("TERM") != "dumb"


def _text(cell: Cell) -> Any:
    from rich.text import Text

    if isinstance(cell, tuple):
        return Text(clean(cell[0]), style=cell[1])
    if isinstance(cell, list):
        return Text.assemble(*[(clean(t), s) for t, s in cell])
    return Text(clean(cell))


def cell_text(cell: Cell) -> str:
    """A cell's plain text."""
    if isinstance(cell, tuple):
        return cell[0]
    if isinstance(cell, list):
        return "".join(t for t, _ in cell)
    return cell


def render_table(header: Sequence[str], rows: Sequence[Sequence[Cell]], numeric: Sequence[bool] = (), *,
                 width: int = 120, colour: bool = False, wrap_first: int | None = None) -> str:
    """A table as text no wider than ``width`` when its cells allow (``wrap_first``: wrap the first column
    at that many characters). Numeric columns are right-aligned; header cells may hold line breaks."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold" if colour else "",
                  collapse_padding=True)
    for i, name in enumerate(header):
        right = i < len(numeric) and numeric[i]
        first = i == 0 and wrap_first is not None
        table.add_column(_text(name), justify="right" if right else "left", no_wrap=not first,
                         max_width=wrap_first if first else None, overflow="fold")
    for row in rows:
        table.add_row(*[_text(c) for c in row])
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=colour, color_system="standard" if colour else None,
                      no_color=not colour, highlight=False, markup=False, emoji=False, soft_wrap=False,
                      force_jupyter=False, force_interactive=False)
    console.print(table)
    return "\n".join(line.rstrip() for line in buf.getvalue().rstrip("\n").splitlines())


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def widest_line(text: str) -> int:
    """Printed width of the widest line (colour codes not counted)."""
    return max((len(_ANSI.sub("", line)) for line in text.splitlines()), default=0)
