"""Screens pushed over the main view: the catalog browser and small dialogs."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Input

__all__ = ["steady_cursors"]


def steady_cursors(screen: Screen[object]) -> None:
    """Stop the text cursors on ``screen`` blinking when the app was made with ``cursor_blink=False``.

    A blinking cursor makes a snapshot depend on the instant it is taken; tests turn it off.
    """
    if not getattr(screen.app, "cursor_blink", True):
        for widget in screen.query(Input):
            widget.cursor_blink = False
