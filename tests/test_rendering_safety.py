"""Untrusted text never becomes live markup: escaping holds even if validation let something through."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

import knowledge.build
from conftest import FIXTURE_CONTENT, copy_project
from htmlpage import Page, table_rows
from knowledge.pipeline import build_site
from knowledge.render import escaping, flowchart

HOSTILE = {
    "script": "<script>alert('pwned')</script>",
    "image": '<img src=x onerror="alert(1)">',
    "link": "[click me](javascript:alert(1))",
    "reference": "see [x]\n\n[x]: javascript:alert(2)",
    "attributes": "plain {: onclick=alert(3) }",
    "table": "left | right || and | more",
    "diagram": 'end" -> evil: "owned ${x} \\" {link: javascript:alert(8)}',
    "entities": "&lt;script&gt; stays text",
}
EVENT_ATTRIBUTE = re.compile(r"^on[a-z]+$")
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)


def hostile_site():
    """The fixture site with hostile text forced into its records after validation."""
    site = build_site(FIXTURE_CONTENT, FIXTURE_CONTENT.parent)
    scenario = site.graph.records["scenario"]["support-bot"].model
    scenario.title = HOSTILE["script"]
    scenario.summary = HOSTILE["image"]
    scenario.context = HOSTILE["link"] + " " + HOSTILE["reference"]
    scenario.why = [HOSTILE["attributes"], HOSTILE["entities"]]
    scenario.sources[0].url = "javascript:alert(4)"
    scenario.sources[0].title = "x](javascript:alert(5)) [y"
    site.graph.records["tool"]["vector-db"].model.url = "javascript:alert(6)"
    site.graph.records["evidence"]["study-a"].model.url = "data:text/html,<script>alert(7)</script>"
    site.graph.records["factor"]["speed"].model.ratings["prompting"].value = HOSTILE["table"]
    site.graph.records["factor"]["speed"].model.ratings["prompting"].note = HOSTILE["image"]
    question = site.graph.records["question"]["knowledge-or-behaviour"].model
    question.title = HOSTILE["diagram"]
    question.answers[0].label = 'yes" -> "o-injected": "<script>alert(9)</script>'
    return site


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile-render") / "project")
    patched = hostile_site()
    original = knowledge.build.build_site
    knowledge.build.build_site = lambda *args, **kwargs: patched
    try:
        build(load_config(str(root / "mkdocs.yml")))
    finally:
        knowledge.build.build_site = original
    return root / "site"


def live_markup(site: Path) -> list[str]:
    """Every live script, event handler or script-scheme URL in the built site that is not the theme's own."""
    found = []
    for path in site.rglob("*.html"):
        page = Page(path)
        for tag, attributes in page.tags:
            for name, value in attributes.items():
                if EVENT_ATTRIBUTE.match(name):
                    found.append(f"{path.relative_to(site)}: <{tag} {name}=...>")
                if name in ("href", "src", "action", "formaction", "xlink:href") and BAD_SCHEME.match(value):
                    found.append(f"{path.relative_to(site)}: <{tag} {name}={value[:30]}>")
            if tag in ("iframe", "object", "embed", "img") and "alert" in str(attributes):
                found.append(f"{path.relative_to(site)}: <{tag}>")
            if (
                tag == "script"
                and attributes.get("src")
                and not attributes["src"].startswith(("../", "assets/", "search/", "javascripts/"))
                and "assets/" not in attributes["src"]
            ):
                found.append(f"{path.relative_to(site)}: script from {attributes['src']}")
        if re.search(r"<script[^>]*>[^<]*alert\(", path.read_text()):
            found.append(f"{path.relative_to(site)}: inline script from a record")
    return found


def test_hostile_text_renders_as_text(hostile_build: Path):
    assert live_markup(hostile_build) == []
    page = Page(hostile_build / "scenarios/support-bot/index.html")
    assert "<script>alert('pwned')</script>" in page.text
    assert '<img src=x onerror="alert(1)">' in page.text
    assert "&lt;script&gt; stays text" in page.text
    assert not [href for href, _ in page.links if "javascript" in href]
    assert page.meta["description"] == '<img src=x onerror="alert(1)">'  # one attribute, decoded by the browser as text


def test_pipes_cannot_break_a_table(hostile_build: Path):
    rows = table_rows((hostile_build / "compare/index.html").read_text())
    speed = next(row for row in rows if row[0] == "Speed to deploy")
    assert len(speed) == len(rows[0]) == 4
    assert speed[1] == "Strong left | right || and | more"


def test_quotes_cannot_break_the_flowchart(hostile_build: Path):
    page = (hostile_build / "decide/index.html").read_text()
    svg = page.split('<div class="flowchart"', 1)[1].split("</svg></div>", 1)[0]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", svg.split("</style>")[-1])).split())
    assert HOSTILE["diagram"].replace("\\\\", "\\") in text  # the whole title, as text in one box
    assert 'yes" -> "o-injected": "<script>alert(9)</script>' in text
    assert "<script" not in svg and 'href="javascript' not in svg
    assert svg.count("<a href=") == 3 + 2  # one link per question and outcome, nothing injected
    assert svg.count('class="connection') == 4 + 1  # one arrow per answer (+ the arrowhead marker), nothing injected


def test_the_real_site_has_no_live_markup_from_records(real_site: Path):
    assert live_markup(real_site) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a | b\nc", "a \\| b c"),
        ("<b>", "&lt;b&gt;"),
        ("[x](javascript:y)", "[x]\\(javascript:y)"),
    ],
)
def test_cell_escaping(text: str, expected: str):
    assert escaping.table_cell(text) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/x (y)", "https://a.example/x%20%28y%29"),
        ("javascript:alert(1)", "#unsafe-link-removed"),
        ("data:text/html,x", "#unsafe-link-removed"),
    ],
)
def test_link_targets(url: str, expected: str):
    assert escaping.link_target(url) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('say "hi"', '"say \\"hi\\""'),
        ("a\\b ${x}", '"a\\\\b \\${x}"'),
        ("one two three", '"one two\\nthree"'),
    ],
)
def test_d2_text(text: str, expected: str):
    assert flowchart.d2_text(text, 8) == expected
