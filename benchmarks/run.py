"""Performance benchmarks of interconnect: ratios within one run on one machine, medians of repeats.

Run: ``python -m benchmarks`` (about a minute and a half; ``--quick`` for a shorter, noisier run).
Prints a Markdown report with every figure and its target; docs/performance.md keeps the last one.

1. Sweep: ``evaluate`` over 1e5 and 1e6 points (an accelerators array) vs a naive per-point loop with
   scalar pint quantities (benchmarks/naive.py, checked equal to ``evaluate`` first) vs the same formulas
   in raw numpy (the floor). Targets: >= 300x the naive loop, <= 2x the floor, >= 1e6 points/s.
2. Cold start: ``python -m interconnect compare`` on the default fabric, whole process, vs
   ``python -c "import pint"``. Targets: <= 0.5 s and <= 2x the pint import.
3. Monte Carlo: 1e5 samples x 20 scenarios. Target: <= 1 s.
4. Scale: ``compare`` on 1k and on 1M accelerators takes the same time (closed-form counts).
5. Grid x Monte Carlo: 1e9 grid-point x sample x scenario evaluations on the default fabric
   (benchmarks/grid_mc.py), in process and on a Dask LocalCluster. Targets: <= 5 minutes, <= 2 GB.
"""

from __future__ import annotations

import argparse
import functools
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.naive import METRICS, UNITS, Setup, naive_point, numpy_floor
from interconnect import Fabric, Scenario, ScenarioSet, compare, default_catalog, evaluate
from interconnect.files import load_project, shipped_fabrics

SINGLE_PLANE = "single-plane-3-tier"  # one plane, 3 tiers: the shape the naive loop and floor model


def single_plane_project() -> tuple[Fabric, ScenarioSet]:
    """The shipped single-plane 3-tier fabric and its scenarios (what benchmarks/naive.py models)."""
    fabric, scenarios = load_project(shipped_fabrics()[SINGLE_PLANE])
    assert scenarios is not None
    return fabric, scenarios

Row = tuple[str, str, str, str]  # what, measured, target, verdict


def median_seconds(run: Callable[[], Any], repeats: int) -> float:
    """Median wall time of ``repeats`` calls (after one untimed warm-up call)."""
    run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _check_naive(fabric: Fabric, setup: Setup, scenario: Scenario, accelerators: np.ndarray) -> None:
    """The naive loop and the floor give evaluate()'s numbers (a benchmark of wrong code proves nothing)."""
    result = evaluate(fabric.replace(accelerators=accelerators), scenario)
    floor = numpy_floor(accelerators, setup)
    # the floor computes the metrics it lists; newer ones (the reliability package's job view, downtime cost)
    # are evaluate()'s extra work, so the floor ratio slightly favours the floor
    assert set(floor) <= set(result.metrics), sorted(set(floor) - set(result.metrics))
    for name in floor:
        assert np.allclose(floor[name], result.metrics[name].magnitude, rtol=1e-12, atol=0), name
    for name in METRICS:
        expected = result[name].m_as(UNITS[name] or "dimensionless")
        for i in (0, len(accelerators) // 2, len(accelerators) - 1):
            naive = naive_point(int(accelerators[i]), setup)[name].m_as(UNITS[name] or "dimensionless")
            assert abs(naive - expected[i]) <= 1e-9 * max(1.0, abs(expected[i])), (name, i)


def bench_sweep(quick: bool) -> list[Row]:
    fabric, scenarios = single_plane_project()
    scenario = scenarios.get("all-dsp")
    setup = Setup.of(fabric, scenario, default_catalog())
    _check_naive(fabric, setup, scenario, np.array([1, 100, 5_000, 9_000, 100_000, 524_288]))
    naive_points = np.linspace(1_000, 500_000, 200 if quick else 1000).astype(np.int64)
    start = time.perf_counter()
    for a in naive_points:
        naive_point(int(a), setup)
    naive_per_point = (time.perf_counter() - start) / len(naive_points)
    rows: list[Row] = [("naive pint loop, per point", f"{naive_per_point * 1e6:,.0f} us", "", "")]
    for n in (100_000, 1_000_000):
        accelerators = np.linspace(1_000, 500_000, n).astype(np.int64)  # 1 to 3 tiers
        swept = fabric.replace(accelerators=accelerators)
        repeats = 3 if quick else (7 if n == 100_000 else 5)
        vector = median_seconds(functools.partial(evaluate, swept, scenario), repeats)
        floor = median_seconds(functools.partial(numpy_floor, accelerators, setup), repeats)
        naive_ratio = naive_per_point * n / vector
        rows += [
            (f"evaluate(), {n:,} points", f"{vector * 1e3:,.1f} ms = {n / vector / 1e6:.2f} M points/s",
             ">= 1 M points/s", _verdict(n / vector >= 1e6)),
            (f"  vs naive pint loop ({n:,} x per point)", f"{naive_ratio:,.0f}x faster", ">= 300x",
             _verdict(naive_ratio >= 300)),
            (f"  vs raw numpy floor ({floor * 1e3:,.1f} ms; the floor omits the reliability job view)",
             f"{vector / floor:.2f}x the floor", "<= 2x",
             _verdict(vector / floor <= 2)),
        ]
    return rows


def bench_cold_start(quick: bool) -> list[Row]:
    python = sys.executable
    commands = {"compare": [python, "-m", "interconnect", "compare"], "pint": [python, "-c", "import pint"],
                "python": [python, "-c", "pass"]}
    script = Path(python).parent / "interconnect"  # the installed console script, if next to the interpreter
    if script.is_file():
        commands["script"] = [str(script), "compare"]
    for command in commands.values():  # warm the OS file cache and interconnect's pint cache
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(7 if quick else 21):  # interleaved, so load changes hit all three alike
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    compare_s, pint_s, python_s = (statistics.median(times[n]) for n in ("compare", "pint", "python"))
    rows: list[Row] = [
        ("python -c pass (interpreter alone)", f"{python_s * 1e3:.0f} ms", "", ""),
        ('python -c "import pint"', f"{pint_s * 1e3:.0f} ms", "", ""),
        ("python -m interconnect compare (default fabric)", f"{compare_s * 1e3:.0f} ms", "<= 500 ms",
         _verdict(compare_s <= 0.5)),
        ("  compare / import pint", f"{compare_s / pint_s:.2f}x", "<= 2x", _verdict(compare_s / pint_s <= 2))]
    if "script" in times:
        script_s = statistics.median(times["script"])
        rows.append(("interconnect compare (installed console script)", f"{script_s * 1e3:.0f} ms", "<= 500 ms",
                     _verdict(script_s <= 0.5)))
    return rows


def twenty_scenarios(scenarios: ScenarioSet) -> list[Scenario]:
    """20 different scenarios on the single-plane 3-tier fabric: the 7 shipped ones and 13 mixes of their tiers."""
    from interconnect import PlaneChoice, TierChoice

    dsp, lpo, lro = "generic-1p6t-osfp-2xdr4-dsp", "generic-1p6t-lpo-2xdr4", "generic-1p6t-lro-2xdr4"
    first = {"dsp": TierChoice(lower="generic-800g-osfp-dr4-dsp", upper=dsp),
             "lpo": TierChoice(lower="generic-800g-lpo-dr4", upper=lpo),
             "lro": TierChoice(lower="generic-800g-lro-dr4", upper=lro),
             "aec": TierChoice(cable="generic-800g-aec"),
             "lpo-dsp": TierChoice(lower="generic-800g-lpo-dr4", upper=dsp)}
    out = list(scenarios.scenarios)
    names = {s.name for s in out}
    for t1, choice in first.items():
        for above, option in (("dsp", dsp), ("lpo", lpo), ("lro", lro)):
            name = f"{t1}/{above}"
            if name in names or len(out) == 20:
                continue
            pair = TierChoice(lower=option, upper=option)
            out.append(Scenario(name=name, planes={"backend": PlaneChoice(links=(choice, pair, pair))}))
    return out


def bench_monte_carlo(quick: bool) -> list[Row]:
    from interconnect.uncertainty import monte_carlo

    fabric, scenarios = single_plane_project()
    items = twenty_scenarios(scenarios)
    compare(fabric, items)  # all feasible
    seconds = median_seconds(lambda: monte_carlo(fabric, items, samples=100_000, seed=0), 2 if quick else 5)
    inputs = len(monte_carlo(fabric, items, samples=10).inputs)
    return [(f"monte_carlo: 100,000 samples x {len(items)} scenarios ({inputs} ranged inputs, Beta-PERT)",
             f"{seconds:.2f} s", "<= 1 s", _verdict(seconds <= 1.0))]


def bench_scale(quick: bool) -> list[Row]:
    from interconnect import PlaneChoice, TierChoice
    from interconnect.units import Q_

    fabric, _ = single_plane_project()
    plane = fabric.planes[0]
    # 2 x 400G per accelerator on radix-256 switches: a 3-tier tree holds 256 x 128 x 128 = 4.2M endpoints;
    # tier 3 at 100 m, the reach of the catalog's 400G DR4 modules
    wide = fabric.replace(planes=[plane.model_copy(update={
        "port_rate": plane.port_rate / 2, "ports_per_accelerator": 2,
        "link_lengths": (*plane.link_lengths[:2], Q_(100.0, "m"))})])
    dr4, twin, lpo = "nvidia-mms4x00-ns400-400g-dr4", "nvidia-mms4x00-ns-800g-2xdr4", "generic-400g-lpo-dr4"
    choices = {"dsp": [(dr4, dr4)] * 3, "dsp-twin": [(dr4, twin)] + [(twin, twin)] * 2, "lpo": [(lpo, lpo)] * 3,
               "lpo-nic": [(lpo, twin)] + [(twin, twin)] * 2, "lpo-above": [(dr4, lpo)] + [(lpo, lpo)] * 2}
    scenarios = [Scenario(name=name, planes={"backend": PlaneChoice(links=tuple(
        TierChoice(lower=a, upper=b) for a, b in tiers))}) for name, tiers in choices.items()]
    rows: list[Row] = []
    times = {}
    for accelerators in (1_000, 1_000_000):
        point = wide.replace(accelerators=accelerators)
        feasible = [s for s in scenarios if _feasible(point, s)]
        if not feasible:  # the catalog's lane and cage checks refuse these parts at these ports
            return [("compare() at 1k and 1M accelerators, 2 x 400G each", "skipped: no scenario of the scale "
                     "check is buildable with the current catalog (SerDes lane rates)", "", "")]
        times[accelerators] = median_seconds(functools.partial(compare, point, feasible), 5 if quick else 15)
        rows.append((f"compare(), {accelerators:,} accelerators, 2 x 400G each ({len(feasible)} scenarios)",
                     f"{times[accelerators] * 1e3:.1f} ms", "", ""))
    ratio = times[1_000_000] / times[1_000]
    rows.append(("  1M / 1k", f"{ratio:.2f}x", "about 1x (0.8-1.25)", _verdict(0.8 <= ratio <= 1.25)))
    return rows


def _feasible(fabric: Fabric, scenario: Scenario) -> bool:
    from interconnect.errors import InfeasibleError

    try:
        evaluate(fabric, scenario)
    except InfeasibleError:
        return False
    return True


def bench_grid_mc(quick: bool) -> list[Row]:
    """1e9 grid-point x sample x scenario evaluations (benchmarks/grid_mc.py), in this process and on a
    Dask LocalCluster; --quick runs 1/20 of the grid."""
    import os

    from benchmarks import grid_mc

    fraction = 20 if quick else 1
    rows: list[Row] = []
    evaluations, seconds, peak = grid_mc.run(fraction)
    rows.append((f"grid x Monte Carlo, {evaluations:.3g} evaluations, in process", f"{seconds:.0f} s, peak "
                 f"{peak:,.0f} MB", "<= 300 s, <= 2 GB" if fraction == 1 else "",
                 _verdict(seconds <= 300 and peak <= 2048) if fraction == 1 else ""))
    workers = os.cpu_count() or 1
    evaluations, seconds, peak = grid_mc.run(fraction, scheduler="local")
    rows.append((f"  the same on a Dask LocalCluster ({workers} workers x 1 thread)", f"{seconds:.0f} s "
                 f"(this process {peak:,.0f} MB)", "<= 300 s" if fraction == 1 else "",
                 _verdict(seconds <= 300) if fraction == 1 else ""))
    return rows


BENCHMARKS = {"sweep": bench_sweep, "cold-start": bench_cold_start, "monte-carlo": bench_monte_carlo,
              "scale": bench_scale, "grid-mc": bench_grid_mc}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (noisier)")
    parser.add_argument("--only", choices=list(BENCHMARKS), action="append", help="run only these")
    args = parser.parse_args(argv)
    print(f"# interconnect benchmarks\n\n{platform.python_implementation()} {platform.python_version()}, "
          f"numpy {np.__version__}, {platform.machine()}, {_cpus()} CPUs, load average {_load()}\n")
    print("| benchmark | measured | target | |\n|---|---:|---|---|")
    for name in args.only or list(BENCHMARKS):
        for what, measured, target, verdict in BENCHMARKS[name](args.quick):
            print(f"| {what} | {measured} | {target} | {verdict} |", flush=True)
    return 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


def _load() -> str:
    try:
        with open("/proc/loadavg") as fh:
            return " ".join(fh.read().split()[:3])
    except OSError:
        return "n/a"
