"""The real knowledge base: valid, complete, sourced, and in its own words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import PROJECT
from knowledge.export.api import kind_schema
from knowledge.pipeline import check_content
from knowledge.records.kinds import KINDS
from originality import SEEDS, copied_runs, seed_runs

CONTENT = PROJECT / "content"


@pytest.fixture(scope="module")
def site():
    site, log = check_content(CONTENT, PROJECT)
    assert [p.format() for p in log.sorted()] == []  # no errors and no warnings
    return site


def ids(site, kind: str) -> set[str]:
    return set(site.graph.records[kind])


def test_minimum_scope(site):
    compared = [r for r in site.graph.all("approach") if r.model.in_comparison]
    assert len(compared) >= 7
    assert len(site.graph.records["factor"]) >= 12
    assert len(site.graph.records["failure-mode"]) >= 12
    assert len(site.graph.records["stack-pattern"]) >= 3
    assert len(site.graph.records["tool"]) >= 25
    assert len(site.graph.records["evidence"]) >= 15
    assert len(site.graph.records["term"]) >= 20
    scenarios = site.graph.all("scenario")
    assert len(scenarios) >= 16
    assert len({s.model.domain for s in scenarios}) >= 8


def test_every_approach_family_of_the_sources_is_covered(site):
    assert {
        "prompt-engineering",
        "rag",
        "full-fine-tuning",
        "peft",
        "lora",
        "qlora",
        "adapters",
        "prompt-tuning",
        "prefix-tuning",
        "instruction-tuning",
        "hybrid",
        "zero-shot-prompting",
        "few-shot-prompting",
        "role-prompting",
        "chain-of-thought",
        "structured-output",
        "function-calling",
    } <= ids(site, "approach")


def test_every_row_of_the_source_comparison_and_the_added_factors(site):
    assert {
        "what-it-changes",
        "speed-to-deploy",
        "upfront-cost",
        "data-requirement",
        "best-for",
        "maintenance",
        "behaviour-consistency",
        "token-usage",
        "typical-failure-mode",
        "web3-fit",
        "latency",
        "data-privacy",
        "vendor-lock-in",
        "knowledge-freshness",
    } <= ids(site, "factor")


def test_the_named_failure_modes(site):
    assert {
        "prompt-brittleness",
        "context-drift",
        "output-variability",
        "prompt-bloat",
        "stale-fine-tuned-knowledge",
        "overfitting",
        "catastrophic-forgetting",
        "new-fact-hallucination",
        "noisy-labels",
        "retrieval-misses",
        "masking-data-problems",
        "fine-tuning-without-evals",
    } <= ids(site, "failure-mode")


def test_every_scenario_of_the_source_material(site):
    assert {
        "web3-wallet-support-assistant",
        "on-chain-transaction-labelling",
        "governance-research-copilot",
        "defi-analytics-event-classification",
        "wallet-onboarding-assistant",
        "medical-exam-question-answering",
        "clinical-decision-support",
        "financial-analysis-assistant",
        "code-review-automation",
        "physics-explanations-for-students",
        "historian-primary-source-analysis",
        "teacher-age-appropriate-explanations",
    } <= ids(site, "scenario")


def test_scenarios_are_complete_and_traced(site):
    for scenario in site.graph.all("scenario"):
        model = scenario.model
        assert model.why and model.fails_when and model.failure_modes and model.stack_pattern, scenario.id
        assert site.flow.traces[scenario.id].outcome, scenario.id


def test_every_outcome_is_reached_by_the_flow_and_all_but_two_by_a_scenario(site):
    assert all(site.flow.paths_to(outcome) for outcome in site.flow.outcomes)
    unreached = set(site.flow.outcomes) - {trace.outcome for trace in site.flow.traces.values()}
    assert len(unreached) <= 2, f"no scenario ends at {sorted(unreached)}"


def test_contested_claims_are_shown_side_by_side(site):
    contested = {(link.source[1], link.target[1]) for link in site.graph.links if link.field == "contested_by"}
    assert ("medprompt", "med-palm-2") in contested and ("med-palm-2", "medprompt") in contested
    assert ("code-review-automation", "anthropic-prompting-guidance") in contested


def test_figures_say_what_kind_of_number_they_are(site):
    scales = {figure.scale for record in site.graph.all("evidence") for figure in record.model.figures}
    assert {"absolute-percent", "relative-percent", "percentage-points"} <= scales
    code_review = site.graph.records["evidence"]["code-review-automation"].model
    assert all(f.scale == "relative-percent" for f in code_review.figures if "%" in f.value)


def test_the_tool_status_changes_the_seeds_report_are_on_the_site(site):
    changed = {r.id for r in site.graph.all("tool") if r.model.status != "maintained"}
    assert {"text-generation-inference", "openai-fine-tuning-api"} <= changed


def test_the_five_step_sequence_faq_and_mistakes(site):
    assert [r.model.order for r in site.graph.all("step")] == [1, 2, 3, 4, 5]
    assert len(site.graph.records["faq"]) >= 7
    assert len(site.graph.records["mistake"]) >= 6
    start = site.flow.questions[site.flow.start].model
    assert "fact" in start.title.lower()  # the knowledge-versus-behaviour test comes first


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source material (../shared/seeds) is not beside this checkout")
def test_no_nine_word_run_of_the_source_material_is_copied():
    runs = seed_runs()
    assert runs, "no seed text found"
    roots = [PROJECT / "content", PROJECT / "docs", PROJECT / "hooks" / "knowledge" / "templates", PROJECT / "README.md"]
    files = [p for root in roots for p in ([root] if root.is_file() else root.rglob("*")) if p.is_file() and p.suffix in {".md", ".yaml", ".j2"}]
    copied = {str(path.relative_to(PROJECT)): hits for path in files if (hits := copied_runs(path, runs))}
    assert copied == {}


def test_committed_schemas_match_the_models():
    for spec in KINDS:
        committed = json.loads((CONTENT / "_schemas" / f"{spec.name}.schema.json").read_text())
        assert committed == kind_schema(spec), f"content/_schemas/{spec.name}.schema.json is stale: run make schemas"


def test_every_record_file_starts_with_its_schema_comment():
    for path in CONTENT.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema.is_file(), path


def test_fixture_schemas_are_the_same_files():
    for path in (CONTENT / "_schemas").iterdir():
        assert (PROJECT / "tests/fixtures/content/_schemas" / path.name).read_text() == path.read_text()


def test_content_builds_strictly(real_site: Path):
    assert (real_site / "scenarios/web3-wallet-support-assistant/index.html").exists()
