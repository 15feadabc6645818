from recapkit.cli import main

raise SystemExit(main())
