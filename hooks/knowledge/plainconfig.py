"""A hook-free copy of mkdocs.yml for the Markdown export."""

from __future__ import annotations

import re
from pathlib import Path

from knowledge.registry import KINDS

_DROPPED_KEYS = ("hooks", "watch")


def not_in_nav_patterns() -> list[str]:
    """Gitignore-style patterns for pages that the generated index pages reach instead of the nav."""
    patterns = []
    for spec in KINDS:
        if spec.pages:
            patterns.append(f"/{spec.site_dir}/*.md")
            if spec.in_nav:
                patterns.append(f"!/{spec.index_uri}")
    return patterns


def plain_config(text: str, vendored: dict[str, Path]) -> str:
    """Drop the top-level ``hooks:`` and ``watch:`` blocks and list the vendored scripts.

    Edited as text because mkdocs.yml holds ``!!python/name`` tags that a safe YAML loader rejects.
    """
    lines, skipping = [], False
    for line in text.splitlines():
        top_key = re.match(r"^([A-Za-z_]+):", line)
        if top_key:
            skipping = top_key.group(1) in _DROPPED_KEYS
        if not skipping:
            lines.append(line)
    result = "\n".join(lines) + "\n"
    scripts = "".join(f"  - {uri}\n" for uri in vendored)
    if scripts:
        result = result.replace("extra_javascript:\n", "extra_javascript:\n" + scripts, 1)
    patterns = "".join(f"  {pattern}\n" for pattern in not_in_nav_patterns())
    return result + f"\n# Record pages are reached from the index pages, not the navigation.\nnot_in_nav: |\n{patterns}"
