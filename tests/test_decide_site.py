"""The Decide pages of the real site: the flowchart matches the flow, and every path can be clicked."""

from __future__ import annotations

import base64
import binascii
import html
import re
from collections import Counter, deque
from pathlib import Path

import pytest

from conftest import PROJECT
from htmlpage import Page, read
from knowledge.pipeline import build_site


@pytest.fixture(scope="module")
def site():
    return build_site(PROJECT / "content", PROJECT)


def flowchart(real_site: Path) -> str:
    """The inline SVG of the decision flowchart."""
    page = (real_site / "decide/index.html").read_text()
    return page.split('<div class="flowchart"', 1)[1].split("</svg></div>", 1)[0]


def test_flowchart_has_one_box_per_step_and_one_arrow_per_answer(real_site: Path, site):
    svg = flowchart(real_site)
    boxes = {box for box, _ in chart_links(svg)}
    assert boxes == {f"./questions/{q}/" for q in site.flow.questions} | {f"./outcomes/{o}/" for o in site.flow.outcomes}
    expected = Counter(
        (f"q-{q}", ("q-" if a.next in site.flow.questions else "o-") + a.next) for q, record in site.flow.questions.items() for a in record.model.answers
    )
    assert chart_arrows(svg) == expected
    labels = " ".join(html.unescape(text) for text in re.findall(r'class="text-italic[^"]*"[^>]*>(.*?)</text>', svg))
    words = " ".join(re.sub(r"<[^>]+>", " ", labels).split())
    for record in site.flow.questions.values():
        for answer in record.model.answers:
            assert " ".join(answer.label.split()) in words


def test_every_flowchart_box_links_to_its_step_page_and_shows_its_title(real_site: Path, site):
    for url, text in chart_links(flowchart(real_site)):
        assert (real_site / "decide" / url / "index.html").is_file(), url
        folder, record_id = url.removeprefix("./").strip("/").split("/")
        records = site.flow.questions if folder == "questions" else site.flow.outcomes
        assert text == " ".join(records[record_id].model.title.split())


def chart_links(svg: str) -> list[tuple[str, str]]:
    """(href, visible text) of every linked box of the chart."""
    links = re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', svg)
    return [(href, " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())) for href, body in links]


def chart_arrows(svg: str) -> Counter:
    """(from, to) of every arrow: D2 names each connection's group with its base64-encoded key."""
    arrows: Counter = Counter()
    for name in re.findall(r'<g class="([A-Za-z0-9+/]+=*)"', svg):
        try:
            key = html.unescape(base64.b64decode(name).decode("utf-8", "replace"))
        except binascii.Error:  # plain class names such as "shape"
            continue
        match = re.fullmatch(r"\(([qo]-[a-z0-9-]+) -> ([qo]-[a-z0-9-]+)\)\[\d+\]", key)
        if match:
            arrows[match.groups()] += 1
    return arrows


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
