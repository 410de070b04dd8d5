"""``python -m knowledge``: the engine's command line."""

from knowledge.cli import main

raise SystemExit(main())
