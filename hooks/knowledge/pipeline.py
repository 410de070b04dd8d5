"""The engine in one call: load → validate → link (with the checks, the decision flow and stable ids).

In: the ``content/`` folder. Out: a checked :class:`Site` that renders pages and exports, or
every problem of every stage at once (a stage never hides the problems of the next one).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from knowledge.export.api import ARCHIVE_URI, RecordJson, api_files
from knowledge.export.archive import ARCHIVE_CACHE_FILE, archive
from knowledge.export.feeds import feed_files
from knowledge.export.search_index import VOCABULARY_URI, vocabulary
from knowledge.link.checks import run_checks
from knowledge.link.flow import Flow, check_flow
from knowledge.link.graph import Graph, build_graph
from knowledge.link.similar import SIMILAR_CACHE_FILE
from knowledge.link.stable_ids import Redirect, check_stable_ids
from knowledge.load.parse_cache import PARSE_CACHE_FILE, ParseCache
from knowledge.load.record_files import display_path, load_content
from knowledge.problems import Problem, ProblemLog
from knowledge.render.finder import DATA_URI as FINDER_DATA_URI
from knowledge.render.finder import Finder
from knowledge.render.pages import GeneratedPage, PageJob, Renderer
from knowledge.validate.records import validate_records


class ContentError(Exception):
    """The content has errors; ``problems`` holds every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in content")

    def report(self) -> str:
        """All problems, one per line, with a closing count."""
        errors = sum(p.severity == "error" for p in self.problems)
        warnings = len(self.problems) - errors
        lines = [p.format() for p in self.problems]
        lines.append(f"{errors} error(s), {warnings} warning(s): fix the errors above; nothing was built.")
        return "\n".join(lines)


@dataclass
class Site:
    """A checked knowledge base, ready to render."""

    graph: Graph
    flow: Flow | None
    warnings: list[Problem] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)
    """Old ids of renamed records, each with the id that replaced it."""
    cache_root: Path | None = None
    """The project root whose ``.cache/`` keeps derived data between runs (similar scenarios, the archive); None keeps nothing."""

    def pages(self, *, directory_urls: bool = True, today: date | None = None) -> list[GeneratedPage]:
        """Every generated Markdown page."""
        return self.renderer(directory_urls=directory_urls, today=today).pages()

    def page_jobs(self, *, directory_urls: bool = True, today: date | None = None) -> list[PageJob]:
        """Every generated Markdown page, each rendered when its job runs."""
        return self.renderer(directory_urls=directory_urls, today=today).jobs()

    def renderer(self, *, directory_urls: bool = True, today: date | None = None) -> Renderer:
        """The renderer of this site's pages, with its caches below :attr:`cache_root` if there is one."""
        similar_cache = self.cache_root / SIMILAR_CACHE_FILE if self.cache_root is not None else None
        return Renderer(self.graph, self.flow, directory_urls=directory_urls, today=today, similar_cache=similar_cache, finder=self.finder)

    @functools.cached_property
    def finder(self) -> Finder:
        """The scenario finder's facets, listings and data (``render/finder.py``), shared by the pages and the exports."""
        return Finder(self.graph)

    def api_files(self, *, directory_urls: bool = True, record_json: RecordJson | None = None) -> dict[str, str]:
        """JSON exports and schemas, by site path; ``record_json`` may supply records' entries made before (``export.api``)."""
        return api_files(self.graph, self.flow, directory_urls, self.redirects, record_json)

    def data_files(self, *, directory_urls: bool, today: date, site_url: str, record_json: RecordJson | None = None) -> dict[str, str | bytes]:
        """Every generated file that is not a Markdown page: JSON API, archive, redirect pages, feeds, search and finder data, by site path."""
        api = self.api_files(directory_urls=directory_urls, record_json=record_json)
        return {
            **api,
            **self.download_files(api, today=today),
            **self.redirect_files(directory_urls=directory_urls),
            **self.feed_files(site_url=site_url, directory_urls=directory_urls),
            VOCABULARY_URI: vocabulary(self.graph),
            FINDER_DATA_URI: self.finder.data(),
        }

    def download_files(self, api: dict[str, str], *, today: date) -> dict[str, bytes]:
        """The open-data archive made from the API files, by site path."""
        cache = self.cache_root / ARCHIVE_CACHE_FILE if self.cache_root is not None else None
        return {ARCHIVE_URI: archive(self.graph, api, today, cache)[0]}

    def feed_files(self, *, site_url: str, directory_urls: bool = True) -> dict[str, str]:
        """The Atom feeds, by site path."""
        return feed_files(self.graph, site_url, directory_urls)

    def redirect_files(self, *, directory_urls: bool = True) -> dict[str, str]:
        """An HTML page at each old URL of a renamed record, by site path."""
        return self.renderer(directory_urls=directory_urls).redirect_files(self.redirects)


def check_content(content_dir: Path, root: Path, *, parse_cache: bool = True) -> tuple[Site | None, ProblemLog]:
    """Load, validate, link and check; return the site (None on errors) and every problem.

    ``parse_cache`` keeps parsed record data, and the site keeps what it derives from them, in
    ``root``'s ``.cache/`` between runs.
    """
    log = ProblemLog()
    cache = ParseCache(root / PARSE_CACHE_FILE) if parse_cache else None
    loaded = load_content(content_dir, root, log, cache=cache)
    records = validate_records(loaded.records, log)
    passed = {id(record.raw) for record in records}
    failed = [raw for raw in loaded.records if id(raw) not in passed]
    valid = {(record.kind, record.id) for record in records}
    invalid = loaded.present - valid  # files that exist but failed: their own errors are reported
    graph = build_graph(records, log, invalid, failed)
    run_checks(graph, log)
    flow = check_flow(graph, log)
    redirects = check_stable_ids(graph, content_dir, display_path(content_dir, root), log)
    if log.errors:
        return None, log
    return Site(graph, flow, log.warnings, redirects, cache_root=root if parse_cache else None), log


def build_site(content_dir: Path, root: Path | None = None) -> Site:
    """Check the content; raise :class:`ContentError` with every problem if anything is wrong."""
    site, log = check_content(content_dir, root or content_dir.parent)
    if site is None:
        raise ContentError(log.sorted())
    return site
