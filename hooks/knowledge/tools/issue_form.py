"""The GitHub issue form "Propose a scenario", generated from the Scenario model."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from knowledge.records.field_docs import field_docs
from knowledge.records.models import Scenario
from knowledge.records.vocabulary import FIELD_VOCABULARIES

FORM_PATH = Path(".github/ISSUE_TEMPLATE/propose-scenario.yml")
_LEFT_TO_MAINTAINERS = {"id", "last_reviewed", "formerly"}
_SHORT_FIELDS = {"title", "recommended_start", "stack_pattern"}


def _element(doc: Any) -> dict[str, Any]:
    label = doc.name.replace("_", " ").capitalize()
    required = {"validations": {"required": doc.required}}
    description = doc.description + (" One per line." if doc.is_list else "")
    if doc.allowed and not doc.is_list:
        labels = FIELD_VOCABULARIES.get(doc.name, {})
        options = [f"{labels.get(value, value)} ({value})" for value in doc.allowed]
        return {"type": "dropdown", "id": doc.name, "attributes": {"label": label, "description": description, "options": options}, **required}
    if doc.nested is not None:
        nested = ", ".join(f"{n.name.split('.')[-1]}" for n in field_docs(doc.nested))
        description += f" For each: {nested}."
    kind = "input" if doc.name in _SHORT_FIELDS else "textarea"
    return {"type": kind, "id": doc.name, "attributes": {"label": label, "description": description}, **required}


def issue_form() -> str:
    """The issue form as YAML text."""
    intro = (
        "Thank you for proposing a scenario. Fill in what you know; a maintainer turns it into "
        "`content/scenarios/<id>.yaml` (or open a pull request yourself: see CONTRIBUTING.md). "
        "Every field mirrors the scenario record; required ones are marked. Figures need a source with a link."
    )
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": intro}}]
    body += [_element(doc) for doc in field_docs(Scenario) if doc.depth == 0 and doc.name not in _LEFT_TO_MAINTAINERS]
    form = {
        "name": "Propose a scenario",
        "description": "Describe a product situation and the approach that fits it.",
        "title": "Scenario: ",
        "labels": ["scenario"],
        "body": body,
    }
    header = "# Generated from the Scenario model by `knowledge issue-form`; do not edit by hand.\n"
    return header + yaml.safe_dump(form, sort_keys=False, allow_unicode=True, width=120)


def cmd_issue_form(args: argparse.Namespace) -> int:
    """Write the issue form."""
    path = args.root / FORM_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(issue_form(), encoding="utf-8")
    print(f"wrote {FORM_PATH}", file=sys.stderr)
    return 0


def add_command(sub: argparse._SubParsersAction) -> None:
    """Register the ``issue-form`` subcommand."""
    parser = sub.add_parser("issue-form", help="regenerate the 'Propose a scenario' GitHub issue form from the model")
    parser.set_defaults(func=cmd_issue_form)
