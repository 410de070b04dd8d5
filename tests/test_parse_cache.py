"""The parse cache: unchanged files are not parsed again, and the cache can neither lie nor run code."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from conftest import edit, errors, problems
from knowledge.load import parse_cache as parsecache
from knowledge.load.parse_cache import PARSE_CACHE_FILE, ParseCache
from knowledge.load.record_files import load_content
from knowledge.problems import ProblemLog


def load(root: Path) -> tuple[ParseCache, dict[str, object]]:
    """Load the content with the project's parse cache; return the cache and each file's data."""
    cache = ParseCache(root / PARSE_CACHE_FILE)
    loaded = load_content(root / "content", root, ProblemLog(), cache=cache)
    return cache, {raw.display_path: raw.parsed.data for raw in loaded.records}


def test_a_second_load_parses_nothing_and_gives_the_same_data(project: Path):
    first, data = load(project)
    assert first.hits == 0 and (project / PARSE_CACHE_FILE).is_file()
    second, again = load(project)
    assert second.hits == len(data) > 10
    assert again == data


def test_an_edited_file_is_parsed_again(project: Path):
    load(project)
    edit(project, "tools/vector-db.yaml", "summary: Stores embeddings and returns nearest neighbours.", "summary: Keeps vectors.")
    cache, data = load(project)
    assert cache.hits == len(data) - 1
    assert data["content/tools/vector-db.yaml"]["summary"] == "Keeps vectors."


def test_a_load_that_parsed_only_a_few_files_leaves_the_stored_cache_as_it_was(project: Path, monkeypatch: pytest.MonkeyPatch):
    load(project)
    stored = (project / PARSE_CACHE_FILE).read_bytes()
    edit(project, "tools/vector-db.yaml", "summary: Stores embeddings and returns nearest neighbours.", "summary: Keeps vectors.")
    _, data = load(project)
    assert data["content/tools/vector-db.yaml"]["summary"] == "Keeps vectors."
    assert (project / PARSE_CACHE_FILE).read_bytes() == stored  # one file parsed again: cheaper than rewriting every entry
    monkeypatch.setattr(parsecache, "SAVE_AFTER_PARSES", 1)
    load(project)
    assert (project / PARSE_CACHE_FILE).read_bytes() != stored
    assert load(project)[0].hits == len(data)


def test_problems_keep_their_positions_when_the_data_comes_from_the_cache(project: Path):
    edit(project, "tools/vector-db.yaml", "category: vector-database", "category: vector-shop")
    first = errors(project)
    assert first and ":" in first[0]
    assert errors(project) == first  # the second run reads the data from the cache, positions from the text


def test_a_planted_cache_cannot_run_code_and_is_ignored(project: Path):
    marker = project / "pwned"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    path = project / PARSE_CACHE_FILE
    path.parent.mkdir(parents=True)
    path.write_bytes(pickle.dumps({"fingerprint": "x", "entries": {b"k": Exploit()}}))
    cache, data = load(project)
    assert not marker.exists()
    assert cache.hits == 0 and data
    assert problems(project) == []


def test_a_corrupt_cache_is_ignored_and_rewritten(project: Path):
    path = project / PARSE_CACHE_FILE
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x80\x05not a pickle")
    cache, data = load(project)
    assert cache.hits == 0 and data
    assert load(project)[0].hits == len(data)
