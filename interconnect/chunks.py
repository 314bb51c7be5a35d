"""Work in chunks of points, in this process or on Dask: one code path for both.

A job is a picklable function ``task(shared, start, stop)`` over point ranges; ``shared`` (fabric,
catalog, samples...) is sent to each Dask worker once. ``run_chunks`` returns the chunks' results in
order, so whatever reduces them afterwards sees the same values wherever they were computed: a seeded
run on a cluster gives exactly the single-process numbers.

Schedulers (``scheduler=``): ``None`` runs the chunks one after another here (no Dask import);
``"synchronous"``, ``"threads"``, ``"processes"`` are Dask's local schedulers; ``"local"`` starts a
``distributed.LocalCluster`` on this machine for the run; anything else is the address of a running Dask
scheduler (``tcp://host:8786``), or a ``distributed.Client`` given through the API. Dask is an optional
extra: ``pip install 'interconnect[dask]'``. How to run on a cluster: docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from interconnect.errors import UsageError

__all__ = ["CHUNK_POINTS", "LOCAL_SCHEDULERS", "chunk_ranges", "run_chunks"]

T = TypeVar("T")
CHUNK_POINTS = 1 << 17  # evaluated points per chunk: ~50 MB of working arrays, fast in cache-sized pieces
LOCAL_SCHEDULERS = ("synchronous", "threads", "processes")


def chunk_ranges(total: int, size: int) -> list[tuple[int, int]]:
    """``[start, stop)`` ranges of at most ``size`` covering ``0..total``."""
    if size < 1:
        raise UsageError(f"chunk size must be 1 or more, found {size}")
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def run_chunks(task: Callable[[Any, int, int], T], shared: Any, ranges: list[tuple[int, int]],
               scheduler: Any = None, progress: Callable[[int, int], None] | None = None) -> list[T]:
    """``task(shared, start, stop)`` for every range, results in range order (see the module docstring)."""
    if scheduler is None:
        out = []
        for done, (start, stop) in enumerate(ranges, start=1):
            out.append(task(shared, start, stop))
            if progress is not None:
                progress(done, len(ranges))
        return out
    dask = _import_dask()
    if isinstance(scheduler, str) and scheduler in LOCAL_SCHEDULERS:
        shared_key = dask.delayed(shared, pure=True, traverse=False)
        tasks = [dask.delayed(task, pure=True)(shared_key, start, stop) for start, stop in ranges]
        return list(dask.compute(*tasks, scheduler=scheduler))
    with _client(scheduler) as client:
        return _run_on_client(client, task, shared, ranges, progress)


def _run_on_client(client: Any, task: Callable[[Any, int, int], T], shared: Any, ranges: list[tuple[int, int]],
                   progress: Callable[[int, int], None] | None) -> list[T]:
    from distributed import as_completed

    shared_future = client.scatter(shared, broadcast=True, hash=False)
    futures = [client.submit(task, shared_future, start, stop, pure=False) for start, stop in ranges]
    for done, _ in enumerate(as_completed(futures), start=1):  # type: ignore[no-untyped-call]
        if progress is not None:
            progress(done, len(ranges))
    return list(client.gather(futures))


class _client:
    """A ``distributed.Client``: the one given, one connected to ``address``, or a LocalCluster's."""

    def __init__(self, scheduler: Any) -> None:
        self.scheduler = scheduler
        self.owned: list[Any] = []

    def __enter__(self) -> Any:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - the extra is installed with the tests
            raise UsageError("a Dask cluster needs dask.distributed: pip install 'interconnect[dask]'") from exc
        if isinstance(self.scheduler, Client):
            return self.scheduler
        if self.scheduler == "local":
            cluster = LocalCluster(processes=True, threads_per_worker=1, dashboard_address=None)  # type: ignore[no-untyped-call]
            self.owned.append(cluster)
            client = Client(cluster)  # type: ignore[no-untyped-call]
        else:
            try:
                client = Client(str(self.scheduler), timeout="10s")  # type: ignore[no-untyped-call]
            except (OSError, TimeoutError, ValueError) as exc:
                raise UsageError(f"cannot reach the Dask scheduler at {self.scheduler!r}: {exc}") from None
        self.owned.insert(0, client)
        return client

    def __exit__(self, *exc: object) -> None:
        for thing in self.owned:
            thing.close()


def _import_dask() -> Any:
    try:
        import dask
    except ImportError as exc:  # pragma: no cover - the extra is installed with the tests
        raise UsageError("Dask is not installed: pip install 'interconnect[dask]' (or run without a scheduler)") \
            from exc
    return dask

