"""Small modal screens: a one-line text prompt (names, file paths), the unsaved-changes prompt, help."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Markdown

from interconnect.tui.screens import steady_cursors

__all__ = ["HELP_TEXT", "ConfirmQuit", "HelpScreen", "TextDialog", "WhatIfDialog"]


class TextDialog(ModalScreen[str | None]):
    """Ask for one line of text; Enter confirms, Escape cancels (returns None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.title_text, self.value, self.placeholder = title, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, id="dialog-input")
            yield Label("Enter: OK · Escape: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        steady_cursors(self)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmQuit(ModalScreen[str | None]):
    """Unsaved changes: save, discard or cancel (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel"),
                                             Binding("s", "choose('save')", "Save"),
                                             Binding("d", "choose('discard')", "Discard")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("The fabric or scenarios have unsaved changes.", classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save and quit", id="save", variant="primary")
                yield Button("Quit without saving", id="discard", variant="error")
                yield Button("Cancel", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None if event.button.id == "cancel" else event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    def action_cancel(self) -> None:
        self.dismiss(None)


HELP_TEXT = """\
# interconnect: keys

| Key | Does |
|---|---|
| F1 | this help |
| F2 | catalog browser (search; filter by class and rate; every figure with its source) |
| F3 / F4 / F5 | Comparison (focus on the table) / Scenarios (on the list) / Charts tab |
| F6 | focus the fabric pane's first field (shows the pane if hidden) |
| Ctrl+Z / Ctrl+Y | undo / redo the last edit (fabric, scenarios, what-if) |
| F7 | what-if: a new value for a figure of the focused picker's option (catalog browser: the entry) |
| F8 | export the comparison table (.csv or .md) |
| F9 | the focused picker's, field's or row's full id and name (long ids are cut in narrow pickers) |
| Ctrl+B | show or hide the fabric pane |
| Ctrl+S | save fabric and scenarios (TOML) · Ctrl+O open · Ctrl+R export report (.md or .html) |
| Ctrl+T | dark / light theme |
| Ctrl+P | command palette |
| Ctrl+Q | quit (asks when there are unsaved changes) |
| Tab / Shift+Tab | next / previous field |

**Scenarios tab** (with the scenario list focused): `a` add, `d` duplicate, `r` rename,
`x` delete, `b` make baseline, `s` standard scenarios for this fabric. The pickers list only
catalog options that fit the tier:
same link rate as the port, reach at least the tier's length, accepted by the switch (and NIC at the
host end), and lanes that mate with the other end. A `⚠` entry is a current choice that no longer fits.

**Fabric pane**: values take units: `800G`, `800 Gbit/s`, `30 m`, `0.08 USD/kWh`; accelerators
take `100000`, `100,000` or `100k`. An invalid entry is marked with the reason beneath it and the
table keeps the last valid numbers. Typed text is read after a short pause or on Enter, then the
comparison is recomputed.

**Comparison**: totals per scenario; beneath each number its change against the baseline
(green: lower). The highlighted scenario's full result is listed below the table.
"""


class HelpScreen(ModalScreen[None]):
    """The keys and how the panes work."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Markdown(HELP_TEXT)

    def action_close(self) -> None:
        self.dismiss(None)


class WhatIfDialog(ModalScreen[tuple[str, str, str] | None]):
    """What if one figure of a catalog entry were different: (field, value with unit, note), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, entry_id: str, figures: dict[str, str]) -> None:
        super().__init__(classes="dialog-screen")
        self.entry_id, self.figures = entry_id, figures  # figure name -> its current value, as text

    def compose(self) -> ComposeResult:
        from rich.text import Text
        from textual.widgets import Select

        with Vertical(classes="dialog"):
            yield Label(Text(f"What if {self.entry_id} had another figure?"), classes="dialog-title")
            yield Select([(Text(f"{name}  (now {now})"), name) for name, now in self.figures.items()],
                         value=next(iter(self.figures)), allow_blank=False, id="whatif-field")
            yield Input(placeholder="new value with its unit, e.g. 350 USD or 9 W", id="whatif-value")
            yield Input(placeholder="note: why (kept as the figure's source)", id="whatif-note")
            yield Label("Enter in the note: OK · Escape: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        steady_cursors(self)
        self.query_one("#whatif-value", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from textual.widgets import Select

        event.stop()
        if event.input.id == "whatif-value":
            self.query_one("#whatif-note", Input).focus()
            return
        value = self.query_one("#whatif-value", Input).value.strip()
        if value:
            self.dismiss((str(self.query_one("#whatif-field", Select).value), value,
                          self.query_one("#whatif-note", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
