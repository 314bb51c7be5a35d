"""Text from files made safe to show: control characters escaped for terminals and the TUI.

A name, description or source title comes from a file a user may not have written. Shown raw, an ANSI
escape sequence (``ESC [ 2 J``) would clear the screen or retitle the terminal, a carriage return would
overwrite the line, and bidirectional overrides (U+202E) would reorder what is read. ``printable``
writes every such character as a visible escape (``\\x1b``, ``\\r``, ``\\u202e``); newlines and tabs are kept
where the caller asks. JSON output needs nothing (``json.dumps`` escapes control characters itself).
"""

from __future__ import annotations

import re

__all__ = ["printable"]

# C0 and C1 controls, DEL, and the bidirectional formatting characters.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMES = {"\r": "\\r", "\n": "\\n", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    c = match.group()
    return _NAMES.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def printable(text: str, keep: str = "") -> str:
    """``text`` with control and bidi characters written as escapes; characters in ``keep`` (``"\\n\\t"``)
    are left as they are."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)
