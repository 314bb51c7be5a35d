from interconnect.cli import main

raise SystemExit(main())
