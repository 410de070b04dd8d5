"""Full builds take a record page and its API entry from the last full build while the page's key is unchanged (``render/page_memo.py``).

A wrong reuse would publish a stale page, so each test compares what a build with the memo makes
with what a fresh engine run (no caches at all) makes from the same content.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURE_CONTENT, edit
from knowledge.build import Build
from knowledge.export import api
from knowledge.pipeline import check_content
from knowledge.render import pages
from knowledge.render.page_memo import PAGE_MEMO_FILE

TODAY = date(2026, 1, 15)


def build_files(root: Path) -> dict[str, str | bytes | None]:
    """Every generated file of a full build of ``root`` (the engine's part of ``mkdocs build``), by site path."""
    build = Build(root)
    build.check()
    return {file.uri: file.content for file in build.generated_files(directory_urls=True, site_url="/", today=TODAY)}


def fresh_files(root: Path) -> dict[str, str | bytes | None]:
    """The same files from an engine run that keeps and reads no cache."""
    site, log = check_content(root / "content", root, parse_cache=False)
    assert site is not None, log.sorted()
    files: dict[str, str | bytes | None] = {page.uri: page.content for page in site.pages(today=TODAY)}
    return files | site.data_files(directory_urls=True, today=TODAY, site_url="/")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    return tmp_path


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The record pages rendered and the API entries made from here on: page paths, and ``json:`` and the page path."""
    made: list[str] = []
    render, entry = pages.Renderer.record_page, api._record_json

    def counted_page(self: pages.Renderer, spec, record_id: str) -> pages.GeneratedPage:
        page = render(self, spec, record_id)
        made.append(page.uri)
        return page

    def counted_entry(graph, flow, spec, record_id: str, directory_urls: bool) -> str:
        made.append(f"json:{spec.page_uri(record_id)}")
        return entry(graph, flow, spec, record_id, directory_urls)

    monkeypatch.setattr(pages.Renderer, "record_page", counted_page)
    monkeypatch.setattr(api, "_record_json", counted_entry)
    return made


def test_an_edit_makes_again_only_the_pages_and_api_entries_that_show_it(root: Path, rendered: list[str]):
    first = build_files(root)
    assert (root / PAGE_MEMO_FILE).is_file()
    assert {"scenarios/support-bot.md", "json:scenarios/support-bot.md"} <= set(rendered)
    rendered.clear()
    assert build_files(root) == first
    assert all(not uri.startswith(("scenarios/", "evidence/", "json:scenarios/", "json:evidence/")) for uri in rendered)  # from the memo

    edit(root, "scenarios/support-bot.yaml", "title: ", "title: Renamed ")
    rendered.clear()
    after = build_files(root)
    again = set(rendered)
    assert after == fresh_files(root)
    assert {"scenarios/support-bot.md", "evidence/study-a.md"} <= again  # the study cites the scenario by its title
    assert {"json:scenarios/support-bot.md", "json:evidence/study-a.md"} <= again  # made again with their pages
    unlinked = {"scenarios/labeller.md", "evidence/study-b.md", "tools/vector-db.md"}
    assert not again & (unlinked | {f"json:{uri}" for uri in unlinked})  # not linked with it: from the memo
    assert "Renamed" in after["scenarios/support-bot.md"]


def test_a_damaged_memo_is_ignored_and_a_deleted_record_leaves_it(root: Path, rendered: list[str]):
    first = build_files(root)
    memo = root / PAGE_MEMO_FILE
    for damaged in (b"not a pickle", memo.read_bytes()[: memo.stat().st_size // 2]):
        memo.write_bytes(damaged)
        rendered.clear()
        assert build_files(root) == first
        assert "scenarios/support-bot.md" in rendered  # rendered again, not read from the damaged file

    (root / "content/scenarios/labeller.yaml").unlink()
    assert build_files(root) == fresh_files(root)
    assert b"scenarios/labeller.md" not in memo.read_bytes()
