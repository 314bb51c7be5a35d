"""The scenarios pane: the scenarios being compared and, for the highlighted one, its option per tier and end.

Pickers list only compatible catalog options (``interconnect.standard.compatible_options``: rate, reach,
switch and NIC acceptance, lanes that mate). Edits go through ``interconnect.tui.project`` and are
posted up as ``ScenariosPane.Changed``; the app recomputes.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Label, OptionList, Select, Static
from textual.widgets.option_list import Option as ListItem

from interconnect.catalog import Catalog, Nic, Option, OptionClass, Switch
from interconnect.errors import InterconnectError
from interconnect.fabric import Fabric, Plane
from interconnect.scenario import Scenario, ScenarioSet, TierChoice
from interconnect.standard import compatible_options, compatible_switches, plane_groups, standard_scenarios
from interconnect.text_safety import printable
from interconnect.topology import End
from interconnect.tui import project as edits

__all__ = ["ScenariosPane"]

_ENDS = ("lower", "upper")




def _label(o: Option) -> str:
    """``lpo    8.5 W   $600  10.6 pJ/b generic-800g-lpo-dr4``: class, typical power, price, energy per bit, id."""
    watts = o.part_power.typical.m_as("W")
    usd = o.cost.typical.m_as("USD")
    pj = o.part_energy_per_bit.typical.m_as("pJ/bit")
    return f"{o.option_class.value:<4} {watts:5.3g} W ${usd:>6,.0f} {pj:4.3g} pJ/b  {o.id}"


def _choices(options: list[Option], current: str | None, catalog: Catalog) -> list[tuple[str, str]]:
    """Picker entries grouped by class (best first within a class); an incompatible current id is kept, flagged."""
    classes = list(OptionClass)
    ordered = sorted(options, key=lambda o: classes.index(o.option_class))
    out = [(_label(o), o.id) for o in ordered]
    if current is not None and current not in {o.id for o in options}:
        known = current in catalog.options
        out.insert(0, (f"⚠ {current} ({'incompatible' if known else 'unknown id'})", current))
    return out


class ScenariosPane(Vertical):
    """Scenario list (add, duplicate, rename, delete, set baseline) and the option pickers of one scenario."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add"),
        Binding("d", "duplicate", "Duplicate"),
        Binding("r", "rename", "Rename"),
        Binding("x,delete", "delete", "Delete"),
        Binding("b", "baseline", "Baseline"),
        Binding("s", "standard", "Standard"),
    ]

    class Changed(Message):
        """The scenarios were edited."""

        def __init__(self, scenarios: ScenarioSet) -> None:
            super().__init__()
            self.scenarios = scenarios

    def __init__(self, fabric: Fabric, scenarios: ScenarioSet, catalog: Catalog, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fabric, self.scenarios, self.catalog = fabric, scenarios, catalog
        self.selected = scenarios.scenarios[0].name
        self._lists: dict[tuple[object, ...], list[Option]] = {}
        self._shown: dict[str, list[tuple[str, str]]] = {}
        self._list_prompts: list[str] = []
        self._built_shape: tuple[tuple[str, int], ...] = ()
        self._rebuilding = False
        self._texts: dict[str, str] = {}

    # ---- layout -------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield OptionList(*self._list_items(), id="scenario-list")
        yield VerticalScroll(*self._editor_widgets(), id="scenario-editor")

    def _list_items(self) -> list[ListItem]:
        base = self.scenarios.baseline_name
        return [ListItem(f"{'★' if s.name == base else ' '} {s.name}", id=s.name) for s in self.scenarios.scenarios]

    def _shape(self) -> tuple[tuple[str, int], ...]:
        return tuple((p.name, p.max_tiers) for p in self.fabric.planes)

    def _editor_widgets(self) -> list[Widget]:
        """The editor's widgets for the current fabric's shape (built directly: this also runs outside compose)."""
        self._built_shape = self._shape()
        widgets: list[Widget] = [Static("", id="scenario-title")]
        for plane in self.fabric.planes:
            widgets.append(Static("", id=f"plane-title-{plane.name}", classes="plane-title"))
            widgets.append(Horizontal(Label("Switch", classes="pick-label"),
                                      Select([], allow_blank=True, compact=True, id=f"switch-{plane.name}"),
                                      classes="pick"))
            for t in range(1, plane.max_tiers + 1):
                widgets.append(Static("", id=f"tier-title-{plane.name}-{t}", classes="tier-title"))
                for end in _ENDS:
                    widgets.append(Horizontal(
                        Label("lower/cable" if end == "lower" else "upper", classes="pick-label"),
                        Select([], allow_blank=True, compact=True, id=f"pick-{plane.name}-{t}-{end}"),
                        classes="pick"))
        return widgets

    def on_mount(self) -> None:
        self._fill_editor()

    # ---- pushed down by the app ---------------------------------------------------------------------
    def set_catalog(self, catalog: Catalog) -> None:
        """A catalog with other figures (a what-if): picker entries are listed again."""
        self.catalog, self._lists, self._shown = catalog, {}, {}
        self._fill_editor()

    def show(self, fabric: Fabric, scenarios: ScenarioSet) -> None:
        """Show new inputs (a fabric edit or an opened file)."""
        self.fabric, self.scenarios = fabric, scenarios
        if self.selected not in {s.name for s in scenarios.scenarios}:
            self.selected = scenarios.scenarios[0].name
        self._fill_list()
        self._sync_editor()

    def _sync_editor(self) -> None:
        """Fill the editor; when the fabric's planes or tier counts changed, rebuild it first (in a worker)."""
        if self._rebuilding:
            return  # the running rebuild fills the editor with the newest inputs when it is done
        if self._shape() == self._built_shape:
            self._fill_editor()
            return
        self._rebuilding = True
        self.run_worker(self._rebuild_editor(), group="scenario-editor")

    async def _rebuild_editor(self) -> None:
        editor = self.query_one("#scenario-editor", VerticalScroll)
        try:
            while self._shape() != self._built_shape:  # the inputs may change again while widgets mount
                await editor.remove_children()
                self._shown, self._texts = {}, {}
                await editor.mount_all(self._editor_widgets())
        finally:
            self._rebuilding = False
        self._fill_editor()

    def _fill_list(self) -> None:
        options = self.query_one("#scenario-list", OptionList)
        items = self._list_items()
        prompts = [str(item.prompt) for item in items]
        index = [s.name for s in self.scenarios.scenarios].index(self.selected)
        with self.prevent(OptionList.OptionHighlighted):
            if prompts != self._list_prompts:
                self._list_prompts = prompts
                options.clear_options()
                options.add_options(items)
            if options.highlighted != index:
                options.highlighted = index

    def _candidates(self, plane: Plane, tier: int, end: str, switch: Switch | None, nic: Nic | None,
                    mate: Option | None = None) -> list[Option]:
        """Picker entries, remembered per (port rate, tier length, end, switch, NIC, mate)."""
        key = (plane.port_rate.m_as("Gbit/s"), float(plane.link_lengths[tier - 1].m_as("m")), tier, end,
               switch.id if switch else None, nic.id if nic else None, mate.id if mate else None)
        if key not in self._lists:
            self._lists[key] = edits.lower_choices(self.catalog, plane, tier, switch, nic) if end == "lower" else \
                compatible_options(self.catalog, plane, tier, "upper", switch, nic, mate=mate)
        return self._lists[key]

    def _set_select(self, select: Select[str], options: list[tuple[str, str]], value: str | None) -> None:
        """Replace a picker's entries and value only where they changed (rebuilding a Select is slow)."""
        key = select.id or ""
        if self._shown.get(key) != options:
            self._shown[key] = options
            select.set_options(options)
        wanted = value if value is not None else Select.NULL
        if select.value != wanted:
            select.value = wanted

    def _set_text(self, widget_id: str, text: Text) -> None:
        """Update a title only when its text changed (an update costs a layout of the editor)."""
        if self._texts.get(widget_id) != text.markup:
            self._texts[widget_id] = text.markup
            self.query_one(f"#{widget_id}", Static).update(text)

    def _fill_editor(self) -> None:
        if self._rebuilding:
            return
        scenario = self.scenarios.get(self.selected)
        base = " ★ baseline" if scenario.name == self.scenarios.baseline_name else ""
        self._set_text("scenario-title", Text.assemble(  # user text: never markup
            (printable(scenario.name), "bold"), base, "\n", printable(scenario.description or "")))
        with self.prevent(Select.Changed):
            for plane in self.fabric.planes:
                self._fill_plane(scenario, plane)

    def _fill_plane(self, scenario: Scenario, plane: Plane) -> None:
        choice = scenario.planes.get(plane.name)
        switch_id = (choice.switch if choice else None) or plane.switch
        self._set_text(f"plane-title-{plane.name}", Text.assemble(
            "Plane ", (printable(plane.name), "bold"),
            f" · {plane.port_rate.m_as('Gbit/s'):g}G ports · switch {printable(str(switch_id))}"))
        switches: Select[str] = self.query_one(f"#switch-{plane.name}", Select)
        ids = [s.id for s in compatible_switches(self.catalog, plane)]
        own = choice.switch if choice else None
        self._set_select(switches, [(f"fabric's ({plane.switch})", ""), *((i, i) for i in ids if i != plane.switch)],
                         own if own in ids and own != plane.switch else "")
        try:
            switch = self.catalog.switch(switch_id) if switch_id else None
            nic = self.catalog.nic(plane.nic) if plane.nic else None
        except InterconnectError:
            return
        for t in range(1, plane.max_tiers + 1):
            tier = choice.links[t - 1] if choice and t <= len(choice.links) else None
            length = plane.link_lengths[t - 1].m_as("m")
            where = "host ↔ leaf" if t == 1 else f"level {t - 1} ↔ level {t}"
            self._set_text(f"tier-title-{plane.name}-{t}", Text(f"Tier {t} · {length:g} m · {where}"))
            lower_id = tier.cable or tier.lower if tier else None
            lower_pick: Select[str] = self.query_one(f"#pick-{plane.name}-{t}-lower", Select)
            lowers = self._candidates(plane, t, "lower", switch, nic)
            self._set_select(lower_pick, _choices(lowers, lower_id, self.catalog), lower_id)
            upper_pick: Select[str] = self.query_one(f"#pick-{plane.name}-{t}-upper", Select)
            upper_pick.disabled = tier is not None and tier.cable is not None
            if upper_pick.disabled:
                self._set_select(upper_pick, [("(one cable: both ends)", "")], "")
                continue
            uppers = self._candidates(plane, t, "upper", switch, nic, self.catalog.options.get(lower_id or ""))
            self._set_select(upper_pick, _choices(uppers, tier.upper if tier else None, self.catalog),
                             tier.upper if tier else None)

    # ---- user edits ---------------------------------------------------------------------------------
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None and event.option.id != self.selected:
            self.selected = event.option.id
            self._fill_editor()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self._rebuilding:
            return
        select_id = event.select.id or ""
        value = None if event.value is Select.NULL else str(event.value)
        if select_id.startswith("switch-"):
            plane = select_id.removeprefix("switch-")
            self._edit(lambda s: edits.set_switch(s, self.selected, plane, value or None))
        elif select_id.startswith("pick-") and value:
            plane, tier, end = select_id.removeprefix("pick-").rsplit("-", 2)
            self._pick(plane, int(tier), end, value)

    def _pick(self, plane_name: str, tier: int, end: str, option_id: str) -> None:
        """A new option at one end; a module lower end gets a mating upper if the current one does not mate."""
        plane_choice = self.scenarios.get(self.selected).planes.get(plane_name)
        option = self.catalog.options.get(option_id)
        if option is None or plane_choice is None or tier > len(plane_choice.links):
            return
        current = plane_choice.links[tier - 1]
        plane = self.fabric.plane(plane_name)
        if end == "upper":
            choice = TierChoice(lower=current.lower, upper=option_id) if current.lower else None
        elif option.is_cable:
            choice = TierChoice(cable=option_id)
        elif plane_groups(plane)[tier - 1].upper is End.OCS:  # the OCS port takes no part
            choice = TierChoice(lower=option_id)
        else:
            scenario_switch = self.scenarios.get(self.selected).planes[plane_name].switch or plane.switch
            nic = self.catalog.nic(plane.nic) if plane.nic else None
            switch = self.catalog.switch(scenario_switch) if scenario_switch else None
            mates = self._candidates(plane, tier, "upper", switch, nic, option)
            upper = current.upper if current.upper in {o.id for o in mates} else (mates[0].id if mates else None)
            if upper is None:
                self.notify(printable(f"no upper-end option mates {option_id} at tier {tier}"), severity="warning",
                            markup=False)
                return
            choice = TierChoice(lower=option_id, upper=upper)
        if choice is not None and choice != current:
            self._edit(lambda s: edits.set_tier(s, self.selected, plane_name, tier, choice))

    def _edit(self, change: Any) -> None:
        try:
            scenarios = change(self.scenarios)
        except (ValueError, KeyError, InterconnectError) as exc:
            self.notify(printable(str(exc), keep="\n"), severity="error", markup=False)
            return
        if scenarios == self.scenarios:
            return
        self.scenarios = scenarios
        if self.selected not in {s.name for s in scenarios.scenarios}:
            self.selected = scenarios.scenarios[0].name
        self.post_message(self.Changed(scenarios))
        self._fill_list()
        self._fill_editor()

    # ---- list actions -------------------------------------------------------------------------------
    def action_add(self) -> None:
        def add(s: ScenarioSet) -> ScenarioSet:
            new = edits.add_scenario(s, self.fabric, self.catalog)
            self.selected = new.scenarios[-1].name
            return new

        self._edit(add)

    def action_duplicate(self) -> None:
        def duplicate(s: ScenarioSet) -> ScenarioSet:
            new, self.selected = edits.duplicate_scenario(s, self.selected)
            return new

        self._edit(duplicate)

    def action_rename(self) -> None:
        from interconnect.tui.screens.dialogs import TextDialog

        old = self.selected

        def done(new: str | None) -> None:
            if new:
                def rename(s: ScenarioSet) -> ScenarioSet:
                    out = edits.rename_scenario(s, old, new)
                    self.selected = new.strip()
                    return out

                self._edit(rename)

        self.app.push_screen(TextDialog(f"Rename scenario '{old}'", old, "new name"), done)

    def action_delete(self) -> None:
        name = self.selected
        self._edit(lambda s: edits.delete_scenario(s, name))

    def action_standard(self) -> None:
        """Replace every scenario by the standard ones for this fabric (``interconnect.standard``)."""
        self._edit(lambda s: standard_scenarios(self.fabric, self.catalog))

    def action_baseline(self) -> None:
        self._edit(lambda s: edits.set_baseline(s, self.selected))
