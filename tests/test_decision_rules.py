"""Decision flow: structural rules, scenario traces and the terminal walk."""

from __future__ import annotations

from conftest import FIXTURE_CONTENT, edit, errors, problems, write
from knowledge.link.flow import walk
from knowledge.pipeline import build_site
from knowledge.tools.walk import run_walk

Q = "decision/questions/"
QHEADER = "# yaml-language-server: $schema=../../_schemas/question.schema.json\n"


def test_scenarios_are_traced_to_an_outcome():
    site = build_site(FIXTURE_CONTENT, FIXTURE_CONTENT.parent)
    trace = site.flow.traces["labeller"]
    assert [(s.question, s.answer) for s in trace.steps] == [("knowledge-or-behaviour", "behaviour"), ("labelled-data", "yes-labelled")]
    assert trace.outcome == "fine-tune"
    assert site.flow.scenarios_reaching("use-retrieval") == ["support-bot"]


def test_walk_stops_at_the_first_unanswered_question():
    site = build_site(FIXTURE_CONTENT, FIXTURE_CONTENT.parent)
    trace, missing = walk(site.flow, {"knowledge-or-behaviour": "behaviour"})
    assert missing == "labelled-data" and trace.outcome is None


def test_no_start_question(project):
    edit(project, Q + "knowledge-or-behaviour.yaml", "start: true\n", "")
    assert (
        "content/decision/questions/labelled-data.yaml:2:5: error: the decision flow has no start question (set 'start: true' on the first question of the flow)"
        in errors(project)
    )


def test_more_than_one_start_question(project):
    edit(project, Q + "labelled-data.yaml", "help:", "start: true\nhelp:")
    assert errors(project) == [
        "content/decision/questions/labelled-data.yaml:5:8: error: more than one start question (also 'knowledge-or-behaviour') (keep 'start: true' on one question only)",
    ]


def test_unreachable_question(project):
    write(
        project,
        Q + "orphan.yaml",
        QHEADER + "id: orphan\ntitle: Orphan?\nsummary: Nobody points here.\nhelp: None.\nanswers:\n"
        "  - {id: a, label: A, next: fine-tune}\n  - {id: b, label: B, next: prompt-first}\n",
    )
    assert errors(project) == [
        "content/decision/questions/orphan.yaml:2:5: error: question 'orphan' cannot be reached from the start question 'knowledge-or-behaviour' (point an answer's 'next' at it, or delete it)"
    ]


def test_cycle_names_the_loop(project):
    edit(project, Q + "labelled-data.yaml", "next: prompt-first", "next: knowledge-or-behaviour")
    found = errors(project)
    assert (
        "content/decision/questions/labelled-data.yaml:12:11: error: answer 'no-labelled' leads back to 'knowledge-or-behaviour', a cycle: knowledge-or-behaviour → labelled-data → knowledge-or-behaviour (point it at a later question or at an outcome)"
        in found
    )


def test_answer_that_leads_nowhere(project):
    edit(project, Q + "labelled-data.yaml", "next: prompt-first", "next: prompt-frist")
    assert "content/decision/questions/labelled-data.yaml:12:11: error: no question or outcome with id 'prompt-frist' (did you mean 'prompt-first'?)" in errors(
        project
    )


def test_outcome_recommending_an_unknown_approach(project):
    edit(project, "decision/outcomes/fine-tune.yaml", "recommends: fine-tuning", "recommends: finetuning")
    assert errors(project) == ["content/decision/outcomes/fine-tune.yaml:5:13: error: no approach with id 'finetuning' (did you mean 'fine-tuning'?)"]


def test_duplicate_answer_labels_and_ids(project):
    edit(project, Q + "labelled-data.yaml", "label: No\n", "label: yes, hundreds or more\n")
    edit(project, Q + "labelled-data.yaml", "id: no-labelled", "id: yes-labelled")
    assert errors(project) == [
        "content/decision/questions/labelled-data.yaml:10:9: error: duplicate answer id 'yes-labelled' (give each answer its own id)",
        "content/decision/questions/labelled-data.yaml:11:12: error: duplicate answer label 'yes, hundreds or more' (make each answer say something different)",
    ]


def test_scenario_answers_a_question_that_does_not_exist(project):
    edit(project, "scenarios/labeller.yaml", "    labelled-data: yes-labelled", "    labelled-data: yes-labelled\n    volume-check: high")
    assert (
        "content/scenarios/labeller.yaml:17:5: error: no question with id 'volume-check' (check the id, or create content/decision/questions/volume-check.yaml)"
        in errors(project)
    )


def test_scenario_answer_that_is_not_allowed(project):
    edit(project, "scenarios/labeller.yaml", "labelled-data: yes-labelled", "labelled-data: yes-labeled")
    assert errors(project) == [
        "content/scenarios/labeller.yaml:16:20: error: 'yes-labeled' is not an answer of question 'labelled-data' (did you mean 'yes-labelled'?; use one of 'no-labelled', 'yes-labelled')"
    ]


def test_scenario_that_stops_before_an_outcome(project):
    edit(project, "scenarios/labeller.yaml", "    labelled-data: yes-labelled\n", "")
    assert errors(project) == [
        "content/scenarios/labeller.yaml:14:3: error: no answer to question 'labelled-data', which is on this scenario's path (add 'labelled-data: <answer>' under decision.answers; use one of 'no-labelled', 'yes-labelled')"
    ]


def test_recommendation_that_contradicts_the_flow_fails(project):
    edit(project, "scenarios/labeller.yaml", "recommended_start: fine-tuning", "recommended_start: prompting")
    assert errors(project) == [
        "content/scenarios/labeller.yaml:10:20: error: recommended start 'prompting' differs from the decision flow's outcome 'fine-tune', which recommends 'fine-tuning' "
        "(change recommended_start to 'fine-tuning', or explain the difference under decision.exception)"
    ]


def test_a_stated_exception_allows_the_difference(project):
    edit(project, "scenarios/labeller.yaml", "recommended_start: fine-tuning", "recommended_start: prompting")
    edit(
        project,
        "scenarios/labeller.yaml",
        "    labelled-data: yes-labelled\n",
        "    labelled-data: yes-labelled\n  exception: The labels are about to be redefined, so a prompt comes first.\n",
    )
    assert errors(project) == []
    site = build_site(project / "content", project)
    assert site.flow.traces["labeller"].outcome == "fine-tune"


def test_an_exception_that_is_no_longer_needed_fails(project):
    edit(project, "scenarios/labeller.yaml", "    labelled-data: yes-labelled\n", "    labelled-data: yes-labelled\n  exception: Not needed any more.\n")
    assert errors(project) == [
        "content/scenarios/labeller.yaml:17:14: error: an exception is recorded but the flow already recommends 'fine-tuning' (remove decision.exception)"
    ]


def test_answer_off_the_path_is_a_warning(project):
    edit(
        project, "scenarios/support-bot.yaml", "    knowledge-or-behaviour: knowledge", "    knowledge-or-behaviour: knowledge\n    labelled-data: no-labelled"
    )
    assert problems(project) == [
        "content/scenarios/support-bot.yaml:30:5: warning: the answer to 'labelled-data' is not on this scenario's path (remove it, or check the earlier answers)"
    ]


def test_terminal_walk_reaches_an_outcome_with_links():
    site = build_site(FIXTURE_CONTENT, FIXTURE_CONTENT.parent)
    answers = iter(["7", "2", "1"])  # an invalid choice is asked again
    said: list[str] = []
    outcome = run_walk(site.flow, site.graph, lambda prompt: next(answers), said.append, "https://site.example/")
    assert outcome == "fine-tune"
    text = "\n".join(said)
    assert "Question 1: Does adding the missing facts to the prompt fix the output?" in text
    assert "  2. No, it still behaves wrongly" in text
    assert "Outcome: Fine-tune\n  Start with: Fine-tuning" in text
    assert "Read more: https://site.example/decide/outcomes/fine-tune/" in text
    assert "Transaction labelling engine: https://site.example/scenarios/labeller/" in text


def test_terminal_walk_can_be_quit():
    site = build_site(FIXTURE_CONTENT, FIXTURE_CONTENT.parent)
    assert run_walk(site.flow, site.graph, lambda prompt: "q", lambda text: None) is None
