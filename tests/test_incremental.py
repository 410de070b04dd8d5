"""Incremental builds (``mkdocs build --dirty``): pages are rendered again only when what they show changed."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from conftest import copy_project, edit, mkdocs_build
from knowledge.export.api import api_files
from knowledge.pipeline import build_site

CACHE = Path(".cache/knowledge/docs")


def cached_mtimes(root: Path) -> dict[str, int]:
    folder = root / CACHE
    return {path.relative_to(folder).as_posix(): path.stat().st_mtime_ns for path in folder.rglob("*.md")}


def dirty_build(root: Path) -> None:
    result = mkdocs_build(root, "--dirty", strict=False)  # MkDocs warns that --dirty is for previews
    assert result.returncode == 0, result.stderr


def test_an_edit_renders_again_only_the_pages_that_show_it(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    dirty_build(root)
    assert (root / ".cache/knowledge/docs-keys.pickle").is_file()
    before = cached_mtimes(root)
    index = root / "site/pagefind"
    bundles = set(index.iterdir())
    edit(root, "scenarios/support-bot.yaml", "title: ", "title: Renamed ")
    dirty_build(root)
    after = cached_mtimes(root)
    changed = {uri for uri in after if after[uri] != before.get(uri)}
    showing = {uri for uri in after if "Renamed" in (root / CACHE / uri).read_text(encoding="utf-8")}
    assert changed == showing  # rewritten: exactly the pages that show the new title
    assert {"scenarios/support-bot.md", "scenarios/index.md", "evidence/study-a.md"} <= changed
    assert "scenarios/labeller.md" not in changed and "evidence/study-b.md" not in changed
    assert "Renamed" in (root / "site/scenarios/support-bot/index.html").read_text(encoding="utf-8")
    # the search index is written afresh: the small fixture is one part, indexed again under a new name, with nothing of the old left
    assert len(bundles) == 2 and len(set(index.iterdir())) == 2 and set(index.iterdir()) != bundles
    (bundle,) = (folder for folder in index.iterdir() if folder.is_dir())
    assert json.loads((index / "parts.json").read_text(encoding="utf-8")) == {"bundles": [bundle.name + "/"]}
    assert len(list(bundle.glob("*.pf_meta"))) == 1


def test_a_title_shown_on_other_pages_renders_them_again(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    dirty_build(root)
    edit(root, "evidence/study-a.yaml", "title: A study of retrieval against training", "title: A retitled study")
    dirty_build(root)
    page = (root / CACHE / "scenarios/support-bot.md").read_text(encoding="utf-8")
    assert "A retitled study" in page  # the scenario cites the study by its title


def test_a_changed_template_renders_every_page_again(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    dirty_build(root)
    template = root / "hooks/knowledge/render/templates/record/scenario.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nTemplate changed.\n", encoding="utf-8")
    dirty_build(root)
    page = (root / CACHE / "scenarios/support-bot.md").read_text(encoding="utf-8")
    assert page.rstrip().endswith("Template changed.")


def test_a_cached_page_changed_by_hand_is_rendered_again(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    dirty_build(root)
    cached = root / CACHE / "scenarios/support-bot.md"
    original = cached.read_text(encoding="utf-8")
    cached.write_text("tampered\n", encoding="utf-8")
    dirty_build(root)
    assert cached.read_text(encoding="utf-8") == original


def test_an_unchanged_page_is_taken_from_the_cache_without_rendering(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    dirty_build(root)
    cached = root / CACHE / "scenarios/labeller.md"
    stat = cached.stat()
    marked = cached.read_text(encoding="utf-8").replace("#", "%", 1)  # same size, same time: only a render would undo it
    cached.write_text(marked, encoding="utf-8")
    os.utime(cached, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    edit(root, "scenarios/support-bot.yaml", "title: ", "title: Renamed ")
    dirty_build(root)
    assert cached.read_text(encoding="utf-8") == marked


def test_incremental_builds_publish_what_a_fresh_engine_run_makes(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    dirty_build(root)
    edit(root, "scenarios/support-bot.yaml", "title: ", "title: Renamed ")
    edit(root, "evidence/study-a.yaml", "title: A study of retrieval against training", "title: A retitled study")
    (root / "content/scenarios/labeller.yaml").unlink()
    dirty_build(root)
    site = build_site(root / "content", root)
    exports = api_files(site.graph, site.flow)
    for uri, text in exports.items():
        assert (root / "site" / uri).read_text(encoding="utf-8") == text, uri
    pages = {page.uri: page.content for page in site.pages(today=date.today())}
    cached = {path.relative_to(root / CACHE).as_posix(): path for path in (root / CACHE).rglob("*") if path.is_file()}
    downloads = site.data_files(directory_urls=True, today=date.today(), site_url="https://prompt-or-fine-tune.github.io/site/")
    assert set(cached) == set(pages) | set(downloads)  # the deleted scenario's page is gone from the cache
    for uri, data in downloads.items():
        assert (root / "site" / uri).read_bytes() == (data.encode("utf-8") if isinstance(data, str) else data), uri
    for uri, content in pages.items():
        assert cached[uri].read_text(encoding="utf-8") == content, uri
