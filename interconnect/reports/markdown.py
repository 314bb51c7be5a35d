"""Render report blocks as GitHub-flavoured Markdown; every text from a file is escaped.

Charts are referenced as PNG files (``images`` maps a chart key to its file name beside the report);
without files they are left out with a note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from interconnect.reports.blocks import Block, Bullets, Cell, Chart, Code, Heading, Link, Paragraph, Table, safe_url

__all__ = ["escape", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]|~#$])")
_LEADING = re.compile(r"^(\d*)([-+.)])(?=\s)")  # a list marker at the start of a line
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape(text: str) -> str:
    """Plain text safe in Markdown: no emphasis, links, table breaks or raw HTML; one line."""
    text = " ".join(text.split())
    text = _SPECIAL.sub(r"\\\1", text)
    text = "".join(_ENTITIES.get(c, c) for c in text)
    return _LEADING.sub(r"\1\\\2", text)


def _cell(cell: Cell) -> str:
    if isinstance(cell, Code):
        if cell.text and not any(c in cell.text for c in "`|\n"):
            return f"`{cell.text}`"
        return escape(cell.text)
    if isinstance(cell, Link):
        url = safe_url(cell.url)
        if url is None:
            return escape(cell.text)
        for char, code in (("(", "%28"), (")", "%29"), ("|", "%7C"), ("[", "%5B"), ("]", "%5D")):
            url = url.replace(char, code)  # | would end the table cell, brackets could open an image link
        return f"[{escape(cell.text)}]({url})"
    return escape(cell)


def _table(block: Table) -> list[str]:
    if not block.rows:
        return ["(none)"]
    numeric = list(block.numeric) + [False] * (len(block.header) - len(block.numeric))
    lines = ["| " + " | ".join(escape(h) for h in block.header) + " |",
             "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
    return lines


def render_markdown(blocks: Sequence[Block], images: Mapping[str, str] | None = None) -> str:
    """The report as Markdown; ``images`` maps chart keys to PNG file names (relative links)."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + escape(block.text))
        elif isinstance(block, Paragraph):
            text = "".join(_cell(p) for p in block.parts)
            out.append(f"**{text}**" if block.strong else text)
        elif isinstance(block, Bullets):
            out.append("\n".join("- " + "".join(_cell(p) for p in item) for item in block.items))
        elif isinstance(block, Table):
            out.append("\n".join(_table(block)))
        elif isinstance(block, Chart):
            if images and block.key in images:
                out.append(f"![{escape(block.title)}]({images[block.key]})")
            else:
                out.append(f"*Chart \"{escape(block.title)}\": written as a PNG file beside the report by "
                           "'interconnect report -o FILE.md'.*")
    return "\n\n".join(out) + "\n"
