"""MkDocs adapter: runs the knowledge engine on MkDocs events. All logic lives in ``knowledge``.

Event order matters: a bad record must stop the build while the previous site is still
intact. In process, content is checked in ``on_pre_build``, before MkDocs empties ``site/``;
the engine worker checks it while MkDocs cleans and collects, with the previous site set
aside (``knowledge.setaside``) until every page is converted, and put back if the build fails
before that.

Performance (see ``benchmarks/``): a full build runs the engine in a worker process
(``knowledge.worker``) that renders the generated files while MkDocs converts pages, and
MkDocs reads each one when it gets to it. The preview server and incremental builds
(``--dirty``) run the engine in process and get generated pages from the page cache, so
MkDocs skips unchanged ones; the engine's objects are released before MkDocs reads the
pages. Each event is timed, and ``KNOWLEDGE_TIMINGS`` writes the timings out.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

sys.path.insert(0, str(Path(__file__).parent))  # the engine package sits beside this file

from knowledge import forked, worker
from knowledge.assets import vendored_scripts
from knowledge.pagecache import CACHE_FOLDER, PageCache
from knowledge.setaside import PreviousSite
from knowledge.templatecache import bytecode_cache

if TYPE_CHECKING:
    from knowledge import Site

log = logging.getLogger("mkdocs.hooks.knowledge")
_state: dict[str, object] = {}
_marks: dict[str, float] = {"import": time.perf_counter()}
"""When each event started or ended (``time.perf_counter``): where a build spends its time."""
TIMINGS_ENV = "KNOWLEDGE_TIMINGS"
"""Set to a file path to have each build write its stage timings there as JSON (the benchmark does)."""
WORKER_ENV = "KNOWLEDGE_WORKER"
"""Set to 0 to run the engine in the build process for full builds too (to compare, or to debug)."""
_WORKER_COMMANDS = ("build", "gh-deploy")
_gc_clock: dict[str, float] = {"seconds": 0.0, "collections": 0}
_gc_paused: dict[str, bool] = {}


def _mark(name: str) -> None:
    _marks[name] = time.perf_counter()
    _gc_clock[f"at {name}"] = _gc_clock["seconds"]


def _time_gc(phase: str, info: dict) -> None:
    if phase == "start":
        _gc_clock["started"] = time.perf_counter()
    else:
        _gc_clock["seconds"] += time.perf_counter() - _gc_clock.get("started", time.perf_counter())
        _gc_clock["collections"] += 1


if os.environ.get(TIMINGS_ENV):  # only when measuring: a callback on every collection is not free
    gc.callbacks.append(_time_gc)


def _pause_gc() -> None:
    _gc_paused["by_us"] = gc.isenabled()
    gc.disable()


def _resume_gc() -> None:
    if _gc_paused.pop("by_us", False):
        gc.enable()


def on_startup(command: str, dirty: bool) -> None:
    """Choose where the engine runs; a preview server lets the loader reuse unchanged parses."""
    if command == "serve":  # rebuilds often: parse only the files that changed
        from knowledge import loader

        loader.remember_parses(True)
    _state["dirty"] = dirty
    _state["use_worker"] = command in _WORKER_COMMANDS and not dirty and os.environ.get(WORKER_ENV) != "0"


def _project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Serve Mermaid from the site itself when the pinned npm package is installed."""
    _mark("config")
    root = _project_root(config)
    _state["root"] = root
    for uri in vendored_scripts(root):
        if uri not in config.extra_javascript:
            config.extra_javascript.insert(0, uri)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Load, validate and link every record; abort with every problem listed.

    A full build does this in the engine worker, and meanwhile lets MkDocs clean ``site/`` and
    collect the files: the previous site is set aside (``knowledge.setaside``), and the build
    waits for the check in ``on_files``, where it needs the list of generated files.
    """
    _mark("pre_build")
    root = _state.get("root") or _project_root(config)
    assert isinstance(root, Path)
    if _state.get("use_worker") and forked.available():
        _start_worker(config, root)
    else:
        _check_in_process(root)
    _mark("pre_build_end")


def _start_worker(config: MkDocsConfig, root: Path) -> None:
    cache = root / CACHE_FOLDER / "docs"
    site = Path(config.site_dir)
    previous = PreviousSite.set_aside(site)  # renames: instant
    engine = worker.EngineWorker.start(
        root,
        directory_urls=config.use_directory_urls,
        today=date.today(),
        page_cache=cache if cache.is_dir() else None,
        previous_site=site if previous is not None else None,
    )
    _state["worker"] = engine
    if previous is not None:
        _state["previous_site"] = previous
    elif site.is_dir():  # the site could not be moved aside: check before MkDocs empties it
        _await_check(engine)


def _await_check(engine: worker.EngineWorker) -> None:
    """Wait for the worker's check; on a problem, put the previous site back and stop the build."""
    try:
        checked = engine.checked()
    except (worker.ContentRejected, worker.WorkerFailed) as problem:
        _state.pop("worker")
        _restore_previous_site()
        if isinstance(problem, worker.ContentRejected):
            raise PluginError("content errors, the site was not built:\n" + str(problem)) from None
        raise PluginError(str(problem)) from None
    for warning in checked.warnings:
        log.info(warning)
    _state["planned"] = checked.files


def _restore_previous_site() -> None:
    previous = _state.pop("previous_site", None)
    if isinstance(previous, PreviousSite):
        previous.restore()


def _check_in_process(root: Path) -> None:
    from knowledge import ContentError, build_site

    # The engine builds a large set of long-lived objects; collecting cycles while it grows only
    # walks them again and again. Collection resumes once on_files has released them.
    _pause_gc()
    try:
        site = build_site(root / "content", root)
    except ContentError as error:
        _resume_gc()
        raise PluginError("content errors, the site was not built:\n" + error.report()) from None
    except BaseException:
        _resume_gc()
        raise
    for warning in site.warnings:
        log.info(warning.format())
    _state["site"] = site


class StreamedFile(File):
    """A generated file whose content the engine worker sends when MkDocs first reads it.

    MkDocs reads a file's content through ``_content`` (``content_string``, ``content_bytes``,
    ``copy_file``); here that attribute waits for the worker once, then holds the content.
    """

    engine: worker.EngineWorker | None = None
    _received: str | bytes | None = None

    @property  # type: ignore[override]
    def _content(self) -> str | bytes | None:
        if self._received is None and self.engine is not None:
            try:
                data = self.engine.content(self.src_uri)
            except worker.WorkerFailed as failed:
                raise PluginError(str(failed)) from None
            self._received = data.decode("utf-8") if self.src_uri.endswith(".md") else data
            self.engine = None
        return self._received

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._received = value
        self.engine = None

    def await_worker(self, engine: worker.EngineWorker) -> StreamedFile:
        """Take the content from ``engine`` when first read (MkDocs makes a file with some content to start with)."""
        self._received, self.engine = None, engine
        return self


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page, JSON export, schema and vendored script to the build."""
    _mark("files")
    root = _state["root"]
    assert isinstance(root, Path)
    engine = _state.get("worker")
    if isinstance(engine, worker.EngineWorker):
        if "planned" not in _state:
            _await_check(engine)
        _mark("checked")
        _add_streamed_files(files, config, engine)
    else:
        _add_generated_files(files, config, root)
    for uri, path in vendored_scripts(root).items():
        _replace(files, File.generated(config, uri, abs_src_path=str(path)))
    _mark("files_end")
    return files


def _add_streamed_files(files: Files, config: MkDocsConfig, engine: worker.EngineWorker) -> None:
    planned = _state.pop("planned")
    assert isinstance(planned, list)
    for entry in planned:
        if entry.is_page:
            file = _page_file(config, entry.uri, entry.edit_path, entry.in_nav, kind=StreamedFile, content=b"")
        else:
            file = StreamedFile.generated(config, entry.uri, content=b"", inclusion=InclusionLevel.INCLUDED)
        assert isinstance(file, StreamedFile)
        _replace(files, file.await_worker(engine))


def _add_generated_files(files: Files, config: MkDocsConfig, root: Path) -> None:
    from knowledge import Site

    site = _state.pop("site")  # released at the end: MkDocs needs the memory for the pages
    assert isinstance(site, Site)
    _state["timings"] = site.timings
    cache = PageCache(root / CACHE_FOLDER / "docs")
    # Incremental builds (`--dirty`) get files backed by the page cache: an unchanged page keeps
    # its modification time, so MkDocs skips it. A full build rebuilds every page anyway and
    # keeps them in memory, unless a cache exists from earlier incremental builds to keep current.
    incremental = bool(_state.get("dirty")) or cache.folder.is_dir()
    if incremental:
        _add_cached_pages(files, config, site, cache)
    else:
        for page in site.pages(directory_urls=config.use_directory_urls, today=date.today()):
            _replace(files, _page_file(config, page.uri, page.edit_path, page.in_nav, content=page.content))
    api = site.api_files(directory_urls=config.use_directory_urls)
    with site.timings.stage("cache"):
        for uri, content in api.items():
            source = {"abs_src_path": str(cache.put(uri, content))} if incremental else {"content": content}
            _replace(files, File.generated(config, uri, **source))
        if incremental:
            cache.prune()
            cache.save_keys()
            log.debug(f"knowledge: {len(cache.written)} generated files written to {cache.folder}, {len(cache.kept)} unchanged")
    del site, api  # the engine's objects are not needed any more: give MkDocs the memory
    _resume_gc()


def _add_cached_pages(files: Files, config: MkDocsConfig, site: Site, cache: PageCache) -> None:
    """Pages backed by the page cache; a page whose key matches its cached file's is not rendered again."""
    for job in site.page_jobs(directory_urls=config.use_directory_urls, today=date.today()):
        key = job.key() if job.key is not None else None
        path = cache.reuse(job.uri, key)
        if path is None:
            with site.timings.stage("render"):
                page = job.run()
            with site.timings.stage("cache"):
                path = cache.put(job.uri, page.content, key=key)
        _replace(files, _page_file(config, job.uri, job.edit_path, job.in_nav, abs_src_path=str(path)))


def _page_file(config: MkDocsConfig, uri: str, edit_path: str | None, in_nav: bool, *, kind: type[File] = File, **source: str | bytes) -> File:
    """A generated Markdown page; its edit link opens the record it shows."""
    inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
    file = kind.generated(config, uri, inclusion=inclusion, **source)
    file.edit_uri = f"../{edit_path}" if edit_path else None
    return file


def on_build_error(error: Exception) -> None:
    """Resume garbage collection if the build failed while the engine ran; end the worker; put the previous site back."""
    _resume_gc()
    _stop_worker()
    _restore_previous_site()


def on_shutdown() -> None:
    """End the worker if a build stopped while it ran (interrupted, say), and put the previous site back."""
    _stop_worker()
    _restore_previous_site()


def _stop_worker() -> None:
    engine = _state.pop("worker", None)
    if isinstance(engine, worker.EngineWorker):
        engine.stop()


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """In an incremental build, read the navigation's unchanged pages for their titles.

    MkDocs skips unchanged pages entirely under ``--dirty``, so the navigation of the pages it
    does rebuild would show "None" for every page without a title in ``mkdocs.yml``.
    """
    _mark("nav")
    if _state.get("dirty"):
        for page in nav.pages:
            if page.markdown is None and not page.file.is_modified():
                page.read_source(config)
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Every page is converted to HTML; before MkDocs copies the exports, wait for the worker's last file.

    The theme's templates are compiled once and kept, like the engine's: MkDocs would compile
    them again in every build, which is a large part of a preview build's time.
    """
    _mark("env")
    if env.bytecode_cache is None:
        env.bytecode_cache = bytecode_cache()
    engine = _state.get("worker")
    if isinstance(engine, worker.EngineWorker):
        waited_for_pages = engine.waited
        try:
            _state["timings"] = {**engine.finish(), "wait for pages": waited_for_pages}
        except worker.WorkerFailed as failed:
            _state.pop("worker")
            raise PluginError(str(failed)) from None
        # Every page is converted; what remains is writing them. The previous site goes now,
        # deleted by the worker while MkDocs writes.
        engine.discard_previous_site()
        _state.pop("previous_site", None)
        _mark("worker_end")
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """Let the worker end (it deleted the previous site meanwhile); write the stage timings when the benchmark asks for them."""
    engine = _state.pop("worker", None)
    if isinstance(engine, worker.EngineWorker):
        engine.wait()
    _mark("post_build")
    target = os.environ.get(TIMINGS_ENV)
    timings = _state.get("timings")
    if target and isinstance(timings, dict):
        start = _marks["import"]
        data = {"marks": {name: at - start for name, at in _marks.items()}, "engine": dict(timings), "gc": dict(_gc_clock)}
        Path(target).write_text(json.dumps(data, indent=2), encoding="utf-8")


def _replace(files: Files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)
