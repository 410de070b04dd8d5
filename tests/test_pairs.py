"""Pair pages: one per pair of compared approaches, every factor listed, linked from the matrix, approaches and outcomes."""

from __future__ import annotations

from pathlib import Path

from conftest import PROJECT
from htmlpage import read, table_rows
from knowledge.pipeline import build_site
from knowledge.render.pairs import pairs


def test_one_pair_page_per_pair_of_compared_approaches(built: Path):
    made = sorted(path.parent.name for path in (built / "compare").glob("*-vs-*/index.html"))
    assert made == ["prompting-vs-fine-tuning", "prompting-vs-retrieval", "retrieval-vs-fine-tuning"]  # lora is not compared


def test_a_pair_page_says_the_pair_and_lists_every_factor_side_by_side(built: Path):
    page = read(built, "compare/prompting-vs-retrieval")
    assert page.meta["og:title"] == "Prompting vs Retrieval"
    assert page.meta["description"].startswith("Prompting or Retrieval? Every factor side by side")
    rows = table_rows((built / "compare/prompting-vs-retrieval/index.html").read_text())
    factors = sorted(path.parent.name for path in (built / "factors").glob("*/index.html"))
    assert rows[0] == ["Factor", "Prompting", "Retrieval", "Better"]
    assert len(rows) - 1 == len(factors)
    speed = next(row for row in rows if row[0] == "Speed to deploy")
    assert speed[1].startswith("Strong Hours") and speed[2].startswith("Good Days") and speed[3] == "Prompting"
    assert "Prompting is rated better on" in page.text


def test_scenarios_that_chose_one_and_evidence_on_both(built: Path):
    page = read(built, "compare/retrieval-vs-fine-tuning")
    assert "Started with Retrieval (1)" in page.text and ("../../scenarios/support-bot/", "Support assistant for a wallet app") in page.links
    assert "Evidence on both" in page.text


def test_pair_pages_are_linked_from_the_matrix_the_approaches_and_the_outcomes(built: Path):
    assert ("prompting-vs-retrieval/", "Retrieval") in read(built, "compare").links
    assert ("../../compare/prompting-vs-retrieval/", "Retrieval vs Prompting") in read(built, "approaches/retrieval").links
    outcome = read(built, "decide/outcomes/use-retrieval")
    assert any(href.startswith("../../../compare/") and "-vs-" in href for href, _ in outcome.links)


def test_every_pair_page_of_the_real_site_lists_every_factor():
    site = build_site(PROJECT / "content", PROJECT)
    factors = len(site.graph.records["factor"])
    made = pairs(site.graph)
    compared = sum(1 for approach in site.graph.all("approach") if approach.model.in_comparison)
    assert len(made) == compared * (compared - 1) // 2
    assert all(len(pair.rows) == factors for pair in made)
