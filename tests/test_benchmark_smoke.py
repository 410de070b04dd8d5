"""The benchmark machinery at a tiny size, so it keeps working; never asserts on timings."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from conftest import PROJECT
from knowledge.export.api import _dump
from knowledge.link.checks import FIGURE
from knowledge.load.fast_yaml import parse_yaml_fast
from knowledge.load.strict_yaml import parse_yaml
from knowledge.pipeline import check_content
from knowledge.preview.page_cache import PageCache

if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from benchmarks.corpus import make_project
from benchmarks.probe import EVENTS
from benchmarks.run import BEFORE, PROBE, SPANS, Run, SizeResult, add_probe, edit_one_scenario, measure, measure_real_validation, ratio_rows, report

pytestmark = pytest.mark.slow

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


def test_probe_is_listed_last_under_hooks_once(tmp_path: Path):
    hooked = tmp_path / "mkdocs.yml"
    hooked.write_text((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    add_probe(hooked)
    add_probe(hooked)
    text = hooked.read_text(encoding="utf-8")
    assert f"hooks:\n  - hooks/site.py\n  - {PROBE}\n" in text
    assert text.count(str(PROBE)) == 1
    plain = tmp_path / "plain.yml"
    plain.write_text("site_name: Plain\nnav:\n  - index.md\n", encoding="utf-8")
    add_probe(plain)
    assert plain.read_text(encoding="utf-8").endswith(f"\n\nhooks:\n  - {PROBE}\n")


def _run(seconds: float, cpu: float = 1.0, max_rss: int = 1) -> Run:
    return Run(seconds, cpu, max_rss, "")


def _result(scenarios: int, cold: float, plain: float, dirty: float, memory: int) -> SizeResult:
    return SizeResult(
        scenarios=scenarios,
        records=scenarios,
        validate=_run(1.0),
        cold=_run(cold, max_rss=memory),
        warm=_run(cold, max_rss=memory),
        plain=_run(plain),
        first_dirty=_run(cold),
        dirty=_run(dirty),
        pages_rebuilt=4,
        pages_total=scenarios,
    )


def test_ratios_judge_each_target_at_its_sizes_only():
    def verdicts(results: list[SizeResult]) -> dict[str, str]:
        return {row.key: row.verdict([r.scenarios for r in results]) for row in ratio_rows(results)}

    small, big = _result(100, cold=3.0, plain=1.0, dirty=1.5, memory=10), _result(1_000, cold=10.0, plain=10.0, dirty=1.0, memory=100)
    assert verdicts([small, big]) == {
        "overhead_cold": "ok",  # 3.0 at 100 is not judged
        "overhead_warm": "ok",
        "scaling_time": "ok",  # 10.0 / 3.0
        "scaling_memory": "ok",  # 100 / 10
        "dirty": "ok",
        "memory_budget": "n/a",  # judged at 10,000 only
        "serve": "n/a",
        "search_share": "n/a",  # not measured in these made-up results
        "search_bytes": "n/a",
        "largest_page": "n/a",
    } | {key: "-" for key in ("overhead_cpu", "scaling_cpu", "scaling_plain", "pages_rebuilt", "first_dirty", "validate", "memory_plain")}
    slower = _result(1_000, cold=40.0, plain=10.0, dirty=10.0, memory=2_000)
    assert {key: verdict for key, verdict in verdicts([small, slower]).items() if verdict == "MISSED"} == {
        "overhead_cold": "MISSED",
        "overhead_warm": "MISSED",
        "scaling_time": "MISSED",
        "scaling_memory": "MISSED",
        "dirty": "MISSED",
    }
    not_tenfold = next(row for row in ratio_rows([small, _result(2_000, 10.0, 10.0, 1.0, 100)]) if row.key == "scaling_time")
    assert not_tenfold.values == [None, None]


def test_real_content_validation_counts_every_record(tmp_path: Path):
    real = measure_real_validation(tmp_path, repeat=1)
    record_files = [path for path in (PROJECT / "content").rglob("*.yaml") if "_schemas" not in path.parts]
    assert real.records == len(record_files) > 0
    assert real.run.marks == {}  # no MkDocs, so no probe


def test_benchmark_measures_every_ratio_at_a_tiny_size(tmp_path: Path):
    steps: list[str] = []
    result = measure(SCENARIOS, tmp_path, log=steps.append, serve=True, repeat=2)
    full_builds = [step.split("] ", 1)[1] for step in steps if "mkdocs build --strict" in step]
    assert len(full_builds) == 6
    assert full_builds[0].startswith("mkdocs build --strict with the hooks, cold parse cache (1/2)")
    assert full_builds[3].startswith("mkdocs build --strict with the hooks, warm parse cache (2/2)")  # the second round starts with another build
    for run in (result.cold, result.warm, result.plain, result.first_dirty, result.dirty):
        assert list(run.marks) == list(EVENTS)  # the probe saw every event, in MkDocs' order
        assert run.marks["startup"] > 0 and sorted(run.marks.values()) == list(run.marks.values()) and run.marks["shutdown"] < run.seconds
        assert run.max_rss > 0 and run.cpu > 0
    plain_config = (tmp_path / f"n{SCENARIOS}" / "export" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site.py" not in plain_config and plain_config.endswith(f"hooks:\n  - {PROBE}\n")  # MkDocs alone, and the probe
    assert (tmp_path / f"n{SCENARIOS}" / "project" / ".cache" / "knowledge" / "parsed.pickle").is_file()
    assert result.serve is not None
    assert 0 < result.pages_rebuilt < result.pages_total  # the --dirty build skipped unchanged pages
    rows = ratio_rows([result])
    assert {row.key for row in rows} == set(BEFORE) | {"search_share", "search_bytes", "largest_page"}  # the rows added with search have no figures from before
    assert result.search_index is not None and result.search_index.seconds > 0
    assert 0 < result.largest_page < 200_000 and 0 < result.search_bytes < 1_000_000
    assert [row.key for row in rows if row.values == [None]] == ["scaling_time", "scaling_cpu", "scaling_plain", "scaling_memory"]  # one size: no growth
    real = measure_real_validation(tmp_path, repeat=1)
    text = report([result], real)
    for row in rows:
        assert row.label in text
    for _, _, label in SPANS:
        assert label in text
    assert f"{real.records} records" in text
