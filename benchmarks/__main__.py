"""``python -m benchmarks``: run the interconnect benchmarks and print a Markdown report."""

from benchmarks.run import main

raise SystemExit(main())
