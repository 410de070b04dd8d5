"""The engine worker: a full build forks it to check the content and stream the generated files."""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
from pathlib import Path

import pytest

from conftest import add_probe_hook, copy_project, edit, mkdocs_build
from knowledge import build_site, forked, worker
from knowledge.loader import load_content
from knowledge.parsecache import PARSE_CACHE_FILE, ParseCache
from knowledge.problems import ProblemLog
from knowledge.render import Renderer

TODAY = dt.date(2026, 11, 24)


def start(root: Path) -> worker.EngineWorker:
    return worker.EngineWorker.start(root, directory_urls=True, today=TODAY, page_cache=None)


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def test_a_build_with_the_worker_publishes_the_same_site_as_one_without(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    assert mkdocs_build(root, env={"KNOWLEDGE_WORKER": "0"}).returncode == 0
    in_process = files_of(root / "site")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    with_worker = files_of(root / "site")
    assert "api/v1/scenarios.json" in with_worker and "scenarios/support-bot/index.html" in with_worker
    assert with_worker.keys() == in_process.keys()
    assert [uri for uri in with_worker if with_worker[uri] != in_process[uri]] == []


def test_the_worker_sends_every_page_and_export_the_engine_makes(project: Path):
    engine = start(project)
    checked = engine.checked()
    site = build_site(project / "content", project)
    expected_pages = {page.uri: page for page in Renderer(site.graph, site.flow, today=TODAY).pages()}
    expected_exports = site.api_files()
    assert [f.uri for f in checked.files if f.is_page] == list(expected_pages)
    assert [f.uri for f in checked.files if not f.is_page] == list(expected_exports)
    for planned in checked.files:
        if planned.is_page:
            page = expected_pages[planned.uri]
            assert (planned.edit_path, planned.in_nav) == (page.edit_path, page.in_nav)
    for planned in reversed(checked.files):  # in any order: files that arrive early wait in the build process
        expected = expected_pages[planned.uri].content if planned.is_page else expected_exports[planned.uri]
        assert engine.content(planned.uri) == expected.encode("utf-8")
    timings = engine.finish()
    assert {"load", "validate", "link", "render", "export"} <= timings.keys()


def test_the_worker_writes_the_parse_cache_once_every_file_is_sent(project: Path):
    engine = start(project)
    checked = engine.checked()
    for planned in checked.files:
        engine.content(planned.uri)
    timings = engine.finish()
    assert "parse cache" in timings
    cache = ParseCache(project / PARSE_CACHE_FILE)
    assert load_content(project / "content", project, ProblemLog(), cache=cache).records and cache.hits > 10


def test_content_errors_come_back_as_the_report(project: Path):
    edit(project, "scenarios/support-bot.yaml", "recommended_start: retrieval", "recommended_start: retreival")
    engine = start(project)
    with pytest.raises(worker.ContentRejected) as rejected:
        engine.checked()
    report = str(rejected.value)
    assert "content/scenarios/support-bot.yaml:11:20: error: no approach with id 'retreival' (did you mean 'retrieval'?)" in report
    assert report.endswith("1 error(s), 0 warning(s): fix the errors above; nothing was built.")


def test_a_failing_worker_is_reported_not_waited_for(project: Path, monkeypatch: pytest.MonkeyPatch):
    def broken(self: Renderer, spec: object, record_id: str) -> str:
        raise RuntimeError(f"cannot render {record_id}")

    monkeypatch.setattr(Renderer, "record_page", broken)  # the fork inherits the broken renderer
    engine = start(project)
    pages = [f.uri for f in engine.checked().files if f.uri.startswith("scenarios/") and f.uri != "scenarios/index.md"]
    with pytest.raises(worker.WorkerFailed, match="RuntimeError: cannot render"):
        engine.content(pages[0])
    with pytest.raises(worker.WorkerFailed):
        engine.finish()


def test_a_killed_worker_is_reported_not_waited_for(project: Path):
    engine = start(project)
    files = engine.checked().files
    os.kill(engine.pid, signal.SIGKILL)
    with pytest.raises(worker.WorkerFailed, match="stopped before it made every file"):
        for planned in files:
            engine.content(planned.uri)


def test_stopping_a_running_worker_ends_it(project: Path):
    engine = start(project)
    engine.checked()
    engine.stop()
    with pytest.raises(ChildProcessError):
        os.waitpid(engine.pid, os.WNOHANG)  # reaped: no such child any more


def test_a_worker_crash_fails_the_build_with_its_message_and_keeps_the_previous_site(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    assert mkdocs_build(root).returncode == 0
    before = files_of(root / "site")
    template = root / "hooks" / "knowledge" / "templates" / "record" / "scenario.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{{ record.no_such_field }}\n", encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert "the engine worker failed" in result.stderr
    assert "no_such_field" in result.stderr
    assert files_of(root / "site") == before  # the content passed its check, but the build failed after: nothing half-built


def test_the_build_process_never_imports_the_engine_when_the_worker_runs(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    probe = add_probe_hook(
        root,
        "import sys\n\n\ndef on_post_build(config):\n    report(' '.join(sorted(m for m in ('pydantic', 'knowledge.pipeline') if m in sys.modules)))\n",
    )
    assert mkdocs_build(root).returncode == 0
    assert probe.read_text(encoding="utf-8") == ""
    assert mkdocs_build(root, env={"KNOWLEDGE_WORKER": "0"}).returncode == 0
    assert probe.read_text(encoding="utf-8") == "knowledge.pipeline pydantic"  # the probe can see them


def test_no_fork_while_another_thread_runs():
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not forked.available()  # mkdocs serve runs its server in threads: the engine stays in process there
    finally:
        release.set()
        thread.join()
