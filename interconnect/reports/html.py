"""Render report blocks as one self-contained HTML file: inline CSS, charts as embedded SVG images,
no scripts and a content-security policy that forbids them. Every text is HTML-escaped.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Sequence

from interconnect.reports.blocks import Block, Bullets, Cell, Chart, Code, Heading, Link, Paragraph, Table, safe_url

__all__ = ["render_html"]

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem;
       padding: 0 1rem; color: #1b1f24; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .85rem; display: block; overflow-x: auto; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; vertical-align: top; }
th { background: #f6f8fa; text-align: left; } td.num { text-align: right; white-space: nowrap; }
code { font-size: .85em; background: #f6f8fa; padding: 0 .2em; border-radius: 3px; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; }
figcaption { font-size: .85rem; color: #57606a; } p.headline { font-size: 1.1rem; font-weight: 600; }
"""
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _cell(cell: Cell) -> str:
    if isinstance(cell, Code):
        return f"<code>{_e(cell.text)}</code>"
    if isinstance(cell, Link):
        url = safe_url(cell.url)
        if url is None:
            return _e(cell.text)
        return f'<a href="{_e(url)}" rel="noopener noreferrer">{_e(cell.text)}</a>'
    return _e(cell)


def _table(block: Table) -> str:
    if not block.rows:
        return "<p>(none)</p>"
    numeric = list(block.numeric) + [False] * (len(block.header) - len(block.numeric))
    head = "".join(f"<th>{_e(h)}</th>" for h in block.header)
    body = "\n".join("<tr>" + "".join(f'<td class="num">{_cell(c)}</td>' if n else f"<td>{_cell(c)}</td>"
                                      for c, n in zip(row, numeric, strict=False)) + "</tr>"
                     for row in block.rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def render_html(blocks: Sequence[Block], title: str, svg: Callable[[Chart], bytes]) -> str:
    """The whole HTML document; ``svg(chart)`` draws a chart as SVG bytes (embedded as a data URI)."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{_e(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            cls = ' class="headline"' if block.strong else ""
            out.append(f"<p{cls}>{''.join(_cell(p) for p in block.parts)}</p>")
        elif isinstance(block, Bullets):
            items = "\n".join(f"<li>{''.join(_cell(p) for p in item)}</li>" for item in block.items)
            out.append(f"<ul>\n{items}\n</ul>")
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, Chart):
            data = base64.b64encode(svg(block)).decode("ascii")
            out.append(f'<figure><img alt="{_e(block.title)}" src="data:image/svg+xml;base64,{data}">'
                       f"<figcaption>{_e(block.title)}</figcaption></figure>")
    body = "\n".join(out)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")
