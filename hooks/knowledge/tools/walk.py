"""``walk``: the decision flow in a terminal, one question at a time."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from knowledge.link.flow import Flow
from knowledge.pipeline import check_content
from knowledge.records.kinds import KINDS_BY_NAME
from knowledge.render.pages import page_url

SITE_URL = "https://prompt-or-fine-tune.github.io/site/"


def run_walk(flow: Flow, graph, ask: Callable[[str], str], say: Callable[[str], None], site_url: str = SITE_URL) -> str | None:
    """Ask each question until an outcome; return the outcome id (None if the reader quits)."""
    node = flow.start
    number = 1
    while node in flow.questions:
        question = flow.questions[node].model
        say(f"\nQuestion {number}: {question.title}\n  {question.help}")
        for index, answer in enumerate(question.answers, start=1):
            say(f"  {index}. {answer.label}")
        choice = ""
        while not (choice.isdigit() and 1 <= int(choice) <= len(question.answers)):
            choice = ask(f"Answer 1-{len(question.answers)} (q to quit): ").strip().lower()
            if choice in ("q", "quit"):
                return None
        node = question.answers[int(choice) - 1].next
        number += 1
    outcome = flow.outcomes[node].model
    approach = graph.get(("approach", outcome.recommends)).model
    say(f"\nOutcome: {outcome.title}\n  Start with: {approach.title}\n  {outcome.rationale}")
    for step in outcome.next_steps:
        say(f"  - {step}")
    for item in outcome.add_later:
        later = graph.get(("approach", item.approach)).model
        say(f"  Later: {later.title}: {item.note}")
    say(f"\n  Read more: {site_url}{page_url(KINDS_BY_NAME['outcome'].page_uri(node))}")
    say(f"  Approach:  {site_url}{page_url(KINDS_BY_NAME['approach'].page_uri(outcome.recommends))}")
    scenarios = flow.scenarios_reaching(node)
    if scenarios:
        say("  Similar scenarios:")
        for scenario_id in scenarios:
            say(f"    {graph.get(('scenario', scenario_id)).model.title}: {site_url}{page_url(KINDS_BY_NAME['scenario'].page_uri(scenario_id))}")
    return node


def cmd_walk(args: argparse.Namespace) -> int:
    """Interactive decision flow."""
    site, log = check_content(args.content, args.root)
    if site is None or site.flow is None:
        for problem in log.sorted():
            print(problem.format())
        print("the decision flow cannot be walked until the content is valid", file=sys.stderr)
        return 1

    def ask(prompt: str) -> str:
        try:
            return input(prompt)
        except EOFError:
            return "q"

    outcome = run_walk(site.flow, site.graph, ask, print, args.site_url)
    return 0 if outcome else 1


def add_command(sub: argparse._SubParsersAction) -> None:
    """Register the ``walk`` subcommand."""
    parser = sub.add_parser("walk", help="answer the decision questions in the terminal")
    parser.add_argument("--site-url", default=SITE_URL, help="base URL for the links printed at the end")
    parser.set_defaults(func=cmd_walk)
