"""Performance benchmarks (not tests): ``python -m benchmarks``. Results: docs/performance.md."""
