"""Feeds of what changed: Atom feeds a real feed parser accepts, and the What changed page, made from dated records."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from conftest import copy_project, edit, errors, mkdocs_build
from htmlpage import Page

CHANGE = (
    "recommended_start: retrieval",
    "recommended_start: retrieval\nchanges:\n  - date: 2026-10-01\n    previous: prompting\n    reason: Help articles now change every week, faster than prompts can keep up.\n",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("feeds") / "project")
    edit(root, "scenarios/support-bot.yaml", *CHANGE)
    edit(root, "scenarios/support-bot.yaml", "last_reviewed:", "published: 2026-09-15\nlast_reviewed:")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def parse(site: Path, uri: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse((site / uri).read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def test_the_new_scenarios_feed_has_every_scenario_with_its_date_and_link(site: Path):
    feed = parse(site, "feeds/new-scenarios.xml")
    assert sorted(entry.link for entry in feed.entries) == [
        "https://prompt-or-fine-tune.github.io/site/scenarios/labeller/",
        "https://prompt-or-fine-tune.github.io/site/scenarios/support-bot/",
    ]
    bot = next(entry for entry in feed.entries if entry.link.endswith("/scenarios/support-bot/"))
    assert bot.updated.startswith("2026-09-15") and bot.title == "Support assistant for a wallet app"
    assert bot.summary.startswith("Start with ")


def test_the_recommendations_feed_says_what_changed_when_and_why(site: Path):
    feed = parse(site, "feeds/recommendations.xml")
    (entry,) = feed.entries
    assert entry.updated.startswith("2026-10-01") and entry.link.endswith("/scenarios/support-bot/")
    assert "now" in entry.title and "before" in entry.title
    assert entry.summary == "Help articles now change every week, faster than prompts can keep up."


def test_each_approach_has_a_feed_of_its_scenarios_and_changes(site: Path):
    retrieval = parse(site, "feeds/approaches/retrieval.xml")
    prompting = parse(site, "feeds/approaches/prompting.xml")
    assert any("before" in entry.title for entry in prompting.entries)  # the change away from prompting
    assert [entry.link for entry in retrieval.entries if "before" not in entry.title] == ["https://prompt-or-fine-tune.github.io/site/scenarios/support-bot/"]
    page = Page(site / "approaches/retrieval/index.html")
    assert "../../feeds/approaches/retrieval.xml" in [href for href, _ in page.links]


def test_the_what_changed_page_lists_the_change_and_links_the_feeds(site: Path):
    page = Page(site / "changes/index.html")
    text = " ".join(page.text_parts)
    assert "2026-10-01" in text and "Help articles now change every week" in text
    # Links in the page, not <link rel="alternate"> in the head: Material reads those as language versions and fetches their sitemap
    assert {"../feeds/recommendations.xml", "../feeds/new-scenarios.xml"} <= {href for href, _ in page.links}


@pytest.mark.parametrize(
    ("change", "position", "message"),
    [
        ("  - date: 2999-01-01\n    previous: prompting\n", "13:11", "the change date 2999-01-01 is in the future"),
        ("  - date: 2026-10-01\n    previous: retrieval\n", "14:15", "'retrieval' is also the recommendation after this change"),
    ],
)
def test_a_wrong_change_entry_is_an_error_at_its_line(tmp_path: Path, change: str, position: str, message: str):
    root = copy_project(tmp_path / "project")
    edit(root, "scenarios/support-bot.yaml", "recommended_start: retrieval", f"recommended_start: retrieval\nchanges:\n{change}    reason: A reason.\n")
    (line,) = [line for line in errors(root) if message in line]
    assert line.startswith(f"content/scenarios/support-bot.yaml:{position}: error: ")
