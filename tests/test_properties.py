"""Property-based: whatever YAML or field values arrive, the outcome is a valid record or clean errors."""

from __future__ import annotations

import datetime as dt
import functools
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_CONTENT
from knowledge.link.checks import NEAR_DUPLICATE_TITLE, _jaccard, _title_keys
from knowledge.load.fast_yaml import parse_yaml_fast
from knowledge.load.strict_yaml import YamlFailure, parse_yaml
from knowledge.pipeline import check_content
from knowledge.records.models import Scenario

SCENARIO = FIXTURE_CONTENT / "scenarios" / "support-bot.yaml"
BASE = yaml.safe_load(SCENARIO.read_text())
FIELDS = list(Scenario.model_fields)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(["rag", "prompting", "web3", "<script>", "javascript:x", "https://example.org", "fill-in", "FILL IN: x", "a | b", 'x"y']),
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from([*FIELDS, "x", "id"]), inner, max_size=4), max_leaves=12
)


def run_engine(text: str | bytes) -> list[str]:
    """Put one scenario file beside the fixture corpus and run every stage; return the formatted problems."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(FIXTURE_CONTENT, root / "content")
        path = root / "content" / "scenarios" / "support-bot.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
        site, log = check_content(root / "content", root)
        for problem in log.problems:
            assert problem.path.startswith("content/") and problem.line >= 1 and problem.column >= 1 and problem.message
        if site is not None:
            site.pages(today=dt.date(2026, 11, 24))
        return [problem.format() for problem in log.problems]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(text: str):
    run_engine(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(data: bytes):
    run_engine(data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIELDS), values)
def test_arbitrary_field_values_give_a_record_or_errors_at_that_field(field: str, value):
    record = dict(BASE)
    record[field] = value
    text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    lines = text.splitlines()
    first = next(number for number, line in enumerate(lines, 1) if line.startswith(f"{field}:"))
    last = next((number - 1 for number, line in enumerate(lines, 1) if number > first and line[:1].isalpha()), len(lines))
    for problem in run_engine(text):
        if ": error: " in problem:
            path, line, _ = problem.split(":", 2)
            assert path == "content/scenarios/support-bot.yaml" and (first <= int(line) <= last or field == "id"), (problem, text)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_arbitrary_documents_never_crash(document):
    run_engine(yaml.safe_dump(document, allow_unicode=True))


title_words = st.frozensets(st.sampled_from(["support", "wallet", "app", "claims", "triage", "invoice", "legal", "search"]), max_size=6)


@given(title_words, title_words)
def test_titles_close_enough_to_compare_always_share_an_index_key(a: frozenset[str], b: frozenset[str]):
    """The near-duplicate check only compares titles that share an index key: it must never skip a close pair."""
    if a and b and _jaccard(a, b) >= NEAR_DUPLICATE_TITLE:
        assert set(_title_keys(a)) & set(_title_keys(b))


yaml_fragments = st.lists(
    st.sampled_from(
        [
            "a: 1\n",
            "a: 2\n",
            "b: [x, y]\n",
            "c:\n  - d: yes\n",
            "e: &x 1\nf: *x\n",
            "g: !!python/object x\n",
            "h: ! '5'\n",
            "i: 2026-13-40\n",
            "j: {k: v}\n",
            "---\n",
            "l: 'quoted: text'\n",
            "m: |\n  block\n",
            "[1, 2]: x\n",
            "n: null\no: 1.5e3\n",
            "  p: bad indent\n",
            'q: "unclosed\n',
        ]
    ),
    max_size=8,
)


@given(yaml_fragments)
def test_fast_parse_agrees_with_the_reference_parser(fragments: list[str]):
    """Same data, positions, duplicate keys and failure from the libyaml fast path as from the reference parser,
    whether it keeps positions while parsing or works them out when asked."""
    text = "".join(fragments)

    def outcome(parse):
        try:
            parsed = parse(text)
        except YamlFailure as failure:
            return ("failure", failure.line, failure.column, failure.message)
        duplicates = [(d.line, d.column, d.message) for d in parsed.duplicate_keys]
        return (parsed.data, parsed.positions, parsed.key_positions, duplicates)

    reference = outcome(parse_yaml)
    assert outcome(parse_yaml_fast) == reference
    assert outcome(functools.partial(parse_yaml_fast, positions=False)) == reference
