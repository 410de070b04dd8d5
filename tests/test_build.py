"""A real ``mkdocs build --strict`` of the fixture corpus, asserted on the HTML a reader sees."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import copy_project, edit, mkdocs_build
from htmlpage import read, table_rows


def test_scenario_page_shows_fields_links_and_trace(built: Path):
    page = read(built, "scenarios/support-bot")
    assert "Start with Retrieval" in page.text
    assert "A help assistant whose product facts change every week." in page.text
    assert page.meta["description"] == "A help assistant whose product facts change every week."
    assert ("../../approaches/retrieval/", "Retrieval") in page.links
    assert ("../../failure-modes/prompt-brittleness/", "Prompt brittleness") in page.links
    assert "Path through the decision flow" in page.text
    assert "Outcome: Add retrieval, which recommends Retrieval" in page.text
    assert ("https://example.org/guide", "Example guide") in page.links


def test_links_exist_in_both_directions(built: Path):
    approach = read(built, "approaches/retrieval")
    assert ("../../scenarios/support-bot/", "Support assistant for a wallet app") in approach.links
    assert "Scenarios · recommended start" in approach.text
    assert ("../../tools/vector-db/", "Example vector database") in approach.links
    tool = read(built, "tools/vector-db")
    assert ("../../approaches/retrieval/", "Retrieval") in tool.links
    assert ("../../stack-patterns/prompt-first/", "Prompt-first stack") in tool.links


def test_backlinks_are_listed_one_group_per_item(built: Path):
    html = (built / "approaches/retrieval/index.html").read_text(encoding="utf-8")
    section = html.split('id="referenced-by"', 1)[1].split("</ul>", 1)[0]
    groups = re.findall(r"<li><strong>([^<]+):</strong>", section)
    assert len(groups) >= 2 and "Scenarios · recommended start" in groups
    assert len(groups) == section.count("<li>")


def test_every_internal_link_resolves(built: Path):
    broken = []
    for html in built.rglob("*.html"):
        if html.name == "404.html":  # links there are absolute, from site_url
            continue
        page = read(built, html.relative_to(built).as_posix())
        for href, _ in page.links:
            if href.startswith(("http:", "https:", "mailto:", "#")) or not href:
                continue
            if not page.resolve(href).exists():
                broken.append(f"{html.relative_to(built)} -> {href}")
    assert broken == []


def test_edit_link_opens_the_yaml_record(built: Path):
    page = read(built, "scenarios/support-bot")
    assert ("https://github.com/prompt-or-fine-tune/site/edit/main/content/scenarios/support-bot.yaml", "") in [(href, "") for href, _ in page.links]
    index = read(built, "scenarios")
    assert not index.links_to("/edit/")


def test_scenario_index_lists_scenarios_and_links_every_facet_listing(built: Path):
    index = read(built, "scenarios")
    assert "Support assistant for a wallet app: A help assistant whose product facts change every week." in index.text
    assert "Web3 · Question answering · Documents, not labels · Medium volume · start: Retrieval" in index.text
    assert ("by/domain/web3/", "Web3") in index.links and ("by/tag/wallets/", "wallets") in index.links
    html = (built / "scenarios/index.html").read_text()
    assert 'data-pof-finder data-source="../api/v1/scenario-finder.json" hidden' in html  # the finder appears only with scripts
    data = json.loads((built / "api/v1/scenario-finder.json").read_text())
    assert data["fields"] == ["id", "title", "domain", "task", "data", "volume", "start", "tag"]
    assert sorted(row[0] for row in data["scenarios"]) == ["labeller", "support-bot"]


def test_each_facet_value_has_a_static_listing(built: Path):
    page = read(built, "scenarios/by/domain/web3")
    assert page.meta["og:title"] == "Scenarios · Domain: Web3"
    assert ("../../../support-bot/", "Support assistant for a wallet app") in page.links
    assert ("../../../labeller/", "Transaction labelling engine") in page.links
    scenario = read(built, "scenarios/support-bot")
    assert ("../by/domain/web3/", "Web3") in scenario.links and ("../by/start/retrieval/", "other scenarios that start here") in scenario.links


def test_comparison_matrix_shows_levels_as_text_and_colour(built: Path):
    html = (built / "compare/index.html").read_text()
    rows = table_rows(html)
    assert rows[0] == ["Factor", "Prompting", "Retrieval", "Fine-tuning"]
    assert ["Speed to deploy", "Strong Hours", "Good Days", "Weak Weeks"] in rows
    assert ["What it changes", "The prompt", "The context", "The weights"] in rows
    assert 'class="pof-fit pof-fit--strong">Strong</span>' in html
    page = read(built, "compare")
    assert "Pros and cons side by side" in page.text and "Long prompts cost tokens" in page.text
    assert "LoRA" not in [cell for row in rows for cell in row]  # variants stay out of the matrix


def test_index_pages_list_records_sorted(built: Path):
    rows = table_rows((built / "approaches/index.html").read_text())
    assert [row[0] for row in rows[1:]] == ["Prompting", "Retrieval", "Fine-tuning", "LoRA"]  # by order, then title
    evidence = table_rows((built / "evidence/index.html").read_text())
    assert [row[0] for row in evidence[1:]] == ["A study in favour of training", "A study of retrieval against training"]


def test_glossary_is_one_page_with_anchors_and_usage(built: Path):
    html = (built / "glossary/index.html").read_text()
    assert 'id="few-shot"' in html and 'id="rag-term"' in html
    page = read(built, "glossary")
    assert "Putting a handful of worked examples in the prompt." in page.text
    assert ("../approaches/prompting/", "Prompting") in page.links
    approach = read(built, "approaches/prompting")
    assert ("../../glossary/#few-shot", "Few-shot prompting") in approach.links


def test_evidence_page_cites_figures_and_contested_study(built: Path):
    page = read(built, "evidence/study-a")
    assert "+5 points" in page.text and "percentage points (absolute difference)" in page.text
    assert "Source of every figure above: Ada Example, Bob Example (2024)" in page.text
    assert "Contested: read side by side" in page.text
    assert ("../study-b/", "A study in favour of training") in page.links


def test_decide_page_draws_the_flow_as_a_static_svg_with_linked_boxes(built: Path):
    html = (built / "decide/index.html").read_text()
    chart = html.split('<div class="flowchart" role="region"', 1)[1].split("</svg></div>", 1)[0]
    assert '<title id="flowchart-title">Decision flowchart' in chart
    assert '<a href="./questions/labelled-data/"' in chart and "Do you have clean labelled" in chart
    assert "No, it still behaves" in chart  # an answer's label on its arrow
    assert "<script" not in html.split('<div class="md-content"', 1)[1].split("</article>", 1)[0]  # nothing draws it in the browser


def test_question_pages_can_be_walked_without_javascript(built: Path):
    page = read(built, "decide/questions/knowledge-or-behaviour")
    assert "Your answer" in page.text
    assert ("../../outcomes/use-retrieval/", "Yes, the facts were missing") in page.links
    assert ("../labelled-data/", "No, it still behaves wrongly") in page.links
    outcome = read(built, "decide/outcomes/fine-tune")
    assert "Start with Fine-tuning" in outcome.text
    assert ("../../../scenarios/labeller/", "Transaction labelling engine") in outcome.links


def test_json_exports_hold_records_with_resolved_links(built: Path):
    index = json.loads((built / "api/v1/index.json").read_text())
    kinds = {entry["kind"]: entry for entry in index["kinds"]}
    assert kinds["scenario"]["count"] == 2 and kinds["scenario"]["url"] == "api/v1/scenarios.json"
    scenarios = json.loads((built / "api/v1/scenarios.json").read_text())
    record = next(r for r in scenarios["records"] if r["id"] == "support-bot")
    assert record["url"] == "scenarios/support-bot/"
    assert record["record"]["last_reviewed"] == "2026-11-01"
    assert {"field": "recommended_start", "kind": "approach", "id": "retrieval", "url": "approaches/retrieval/"} in record["links"]
    assert record["decision_trace"] == {"steps": [{"question": "knowledge-or-behaviour", "answer": "knowledge"}], "outcome": "use-retrieval"}
    approaches = json.loads((built / "api/v1/approaches.json").read_text())
    retrieval = next(r for r in approaches["records"] if r["id"] == "retrieval")
    assert {"field": "recommended_start", "kind": "scenario", "id": "support-bot", "url": "scenarios/support-bot/"} in retrieval["referenced_by"]


def test_json_schemas_are_published(built: Path):
    schema = json.loads((built / "schemas/scenario.schema.json").read_text())
    assert schema["additionalProperties"] is False
    assert "recommended_start" in schema["required"]
    assert set(schema["properties"]["domain"]["enum"]) >= {"web3", "healthcare"}


def test_field_reference_is_generated_from_the_models(built: Path):
    rows = table_rows((built / "contribute/reference/index.html").read_text())
    assert [
        "domain",
        "one of the allowed values",
        "yes",
        "web3, healthcare, finance, software-engineering, education, research, customer-support, legal, e-commerce, enterprise-knowledge, media, public-sector, "
        "insurance, manufacturing, agriculture, telecommunications, travel-and-hospitality, real-estate, human-resources, cybersecurity, "
        "language-services, logistics, gaming, energy",
        "Industry or field.",
    ] in rows
    assert ["add_later[].approach", "approach id", "yes", "", "Approach id."] in rows


def test_record_pages_stay_out_of_the_navigation(built: Path):
    html = (built / "index.html").read_text()
    assert "scenarios/support-bot/" not in html.split('<div class="md-content"')[0]
    assert 'href="scenarios/"' in html


def test_no_third_party_requests_in_the_pages(built: Path):
    for html in built.rglob("*.html"):
        text = html.read_text()
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        assert "cdn.jsdelivr" not in text and "unpkg.com" not in text


def test_a_failing_build_leaves_the_previous_site_untouched(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    assert mkdocs_build(root).returncode == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    edit(root, "scenarios/support-bot.yaml", "recommended_start: retrieval", "recommended_start: retreival")
    edit(root, "tools/vector-db.yaml", "url: https://example.org/vector-db", "url: javascript:alert(1)")
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "content/scenarios/support-bot.yaml:11:20: error: no approach with id 'retreival' (did you mean 'retrieval'?)" in result.stderr
    assert "content/tools/vector-db.yaml:6:6: error: 'url': 'javascript:alert(1)' is not an http(s) URL" in result.stderr
    assert "2 error(s), 0 warning(s): fix the errors above; nothing was built." in result.stderr
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before


def test_every_page_has_a_meta_description(built: Path):
    missing = [
        str(p.relative_to(built))
        for p in built.rglob("*.html")
        if p.name != "404.html" and not read(built, p.relative_to(built).as_posix()).meta.get("description")
    ]
    assert missing == []


def test_stale_scenarios_carry_a_notice():
    import datetime as dt

    from conftest import FIXTURE_CONTENT
    from knowledge.pipeline import build_site

    site = build_site(FIXTURE_CONTENT, FIXTURE_CONTENT.parent)
    fresh = {page.uri: page.content for page in site.pages(today=dt.date(2026, 11, 24))}
    later = {page.uri: page.content for page in site.pages(today=dt.date(2027, 11, 24))}
    assert "has not been reviewed for over a year" not in fresh["scenarios/support-bot.md"]
    assert '!!! warning "Last reviewed 2026-11-01"' in later["scenarios/support-bot.md"]


def test_serve_rebuilds_when_a_record_changes(tmp_path: Path):
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    root = copy_project(tmp_path / "project")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(root)}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )

    def page() -> str:
        url = f"http://127.0.0.1:{port}/site/scenarios/support-bot/"  # mkdocs serve mounts the site at site_url's path
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()

    def wait_for(text: str) -> bool:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if text in page():
                    return True
            except OSError:
                pass
            time.sleep(0.3)
        return False

    try:
        assert wait_for("Support assistant for a wallet app")
        edit(root, "scenarios/support-bot.yaml", "title: Support assistant for a wallet app", "title: Help desk assistant for a wallet app")
        assert wait_for("Help desk assistant for a wallet app")
    finally:
        server.terminate()
        server.wait(timeout=10)
