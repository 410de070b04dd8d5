"""The knowledge engine: YAML records in, validated and cross-linked pages out.

The engine knows nothing about MkDocs; ``hooks/site.py`` adapts it to MkDocs events.
Stages, one module each: ``loader`` → ``validation`` → ``graph`` (and ``decision``) →
``render`` → ``export``; ``pipeline`` runs them in order.

The names below are imported on first use, so that importing a light module of the package
(the page cache, the worker) does not import the engine and its models.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["ContentError", "Site", "build_site"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("knowledge.pipeline"), name)
    raise AttributeError(f"module 'knowledge' has no attribute {name!r}")
