"""axe-core (WCAG 2.0 A/AA and 2.1 AA) on one page of every page type, in light and dark mode.

Light runs in ``make test``; dark, on every page type, in ``make test-slow`` (``.ci/run`` runs both),
and the quick suite still opens the home page and the search in dark.

Material's own known issues (footer contrast, faded <small>, links told
apart by colour only) are fixed in overrides/ and docs/assets/stylesheets/extra.css, not ignored.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import AXE, Reader

PAGE_TYPES = {
    "home": "",
    "compare": "compare/",
    "decide": "decide/",
    "question": "decide/questions/knowledge-or-behaviour/",
    "outcome": "decide/outcomes/fine-tune/",
    "scenario index": "scenarios/",
    "scenario": "scenarios/support-bot/",
    "approach": "approaches/retrieval/",
    "factor": "factors/speed/",
    "failure mode": "failure-modes/prompt-brittleness/",
    "stack pattern": "stack-patterns/prompt-first/",
    "tool": "tools/vector-db/",
    "evidence": "evidence/study-a/",
    "glossary": "glossary/",
    "faq": "faq/",
    "mistakes": "mistakes/",
    "steps": "decide/steps/",
    "facet listing": "scenarios/by/domain/web3/",
    "search": "search/?q=retrieval",
    "compare view": "compare/?show=prompting,retrieval&hide=changes&mark=speed",
    "pair page": "compare/prompting-vs-retrieval/",
    "calculator": "compare/calculator/",
    "scenario with a cost sketch": "scenarios/labeller/",
    "contribute": "contribute/",
    "field reference": "contribute/reference/",
    "about": "about/",
    "stance": "stance/",
}
SCHEMES = {"light": "default", "dark": "slate"}

# (page type, colour scheme, axe rule id) -> why the violation cannot be fixed here.
# Every entry must still occur: an entry whose violation is gone fails the test, so the list cannot go stale.
ALLOWED: dict[tuple[str, str, str], str] = {}

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}, "resultTypes": ["violations"]}


def axe_violations(page: Any) -> dict[str, list[str]]:
    """Rule id -> "target: message" for every failing node."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    found: dict[str, list[str]] = {}
    for violation in results["violations"]:
        for node in violation["nodes"]:
            message = node.get("failureSummary", "").replace("\n", " ")
            found.setdefault(violation["id"], []).append(f"{node['target']}: {message}")
    return found


def check(found: dict[str, list[str]], page_type: str, scheme: str, allow_list: dict[tuple[str, str, str], str] = ALLOWED) -> None:
    allowed = {rule for (kind, mode, rule) in allow_list if (kind, mode) == (page_type, scheme)}
    unexpected = {rule: nodes for rule, nodes in found.items() if rule not in allowed}
    stale = sorted(allowed - found.keys())
    assert unexpected == {}, f"axe violations on {page_type} ({scheme}): {unexpected}"
    assert stale == [], f"allow-listed violations no longer occur on {page_type} ({scheme}), remove them from ALLOWED: {stale}"


def switch_scheme(page: Any, scheme: str) -> None:
    """Switch the colour scheme as a reader does, with the header's toggle, and wait until the page shows it."""
    page.get_by_title("Switch to dark mode" if scheme == "dark" else "Switch to light mode").first.click()
    page.wait_for_function("scheme => document.body.dataset.mdColorScheme === scheme", arg=SCHEMES[scheme])


@pytest.mark.browser
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_axe_violations(reader: Reader, page_type: str):
    """Light, as the reader's system asks for it (the quick suite)."""
    page = reader.open(PAGE_TYPES[page_type], color_scheme="light")
    assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES["light"]
    check(axe_violations(page), page_type, "light")


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_axe_violations_in_dark(reader: Reader, page_type: str):
    """Dark through the header's toggle, as a reader switches (the slow suite, which .ci/run also runs)."""
    page = reader.open(PAGE_TYPES[page_type], color_scheme="light")
    switch_scheme(page, "dark")
    check(axe_violations(page), page_type, "dark")


@pytest.mark.browser
def test_a_dark_system_setting_opens_pages_in_dark(reader: Reader):
    page = reader.open("", color_scheme="dark")
    assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES["dark"]
    check(axe_violations(page), "home", "dark")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violations_with_search_open(reader: Reader, scheme: str):
    page = reader.open("", color_scheme=scheme)
    search = page.get_by_role("searchbox", name="Search the site")
    search.click()
    search.press_sequentially("retreival")
    page.locator("#pof-search-results .pof-result").first.wait_for()
    check(axe_violations(page), "search open", scheme)
    page = reader.open("search/?q=labelling", color_scheme=scheme)
    page.locator("#pof-search-page-results .pof-result").first.wait_for()
    check(axe_violations(page), "search results page", scheme)


def test_the_allow_list_cannot_go_stale():
    assert all(reason.strip() for reason in ALLOWED.values()), "every allow-listed violation needs a written reason"
    allow_list = {("home", "dark", "color-contrast"): "example"}
    check({"color-contrast": ["footer"]}, "home", "dark", allow_list)  # allowed and still occurring
    with pytest.raises(AssertionError, match="no longer occur"):
        check({}, "home", "dark", allow_list)
    with pytest.raises(AssertionError, match="axe violations"):
        check({"color-contrast": ["footer"]}, "home", "light", allow_list)
