"""Parsing shared out to forked helpers: the same data and the same problems as parsing alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import edit, problems, write
from knowledge import forked, preparse
from knowledge.fastyaml import parse_yaml_fast
from knowledge.loader import MAX_FILE_BYTES, load_content
from knowledge.parsecache import PARSE_CACHE_FILE, ParseCache, text_key
from knowledge.problems import ProblemLog

needs_two_cores = pytest.mark.skipif(not (hasattr(os, "fork") and forked.cores() > 1), reason="helpers need fork and a spare core")


@pytest.fixture(autouse=True)
def fork_despite_other_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Earlier tests (browser, server) may leave threads in this process; the helpers only parse and exit."""
    monkeypatch.setattr(forked, "available", lambda: hasattr(os, "fork"))


@pytest.fixture
def one_file_per_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork helpers even for the small fixture corpus."""
    monkeypatch.setattr(preparse, "FILES_PER_HELPER", 1)


def record_paths(root: Path) -> list[Path]:
    return sorted((root / "content").rglob("*.yaml"))


@needs_two_cores
def test_helpers_put_the_data_of_every_clean_file_into_the_cache(project: Path, one_file_per_helper: None):
    cache = ParseCache(project / PARSE_CACHE_FILE)
    paths = record_paths(project)
    assert preparse.preparse(paths, cache, MAX_FILE_BYTES) >= 1
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert cache.knows(text_key(text)), path
        assert cache.get(text_key(text)) == parse_yaml_fast(text).data


@needs_two_cores
def test_the_loader_reports_the_same_problems_with_helpers_as_alone(project: Path, monkeypatch: pytest.MonkeyPatch):
    write(project, "tools/broken.yaml", "# yaml-language-server: $schema=../_schemas/tool.schema.json\nid: broken\ntitle: [unclosed\n")
    write(project, "tools/twice.yaml", "# yaml-language-server: $schema=../_schemas/tool.schema.json\nid: twice\nid: twice\n")
    (project / "content" / "tools" / "bom.yaml").write_bytes(b"\xef\xbb\xbfid: bom\n")
    edit(project, "scenarios/support-bot.yaml", "recommended_start: retrieval", "recommended_start: retreival")
    monkeypatch.setattr(preparse, "MAX_HELPERS", 0)
    alone = problems(project)
    (project / PARSE_CACHE_FILE).unlink()
    monkeypatch.setattr(preparse, "MAX_HELPERS", 3)
    monkeypatch.setattr(preparse, "FILES_PER_HELPER", 1)
    shared = problems(project)
    assert shared == alone
    assert any("tools/broken.yaml" in line for line in shared)
    assert any("tools/twice.yaml:3:1: error" in line for line in shared)
    assert any("tools/bom.yaml:1:1: error: the file starts with a byte order mark" in line for line in shared)


@needs_two_cores
def test_a_failed_helper_leaves_its_files_to_the_loader(project: Path, one_file_per_helper: None, monkeypatch: pytest.MonkeyPatch):
    def fail(paths: list[Path], cache: ParseCache, max_bytes: int, fd: int) -> None:
        raise RuntimeError("helper broke")

    monkeypatch.setattr(preparse, "_send_share", fail)  # the forked helpers inherit the failure
    cache = ParseCache(project / PARSE_CACHE_FILE)
    paths = record_paths(project)
    preparse.preparse(paths, cache, MAX_FILE_BYTES)
    known = [path for path in paths if cache.knows(text_key(path.read_text(encoding="utf-8")))]
    assert known and len(known) < len(paths)  # only the loader's own share
    loaded = load_content(project / "content", project, ProblemLog(), cache=ParseCache(project / PARSE_CACHE_FILE))
    assert {raw.display_path: raw.parsed.data for raw in loaded.records} == {
        f"content/{path.relative_to(project / 'content').as_posix()}": parse_yaml_fast(path.read_text(encoding="utf-8")).data for path in paths
    }


def test_no_helper_for_a_few_files_or_without_a_spare_core(monkeypatch: pytest.MonkeyPatch):
    assert preparse.helper_count(preparse.FILES_PER_HELPER - 1) == 0
    monkeypatch.setattr(forked, "cores", lambda: 1)
    assert preparse.helper_count(100_000) == 0
    monkeypatch.setattr(forked, "cores", lambda: 64)
    monkeypatch.setattr(forked, "available", lambda: True)
    assert preparse.helper_count(100_000) == preparse.MAX_HELPERS
