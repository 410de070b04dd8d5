"""The cost calculator in Chromium: its figures equal the build-time tables, and its inputs live in the URL."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import Reader, ready

pytestmark = pytest.mark.browser

VOLUMES = {"low": 10_000, "medium": 300_000, "high": 10_000_000}
LIVE = "[data-pof-calculator-results]"


def rows(page: Any, table: str) -> dict[str, tuple[str, ...]]:
    """Option → (model and price date, figure, assumption) for every row of a table."""
    found = {}
    for row in page.locator(f"{table} tbody tr").all():
        cells = [" ".join(text.split()) for text in row.locator("th, td").all_inner_texts()]
        found[cells[0]] = tuple(cells[1:])
    return found


def break_even(page: Any, scope: str) -> str:
    return " ".join(page.locator(f"{scope} p", has_text="Break-even of tuning").first.inner_text().split())


def live(page: Any) -> dict[str, tuple[str, ...]]:
    page.locator(f"{LIVE} tbody tr").first.wait_for()
    return rows(page, LIVE)


@pytest.mark.parametrize("volume", VOLUMES)
def test_the_live_figures_equal_the_precomputed_table_for_the_same_inputs(reader: Reader, volume: str):
    page = reader.open(f"compare/calculator/?requests={VOLUMES[volume]}")
    static = f'[data-volume="{volume}"]'
    expected = rows(page, static)
    assert len(expected) == 5 and all(re.fullmatch(r"\$[\d,]+(\.\d\d)?", figure) for _, figure, _ in expected.values()), expected
    assert live(page) == expected
    assert break_even(page, LIVE) == break_even(page, static)
    assert "price checked 2026-11-20" in expected["Tuned smaller model"][0]
    assert page.locator(f"{LIVE} a", has_text="source").first.get_attribute("href") == "https://example.org/pricing"


def test_the_inputs_live_in_the_url_through_reload_and_back(reader: Reader):
    page = reader.open("compare/calculator/")
    before = live(page)
    page.get_by_label("Requests a month").fill("12345")
    page.wait_for_url(re.compile(r"calculator/\?requests=12345$"))
    page.get_by_label("Share of instructions and examples read from the cache (%)").fill("50")
    page.wait_for_url(re.compile(r"requests=12345&cached=50$"))
    after_cache = live(page)
    page.get_by_label("Requests can wait for a batch queue (up to a day)").check()
    page.wait_for_url(re.compile(r"requests=12345&cached=50&batch=1$"))
    page.get_by_label("Large model to prompt (and for RAG)").select_option("example-small-model")
    page.wait_for_url(re.compile(r"prompt=example-small-model&requests=12345&cached=50&batch=1$"))
    chosen = live(page)
    assert chosen != before and chosen["Prompt only, list price"][0].startswith("small-1 (Example AI)")
    assert "against prompt only, with caching and batch" in break_even(page, LIVE)

    page.reload()
    ready(page)
    assert live(page) == chosen
    assert page.get_by_label("Requests a month").input_value() == "12345"
    assert page.get_by_label("Requests can wait for a batch queue (up to a day)").is_checked()
    assert page.get_by_label("Large model to prompt (and for RAG)").input_value() == "example-small-model"

    page.go_back()
    page.wait_for_url(re.compile(r"requests=12345&cached=50&batch=1$"))
    page.go_back()
    page.wait_for_url(re.compile(r"requests=12345&cached=50$"))
    page.wait_for_function("() => !document.querySelector('#pof-calc-batch').checked")
    assert live(page) == after_cache
    page.go_forward()
    page.wait_for_url(re.compile(r"cached=50&batch=1$"))
    page.wait_for_function("() => document.querySelector('#pof-calc-batch').checked")

    page.get_by_role("button", name="Back to the defaults").click()
    page.wait_for_url(re.compile(r"calculator/$"))
    assert live(page) == before


def test_a_shared_link_with_bad_values_falls_back_to_the_defaults(reader: Reader):
    page = reader.open("compare/calculator/?requests=-5&output=abc&prompt=%3Cscript%3E&retrain=99")
    assert live(page) == rows(page, '[data-volume="medium"]')
    assert page.get_by_label("Requests a month").input_value() == "300000"


def test_without_javascript_the_tables_carry_the_maths(reader: Reader):
    page = reader.open("compare/calculator/", java_script_enabled=False)
    assert page.locator("form[data-pof-calculator]").is_hidden()
    assert page.locator("[data-pof-calculator-static]").is_visible()
    for volume in VOLUMES:
        assert len(rows(page, f'[data-volume="{volume}"]')) == 5
        assert break_even(page, f'[data-volume="{volume}"]').startswith("Break-even of tuning: month ")


def test_on_the_real_prices_prompting_and_rag_are_priced_live_and_the_tuned_option_says_why_not(real_reader: Reader):
    """The real records hold no tuning offer yet: the calculator still prices prompting and RAG, in the tables and live."""
    page = real_reader.open("compare/calculator/?requests=300000")
    static = rows(page, '[data-volume="medium"]')
    money = re.compile(r"\$[\d,]+(\.\d\d)?")
    assert all(money.fullmatch(static[label][1]) for label in static if label != "Tuned smaller model"), static
    assert static["Tuned smaller model"][:2] == ("none recorded", "not priced")
    assert live(page) == static
    assert break_even(page, LIVE) == break_even(page, '[data-volume="medium"]')
    assert "(no price record holds a tuning offer yet)" in break_even(page, LIVE)
    page.get_by_label("Requests a month").fill("1000")
    page.wait_for_url(re.compile(r"calculator/\?requests=1000$"))
    assert live(page)["Prompt only, list price"] != static["Prompt only, list price"]
