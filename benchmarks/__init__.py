"""Synthetic corpora and the scaling benchmark: ``python -m benchmarks.run``."""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
