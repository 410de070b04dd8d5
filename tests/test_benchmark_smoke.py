"""The benchmark machinery at a tiny size, so it keeps working; never asserts on timings."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import pytest

from conftest import PROJECT
from knowledge.export.api import _dump, api_files, kind_export
from knowledge.link.checks import FIGURE
from knowledge.link.graph import Graph
from knowledge.load import record_files as loader
from knowledge.load.fast_yaml import parse_yaml_fast
from knowledge.load.strict_yaml import parse_yaml
from knowledge.pipeline import check_content
from knowledge.preview.page_cache import PageCache
from knowledge.records.kinds import KINDS, KINDS_BY_NAME
from knowledge.render.pages import KEYED_PAGES, GeneratedPage, Renderer

if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from benchmarks.corpus import make_project
from benchmarks.run import ROW_LABELS, edit_one_scenario, measure, ratio_rows, report

SCENARIOS = 20


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("corpus") / "project"


def test_generated_corpus_is_valid_and_realistic(corpus: Path):
    counts = make_project(corpus, SCENARIOS)
    assert counts.by_kind["scenario"] == SCENARIOS
    assert {"approach", "factor", "failure-mode", "question", "outcome", "step", "term", "faq", "mistake", "evidence", "tool", "stack-pattern"} <= set(
        counts.by_kind
    )
    site, log = check_content(corpus / "content", corpus)
    assert [problem.format() for problem in log.sorted()] == []  # no error and no warning either
    assert site is not None
    assert sum(len(records) for records in site.graph.records.values()) == counts.total
    assert len(site.flow.traces) == SCENARIOS  # every scenario walks the flow to an outcome
    for path in (corpus / "content").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=")
        if path.parent.name != "evidence":
            assert not FIGURE.search(text), path


def test_repeated_benchmark_edits_keep_the_scenario_valid(tmp_path: Path):
    project = tmp_path / "project"
    make_project(project, SCENARIOS)
    for attempt in range(20):  # every --dirty repeat and the serve measurement edit the same scenario
        path = edit_one_scenario(project, f"edit {attempt}")
    assert path.read_text(encoding="utf-8").count("Edited for the") == 1
    assert "\nsummary: Edited for the edit 19 benchmark. " in path.read_text(encoding="utf-8")
    _, log = check_content(project / "content", project)
    assert log.errors == []


def test_fast_paths_match_the_reference_on_the_corpus(corpus: Path):
    if not corpus.is_dir():
        make_project(corpus, SCENARIOS)
    for path in (corpus / "content").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        fast, reference = parse_yaml_fast(text), parse_yaml(text)
        assert (fast.data, fast.positions, fast.key_positions) == (reference.data, reference.positions, reference.key_positions)
    site, _ = check_content(corpus / "content", corpus)
    for content in site.api_files().values():
        data = json.loads(content)
        assert content == _dump(data) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_page_cache_rewrites_only_what_changed(tmp_path: Path):
    cache = PageCache(tmp_path / "cache")
    first = cache.put("scenarios/a.md", "# A\n")
    cache.put("scenarios/b.md", "# B\n")
    os.utime(first, ns=(1_000_000_000, 1_000_000_000))
    again = PageCache(tmp_path / "cache")
    assert again.put("scenarios/a.md", "# A\n").stat().st_mtime_ns == 1_000_000_000  # unchanged: not touched
    again.put("scenarios/c.md", "# C\n")
    assert again.prune() == ["scenarios/b.md"]  # a page nobody generates any more
    assert again.written == ["scenarios/c.md"]
    assert again.kept == ["scenarios/a.md"]
    assert again.put("scenarios/a.md", "# A, edited\n").read_text() == "# A, edited\n"


def test_page_cache_index_spares_reading_files_back_and_names_the_files_to_delete(tmp_path: Path):
    cache = PageCache(tmp_path / "cache")
    page = cache.put("scenarios/a.md", "# A\n", key=b"key a")
    cache.put("scenarios/b.md", "# B\n")
    cache.save_keys()
    stat = page.stat()
    page.write_text("# Z\n")  # same size, same time: only the index says what it holds
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    again = PageCache(tmp_path / "cache")
    assert again.put("scenarios/a.md", "# A\n", key=b"key a").read_text() == "# Z\n"  # trusted, not read back
    assert again.reuse("scenarios/a.md", b"key a") == page
    assert again.reuse("scenarios/a.md", b"other key") is None
    (tmp_path / "cache/scenarios/stray.md").write_text("not in the index")
    assert again.prune() == ["scenarios/b.md"]  # the index names what an earlier round left
    again.save_keys()
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # touched: the index no longer vouches for it
    third = PageCache(tmp_path / "cache")
    assert third.reuse("scenarios/a.md", b"key a") is None
    assert third.put("scenarios/a.md", "# A\n").read_text() == "# A\n"
    assert third.written == ["scenarios/a.md"]


def test_benchmark_measures_every_ratio_at_a_tiny_size(tmp_path: Path):
    steps: list[str] = []
    result = measure(SCENARIOS, tmp_path, log=steps.append, serve=True, repeat=2)
    full_builds = [step.split("] ", 1)[1] for step in steps if "mkdocs build --strict" in step]
    assert full_builds[4].startswith("mkdocs build --strict of the export, no hooks (2/2)")  # the second round starts with another build
    assert len(full_builds) == 8 and len(result.timings) == 3
    rows = ratio_rows([result])
    assert [label for label, *_ in rows] == [label if not label.startswith("scaling") else label + " / previous size" for label in ROW_LABELS]
    text = report([result])
    for label, *_ in rows:
        assert label in text
    assert "engine: render" in text  # the builds that run the engine in process
    assert "engine worker, alongside MkDocs: render" in text  # the full build with the worker
    assert "MkDocs: read pages" in text
    assert result.inprocess.returncode == 0
    assert result.build.tree_rss > 0 or not Path("/proc/self/status").exists()
    assert result.serve_rebuild is not None
    assert 0 < result.pages_rebuilt < result.pages_total  # the --dirty build skipped unchanged pages


def test_serve_reuses_a_page_only_when_nothing_it_shows_changed(tmp_path: Path):
    project = tmp_path / "project"
    make_project(project, SCENARIOS)
    today = dt.date(2026, 11, 24)

    def pages() -> dict[str, GeneratedPage]:
        """The pages as mkdocs serve renders them, checked against rendering every page afresh."""
        site, log = check_content(project / "content", project)
        assert site is not None, [problem.format() for problem in log.errors]
        rendered = {page.uri: page for page in site.pages(today=today)}
        afresh = Renderer(site.graph, site.flow, today=today)
        afresh.reuse = False
        assert {uri: page.content for uri, page in rendered.items()} == {page.uri: page.content for page in afresh.pages()}
        exports = site.api_files()
        assert exports == api_files(site.graph, site.flow, reuse=False)
        for spec in KINDS:
            assert exports[f"api/v1/{spec.export_name}.json"] == _dump(kind_export(site.graph, site.flow, spec))
        graphs.append(site.graph)
        return rendered

    def edit(folder: str, field: str, prefix: str) -> Path:
        path = sorted((project / "content" / folder).glob("*.yaml"))[0]
        path.write_text(path.read_text(encoding="utf-8").replace(f"\n{field}: ", f"\n{field}: {prefix} ", 1), encoding="utf-8")
        return path

    def page_and_linked(kind: str, path: Path) -> set[str]:
        """The keyed pages an edit of ``path`` must render again: its own and those of the records linked with it."""
        graph, key = graphs[-1], (kind, path.stem)
        linked = {key} | {link.target for link in graph.outgoing.get(key, [])} | {link.source for link in graph.backlinks(key)}
        return {KINDS_BY_NAME[other[0]].page_uri(other[1]) for other in linked if other[0] in KEYED_PAGES}

    graphs: list[Graph] = []
    loader.remember_parses(True)  # as mkdocs serve does
    try:
        first = pages()
        scenario = edit("scenarios", "title", "Renamed")
        second = pages()
        evidence = edit("evidence", "title", "Retitled")
        third = pages()
    finally:
        loader.remember_parses(False)
    keyed = {KINDS_BY_NAME[kind].page_uri(record.id) for kind in KEYED_PAGES for record in graphs[0].all(kind)}
    reused = {uri for uri, page in second.items() if page is first.get(uri)}
    assert reused == keyed - page_and_linked("scenario", scenario)
    reused = {uri for uri, page in third.items() if page is second.get(uri)}
    assert reused == keyed - page_and_linked("evidence", evidence)
    assert reused  # the pages not linked with the study are taken as they were
