"""Site search on the real site, in Chromium: misspelt and partial words, kinds and summaries, URL state."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from knowledge.export import search_index

from .conftest import Reader, ready, serve, watched

pytestmark = pytest.mark.browser

MISSPELT = {
    "retreival": ("approaches/rag/",),
    "finetuning": ("approaches/peft/", "approaches/full-fine-tuning/"),
    "lora clasifier": ("scenarios/defi-analytics-event-classification/", "scenarios/support-ticket-routing/"),
    "wallet suport": ("scenarios/web3-wallet-support-assistant/",),
}
"""A rough query a reader types → the pages, one of which it must put in the top 3."""


ONLY_SCENARIOS = "() => { const kinds = [...document.querySelectorAll('#pof-search-page-results .pof-result__kind')]; return kinds.length > 0 && kinds.every(k => k.textContent === 'Scenario'); }"


def results(page) -> list[str]:
    page.locator("#pof-search-page-results .pof-search__count").wait_for()
    return [link.get_attribute("href") or "" for link in page.locator("#pof-search-page-results a.pof-result__link").all()]


@pytest.mark.parametrize("query", MISSPELT)
def test_a_misspelt_query_finds_the_expected_record_in_the_top_3(real_reader: Reader, query: str):
    page = real_reader.open(f"search/?q={query.replace(' ', '+')}")
    top = results(page)[:3]
    assert any(href.endswith(MISSPELT[query]) for href in top), top
    assert "you typed" in page.locator("#pof-search-page-results .pof-search__count").inner_text()


def test_results_show_kind_and_summary_and_the_state_lives_in_the_url(real_reader: Reader):
    page = real_reader.open("search/")
    box = page.get_by_role("searchbox", name="Search for")
    box.fill("retrieval")
    box.press("Enter")
    page.wait_for_url(re.compile(r"search/\?q=retrieval$"))
    first = page.locator("#pof-search-page-results .pof-result").first
    first.wait_for()
    assert first.locator(".pof-result__kind").inner_text() in {"Approach", "Evidence", "Scenario", "Tool", "Term"}
    assert first.locator(".pof-result__text").inner_text().strip()
    page.get_by_label("Only").select_option("Scenario")
    page.wait_for_url(re.compile(r"q=retrieval&kind=Scenario$"))
    page.wait_for_function(ONLY_SCENARIOS)
    page.reload()
    ready(page)
    page.locator("#pof-search-page-results .pof-result").first.wait_for()
    assert page.get_by_label("Only").input_value() == "Scenario"
    page.wait_for_function(ONLY_SCENARIOS)
    page.go_back()
    page.wait_for_url(re.compile(r"search/\?q=retrieval$"))
    page.wait_for_function("() => document.querySelector('select[name=kind]').value === ''")


def test_navigation_and_footer_are_not_indexed(real_reader: Reader):
    page = real_reader.open("search/?q=Contribute")  # in every page's navigation; in few pages' text
    hrefs = results(page)
    assert 0 < len(hrefs) < 40, hrefs


def test_lists_that_only_point_elsewhere_are_not_indexed(real_reader: Reader):
    # every scenario page shows this question in its path through the decision flow: the search puts the
    # question's own page first and the pages of the flow that discuss it next, not the scenarios that pass it
    page = real_reader.open("search/?q=paste+facts+by+hand")
    top = results(page)[:5]
    assert top and top[0].endswith("decide/questions/knowledge-or-behaviour/"), top
    assert not [href for href in top if "/scenarios/" in href], top


def test_without_javascript_the_header_search_opens_a_page_that_points_to_the_listings(real_reader: Reader):
    page = real_reader.context(java_script_enabled=False).new_page()
    real_reader.goto(page, "")
    page.locator("form[data-pof-search] button[type=submit]").click()
    page.wait_for_url(re.compile(r"search/\?q="))
    assert page.get_by_role("link", name="scenario finder's listings").count() == 1


def small_parts(patch: pytest.MonkeyPatch) -> None:
    """Parts of about 10 pages, at most 20: the real site's sections of more than 10 pages are spread."""
    patch.setattr(search_index, "PART_PAGES", 10)
    patch.setattr(search_index, "MAX_PARTS", 20)


@pytest.fixture(scope="module")
def parted_reader(browser: Any, real_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reader]:
    """The real site indexed in many parts, as a large site is: its search merges them."""
    site = tmp_path_factory.mktemp("parted") / "site"
    shutil.copytree(real_site, site)
    with pytest.MonkeyPatch.context() as patch:
        small_parts(patch)
        search_index.index_site(site)
    server = serve(site)
    yield from watched(Reader(browser, next(server)))
    next(server, None)


def test_a_site_indexed_in_parts_searches_all_of_them(parted_reader: Reader, real_site: Path, monkeypatch: pytest.MonkeyPatch):
    small_parts(monkeypatch)
    parts = search_index.split(list(search_index.indexed_pages(real_site)))
    part_of = {page.removesuffix("index.html"): number for number, part in enumerate(parts) for page in part}
    expected = {query: MISSPELT[query][0] for query in ("retreival", "wallet suport")}
    assert len({part_of[page] for page in expected.values()}) == 2, parts  # the two answers sit in different parts
    for query, page_path in expected.items():
        page = parted_reader.open(f"search/?q={query.replace(' ', '+')}")
        top = results(page)[:3]
        assert any(href.endswith(page_path) for href in top), (query, top)
    page = parted_reader.open("search/?q=retrieval")
    results(page)
    kinds = page.get_by_label("Only").locator("option").all_inner_texts()
    assert {"Approach", "Scenario"} <= {kind.split(" (")[0] for kind in kinds}, kinds  # the kinds of every part
