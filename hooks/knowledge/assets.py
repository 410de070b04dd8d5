"""Third-party browser scripts that the site serves itself (installed from the npm registry)."""

from __future__ import annotations

from pathlib import Path

VENDORED_SCRIPTS: dict[str, str] = {
    "assets/javascripts/vendor/mermaid.min.js": "node_modules/mermaid/dist/mermaid.min.js",
}
"""Site path → path inside the project, for each script copied into the site when present."""


def vendored_scripts(root: Path) -> dict[str, Path]:
    """The vendored scripts that are installed (``npm ci``), by site path."""
    found = {}
    for uri, relative in VENDORED_SCRIPTS.items():
        path = root / relative
        if path.is_file():
            found[uri] = path
    return found
