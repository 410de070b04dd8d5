"""The Decide pages of the real site: the flowchart matches the flow, and every path can be clicked."""

from __future__ import annotations

import html
import re
from collections import deque
from pathlib import Path

import pytest

from conftest import PROJECT
from htmlpage import Page, read
from knowledge.pipeline import build_site


@pytest.fixture(scope="module")
def site():
    return build_site(PROJECT / "content", PROJECT)


def flowchart_source(real_site: Path) -> str:
    page = (real_site / "decide/index.html").read_text()
    return html.unescape(page.split('<pre class="mermaid"><code>', 1)[1].split("</code>", 1)[0])


def test_flowchart_has_one_node_per_step_and_one_edge_per_answer(real_site: Path, site):
    source = flowchart_source(real_site)
    nodes = re.findall(r"^\s+([qo]_[a-z0-9_]+)(\[\"|\(\[\")", source, flags=re.M)
    questions = {n for n, _ in nodes if n.startswith("q_")}
    outcomes = {n for n, _ in nodes if n.startswith("o_")}
    assert questions == {"q_" + q.replace("-", "_") for q in site.flow.questions}
    assert outcomes == {"o_" + o.replace("-", "_") for o in site.flow.outcomes}
    edges = re.findall(r"^\s+(q_[a-z0-9_]+) -->\|\"[^\"]*\"\| ([qo]_[a-z0-9_]+)$", source, flags=re.M)
    expected = {
        ("q_" + q.replace("-", "_"), ("q_" if a.next in site.flow.questions else "o_") + a.next.replace("-", "_"))
        for q, record in site.flow.questions.items()
        for a in record.model.answers
    }
    assert len(edges) == sum(len(r.model.answers) for r in site.flow.questions.values())
    assert set(edges) == expected


def test_every_flowchart_node_links_to_its_step_page(real_site: Path, site):
    source = flowchart_source(real_site)
    clicks = dict(re.findall(r'^\s+click ([qo]_[a-z0-9_]+) "([^"]+)"', source, flags=re.M))
    assert len(clicks) == len(site.flow.questions) + len(site.flow.outcomes)
    for node, url in clicks.items():
        target = real_site / "decide" / url / "index.html"
        assert target.is_file(), (node, url)
        record_id = node[2:].replace("_", "-")
        folder = "questions" if node.startswith("q_") else "outcomes"
        assert url == f"{folder}/{record_id}/"


def answer_links(page: Page) -> list[str]:
    """The answer links of a question page (the list under 'Your answer')."""
    raw = page.path.read_text()
    section = raw.split('id="your-answer"', 1)[1].split("<h2", 1)[0]
    return re.findall(r'<strong><a href="([^"]+)"', section)


def test_every_path_reaches_an_outcome_by_clicking(real_site: Path, site):
    start = read(real_site, f"decide/questions/{site.flow.start}")
    queue = deque([(start, 0)])
    outcomes_reached, paths = set(), 0
    while queue:
        page, depth = queue.popleft()
        assert depth < 20, "a path never ends"
        links = answer_links(page)
        assert len(links) >= 2, page.path
        for href in links:
            target = Page(page.resolve(href))
            if "/decide/outcomes/" in target.path.as_posix():
                assert "Start with" in target.text
                outcomes_reached.add(target.path.parent.name)
                paths += 1
            else:
                queue.append((target, depth + 1))
    assert outcomes_reached == set(site.flow.outcomes)
    assert paths >= len(site.flow.outcomes)


def test_each_step_shows_where_the_reader_is(real_site: Path, site):
    for question in site.flow.questions:
        page = read(real_site, f"decide/questions/{question}")
        crumb = page.path.read_text().split('class="pof-breadcrumb"', 1)[1].split("</nav>", 1)[0]
        assert "Decide" in crumb and "Question" in crumb


def test_every_scenario_page_shows_its_trace_matching_its_recommendation(real_site: Path, site):
    for scenario_id, trace in site.flow.traces.items():
        scenario = site.graph.records["scenario"][scenario_id].model
        outcome = site.flow.outcomes[trace.outcome].model
        assert outcome.recommends == scenario.recommended_start or scenario.decision.exception
        page = read(real_site, f"scenarios/{scenario_id}")
        assert f"Outcome: {outcome.title}" in page.text
        assert len(re.findall(r"decide/questions/", page.path.read_text().split('id="path-through-the-decision-flow"', 1)[1].split("<h2", 1)[0])) == len(
            trace.steps
        )


def test_outcome_pages_list_the_scenarios_that_end_there(real_site: Path, site):
    for outcome_id in site.flow.outcomes:
        page = read(real_site, f"decide/outcomes/{outcome_id}")
        for scenario_id in site.flow.scenarios_reaching(outcome_id):
            assert page.links_to(f"scenarios/{scenario_id}/"), (outcome_id, scenario_id)
