"""The compare view in Chromium: pick approaches and factors, the state lives in the URL, the factor column stays in view."""

from __future__ import annotations

import re

import pytest

from .conftest import PHONE, Reader, ready

pytestmark = pytest.mark.browser


def visible_headers(page) -> list[str]:
    return [" ".join(text.split()) for text in page.locator(".pof-compare table thead th:visible").all_inner_texts()]


def visible_factors(page) -> list[str]:
    return [" ".join(text.split()) for text in page.locator(".pof-compare table tbody tr:visible td:first-child").all_inner_texts()]


def test_picking_approaches_and_factors_round_trips_through_the_url(reader: Reader):
    page = reader.open("compare/")
    assert visible_headers(page) == ["Factor", "Prompting", "Retrieval", "Fine-tuning"]
    page.get_by_label("Prompting").check()
    page.get_by_label("Fine-tuning").check()
    page.wait_for_url(re.compile(r"compare/\?show=prompting,fine-tuning$"))
    assert visible_headers(page) == ["Factor", "Prompting", "Fine-tuning"]
    page.get_by_label("Highlight").select_option("speed")
    page.locator("summary", has_text="Hide factors").click()
    page.locator("input[name=hide][value=changes]").check()
    page.wait_for_url(re.compile(r"show=prompting,fine-tuning&hide=changes&mark=speed$"))
    assert "What it changes" not in visible_factors(page)
    page.reload()
    ready(page)
    assert visible_headers(page) == ["Factor", "Prompting", "Fine-tuning"]
    assert "What it changes" not in visible_factors(page)
    assert page.locator("tr.pof-mark td:first-child").inner_text().strip() == "Speed to deploy"
    page.go_back()
    page.wait_for_url(re.compile(r"show=prompting,fine-tuning&mark=speed$"))
    assert "What it changes" in visible_factors(page)
    page.get_by_role("button", name="Show everything").click()
    page.wait_for_url(re.compile(r"compare/$"))
    assert visible_headers(page) == ["Factor", "Prompting", "Retrieval", "Fine-tuning"]


def test_at_most_three_can_be_picked(reader: Reader):
    page = reader.open("compare/?show=prompting,retrieval,fine-tuning")
    assert page.locator("input[name=show]:checked").count() == 3
    assert page.locator("input[name=show]:disabled").count() == 0  # the fixture has three columns: none left to disable


def test_the_factor_column_stays_in_view_while_the_matrix_scrolls_on_a_phone(reader: Reader):
    page = reader.open("compare/", viewport=PHONE, is_mobile=True, has_touch=True)
    cell = page.locator(".pof-compare table tbody tr td:first-child").first
    assert cell.evaluate("c => getComputedStyle(c).position") == "sticky"


def test_without_javascript_the_full_matrix_and_the_pair_pages_remain(reader: Reader):
    page = reader.context(java_script_enabled=False).new_page()
    reader.goto(page, "compare/")
    assert not page.locator("form.pof-pick").is_visible()
    assert visible_headers(page) == ["Factor", "Prompting", "Retrieval", "Fine-tuning"]
    page.locator('a[href="prompting-vs-retrieval/"]').click()
    page.wait_for_url(re.compile(r"compare/prompting-vs-retrieval/$"))
