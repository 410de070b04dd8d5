"""Validate stage: every model error names the file, line, column, what is wrong and the fix."""

from __future__ import annotations

import pytest

from conftest import edit, errors


def test_missing_required_field(project):
    edit(project, "tools/vector-db.yaml", "category: vector-database\n", "")
    assert errors(project) == ["content/tools/vector-db.yaml:1:1: error: missing required field 'category' (add 'category:': What kind of tool it is.)"]


def test_missing_field_in_a_nested_mapping_points_at_the_mapping(project):
    edit(project, "approaches/prompting.yaml", "  upfront: Low.\n", "")
    assert errors(project) == [
        "content/approaches/prompting.yaml:15:3: error: missing required field 'upfront' (add 'upfront:': What it costs to get started (people, data, compute).)"
    ]


def test_unknown_field_suggests_the_near_miss(project):
    edit(project, "tools/vector-db.yaml", "open_source: true", "opensource: true")
    assert errors(project) == ["content/tools/vector-db.yaml:7:1: error: unknown field 'opensource' (did you mean 'open_source'?)"]


def test_unknown_field_without_a_near_miss_lists_the_fields(project):
    edit(project, "tools/vector-db.yaml", "open_source: true", "popularity: high")
    (line,) = errors(project)
    assert line.startswith("content/tools/vector-db.yaml:7:1: error: unknown field 'popularity' (allowed fields: id, title, summary, formerly, category, url,")


def test_wrong_type(project):
    edit(project, "tools/vector-db.yaml", "open_source: true", "open_source: [yes]")
    edit(project, "approaches/prompting.yaml", "works_best_when: [Requirements change often]", "works_best_when: Requirements change often")
    assert errors(project) == [
        "content/approaches/prompting.yaml:10:18: error: 'works_best_when' must be a list, not text (fix the value)",
        "content/tools/vector-db.yaml:7:14: error: 'open_source' must be true or false, not a list (check the indentation and the value's form)",
    ]


def test_value_outside_the_vocabulary_suggests_the_closest(project):
    edit(project, "scenarios/support-bot.yaml", "domain: web3", "domain: helthcare")
    (line,) = errors(project)
    assert line.startswith(
        "content/scenarios/support-bot.yaml:5:9: error: 'helthcare' is not an allowed value for 'domain' (did you mean 'healthcare'?; use one of "
    )


def test_id_must_match_the_file_name(project):
    edit(project, "tools/vector-db.yaml", "id: vector-db", "id: vector-store")
    assert errors(project) == [
        "content/tools/vector-db.yaml:2:5: error: id 'vector-store' does not match the file name 'vector-db.yaml' (rename the file to 'vector-store.yaml' or set 'id: vector-db')"
    ]


@pytest.mark.parametrize("bad_id", ["Vector_DB", "../etc/passwd", "a/b", "double--dash"])
def test_ids_must_be_kebab_case(project, bad_id):
    edit(project, "tools/vector-db.yaml", "id: vector-db", f"id: {bad_id!r}")
    found = errors(project)
    assert any(f"content/tools/vector-db.yaml:2:5: error: id '{bad_id}' does not match the file name 'vector-db.yaml'" in line for line in found)
    assert any(f"error: '{bad_id}' is not a kebab-case id (use lowercase letters, digits and single hyphens" in line for line in found)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Click <script>alert(1)</script>", "'summary': raw HTML '<script>' is not allowed"),
        ("An image <img src=x onerror=alert(1)>", "'summary': raw HTML '<img src=x onerror=alert(1)>' is not allowed"),
        ("Hover onmouseover=steal() here", "'summary': event-handler attribute 'onmouseover=' is not allowed"),
        ("See [docs](javascript:alert(1))", "'summary': script URL 'javascript:' is not allowed"),
        ("See [docs](data:text/html;base64,PHNjcmlwdD4=)", "'summary': 'data:text/html;base64,PHNjcmlwdD4=' is not an http(s) URL"),
        ("See <file:///etc/passwd>", "'summary': raw HTML '<file:///etc/passwd>' is not allowed"),
        ("[x]: ftp://example.org", "'summary': 'ftp://example.org' is not an http(s) URL"),
        ("Styled text { onclick=x }", "'summary': event-handler attribute 'onclick=' is not allowed"),
        ("Styled text {: .danger }", "'summary': Markdown attribute list '{: .danger }' is not allowed"),
        ("<!-- hidden comment -->", "'summary': raw HTML '<!-- hidden comment -->' is not allowed"),
    ],
)
def test_unsafe_text_is_rejected(project, text, message):
    edit(project, "tools/vector-db.yaml", "summary: Stores embeddings and returns nearest neighbours.", f"summary: {text!r}")
    (line,) = errors(project)
    assert line.startswith(f"content/tools/vector-db.yaml:4:10: error: {message}")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/x", "//example.org", "https://exa mple.org"])
def test_only_http_urls(project, url):
    edit(project, "tools/vector-db.yaml", "url: https://example.org/vector-db", f"url: {url!r}")
    (line,) = errors(project)
    assert line.startswith("content/tools/vector-db.yaml:6:6: error: 'url': ")


def test_harmless_angle_brackets_and_ampersands_are_text(project):
    edit(
        project,
        "tools/vector-db.yaml",
        "summary: Stores embeddings and returns nearest neighbours.",
        "summary: 'Needs < 48 GB & scales to > 1B vectors (R&D use).'",
    )
    assert errors(project) == []


def test_too_long_text(project):
    edit(project, "tools/vector-db.yaml", "summary: Stores embeddings and returns nearest neighbours.", "summary: " + "word " * 100)
    assert errors(project) == ["content/tools/vector-db.yaml:4:10: error: 'summary' is longer than 400 characters (shorten it; put detail in a longer field)"]


def test_scaffold_placeholders_are_errors(project):
    edit(project, "tools/vector-db.yaml", "summary: Stores embeddings and returns nearest neighbours.", "summary: 'FILL IN: what it is'")
    assert errors(project) == [
        "content/tools/vector-db.yaml:4:10: error: 'summary': placeholder left from the scaffold (replace the 'FILL IN' text with your own)"
    ]


def test_cross_field_rules_of_a_model(project):
    edit(project, "tools/old-server.yaml", "status_note: The maintainers point users to other servers.\n", "")
    edit(project, "factors/speed.yaml", "prompting: {level: strong, value: Hours", "prompting: {value: Hours")
    assert errors(project) == [
        "content/factors/speed.yaml:7:14: error: rating for 'prompting' has no level but the factor is rated (add 'level:' with one of strong, good, mixed, weak, poor, or set 'rated: false')",
        "content/tools/old-server.yaml:7:9: error: status 'maintenance-mode' needs a 'status_note' (say what changed (or what could not be confirmed) and what to use instead)",
    ]


def test_dates_must_be_dates(project):
    edit(project, "scenarios/support-bot.yaml", "last_reviewed: 2026-11-01", "last_reviewed: last week")
    assert errors(project) == [
        "content/scenarios/support-bot.yaml:30:16: error: 'last_reviewed' must be a date (YYYY-MM-DD), not text (write the date as YYYY-MM-DD, e.g. 2026-01-31)"
    ]


def test_lists_that_need_an_item(project):
    edit(project, "approaches/prompting.yaml", "pros: [Fast to try]", "pros: []")
    assert errors(project) == ["content/approaches/prompting.yaml:12:7: error: 'pros' needs at least 1 item (add an item under 'pros:')"]
