"""Sweeps, Monte Carlo, fleets, reports, saved files and the TUI on the scale-up and torus topologies."""

from __future__ import annotations

import asyncio
import math

import numpy as np
import pytest

from interconnect import compare, evaluate
from interconnect.catalog import Catalog
from interconnect.files import dumps_project, load_project, shipped_fabrics
from interconnect.fleet import evaluate_fleet
from interconnect.fleet_files import load_fleet, shipped_fleets
from interconnect.sweep import build_grid, parse_vary, run_sweep
from interconnect.uncertainty import monte_carlo


def _project(stem: str):  # type: ignore[no-untyped-def]
    fabric, scenarios = load_project(shipped_fabrics()[stem])
    assert scenarios is not None
    return fabric, scenarios


def test_sweep_over_scale_up_domains_and_an_ocs_figure(catalog: Catalog) -> None:
    # NVL72 domains: 72, 144 and 720 GPUs are 1, 2 and 10 racks of 18 NVLink switch chips
    fabric, scenarios = _project("gb300-nvl72-cluster")
    sweep = run_sweep(fabric, scenarios, build_grid([parse_vary("accelerators=72,144,720")]), catalog)
    baseline = sweep.comparison.result("all-dsp")
    chips = np.sum([s.count.m_as("") for s in baseline.switches if s.plane == "nvlink"], axis=0)
    assert chips.tolist() == [18, 36, 180]
    # a torus pod's OCS power swept: 48 OCS x 100 W and x 200 W
    fabric, scenarios = _project("tpu-v4-torus-pod")
    sweep = run_sweep(fabric, scenarios, build_grid([parse_vary("figure.google-palomar-ocs.power=100,200 W")]),
                      catalog)
    assert sweep.comparison.result("all-dsp").value("power.ocs", "W").tolist() == pytest.approx([4_800, 9_600])


def test_monte_carlo_samples_ocs_ici_optics_and_hop_latency(catalog: Catalog) -> None:
    fabric, scenarios = _project("tpu-v4-torus-pod")
    result = monte_carlo(fabric, scenarios, catalog, samples=2_000, seed=1)
    keys = {k for i in result.inputs for k in i.keys}
    assert {("google-palomar-ocs", "power"), ("google-tpu-ici-400g-bidi", "power"),
            ("google-tpu-v4", "hop_latency")} <= keys
    spread = result.scenario("all-dsp").totals
    for metric in ("power.ocs", "latency.scale_up_worst_path", "power.optics"):
        p10, p50, p90 = (q.magnitude for q in (spread[metric].p10, spread[metric].p50, spread[metric].p90))
        assert p10 < p50 < p90, metric
    # 48 OCS at 60-200 W (typical 108): every sample between 2.88 and 9.6 kW
    assert spread["power.ocs"].p10.m_as("kW") >= 2.88
    assert spread["power.ocs"].p90.m_as("kW") <= 9.6


def test_fleet_example_counts_scale_up_and_ici_demand(catalog: Catalog) -> None:
    # tpu-class-pods-2026: 40 pods of 9,216 chips (16x24x24 of 144 cubes): 144 x 96 = 13,824 ICI
    # transceivers and 48 OCS per pod (each OCS takes 2 x 144 = 288 of its 300 ports) -> 552,960 and 1,920.
    # gb300-pods-2026: 869 pods of 16 NVL72 racks: 869 x 16 x 1,296 = 18,019,584 copper NVLink links.
    fleet = load_fleet(shipped_fleets()["example"])
    result = evaluate_fleet(fleet, catalog)
    rows = result.demand()
    ocs = math.fsum(float(d.count.magnitude) for d in rows if d.kind == "ocs" and d.year == 2026)
    assert ocs == pytest.approx(1_920)
    tpu = [e for e in result.entries if e.template == "tpu-class-pods-2026"]
    ici = math.fsum(float(d.count.magnitude) for e in tpu for d in e.demand
                    if d.option_class == "dsp" and d.end == "host" and d.rate.m_as("Gbit/s") == 800
                    and any(p.option_id == "google-tpu-ici-800g-bidi" for p in e.result.parts))
    modules = math.fsum(float(p.count.magnitude) * e.deployments.magnitude for e in tpu for p in e.result.parts
                        if p.option_id == "google-tpu-ici-800g-bidi")
    assert modules == pytest.approx(40 * 13_824)
    assert ici >= modules
    nvlink = math.fsum(float(d.count.magnitude) for d in rows
                       if d.kind == "cable" and d.year == 2026 and d.rate.m_as("Gbit/s") == 400)
    assert nvlink == pytest.approx(869 * 16 * 1_296)
    assert result.totals([2026])["count.ocs"].magnitude == pytest.approx(1_920)


def test_reports_show_topology_inputs_and_end_kinds(catalog: Catalog) -> None:
    from interconnect.reports import render_report

    fabric, scenarios = _project("optical-scale-up-projection")
    md = render_report(compare(fabric, scenarios, catalog), fabric, scenarios, catalog, "markdown")
    assert "| scaleup | scale-up | scale-up-domain | domains of 576 accelerators, two levels, 18 links each |" in md
    assert "host (cpo, co-packaged) - switch (cpo, co-packaged)" in md
    fabric, scenarios = _project("tpu-v4-torus-pod")
    md = render_report(compare(fabric, scenarios, catalog), fabric, scenarios, catalog, "markdown")
    assert "torus 16x16x16 of 4x4x4 cubes (64 per pod), OCS google-palomar-ocs" in md
    assert "host (dsp pluggable) - ocs (passive port)" in md and "(OCS port: no part)" in md
    assert "| Optical circuit switches | 48 | 48 (±0%) |" in md


def test_saved_files_keep_only_each_topologys_fields() -> None:
    fabric, scenarios = _project("tpu-v4-torus-pod")
    text = dumps_project(fabric, scenarios)
    # the torus plane carries its own fields, the fat-tree DCN plane its own (oversubscription), nothing else
    assert text.count("torus_shape") == 1 and "domain_levels" not in text and text.count("oversubscription") == 1
    import tomllib

    from interconnect.files import project_from_data

    problems: list[object] = []
    again, _ = project_from_data(tomllib.loads(text), "saved.toml", problems)  # type: ignore[arg-type]
    assert not problems and again == fabric


def test_tui_form_reads_a_torus_plane_back() -> None:
    from interconnect.tui.fields import fabric_from_texts, field_texts

    fabric, _ = _project("tpu-v4-torus-pod")
    texts = field_texts(fabric, "ici")
    assert (texts["topology"], texts["switch"]) == ("torus", "")
    again, errors = fabric_from_texts(fabric, "ici", texts)
    assert errors == {} and again == fabric
    again, errors = fabric_from_texts(fabric, "ici", {**texts, "topology": "scale-up-domain"})
    assert again is None and "do(es) not apply to topology 'scale-up-domain'" in errors["topology"]


def test_tui_opens_a_torus_fabric() -> None:
    from textual.widgets import Select

    from interconnect.tui.app import build_app
    from interconnect.tui.widgets.comparison import ComparisonPane

    async def run() -> None:
        app = build_app(shipped_fabrics()["tpu-v4-torus-pod"], cursor_blink=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown = app.query_one(ComparisonPane).shown
            # 6,144 ICI transceivers; DCN: 1,024 host modules, 512 twin-port leaf-down, 2 x 512 leaf-spine
            assert shown[("all-dsp", "count.optical_modules")] == 6_144 + 1_024 + 512 + 2 * 512
            app.query_one("#field-plane", Select).value = "ici"
            await pilot.pause()
            assert app.query_one("#field-topology", Select).value == "torus"
            await pilot.press("f4")
            await pilot.pause()

    asyncio.run(run())
    fabric, scenarios = _project("tpu-v4-torus-pod")
    assert evaluate(fabric, scenarios.get("all-dsp")).value("count.optical_modules") == 8_704
