"""The fabric pane: one compact input per fabric field, its error inline beneath it.

Typed text is read after a short idle (``DEBOUNCE`` seconds without a keystroke), on Enter, or when the
field loses focus, never on every keystroke: ``1M`` typed in one go is never computed at ``1``. It then
posts ``FabricForm.Changed`` with a validated fabric; while any field is invalid it marks that field
with the reason and posts nothing, so the last valid numbers stay. Picks (switch, topology) apply at once.
"""

from __future__ import annotations

from typing import Any, get_args

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label, Select, Static

from interconnect.catalog import Catalog
from interconnect.fabric import Fabric, SwitchCounts
from interconnect.standard import compatible_switches
from interconnect.text_safety import printable
from interconnect.topology import TOPOLOGIES
from interconnect.tui.fields import FABRIC_FIELDS, fabric_from_texts, field_texts
from interconnect.tui.widgets.field_input import FieldInput

__all__ = ["DEBOUNCE", "FabricForm"]

SWITCH_COUNTS: tuple[str, ...] = get_args(SwitchCounts)

DEBOUNCE = 0.35  # seconds without a keystroke before typed text is read (Enter reads at once)


class FabricForm(VerticalScroll):
    """Edits the fabric (and one plane of it); keeps the last valid fabric."""

    class Changed(Message):
        """The form reads as a new valid fabric."""

        def __init__(self, fabric: Fabric) -> None:
            super().__init__()
            self.fabric = fabric

    def __init__(self, fabric: Fabric, catalog: Catalog, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fabric = fabric
        self.catalog = catalog
        self.plane_name = next(p.name for p in fabric.planes if p.role == "scale-out")
        self.errors: dict[str, str] = {}
        self._planes_shown = fabric.planes
        self._pending: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("Fabric", classes="pane-title")
        with Horizontal(classes="field", id="row-plane") as row:  # shown for fabrics of several planes
            row.display = len(self.fabric.planes) > 1
            yield Label("Plane", classes="field-label")
            yield Select(self._plane_options(), value=self.plane_name, allow_blank=False, compact=True,
                         id="field-plane")
        texts = field_texts(self.fabric, self.plane_name)
        for spec in FABRIC_FIELDS:
            with Horizontal(classes="field", id=f"row-{spec.key}"):
                yield Label(spec.label, classes="field-label")
                if spec.key == "switch":
                    yield Select(self._switch_options(), value=texts["switch"], allow_blank=False, compact=True,
                                 id="field-switch")
                elif spec.key == "topology":
                    yield Select([(kind, kind) for kind in TOPOLOGIES], value=texts["topology"], allow_blank=False,
                                 compact=True, id="field-topology")
                elif spec.key == "switch_counts":  # fat-tree: switches per level striped or bin-packed
                    yield Select([(kind, kind) for kind in SWITCH_COUNTS], value=texts["switch_counts"],
                                 allow_blank=False, compact=True, id="field-switch_counts")
                else:
                    yield FieldInput(texts[spec.key], placeholder=spec.placeholder, compact=True,
                                     id=f"field-{spec.key}", select_on_focus=False)
            yield Static("", classes="field-error", id=f"error-{spec.key}")

    def _plane_options(self) -> list[tuple[str, str]]:
        return [(p.name, p.name) for p in self.fabric.planes]

    def _switch_options(self) -> list[tuple[str, str]]:
        plane = self.fabric.plane(self.plane_name)
        if plane.switch is None:  # a torus: no packet switches
            return [("none (no packet switches)", "")]
        ids = [s.id for s in compatible_switches(self.catalog, plane)]
        if plane.switch not in ids:
            ids.insert(0, plane.switch)
        return [(i, i) for i in ids]

    def texts(self) -> dict[str, str]:
        """The current text of every field."""
        out = {}
        for spec in FABRIC_FIELDS:
            widget = self.query_one(f"#field-{spec.key}")
            out[spec.key] = str(widget.value) if isinstance(widget, Select | Input) else ""
        return out

    @property
    def pending(self) -> bool:
        """True while typed text waits for the idle time before it is read."""
        return self._pending is not None

    def flush(self) -> Fabric | None:
        """Read typed text now (leaving a field, saving, quitting); the new fabric if it changed.

        The ``Changed`` message is posted too; a receiver that already took the fabric from here sees
        that ``message.fabric`` is the form's ``fabric`` and equal to its own, and skips it.
        """
        return self._apply() if self._pending is not None else None

    def load(self, fabric: Fabric) -> None:
        """Show ``fabric`` (after opening a file); posts nothing and drops any typed text not yet read."""
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        self.fabric = fabric
        if self.plane_name not in [p.name for p in fabric.planes]:
            self.plane_name = next(p.name for p in fabric.planes if p.role == "scale-out")
        self._fill()

    def _fill(self) -> None:
        texts = field_texts(self.fabric, self.plane_name)
        with self.prevent(Input.Changed, Select.Changed):
            planes: Select[str] = self.query_one("#field-plane", Select)
            if [value for _, value in self._plane_options()] != [p.name for p in self._planes_shown]:
                planes.set_options(self._plane_options())
            self._planes_shown = self.fabric.planes
            planes.value = self.plane_name
            self.query_one("#row-plane").display = len(self.fabric.planes) > 1
            for spec in FABRIC_FIELDS:
                if spec.key == "switch":
                    select: Select[str] = self.query_one("#field-switch", Select)
                    select.set_options(self._switch_options())
                    select.value = texts["switch"]
                elif spec.key in ("topology", "switch_counts"):
                    self.query_one(f"#field-{spec.key}", Select).value = texts[spec.key]
                else:
                    self.query_one(f"#field-{spec.key}", Input).value = texts[spec.key]
        self._show_errors({})

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(DEBOUNCE, self._idle)

    def _idle(self) -> None:
        self._pending = None
        self._apply()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._apply()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.flush()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.select.id == "field-plane":
            self.plane_name = str(event.value)
            self._fill()
        else:
            self._apply()

    def _apply(self) -> Fabric | None:
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        fabric, errors = fabric_from_texts(self.fabric, self.plane_name, self.texts())
        self._show_errors(errors)
        if fabric is not None and fabric != self.fabric:
            rate_changed = fabric.plane(self.plane_name).port_rate != self.fabric.plane(self.plane_name).port_rate
            self.fabric = fabric
            if rate_changed:
                self._refresh_switches()
            self.post_message(self.Changed(fabric))
            return fabric
        return None

    def _refresh_switches(self) -> None:
        select: Select[Any] = self.query_one("#field-switch", Select)
        with self.prevent(Select.Changed):
            value = select.value
            select.set_options(self._switch_options())
            select.value = value

    def _show_errors(self, errors: dict[str, str]) -> None:
        """Mark the fields whose error changed (updating an unchanged label still costs a layout)."""
        previous, self.errors = self.errors, errors
        for spec in FABRIC_FIELDS:
            message = errors.get(spec.key, "")
            if message == previous.get(spec.key, ""):
                continue
            error = self.query_one(f"#error-{spec.key}", Static)
            error.update(Text(f"⚠ {printable(message)}") if message else "")  # quotes user input: never markup
            error.set_class(bool(message), "-shown")
            self.query_one(f"#field-{spec.key}").set_class(bool(message), "-invalid")
