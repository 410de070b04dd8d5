"""The whole engine in one call: load → validate → link → check → render → export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from knowledge.checks import run_checks
from knowledge.decision import Flow, check_flow
from knowledge.export import api_files
from knowledge.graph import Graph, build_graph
from knowledge.loader import load_content
from knowledge.parsecache import PARSE_CACHE_FILE, ParseCache
from knowledge.problems import Problem, ProblemLog
from knowledge.render import GeneratedPage, PageJob, Renderer
from knowledge.timing import Timings
from knowledge.validation import validate_records


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
    timings: Timings = field(default_factory=Timings)
    """Seconds per stage (load, validate, link, checks, flow, render, export)."""

    def pages(self, *, directory_urls: bool = True, today: date | None = None) -> list[GeneratedPage]:
        """Every generated Markdown page."""
        with self.timings.stage("render"):
            return Renderer(self.graph, self.flow, directory_urls=directory_urls, today=today).pages()

    def page_jobs(self, *, directory_urls: bool = True, today: date | None = None) -> list[PageJob]:
        """Every generated Markdown page, each rendered when its job runs (not timed here)."""
        return Renderer(self.graph, self.flow, directory_urls=directory_urls, today=today).jobs()

    def api_files(self, *, directory_urls: bool = True) -> dict[str, str]:
        """JSON exports and schemas, by site path."""
        with self.timings.stage("export"):
            return api_files(self.graph, self.flow, directory_urls)


def check_content(content_dir: Path, root: Path, timings: Timings | None = None, *, parse_cache: bool | ParseCache = True) -> tuple[Site | None, ProblemLog]:
    """Load, validate, link and check; return the site (None on errors) and every problem.

    ``timings`` (optional) receives the seconds each stage took; the site carries them on.
    ``parse_cache`` keeps parsed record data in ``root``'s ``.cache/`` between runs (or in
    the :class:`ParseCache` given).
    """
    timings = Timings() if timings is None else timings
    log = ProblemLog()
    with timings.stage("load"):
        if isinstance(parse_cache, ParseCache):
            cache: ParseCache | None = parse_cache
        else:
            cache = ParseCache(root / PARSE_CACHE_FILE) if parse_cache else None
        loaded = load_content(content_dir, root, log, cache=cache)
    with timings.stage("validate"):
        records = validate_records(loaded.records, log)
    with timings.stage("link"):
        valid = {(record.kind, record.id) for record in records}
        invalid = loaded.present - valid  # files that exist but failed: their own errors are reported
        graph = build_graph(records, log, invalid)
    with timings.stage("checks"):
        run_checks(graph, log)
    with timings.stage("flow"):
        flow = check_flow(graph, log)
    if log.errors:
        return None, log
    return Site(graph, flow, log.warnings, timings), log


def build_site(content_dir: Path, root: Path | None = None) -> Site:
    """Check the content; raise :class:`ContentError` with every problem if anything is wrong."""
    site, log = check_content(content_dir, root or content_dir.parent)
    if site is None:
        raise ContentError(log.sorted())
    return site
