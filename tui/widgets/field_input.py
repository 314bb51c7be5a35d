"""An ``Input`` whose editing keys act in the order they were typed, even in a fast burst or a paste.

Textual's ``Input`` inserts printable characters as soon as their key event reaches it, but runs its
editing bindings (Backspace, Delete, arrows, Home/End) only after the key has bubbled back up to the
app. When keys arrive faster than the app handles them (a burst from tmux, a fast typist on a loaded
machine), the characters overtake the Backspaces: 8 x Backspace then ``1600G`` on ``800 Gbit/s`` left
``1600`` or ``16``. Here the Input's own bindings run right where the key arrives, in order.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

__all__ = ["FieldInput"]


class FieldInput(Input):
    """``Input`` that runs its own key bindings on arrival (no reordering against typed characters)."""

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            bindings = self._bindings.key_to_bindings.get(event.key)
            if bindings:
                event.stop()
                event.prevent_default()
                await self.run_action(bindings[0].action)
                return
        await super()._on_key(event)
