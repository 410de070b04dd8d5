"""Synthetic corpora and the scaling benchmark: ``python -m benchmarks.run``."""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
HOOKS = PROJECT / "hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))  # the engine package, as the MkDocs hook and the CLI see it
