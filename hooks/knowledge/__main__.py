"""``python -m knowledge``: the engine's command line."""

from knowledge.tools.cli import main

raise SystemExit(main())
