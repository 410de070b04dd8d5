"""A catalogue of bad and hostile inputs: each gets its exact error, and the previous site survives."""

from __future__ import annotations

import hashlib
import logging
import shutil
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from conftest import copy_project, mkdocs_build
from knowledge.load.strict_yaml import YamlFailure, parse_yaml

TOOL = "tools/vector-db.yaml"
HEADER = "# yaml-language-server: $schema=../_schemas/tool.schema.json\n"


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    assert mkdocs_build(root).returncode == 0
    return root


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_in_process(root: Path) -> str:
    """Run the MkDocs build in this process; return what it reported (empty when it succeeded)."""
    collect = Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        build(load_config(str(root / "mkdocs.yml"), strict=True))
    except (PluginError, Abort) as error:
        return "\n".join([*collect.messages, str(error)])
    finally:
        logger.removeHandler(collect)
    return ""


def replace(old: str, new: str, relative: str = TOOL) -> Callable[[Path], None]:
    def mutate(content: Path) -> None:
        path = content / relative
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))

    return mutate


def create(relative: str, data: bytes | str) -> Callable[[Path], None]:
    def mutate(content: Path) -> None:
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())

    return mutate


SUMMARY = "summary: Stores embeddings and returns nearest neighbours."
CASES: list[tuple[str, Callable[[Path], None], str]] = [
    (
        "yaml syntax",
        replace(SUMMARY, 'summary: "unclosed'),
        "content/tools/vector-db.yaml:4:10: error: YAML syntax error: a quoted text is never closed (add the closing quote)",
    ),
    (
        "tab indentation",
        replace("url: https", "url:\n\t https"),
        "content/tools/vector-db.yaml:7:1: error: YAML syntax error: tab character in the indentation (indent with spaces, not tabs)",
    ),
    (
        "duplicate key",
        replace("open_source: true", "open_source: true\ntitle: Again"),
        "content/tools/vector-db.yaml:8:1: error: duplicate key 'title' (first defined on line 3)",
    ),
    (
        "alias bomb",
        create(
            "tools/bomb.yaml",
            HEADER + "id: bomb\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b]\n",
        ),
        "content/tools/bomb.yaml:3:4: error: YAML anchor '&a' is not allowed (write each value out in full)",
    ),
    (
        "deep nesting",
        create("tools/deep.yaml", HEADER + "id: deep\nx: " + "[" * 5000 + "]" * 5000 + "\n"),
        "content/tools/deep.yaml:3:27: error: nesting deeper than 24 levels",
    ),
    (
        "python tag",
        replace(SUMMARY, "summary: !!python/object/apply:os.system ['id']"),
        "content/tools/vector-db.yaml:4:10: error: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    ("custom tag", replace(SUMMARY, "summary: !include /etc/passwd"), "content/tools/vector-db.yaml:4:10: error: YAML tag '!include' is not allowed"),
    (
        "two documents",
        replace("open_source: true", "open_source: true\n---\nid: other"),
        "content/tools/vector-db.yaml:8:1: error: more than one YAML document in a file",
    ),
    (
        "file too large",
        create("tools/big.yaml", HEADER + "id: big\n# " + "x" * 270_000 + "\n"),
        "content/tools/big.yaml:1:1: error: the file is 270072 bytes, larger than the 262144 allowed",
    ),
    ("empty file", create("tools/empty.yaml", ""), "content/tools/empty.yaml:1:1: error: the file is empty"),
    (
        "not utf-8",
        create("tools/latin.yaml", HEADER.encode() + b"id: latin\ntitle: na\xefve\n"),
        "content/tools/latin.yaml:3:10: error: the file is not valid UTF-8 (byte 0xef)",
    ),
    (
        "byte order mark",
        create("tools/bom.yaml", b"\xef\xbb\xbf" + HEADER.encode() + b"id: bom\n"),
        "content/tools/bom.yaml:1:1: error: the file starts with a byte order mark (BOM)",
    ),
    (
        "list instead of mapping",
        create("tools/list.yaml", HEADER + "- id: list\n"),
        "content/tools/list.yaml:1:1: error: the file holds list, not a mapping of fields",
    ),
    (
        "wrong type",
        replace("open_source: true", "open_source: maybe"),
        "content/tools/vector-db.yaml:7:14: error: 'open_source' must be true or false, not text",
    ),
    (
        "unknown field",
        replace("open_source: true", "open_sorce: true"),
        "content/tools/vector-db.yaml:7:1: error: unknown field 'open_sorce' (did you mean 'open_source'?)",
    ),
    ("missing field", replace("category: vector-database\n", ""), "content/tools/vector-db.yaml:1:1: error: missing required field 'category'"),
    (
        "id with path separator",
        replace("id: vector-db", "id: tools/vector-db"),
        "content/tools/vector-db.yaml:2:5: error: 'tools/vector-db' is not a kebab-case id",
    ),
    ("id with dot-dot", replace("id: vector-db", "id: ../../etc"), "content/tools/vector-db.yaml:2:5: error: '../../etc' is not a kebab-case id"),
    (
        "id differs from file name",
        replace("id: vector-db", "id: vector-database"),
        "content/tools/vector-db.yaml:2:5: error: id 'vector-database' does not match the file name 'vector-db.yaml'",
    ),
    (
        "id shared by question and outcome",
        create(
            "decision/outcomes/labelled-data.yaml",
            "# yaml-language-server: $schema=../../_schemas/outcome.schema.json\n"
            "id: labelled-data\ntitle: Same id\nsummary: Clashes with a question.\nrecommends: prompting\nrationale: None.\nnext_steps: [None]\n",
        ),
        "content/decision/outcomes/labelled-data.yaml:2:5: error: 'labelled-data' is the id of both a question and an outcome (rename one of them)",
    ),
    (
        "dangling reference",
        replace("approaches: [retrieval]", "approaches: [retreival]"),
        "content/tools/vector-db.yaml:8:14: error: no approach with id 'retreival' (did you mean 'retrieval'?)",
    ),
    (
        "wrong-kind reference",
        replace("approaches: [retrieval]", "approaches: [study-a]"),
        "content/tools/vector-db.yaml:8:14: error: 'study-a' is an evidence, but 'approaches' needs an approach",
    ),
    (
        "script tag",
        replace(SUMMARY, "summary: 'Fast <script>alert(1)</script>'"),
        "content/tools/vector-db.yaml:4:10: error: 'summary': raw HTML '<script>' is not allowed",
    ),
    (
        "event handler",
        replace(SUMMARY, "summary: 'x\" onerror=\"alert(1)'"),
        "content/tools/vector-db.yaml:4:10: error: 'summary': event-handler attribute 'onerror=' is not allowed",
    ),
    (
        "javascript url",
        replace("url: https://example.org/vector-db", "url: 'javascript:alert(1)'"),
        "content/tools/vector-db.yaml:6:6: error: 'url': 'javascript:alert(1)' is not an http(s) URL",
    ),
    (
        "data url",
        replace("url: https://example.org/vector-db", "url: 'data:text/html,<b>x</b>'"),
        "content/tools/vector-db.yaml:6:6: error: 'url': 'data:text/html,<b>x</b>' is not an http(s) URL",
    ),
    (
        "markdown link to a script",
        replace(SUMMARY, "summary: 'See [this](javascript:alert(1))'"),
        "content/tools/vector-db.yaml:4:10: error: 'summary': script URL 'javascript:' is not allowed",
    ),
    (
        "markdown reference link",
        replace(SUMMARY, 'summary: "See [x]\\n\\n[x]: vbscript:msgbox"'),
        "content/tools/vector-db.yaml:4:10: error: 'summary': script URL 'vbscript:' is not allowed",
    ),
    (
        "markdown smuggling raw html",
        replace(SUMMARY, "summary: 'Text <details open ontoggle=alert(1)>'"),
        "content/tools/vector-db.yaml:4:10: error: 'summary': raw HTML '<details open ontoggle=alert(1)>' is not allowed",
    ),
    (
        "markdown attribute list",
        replace(SUMMARY, "summary: 'Text {: style=\"x\" }'"),
        "content/tools/vector-db.yaml:4:10: error: 'summary': Markdown attribute list",
    ),
    (
        "control character",
        replace(SUMMARY, 'summary: "bell \\a here"'),
        "content/tools/vector-db.yaml:4:10: error: 'summary': text contains control characters",
    ),
    (
        "extremely long string",
        replace("open_source: true", "open_source: true\nstatus_note: " + "word " * 200_00),
        "content/tools/vector-db.yaml:8:14: error: 'status_note': text is 99999 characters long, more than the 4000 allowed",
    ),
    (
        "decision cycle",
        replace("next: prompt-first", "next: knowledge-or-behaviour", "decision/questions/labelled-data.yaml"),
        "content/decision/questions/labelled-data.yaml:12:11: error: answer 'no-labelled' leads back to 'knowledge-or-behaviour', a cycle",
    ),
    (
        "figure without a source",
        replace(SUMMARY, "summary: Cuts latency by 40%."),
        "content/tools/vector-db.yaml:4:10: error: the figure '40%' cites no source",
    ),
    ("file in an unknown folder", create("tool/x.yaml", "id: x\n"), "content/tool/x.yaml:1:1: error: 'tool' is not a record folder (did you mean 'tools'?)"),
]


@pytest.mark.parametrize(("name", "mutate", "expected"), CASES, ids=[case[0] for case in CASES])
def test_bad_input_is_named_precisely_and_the_site_survives(built_once: Path, tmp_path: Path, name: str, mutate, expected: str):
    root = tmp_path / "project"
    shutil.copytree(built_once, root)
    before = snapshot(root / "site")
    mutate(root / "content")
    message = build_in_process(root)
    assert expected in message, f"{name}: {message}"
    assert "Traceback" not in message
    assert snapshot(root / "site") == before


def test_the_catalogue_is_large_enough():
    assert len(CASES) >= 30


def test_alias_bomb_needs_little_memory():
    levels = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 12))
    tracemalloc.start()
    with pytest.raises(YamlFailure):
        parse_yaml("l0: &l0 [lol, lol, lol]\n" + levels)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5_000_000
