"""Link stage and cross-record rules: references resolve both ways, mistakes are named precisely."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURE_CONTENT, edit, errors, problems
from knowledge.pipeline import build_site


def test_references_resolve_in_both_directions():
    site = build_site(FIXTURE_CONTENT, FIXTURE_CONTENT.parent)
    outgoing = {(link.field, link.target) for link in site.graph.outgoing[("scenario", "support-bot")]}
    assert ("recommended_start", ("approach", "retrieval")) in outgoing
    assert ("failure_modes", ("failure-mode", "prompt-brittleness")) in outgoing
    assert ("decision", ("question", "knowledge-or-behaviour")) in outgoing
    incoming = {link.source for link in site.graph.backlinks(("approach", "retrieval"))}
    assert {("scenario", "support-bot"), ("factor", "speed"), ("tool", "vector-db"), ("evidence", "study-a")} <= incoming


def test_dangling_reference_suggests_the_near_miss(project):
    edit(project, "scenarios/support-bot.yaml", "recommended_start: retrieval", "recommended_start: retreival")
    assert errors(project) == ["content/scenarios/support-bot.yaml:11:20: error: no approach with id 'retreival' (did you mean 'retrieval'?)"]


def test_dangling_reference_without_a_near_miss_says_where_to_create_it(project):
    edit(project, "approaches/prompting.yaml", "tools: [vector-db]", "tools: [vector-db, zzz-unknown]")
    assert errors(project) == [
        "content/approaches/prompting.yaml:19:20: error: no tool with id 'zzz-unknown' (check the id, or create content/tools/zzz-unknown.yaml)"
    ]


def test_reference_to_a_record_of_the_wrong_kind(project):
    edit(project, "scenarios/support-bot.yaml", "stack_pattern: prompt-first", "stack_pattern: vector-db")
    assert errors(project) == [
        "content/scenarios/support-bot.yaml:17:16: error: 'vector-db' is a tool, but 'stack_pattern' needs a stack pattern "
        "(check the id, or create content/stack-patterns/vector-db.yaml)"
    ]


def test_reference_used_as_a_mapping_key(project):
    edit(project, "factors/speed.yaml", "  fine-tuning: {level: weak", "  fine-tunning: {level: weak")
    found = errors(project)
    assert "content/factors/speed.yaml:9:3: error: no approach with id 'fine-tunning' (did you mean 'fine-tuning'?)" in found


def test_an_invalid_record_is_reported_once_not_by_everything_that_links_to_it(project):
    edit(project, "approaches/retrieval.yaml", "family: retrieval", "family: search")
    found = errors(project)
    assert len(found) == 1 and "'search' is not an allowed value for 'family'" in found[0]


def test_factor_must_rate_every_compared_approach(project):
    edit(project, "factors/speed.yaml", "  retrieval: {level: good, value: Days, note: An index must be built.}\n", "")
    assert errors(project) == [
        "content/factors/speed.yaml:6:1: error: no rating for 'retrieval' (add a rating under 'ratings:' for each, "
        "e.g. 'retrieval: {level: good, value: ..., note: ...}')"
    ]


def test_variant_parents_cannot_loop(project):
    edit(project, "approaches/fine-tuning.yaml", "family: fine-tuning", "family: fine-tuning\nparent: lora")
    found = errors(project)
    assert any("error: 'parent' makes a loop through" in line for line in found)


def test_a_record_cannot_reference_itself(project):
    edit(project, "glossary/few-shot.yaml", "related: [rag-term]", "related: [rag-term, few-shot]")
    assert errors(project) == ["content/glossary/few-shot.yaml:6:21: error: 'related' refers to the record itself (remove this reference)"]


def test_contested_evidence_must_name_each_other(project):
    edit(project, "evidence/study-b.yaml", "contested_by: [study-a]\n", "")
    assert errors(project) == [
        "content/evidence/study-a.yaml:26:16: error: 'study-b' does not list 'study-a' under contested_by "
        "(add 'study-a' to contested_by in content/evidence/study-b.yaml)"
    ]


def test_review_dates_cannot_be_in_the_future(project):
    edit(project, "scenarios/support-bot.yaml", "last_reviewed: 2026-11-01", "last_reviewed: 2999-01-01")
    (line,) = errors(project)
    assert line.startswith("content/scenarios/support-bot.yaml:30:16: error: 'last_reviewed' 2999-01-01 is in the future")


def test_a_figure_needs_an_evidence_reference(project):
    edit(project, "approaches/retrieval.yaml", "pros: [Answers cite current sources]", "pros: [Answers improve by 27% with retrieval]")
    assert errors(project) == [
        "content/approaches/retrieval.yaml:11:8: error: the figure '27%' cites no source (add the evidence record it comes from under 'evidence:')"
    ]


def test_kinds_without_evidence_cannot_hold_figures(project):
    edit(project, "glossary/rag-term.yaml", "summary: Retrieval-augmented generation.", "summary: Retrieval that adds 5 points of accuracy.")
    assert errors(project) == [
        "content/glossary/rag-term.yaml:4:10: error: the figure '5 points' cites no source (move the figure into an evidence record and link that instead)"
    ]


def test_near_duplicate_scenario_is_a_warning_that_names_the_original(project: Path):
    original = (project / "content/scenarios/support-bot.yaml").read_text()
    copy = original.replace("id: support-bot", "id: support-bot-two").replace("last_reviewed: 2026-11-01", "last_reviewed: 2026-11-02")
    copy = copy.replace("title: Support assistant for a wallet app", "title: Support assistant for a wallet application")
    (project / "content/scenarios/support-bot-two.yaml").write_text(copy)
    assert problems(project) == [
        "content/scenarios/support-bot-two.yaml:3:8: warning: this scenario is very close to 'support-bot' (content/scenarios/support-bot.yaml): "
        "similar title, context and tags (extend the existing scenario instead, or make the difference clear in the title and context)"
    ]
