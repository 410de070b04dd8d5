"""The site as plain Markdown: generated pages, hand-written pages, scripts, JSON and a hook-free mkdocs.yml.

In: the rendered pages and API files. Out: a folder that any MkDocs-compatible builder builds
without this project's hooks (``knowledge export``).
"""

from __future__ import annotations

import re
from pathlib import Path

from knowledge.records.kinds import KINDS
from knowledge.render.finder import LISTING_FOLDERS
from knowledge.render.pairs import PAIR_FOLDER
from knowledge.render.pages import GeneratedPage

_DROPPED_KEYS = ("hooks", "watch")


def not_in_nav_patterns() -> list[str]:
    """Gitignore-style patterns for pages that the generated index pages reach instead of the nav (finder listings too)."""
    patterns = []
    for spec in KINDS:
        if spec.pages:
            patterns += [f"/{spec.site_dir}/*.md", f"/{spec.site_dir}/page/"]
            if spec.in_nav:
                patterns.append(f"!/{spec.index_uri}")
    return patterns + [f"/{folder}" for folder in (*LISTING_FOLDERS, PAIR_FOLDER)]


def plain_config(text: str) -> str:
    """Drop the top-level ``hooks:`` and ``watch:`` blocks.

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
    patterns = "".join(f"  {pattern}\n" for pattern in not_in_nav_patterns())
    return result + f"\n# Record pages are reached from the index pages, not the navigation.\nnot_in_nav: |\n{patterns}"


def write_tree(root: Path, files: dict[str, str | bytes]) -> list[Path]:
    """Write files below ``root``; leave a file untouched when its content is unchanged."""
    written = []
    for relative, content in files.items():
        path = root / relative
        data = content.encode("utf-8") if isinstance(content, str) else content
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def export_markdown(pages: list[GeneratedPage], api: dict[str, str | bytes], docs_dir: Path, out_dir: Path) -> int:
    """Write the site as plain Markdown: generated pages, hand-written docs and JSON.

    The tree builds with any MkDocs-compatible tool, without this project's hooks.
    """
    files: dict[str, str | bytes] = {}
    copies = {path.relative_to(docs_dir).as_posix(): path for path in docs_dir.rglob("*") if path.is_file()}
    for relative, path in copies.items():
        target = out_dir / relative
        if target.is_file() and target.stat().st_size == path.stat().st_size and target.read_bytes() == path.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    files.update({page.uri: page.content for page in pages})
    files.update(api)
    write_tree(out_dir, files)
    return len(pages)


def write_plain_config(source: Path, target: Path) -> None:
    """Copy mkdocs.yml without the hooks, so any MkDocs-compatible builder can use the export."""
    target.write_text(plain_config(source.read_text(encoding="utf-8")), encoding="utf-8")
