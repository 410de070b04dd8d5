"""Every vendor and tool statement is dated and sourced, goes stale with a warning, and every approach is placed in the flow."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from conftest import edit, problems
from knowledge.link.checks import FRESH_FOR_DAYS


def test_a_tool_without_its_source_gets_an_error_naming_the_line(project: Path):
    edit(project, "tools/vector-db.yaml", "status_source: https://example.org/vector-db/releases\n", "")
    found = problems(project)
    assert any(line.startswith("content/tools/vector-db.yaml:") and "'status_source'" in line and "error" in line for line in found), found


def test_a_statement_checked_too_long_ago_is_a_warning_naming_the_record(project: Path):
    old = date.today() - timedelta(days=FRESH_FOR_DAYS + 1)
    edit(project, "tools/vector-db.yaml", "status_checked: 2026-11-20", f"status_checked: {old}")
    found = problems(project)
    stale = [line for line in found if "vector-db" in line and "last checked" in line]
    assert stale == [
        f"content/tools/vector-db.yaml:9:17: warning: tool 'vector-db' was last checked on {old}, more than {FRESH_FOR_DAYS} days ago "
        "(check https://example.org/vector-db/releases again, correct what changed and set 'status_checked' to that day)"
    ], found
    assert not [line for line in found if ": error:" in line]  # a warning: the site still builds


def test_a_fresh_statement_gives_no_warning(project: Path):
    assert not [line for line in problems(project) if "last checked" in line]


def test_an_approach_the_flow_never_reaches_must_say_why(project: Path):
    edit(project, "approaches/lora.yaml", "outside_flow: A variant of fine-tuning; the flow recommends fine-tuning and leaves the method to its page.\n", "")
    found = problems(project)
    assert any(
        line.startswith("content/approaches/lora.yaml:") and "no outcome of the decision flow recommends or adds 'lora'" in line for line in found
    ), found


def test_an_approach_the_flow_reaches_cannot_claim_otherwise(project: Path):
    edit(project, "approaches/prompting.yaml", "\nid: prompting", "\nid: prompting\noutside_flow: Never recommended.")
    found = problems(project)
    assert any("'outside_flow' says the flow never reaches 'prompting'" in line for line in found), found


def test_a_price_without_any_price_gets_an_error(project: Path):
    edit(project, "prices/example-small-model.yaml", "input_per_mtok: 0.4\n", "")
    for field in ("output_per_mtok: 1.6\n", "training_per_mtok: 5\n"):
        edit(project, "prices/example-small-model.yaml", field, "")
    found = problems(project)
    assert any(line.startswith("content/prices/example-small-model.yaml:") and "a price record needs at least one price" in line for line in found), found


def test_a_stale_price_is_a_warning_naming_the_record(project: Path):
    old = date.today() - timedelta(days=FRESH_FOR_DAYS + 30)
    edit(project, "prices/example-small-model.yaml", "checked: 2026-11-20", f"checked: {old}")
    assert any("price 'example-small-model' was last checked" in line and "warning" in line for line in problems(project))
