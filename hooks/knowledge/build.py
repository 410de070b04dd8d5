"""What one MkDocs build asks of the engine, in the order it asks: check, generated files (as MkDocs files), search index, publish.

In: the project root, whether the build is incremental (``--dirty``), and the site folder when
the build is staged. Out: the content problems (or the checked site), every generated file
(Markdown pages, JSON exports and other data files) with its place in the site, the written site
indexed for search, and the staged site swapped in only when the build succeeded. ``hooks/site.py`` maps these onto MkDocs events.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from knowledge.export.api import RecordJson
from knowledge.export.search_index import index_site
from knowledge.pipeline import ContentError, Site, build_site
from knowledge.preview.page_cache import CACHE_FOLDER, PageCache
from knowledge.records.kinds import KindSpec
from knowledge.render.page_memo import PAGE_MEMO_FILE, PageMemo
from knowledge.render.pages import PageJob
from knowledge.staging import StagedSite

STAGED_COMMANDS = ("build", "gh-deploy")
"""The MkDocs commands whose output is published, so a failure must leave the previous one."""


def _served(site_dir: Path) -> bool:
    """Whether this is the fresh temporary folder ``mkdocs serve`` builds into (``--clean`` reports the command "build")."""
    return site_dir.name.startswith("mkdocs_") and site_dir.resolve().parent == Path(tempfile.gettempdir()).resolve()


@dataclass(frozen=True)
class GeneratedFile:
    """A file the engine adds to the site: in memory (``content``) or on disk (``path``)."""

    uri: str
    content: str | bytes | None = None
    path: Path | None = None
    edit_path: str | None = None
    """The record file a page shows, for its edit link (relative to the project root)."""
    in_nav: bool = True
    is_page: bool = True

    def mkdocs_file(self, config: MkDocsConfig) -> File:
        """The file as MkDocs takes it in ``on_files``; a page's edit link opens the record it shows."""
        source = {"abs_src_path": str(self.path)} if self.path is not None else {"content": self.content or ""}
        file = File.generated(config, self.uri, inclusion=InclusionLevel.INCLUDED if self.in_nav else InclusionLevel.NOT_IN_NAV, **source)
        if self.is_page:
            file.edit_uri = f"../{self.edit_path}" if self.edit_path else None
        return file


def _markdown(job: PageJob, memo: PageMemo) -> str:
    """A page's Markdown: from the last full build while the page's key holds, else rendered now."""
    return memo.text(job.uri, job.key() if job.key is not None else None, lambda: job.run().content)


def _record_json(memo: PageMemo) -> RecordJson:
    """The API's record entries through the memo, under the key of the record's page (``export.api.RecordJson``)."""

    def record_json(spec: KindSpec, record_id: str, make: Callable[[], str]) -> str:
        page = spec.page_uri(record_id)
        return memo.text(f"json:{page}", memo.key_of(page), make)

    return record_json


@dataclass
class Build:
    """One build of the site: its options, the checked content, and the staged output."""

    root: Path
    incremental: bool = False
    """``--dirty``: generated files come from the page cache, so unchanged pages keep their time."""
    staged: StagedSite | None = None
    site: Site | None = None
    completed: bool = False
    """MkDocs got through ``on_post_build``."""
    failed: bool = False
    """MkDocs reported an error (``on_build_error``), a strict-mode abort included."""
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def for_command(cls, root: Path, command: str | None, *, dirty: bool, site_dir: Path) -> Build:
        """A build of the project at ``root``; staged (``knowledge.staging``) when it is a full build of a site to publish."""
        build = cls(root, incremental=dirty)
        if command in STAGED_COMMANDS and not dirty and not _served(site_dir):
            build.staged = StagedSite(site_dir)
        return build

    def check(self) -> None:
        """Load, validate and link the content; raise :class:`ContentError` with every problem."""
        self.site = build_site(self.root / "content", self.root)
        self.warnings = [warning.format() for warning in self.site.warnings]

    def generated_files(self, *, directory_urls: bool, site_url: str, today: date | None = None) -> list[GeneratedFile]:
        """Every page and data file, as of ``today`` (by default the day of the build); the engine's objects are released afterwards."""
        site, self.site, today = self.site, None, today or date.today()
        if site is None:
            raise ContentError([])
        jobs = site.page_jobs(directory_urls=directory_urls, today=today)
        if self.incremental:
            return self._through_page_cache(jobs, site.data_files(directory_urls=directory_urls, today=today, site_url=site_url))
        memo = PageMemo(site.cache_root / PAGE_MEMO_FILE if site.cache_root is not None else None)
        files = [GeneratedFile(job.uri, _markdown(job, memo), edit_path=job.edit_path, in_nav=job.in_nav) for job in jobs]
        data = site.data_files(directory_urls=directory_urls, today=today, site_url=site_url, record_json=_record_json(memo))
        files += [GeneratedFile(uri, content, is_page=False) for uri, content in data.items()]
        memo.save()
        return files

    def _through_page_cache(self, jobs: list[PageJob], data: dict[str, str | bytes]) -> list[GeneratedFile]:
        """Files backed by the page cache; a page whose key matches its cached file's is not rendered again."""
        cache = PageCache(self.root / CACHE_FOLDER / "docs")
        files = []
        for job in jobs:
            key = job.key() if job.key is not None else None
            path = cache.reuse(job.uri, key) or cache.put(job.uri, job.run().content, key=key)
            files.append(GeneratedFile(job.uri, path=path, edit_path=job.edit_path, in_nav=job.in_nav))
        files += [GeneratedFile(uri, path=cache.put(uri, content), is_page=False) for uri, content in data.items()]
        cache.prune()
        cache.save_keys()
        return files

    def index_search(self, site_dir: Path) -> None:
        """Index the written site for search (``export.search_index``); only then is the build complete."""
        index_site(site_dir)
        self.completed = True

    def finish(self) -> None:
        """Swap the staged site in if the build completed without an error; otherwise delete it and leave ``site/`` untouched."""
        staged, self.staged = self.staged, None
        if staged is not None:
            staged.publish() if self.completed and not self.failed else staged.discard()
