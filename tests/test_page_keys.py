"""Page keys (``Renderer.page_key``): a page keeps its key only while nothing it shows has changed.

Full builds, incremental builds and ``mkdocs serve`` reuse a record page whose key is unchanged, so a key that
misses something the page shows would publish a stale page. These tests edit one record at a
time and compare every keyed page, key and rendered text, with the build before the edit.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from conftest import FIXTURE_CONTENT, PROJECT
from knowledge.pipeline import build_site
from knowledge.render.pages import READ_THROUGH_LINKS

TODAY = date(2026, 1, 15)
TITLE = re.compile(r"^title: ([\"']?)", re.MULTILINE)


def keyed_pages(content: Path) -> dict[str, tuple[bytes, str]]:
    """Page path → (key, Markdown) for every page that has a key."""
    site = build_site(content, content.parent)
    pages = {}
    for job in site.page_jobs(today=TODAY):
        key = job.key() if job.key is not None else None
        if key is not None:
            pages[job.uri] = (key, job.run().content)
    return pages


def retitle(path: Path) -> str:
    """Put a marker in front of a record's title; return the original text."""
    text = path.read_text(encoding="utf-8")
    path.write_text(TITLE.sub(r"title: \1Retitled ", text, count=1), encoding="utf-8")
    return text


def assert_keys_follow_content(content: Path, records: list[Path]) -> dict[Path, set[str]]:
    """Retitle each record in turn; a page whose key stayed must be unchanged. Return the keys that changed per edit."""
    before = keyed_pages(content)
    assert before, "no keyed pages: the test would prove nothing"
    changed_keys = {}
    for path in records:
        original = retitle(path)
        try:
            after = keyed_pages(content)
        finally:
            path.write_text(original, encoding="utf-8")
        assert after.keys() == before.keys()
        stale = [uri for uri, (key, text) in after.items() if key == before[uri][0] and text != before[uri][1]]
        assert not stale, f"retitling {path.name} changed {stale} but not their keys"
        changed_keys[path] = {uri for uri, (key, _) in after.items() if key != before[uri][0]}
    return changed_keys


def test_every_edit_of_the_fixture_changes_the_key_of_every_page_showing_it(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    records = sorted(path for path in content.rglob("*.yaml") if TITLE.search(path.read_text(encoding="utf-8")))
    changed = assert_keys_follow_content(content, records)
    # editing one scenario leaves the pages not linked with it alone
    assert changed[content / "scenarios/labeller.yaml"] >= {"scenarios/labeller.md"}
    assert "scenarios/support-bot.md" not in changed[content / "scenarios/labeller.yaml"]
    # editing an approach (shown through links and the decision flow everywhere) changes every key
    assert changed[content / "approaches/retrieval.yaml"] == set(keyed_pages(content))


def test_every_edit_of_a_record_that_grows_with_the_site_in_the_real_content(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    site = build_site(content, tmp_path)
    # of each kind, the record linked with the most records and the one linked with the fewest (the
    # fixture test above edits every record; here the real templates meet real link counts)
    records = []
    for kind in sorted(READ_THROUGH_LINKS):
        def links(record, kind=kind):
            key = (kind, record.id)
            return len(site.graph.outgoing.get(key, [])) + len(site.graph.backlinks(key)), record.id

        by_links = sorted(site.graph.all(kind), key=links)
        assert by_links, f"no {kind} in the real content"
        records += sorted({by_links[0].raw.path, by_links[-1].raw.path})
    pages = keyed_pages(content)
    assert {uri.split("/")[0] for uri in pages} >= {"scenarios", "evidence", "tools", "approaches", "factors"}
    changed = assert_keys_follow_content(content, records)
    assert max(len(uris) for uris in changed.values()) < len(pages) / 2  # an edit changes the keys of the pages linked with it, not all
