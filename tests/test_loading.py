"""Load stage: strict YAML with positions, and unreadable files reported with their place."""

from __future__ import annotations

import pytest

from conftest import edit, errors, problems, write
from knowledge.load.strict_yaml import YamlFailure, parse_yaml

HEADER = "# yaml-language-server: $schema=../_schemas/tool.schema.json\n"


def test_positions_of_values_and_keys():
    parsed = parse_yaml("id: x\nlist:\n  - a\n  - b: 1\n    c: [2, 3]\n")
    assert parsed.data == {"id": "x", "list": ["a", {"b": 1, "c": [2, 3]}]}
    assert parsed.positions[("id",)] == (1, 5)
    assert parsed.key_positions[("list",)] == (2, 1)
    assert parsed.positions[("list", 1, "c", 1)] == (5, 12)
    assert parsed.position_of(("list", 1, "missing")) == (4, 5)


def test_yes_and_no_stay_words_but_true_and_false_are_booleans():
    assert parse_yaml("a: No\nb: yes\nc: off\nd: true\ne: False\n").data == {"a": "No", "b": "yes", "c": "off", "d": True, "e": False}


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("a: 1\nb: &x [1]\nc: *x\n", 2, 4, "YAML anchor '&x' is not allowed"),
        ("a: !!python/object:os.system x\n", 1, 4, "YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed"),
        ("a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document in a file"),
        ("a:\n\t- b\n", 2, 1, "YAML syntax error: tab character in the indentation"),
        ("a: b: c\n", 1, 5, "YAML syntax error: a ': ' appears where YAML does not expect a new key"),
        ("a: " + "[" * 30 + "1" + "]" * 30 + "\n", 1, 27, "nesting deeper than 24 levels"),
        ("when: 2026-13-45\n", 1, 7, "'2026-13-45' is not a valid value"),
        ("? [a, b]\n: c\n", 1, 3, "a mapping key must be plain text"),
        ("a: 1\nb: x\x1by\n", 2, 5, "the file contains the control character U+001B, which YAML does not allow"),
    ],
)
def test_fatal_yaml_problems_point_at_their_place(text, line, column, message):
    with pytest.raises(YamlFailure) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.column, caught.value.message) == (line, column, message)
    assert caught.value.hint


def test_alias_bomb_is_rejected_before_expansion():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n" + "".join(f"d{i}: &d{i} [*c, *c]\n" for i in range(40))
    with pytest.raises(YamlFailure, match="anchor"):
        parse_yaml(bomb)


def test_duplicate_keys_are_all_reported_with_both_lines(project):
    edit(project, "tools/vector-db.yaml", "open_source: true\n", "open_source: true\ncategory: serving\nurl: https://example.org/x\n")
    found = errors(project)
    assert "content/tools/vector-db.yaml:8:1: error: duplicate key 'category' (first defined on line 5) (remove one of the two; the first one is kept)" in found
    assert any(line.startswith("content/tools/vector-db.yaml:9:1: error: duplicate key 'url' (first defined on line 6)") for line in found)


def test_empty_file(project):
    write(project, "tools/blank.yaml", HEADER + "\n# nothing yet\n")
    assert "content/tools/blank.yaml:1:1: error: the file is empty (fill in the fields of a tool, or delete the file)" in errors(project)


def test_file_that_is_a_list_not_a_mapping(project):
    write(project, "tools/listy.yaml", HEADER + "- id: listy\n")
    assert errors(project) == [
        "content/tools/listy.yaml:1:1: error: the file holds list, not a mapping of fields (write one 'field: value' per line, starting with 'id:')"
    ]


def test_non_utf8_file_names_line_and_column(project):
    path = project / "content" / "tools" / "latin.yaml"
    path.write_bytes(HEADER.encode() + b"id: latin\ntitle: caf\xe9\n")
    assert errors(project) == ["content/tools/latin.yaml:3:11: error: the file is not valid UTF-8 (byte 0xe9) (save the file as UTF-8)"]


def test_byte_order_mark(project):
    path = project / "content" / "tools" / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + HEADER.encode() + b"id: bom\n")
    assert errors(project) == ["content/tools/bom.yaml:1:1: error: the file starts with a byte order mark (BOM) (save it as UTF-8 without BOM)"]


def test_file_over_the_size_limit(project):
    path = write(project, "tools/huge.yaml", HEADER + "id: huge\nsummary: " + "x" * 300_000 + "\n")
    size = path.stat().st_size
    assert errors(project) == [
        f"content/tools/huge.yaml:1:1: error: the file is {size} bytes, larger than the 262144 allowed (split the record or shorten its text)"
    ]


def test_files_in_the_wrong_place_or_with_the_wrong_name(project):
    write(project, "tool/x.yaml", "id: x\n")
    write(project, "tools/y.yml", "id: y\n")
    write(project, "tools/notes.txt", "hello\n")
    found = errors(project)
    assert "content/tool/x.yaml:1:1: error: 'tool' is not a record folder (did you mean 'tools'?)" in found
    assert "content/tools/y.yml:1:1: error: record files must end in '.yaml' (rename it to y.yaml)" in found
    assert "content/tools/notes.txt:1:1: error: 'notes.txt' is not a YAML record (only .yaml files belong in this folder)" in found


def test_missing_schema_comment_is_a_warning_with_the_exact_line(project):
    path = edit(project, "tools/vector-db.yaml", HEADER, "")
    assert path.exists()
    assert problems(project) == [
        "content/tools/vector-db.yaml:1:1: warning: the first line is not the schema comment editors use to check fields "
        "(make line 1: # yaml-language-server: $schema=../_schemas/tool.schema.json)"
    ]


def test_every_problem_of_every_file_in_one_run(project):
    write(project, "tools/a.yaml", HEADER + "id: a\n\tbad\n")
    write(project, "tools/b.yaml", HEADER + "")
    edit(project, "approaches/retrieval.yaml", "family: retrieval", "family: retreival")
    found = errors(project)
    assert [line.split(":")[0] for line in found] == ["content/approaches/retrieval.yaml", "content/tools/a.yaml", "content/tools/b.yaml"]
