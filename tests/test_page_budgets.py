"""Every page of the real site stays light and previews well: HTML and script budgets, link-preview tags."""

from __future__ import annotations

import gzip
import html
import re
from pathlib import Path

from conftest import PROJECT
from htmlpage import Page

HTML_BUDGET = 100_000
"""Bytes of HTML per page, as written (a static host then compresses it further)."""

SCRIPT_BUDGET = 150_000
"""Bytes of script per record page, gzip-compressed as a static host serves them."""

RECORD_FOLDERS = ("approaches", "scenarios", "evidence", "tools", "factors", "failure-modes", "stack-patterns", "decide")


def html_pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if "<meta http-equiv=\"refresh\"" not in path.read_text(encoding="utf-8")[:600])


def test_every_page_is_at_most_100_kb_of_html(real_site: Path):
    sizes = {path.relative_to(real_site).as_posix(): path.stat().st_size for path in html_pages(real_site)}
    assert len(sizes) > 150
    assert {page: size for page, size in sizes.items() if size > HTML_BUDGET} == {}


def test_record_pages_load_at_most_150_kb_of_compressed_script(real_site: Path):
    checked = 0
    for path in html_pages(real_site):
        relative = path.relative_to(real_site).as_posix()
        if not relative.startswith(RECORD_FOLDERS) or relative.count("/") < 2:
            continue
        page = Page(path)
        sources = [attributes["src"] for tag, attributes in page.tags if tag == "script" and attributes.get("src")]
        assert all(not re.match(r"^[a-z]+:|^//", src) for src in sources), sources  # no third-party scripts
        total = sum(len(gzip.compress(page.resolve(src).read_bytes())) for src in sources)
        assert total <= SCRIPT_BUDGET, (relative, total)
        checked += 1
    assert checked > 100


def test_every_page_has_link_preview_tags_and_a_canonical_url(real_site: Path):
    image = real_site / "assets/images/social-card.png"
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    site_url = "https://prompt-or-fine-tune.github.io/site/"
    assert f"site_url: {site_url}" in (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    for path in html_pages(real_site):
        if path.name == "404.html":
            continue
        page = Page(path)
        title = path.read_text(encoding="utf-8").split("<title>", 1)[1].split("</title>", 1)[0].rsplit(" - ", 1)[0]
        relative = path.relative_to(real_site).as_posix()
        assert page.meta["og:title"] == page.meta["twitter:title"], relative
        assert page.meta["og:title"] in (html.unescape(title), "Prompt or Fine-Tune?"), relative
        assert page.meta["og:description"] == page.meta["description"] == page.meta["twitter:description"], relative
        assert page.meta["og:image"] == page.meta["twitter:image"] == site_url + "assets/images/social-card.png"
        assert page.meta["twitter:card"] == "summary_large_image"
        canonical = [attributes["href"] for tag, attributes in page.tags if tag == "link" and attributes.get("rel") == "canonical"]
        assert canonical == [page.meta["og:url"]] == [site_url + relative.removesuffix("index.html")], relative
