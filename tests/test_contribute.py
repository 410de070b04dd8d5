"""A contributor's path: scaffold, fill in, validate, build, and find the scenario everywhere."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT, copy_project, errors, mkdocs_build, run_cli
from htmlpage import read
from knowledge.tools.issue_form import FORM_PATH, issue_form

TITLE = "Invoice field extraction for an accounts team"
SLUG = "invoice-field-extraction-for-an-accounts-team"

FILLED = {
    "summary": '"Start with a schema-bound prompt and a few worked invoices; tune later."',
    "domain": "finance",
    "task_type": "extraction",
    "data_situation": "a-few-examples",
    "volume": "medium",
    "context": '"An accounts team receives thousands of supplier invoices in hundreds of layouts and wants fields pulled into the ledger."',
    "recommended_start": "prompt-engineering",
    "knowledge-or-behaviour": "wrong-behaviour",
}


def fill_in(text: str) -> str:
    """Do what a contributor does with the scaffold: replace placeholders, uncomment what is needed."""
    for key, value in FILLED.items():
        text, count = re.subn(rf"^(\s*){re.escape(key)}: (fill-in|\"FILL IN:[^\n]*)$", rf"\g<1>{key}: {value}", text, flags=re.M)
        assert count == 1, key
    text = re.sub(r'^(\s*)- "FILL IN: Why that start fits"$', r"\1- Fields are known and fit a JSON schema.", text, flags=re.M)
    text = re.sub(r'^(\s*)- "FILL IN: What would make the start fail"$', r"\1- The same field is corrected again and again.", text, flags=re.M)
    text = text.replace('# tags:\n  # - "FILL IN: Extra kebab-case tags for the tag index"', "tags:\n  - invoices")
    text = text.replace("    # task-stability: fill-in", "    task-stability: stable-and-defined")
    text = text.replace("    # stronger-model: fill-in", "    stronger-model: none-passes")
    text = text.replace("    # volume-and-consistency: fill-in", "    volume-and-consistency: prompt-is-good-enough")
    text = text.replace("# stack_pattern: fill-in", "stack_pattern: prompt-first-stack")
    uncommented = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert not any("FILL IN" in line or "fill-in" in line for line in uncommented)
    return text


@pytest.fixture(scope="module")
def contributed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("contribute") / "project", PROJECT / "content")
    result = run_cli(root, "new", "scenario", TITLE)
    assert result.returncode == 0, result.stderr
    path = root / "content/scenarios" / f"{SLUG}.yaml"
    path.write_text(fill_in(path.read_text()))
    validate = run_cli(root, "validate")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    return root / "site"


def test_the_new_scenario_has_its_page_and_trace(contributed: Path):
    page = read(contributed, f"scenarios/{SLUG}")
    assert "Start with Prompt engineering" in page.text
    assert "Path through the decision flow" in page.text
    assert "Outcome: Optimise the prompt pipeline, which recommends Prompt engineering" in page.text
    assert page.meta["description"] == "Start with a schema-bound prompt and a few worked invoices; tune later."


def test_the_new_scenario_is_on_the_index_with_its_facets(contributed: Path):
    index = read(contributed, "scenarios")
    assert f"{TITLE}: Start with a schema-bound prompt" in index.text
    assert "Finance · Extraction · A few good examples · Medium volume · start: Prompt engineering" in index.text


def test_the_new_scenario_is_on_its_tag_and_facet_listings(contributed: Path):
    tags = read(contributed, "scenarios/by/tag/invoices")
    assert any(href.endswith(f"/{SLUG}/") for href, _ in tags.links)
    domain = read(contributed, "scenarios/by/domain/finance")
    assert any(href.endswith(f"/{SLUG}/") for href, _ in domain.links)


def test_the_new_scenario_is_in_the_search_index(contributed: Path):
    fragments = [gzip.decompress(path.read_bytes()) for path in (contributed / "pagefind").glob("*/fragment/*")]
    entries = [json.loads(data.removeprefix(b"pagefind_dcd")) for data in fragments]
    page = next(entry for entry in entries if entry["url"] == f"/scenarios/{SLUG}/")
    assert "hundreds of layouts" in page["content"]
    assert page["meta"]["kind"] == "Scenario" and page["filters"]["kind"] == ["Scenario"]
    assert page["meta"]["summary"].startswith("Start with a schema-bound prompt")
    assert page["content"].count("Start with a schema-bound prompt") == 1  # the summary is indexed once, not again where the page shows it
    assert not (contributed / "search/search_index.json").exists()  # Material's lunr index is no longer built


def test_the_new_scenario_is_in_the_json_export_with_its_trace(contributed: Path):
    export = json.loads((contributed / "api/v1/scenarios.json").read_text())
    record = next(r for r in export["records"] if r["id"] == SLUG)
    assert record["decision_trace"]["steps"][0] == {"question": "knowledge-or-behaviour", "answer": "wrong-behaviour"}
    assert record["decision_trace"]["outcome"] == "optimise-prompt-pipeline"
    outcome = read(contributed, "decide/outcomes/optimise-prompt-pipeline")
    assert (f"../../../scenarios/{SLUG}/", TITLE) in outcome.links


def test_the_worked_example_in_contributing_is_valid(tmp_path: Path):
    guide = (PROJECT / "CONTRIBUTING.md").read_text()
    example = guide.split("## A complete worked example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    root = copy_project(tmp_path / "project", PROJECT / "content")
    (root / "content/scenarios" / f"{SLUG}.yaml").write_text(example)
    assert errors(root) == []


def test_issue_form_mirrors_the_scenario_model():
    committed = (PROJECT / FORM_PATH).read_text()
    assert committed == issue_form(), "run: .venv/bin/knowledge issue-form"
    form = yaml.safe_load(committed)
    fields = {element["id"]: element for element in form["body"] if "id" in element}
    assert fields["domain"]["type"] == "dropdown" and "Finance (finance)" in fields["domain"]["attributes"]["options"]
    assert fields["context"]["validations"]["required"] is True
    assert fields["sources"]["validations"]["required"] is False


def test_workflows_pass_actionlint():
    result = subprocess.run(
        [str(PROJECT / ".venv/bin/actionlint"), *map(str, sorted((PROJECT / ".github/workflows").glob("*.yml")))],
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_validate_test_build_upload_and_deploy():
    pr = yaml.safe_load((PROJECT / ".github/workflows/pull-request.yml").read_text())
    steps = " ".join(str(step) for step in pr["jobs"]["check"]["steps"])
    for expected in ("validate --format github", "make test", "make build", "actions/upload-artifact", "knowledge diff"):
        assert expected in steps
    deploy = yaml.safe_load((PROJECT / ".github/workflows/deploy.yml").read_text())
    assert "actions/deploy-pages@v4" in str(deploy["jobs"]["deploy"]["steps"])


def test_yaml_files_pass_yamllint():
    targets = ["content", ".github", "mkdocs.yml", ".pre-commit-config.yaml", ".yamllint.yaml"]
    result = subprocess.run([str(PROJECT / ".venv/bin/yamllint"), "--strict", *targets], capture_output=True, text=True, check=False, cwd=PROJECT)
    assert result.returncode == 0, result.stdout


def test_pre_commit_runs_validator_ruff_and_yamllint():
    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"validate-content", "ruff", "yamllint"} <= set(hooks)
    assert "knowledge validate" in hooks["validate-content"]["entry"]
