"""Lighthouse 12 (mobile defaults) on one page of every page type, served like a static host, offline.

The real site must score at least 0.95 in performance, accessibility, best practices and SEO on
every page in ``lighthouse.harness.PAGES``; the 1,000-scenario benchmark corpus must score at
least 0.95 in performance on its scenarios index and on a scenario page. Scores and full reports
go to ``test-artifacts/lighthouse/`` (``scores.json``/``.txt``, ``corpus-1000.json``/``.txt``,
``reports/``). Without Chromium, Node or ``npm ci`` the tests skip locally and fail in CI.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, mkdocs_build
from lighthouse.harness import ARTIFACTS, CATEGORIES, PAGES, Page, below, load, missing_tools, offsite, run_lighthouse, site_path, table

if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from benchmarks.corpus import make_project

pytestmark = pytest.mark.slow

CORPUS_SCENARIOS = 1_000


@pytest.fixture(scope="module")
def lighthouse_ready() -> None:
    reason = missing_tools()
    if reason is None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the Lighthouse checks must run here)", pytrace=False)
    pytest.skip(reason)


def check(scores: Path, categories: tuple[str, ...]) -> None:
    """Read the scores file back; fail with the whole table if a page left the local site or scored under the threshold."""
    data = load(scores)
    report = table(data, categories)
    left = offsite(data)
    assert left == [], f"requests that left the local site (the site must work offline):\n{report}"
    low = below(data, categories)
    assert low == [], "below the threshold:\n  " + "\n  ".join(low) + f"\n\n{report}\n\n(full reports in {scores.parent / 'reports' / scores.stem})"


def test_every_page_type_scores_at_least_095_in_every_category(real_site: Path, lighthouse_ready: None):
    scores = run_lighthouse(PAGES, real_site, ARTIFACTS / "scores.json", prefix=site_path(real_site.parent / "mkdocs.yml"))
    check(scores, CATEGORIES)


def test_scenario_pages_stay_fast_on_the_1000_scenario_corpus(tmp_path_factory: pytest.TempPathFactory, lighthouse_ready: None):
    root = tmp_path_factory.mktemp("lighthouse-corpus") / "project"
    make_project(root, CORPUS_SCENARIOS)
    built = mkdocs_build(root)
    assert built.returncode == 0, f"the {CORPUS_SCENARIOS:,}-scenario benchmark corpus does not build:\n{built.stderr[-4000:]}"
    scenario = sorted(path.stem for path in (root / "content" / "scenarios").glob("*.yaml"))[0]
    pages = (Page("scenarios index", "scenarios/"), Page("scenario", f"scenarios/{scenario}/"))
    scores = run_lighthouse(pages, root / "site", ARTIFACTS / f"corpus-{CORPUS_SCENARIOS}.json", prefix=site_path(root / "mkdocs.yml"))
    check(scores, ("performance",))
