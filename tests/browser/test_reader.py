"""What a reader does on the built fixture site: read, search, filter, follow the flowchart, switch themes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import DESKTOP, PHONE, Reader, ready

pytestmark = pytest.mark.browser

KEY_PAGES = {
    "home": "",
    "compare": "compare/",
    "decide": "decide/",
    "scenario": "scenarios/support-bot/",
    "outcome": "decide/outcomes/fine-tune/",
    "scenario-index": "scenarios/",
}


def heading(page: Any) -> str:
    return page.locator("article h1").first.inner_text().removesuffix("¶").strip()  # ¶: Material's permalink


def page_overflow(page: Any) -> int:
    """How many CSS pixels the page itself is wider than the viewport (0 when nothing sticks out)."""
    return page.evaluate("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth")


def test_home_page_renders_without_console_errors(reader: Reader):
    page = reader.open("")
    assert page.title().startswith("Prompt or Fine-Tune?")
    assert page.locator("header.md-header").is_visible()
    assert page.locator("article h1").first.is_visible()
    assert page.locator("nav.md-nav--primary a", has_text="Scenarios").count() >= 1
    # The repository link is a plain link: no star/fork counts fetched from GitHub.
    assert page.locator(".md-source").first.get_attribute("href") == "https://github.com/prompt-or-fine-tune/site"
    # reader's teardown asserts: no console error, no third-party request


def test_search_finds_a_scenario_by_its_context(reader: Reader):
    page = reader.open("")
    page.keyboard.press("/")  # the shortcut focuses the header's search box
    page.keyboard.type("analytics")  # only in the labeller scenario's context
    result = page.locator("#pof-search-results a.pof-result__link[href*='scenarios/labeller/']").first
    result.wait_for()
    assert "Transaction labelling engine" in result.inner_text() and "Scenario" in result.inner_text()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/scenarios/labeller/"))
    ready(page)
    assert heading(page) == "Transaction labelling engine"
    assert "An analytics company labels every transaction." in page.locator("article").inner_text()


def test_comparison_table_is_readable_on_a_phone(reader: Reader):
    page = reader.open("compare/", viewport=PHONE, is_mobile=True, has_touch=True)
    assert page_overflow(page) <= 0, "the page body scrolls sideways on a phone"
    table = page.locator("article table").first
    assert table.is_visible()
    wrapper = page.locator("article .md-typeset__scrollwrap").first
    sizes = wrapper.evaluate("w => ({scroll: w.scrollWidth, client: w.clientWidth, overflowX: getComputedStyle(w).overflowX})")
    if sizes["scroll"] > sizes["client"]:  # too wide for the screen: it must scroll inside its own box
        assert sizes["overflowX"] in ("auto", "scroll"), sizes
    last_column = table.locator("thead th").last
    last_column.scroll_into_view_if_needed()
    box = last_column.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, box
    assert last_column.inner_text().strip() == "Fine-tuning"
    assert page_overflow(page) <= 0


def test_flowchart_is_a_static_svg_whose_boxes_open_the_steps_by_keyboard(reader: Reader):
    page = reader.open("decide/")
    svg = page.locator("div.flowchart svg").first
    assert svg.is_visible()
    assert svg.get_attribute("aria-labelledby") == "flowchart-title"
    node_links = page.locator("div.flowchart svg a")
    assert node_links.count() == 5  # two questions, three outcomes
    names = [node_links.nth(i).get_attribute("aria-label") for i in range(node_links.count())]
    assert "Do you have clean labelled examples?" in names and "Improve the prompt" in names
    svg.get_by_role("link", name="Do you have clean labelled examples?").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/decide/questions/labelled-data/$"))
    ready(page)
    assert heading(page) == "Do you have clean labelled examples?"


def answer_links(page: Any) -> Any:
    return page.locator("xpath=//article//h2[@id='your-answer']/following-sibling::ul[1]//a")


def test_decision_steps_can_be_walked_without_javascript(reader: Reader):
    context = reader.context(java_script_enabled=False)
    page = context.new_page()
    reader.goto(page, "decide/")
    assert page.locator("div.flowchart svg a").count() == 5  # the chart is drawn without scripts, and its boxes link
    page.get_by_role("link", name="start with the first question").click()
    page.wait_for_url(re.compile(r"/decide/questions/knowledge-or-behaviour/$"))

    outcomes: dict[tuple[str, ...], str] = {}

    def walk(url: str, path: tuple[str, ...]) -> None:
        assert len(path) < 10, f"no outcome after {path}"
        page.goto(url)
        count = answer_links(page).count()
        assert count >= 2, f"{url} offers {count} answer(s)"
        for index in range(count):
            page.goto(url)
            link = answer_links(page).nth(index)
            answer = link.inner_text().strip()
            link.click()
            page.wait_for_load_state("load")
            if "/decide/outcomes/" in page.url:
                assert "Start with" in page.locator("article").inner_text()
                outcomes[(*path, answer)] = heading(page)
            else:
                assert "/decide/questions/" in page.url, page.url
                walk(page.url, (*path, answer))

    walk(page.url, ())
    assert outcomes == {
        ("Yes, the facts were missing",): "Add retrieval",
        ("No, it still behaves wrongly", "Yes, hundreds or more"): "Fine-tune",
        ("No, it still behaves wrongly", "No"): "Improve the prompt",
    }


def finder_rows(page: Any, kind: str = "full") -> list[str]:
    return [" ".join(text.split()) for text in page.locator(f".pof-finder__{kind} li").all_inner_texts()]


def test_the_finder_keeps_its_state_in_the_url_and_dims_near_matches(reader: Reader):
    page = reader.open("scenarios/")
    count = page.locator(".pof-finder__count")
    count.wait_for()
    assert count.inner_text() == "2 scenarios match"
    task = page.get_by_label("Task")
    assert task.locator("option").all_inner_texts() == ["Any", "Classification and labelling (1)", "Question answering (1)"]
    task.select_option("classification")
    page.wait_for_url(re.compile(r"scenarios/\?task=classification$"))
    assert [row.split(" Web3")[0] for row in finder_rows(page)] == ["Transaction labelling engine"]
    assert finder_rows(page, "near") == []  # one choice: a near match would match nothing
    page.get_by_label("Recommended start").select_option("retrieval")  # contradicts the task: none match both
    page.wait_for_url(re.compile(r"task=classification&start=retrieval$"))
    assert count.inner_text() == "0 scenarios match your choices"
    near = finder_rows(page, "near")
    assert len(near) == 2 and any("Differs on task: Question answering" in row for row in near)
    assert page.locator(".pof-finder__row--near").first.evaluate("row => getComputedStyle(row).opacity") == "0.72"
    page.reload()
    ready(page)
    count.wait_for()
    assert page.get_by_label("Task").input_value() == "classification" and page.get_by_label("Recommended start").input_value() == "retrieval"
    assert len(finder_rows(page, "near")) == 2
    page.go_back()
    page.wait_for_url(re.compile(r"scenarios/\?task=classification$"))
    page.wait_for_function("() => document.querySelector('#pof-finder-start').value === ''")
    assert count.inner_text() == "1 scenario matches your choices"


def test_finder_counts_equal_the_records(reader: Reader, built_site: Path):
    page = reader.open("scenarios/?domain=web3")
    page.locator(".pof-finder__count").wait_for()
    data = json.loads((built_site / "api/v1/scenario-finder.json").read_text())
    volume = data["fields"].index("volume")
    for index, (value, label) in enumerate(data["facets"]["volume"]["values"]):
        expected = sum(1 for row in data["scenarios"] if row[volume] == index)  # both fixture scenarios are Web3
        assert f"{label} ({expected})" in page.get_by_label("Volume").locator("option").all_inner_texts(), value


def test_without_javascript_static_listings_reach_every_scenario(reader: Reader, built_site: Path):
    page = reader.context(java_script_enabled=False).new_page()
    reader.goto(page, "scenarios/")
    assert not page.locator("form.pof-finder").is_visible()
    reached = set()
    for link in page.locator(".pof-finder__static a").all():
        href = link.get_attribute("href") or ""
        if re.fullmatch(r"(\.\./)*[a-z0-9-]+/", href) and not href.startswith(("by/", "all/")):
            reached.add(href.strip("./").strip("/"))
    scenarios = {path.parent.name for path in (built_site / "scenarios").glob("*/index.html") if path.parent.name not in ("by", "all")}
    assert reached == scenarios
    reader.goto(page, "scenarios/by/task/classification/")
    assert page.get_by_role("link", name="Transaction labelling engine").count() == 1


def scheme(page: Any) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme")


def test_dark_mode_toggle_switches_and_is_remembered(reader: Reader):
    page = reader.open("")
    assert scheme(page) == "default"
    page.locator("label[title='Switch to dark mode']").click()
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    reader.goto(page, "compare/")
    assert scheme(page) == "slate"
    page.locator("label[title='Switch to light mode']").click()
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'default'")


def test_dark_mode_follows_the_system_setting(reader: Reader):
    page = reader.open("", color_scheme="dark")
    assert scheme(page) == "slate"


def device_options(device: str) -> dict:
    return {"viewport": DESKTOP} if device == "desktop" else {"viewport": PHONE, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_key_pages_never_scroll_sideways(reader: Reader, device: str):
    page = reader.context(**device_options(device)).new_page()
    for name, path in KEY_PAGES.items():
        reader.goto(page, path)
        assert page_overflow(page) <= 0, f"{name} scrolls sideways on {device}"


@pytest.mark.slow
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_key_pages_screenshots(reader: Reader, screenshots: Path, device: str):
    """Screenshots for people to look at (test-artifacts/screenshots/), light and dark, and the search box open."""
    options = device_options(device)
    page = reader.context(**options).new_page()
    for name, path in KEY_PAGES.items():
        reader.goto(page, path)
        page.screenshot(path=screenshots / f"{name}-{device}.png", full_page=True)
    dark = reader.context(color_scheme="dark", **options).new_page()
    for name in ("compare", "decide", "scenario-index"):
        reader.goto(dark, KEY_PAGES[name])
        dark.screenshot(path=screenshots / f"{name}-{device}-dark.png", full_page=True)
    if device == "desktop":
        for shown in (page, dark):
            reader.goto(shown, "")
            shown.locator("#pof-search-input").click()
            shown.locator("#pof-search-input").press_sequentially("retrieval")
            shown.locator("#pof-search-results .pof-result").first.wait_for()
            suffix = "-dark" if shown is dark else ""
            shown.screenshot(path=screenshots / f"search-{device}{suffix}.png")


def test_the_request_guard_blocks_and_counts_third_party_requests(reader: Reader):
    page = reader.open("faq/")
    outcome = page.evaluate("() => fetch('https://example.org/tracker.js').then(() => 'loaded', () => 'blocked')")
    assert outcome == "blocked"
    assert reader.blocked == ["https://example.org/tracker.js"]
    reader.blocked.clear()  # expected here; the fixture fails any other test that attempts one
    reader.elsewhere.clear()
    reader.console_errors.clear()


def test_no_diagram_script_runs_and_the_chart_fits_a_phone_in_its_own_frame(reader: Reader):
    context = reader.context(viewport=PHONE)
    scripts: list[str] = []
    context.on("request", lambda request: request.resource_type == "script" and scripts.append(request.url))
    page = context.new_page()
    reader.goto(page, "decide/")
    assert not [url for url in scripts if "mermaid" in url or "d2" in url]
    frame = page.locator("div.flowchart")
    assert frame.get_attribute("tabindex") == "0"  # keyboard users can scroll it
    sizes = frame.evaluate("f => ({scroll: f.scrollWidth, client: f.clientWidth, scale: f.querySelector('svg').getBoundingClientRect().width / f.querySelector('svg').viewBox.baseVal.width})")
    assert sizes["scale"] >= 0.79, sizes  # never shrunk to unreadable text
    assert page_overflow(page) <= 0  # the page itself does not scroll sideways
