"""Render stage: Jinja2 templates (files in ``templates/``) turn the graph into Markdown pages."""

from __future__ import annotations

import functools
import hashlib
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import pydantic

from knowledge.link.flow import Flow
from knowledge.link.graph import Graph, Key
from knowledge.link.recommendation_changes import recommendation_changes
from knowledge.link.similar import Similar, similar_scenarios
from knowledge.link.stable_ids import Redirect
from knowledge.records import vocabulary
from knowledge.records.field_docs import field_docs
from knowledge.records.fields import field_hints, iter_references
from knowledge.records.kinds import KINDS, KINDS_BY_NAME, KindSpec
from knowledge.render import costs, escaping, flowchart
from knowledge.render.finder import DATA_URI as FINDER_DATA_URI
from knowledge.render.finder import Finder, Listing, paginate
from knowledge.render.pairs import Pair, pairs, pairs_with
from knowledge.render.template_cache import bytecode_cache

TEMPLATES = Path(__file__).parent / "templates"
STALE_AFTER_DAYS = 365
BACKLINKS_SHOWN = 20
"""Links per group of backlinks (and scenarios per outcome page) before the rest are only counted."""

READ_THROUGH_LINKS = frozenset({"scenario", "evidence", "tool", "stack-pattern", "failure-mode"})
"""The kinds that grow with the site. A template of a :data:`KEYED_PAGES` kind shows a record of
these kinds only if the two are linked (a reference either way): never through ``graph.all`` or
the decision flow. A template that starts showing them another way must drop its kind from
:data:`KEYED_PAGES`, or :meth:`Renderer.page_key` must learn what the page reads."""

SHARED_FACET_WORDS = {"domain": "domain", "task_type": "task", "data_situation": "data", "volume": "volume", "recommended_start": "start", "tags": "tag"}
"""How "Scenarios like this one" names each facet two scenarios share (:meth:`Renderer.shares`)."""

KEYED_PAGES = READ_THROUGH_LINKS | {"approach", "factor"}
"""Kinds whose record pages get a key (:meth:`Renderer.page_key`): builds reuse such a page while its key
is unchanged (full builds from ``render/page_memo.py``, ``mkdocs serve`` and ``--dirty`` from ``knowledge.preview``). Their templates may read any record of the
kinds outside :data:`READ_THROUGH_LINKS`."""


@dataclass(frozen=True)
class GeneratedPage:
    """A Markdown page made from records."""

    uri: str
    content: str
    edit_path: str | None = None
    in_nav: bool = True


@dataclass(frozen=True)
class PageJob:
    """A generated page before its Markdown is rendered: where it goes, how it is listed, how to make it.

    Knowing every page without rendering one lets a build take an unchanged page from the
    page cache (``knowledge.preview``) instead of rendering it.
    """

    uri: str
    run: Callable[[], GeneratedPage]
    """Renders the page."""
    edit_path: str | None = None
    in_nav: bool = True
    key: Callable[[], bytes | None] | None = None
    """Works out :meth:`Renderer.page_key` without rendering, for pages that have one."""


def page_url(uri: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a Markdown source URI (``a/b.md`` → ``a/b/``)."""
    path, _, anchor = uri.partition("#")
    if directory_urls:
        if path.endswith("index.md"):
            path = path[: -len("index.md")]
        elif path.endswith(".md"):
            path = path[: -len(".md")] + "/"
    elif path.endswith(".md"):
        path = path[: -len(".md")] + ".html"
    return path + (f"#{anchor}" if anchor else "")


def relative(target: str, current: str) -> str:
    """Relative path from the page at ``current`` to ``target`` (both site-root relative).

    Paths ending in ``/`` (or empty, the site root) are folders; others are files.
    """
    return _relative_from(target, _folder_of(current))


def _folder_of(current: str) -> str:
    """The folder links on the page at ``current`` are relative to ('.' for the site root)."""
    base = current.rstrip("/") if current.endswith("/") else current.rpartition("/")[0]
    return base or "."


@functools.lru_cache(maxsize=1 << 16)
def _relative_from(target: str, base: str) -> str:
    """:func:`relative` from a folder: pages of one folder share every result (cached)."""
    path, _, anchor = target.partition("#")
    if not path or path.endswith("/"):
        rel = posixpath.relpath(path or ".", base)
        rel = "./" if rel == "." else rel.rstrip("/") + "/"
    else:
        folder, name = posixpath.split(path)
        if name in (".", ".."):
            rel = posixpath.relpath(path, base)
        else:  # the folder part repeats across thousands of links: compute it once
            rel_folder = _relpath(folder or ".", base)
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
    return rel + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=4096)
def _relpath(path: str, base: str) -> str:
    return posixpath.relpath(path, base)


@functools.cache
def rendering_fingerprint() -> bytes:
    """A digest of what shapes every page besides the records: the templates, the engine's code, and the versions of Jinja and pydantic."""
    package = Path(__file__).parents[1]
    digest = hashlib.blake2b(f"jinja2 {jinja2.__version__}, pydantic {pydantic.VERSION}".encode(), digest_size=16)
    for path in sorted([*package.rglob("*.py"), *TEMPLATES.rglob("*.j2")]):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.digest()


class PageContext:
    """What a template needs to link from the page it renders."""

    def __init__(self, renderer: Renderer, uri: str) -> None:
        self.renderer = renderer
        self.uri = uri
        self.folder = _folder_of(uri)

    def url(self, target_uri: str) -> str:
        """Relative Markdown link to another source URI (MkDocs checks and rewrites it)."""
        return _relative_from(target_uri, self.folder)

    def html_url(self, target_uri: str) -> str:
        """Relative URL for raw HTML and the flowchart, where MkDocs rewrites nothing."""
        directory_urls = self.renderer.directory_urls
        return relative(page_url(target_uri, directory_urls), page_url(self.uri, directory_urls))

    def link(self, kind: str, record_id: str, text: str | None = None) -> str:
        """Markdown link to a record, labelled with its title."""
        if text is None:  # the usual case: the same link text and target on every page of a folder
            return self.renderer.record_link(kind, record_id, self.folder)
        return f"[{escaping.link_text(text)}]({self.url(KINDS_BY_NAME[kind].page_uri(record_id))})"

    def link_key(self, key: Key) -> str:
        """Markdown link to a record by (kind, id)."""
        return self.link(key[0], key[1])

    def links(self, kind: str, record_ids: list[str]) -> str:
        """Comma-separated links to several records."""
        return ", ".join(self.link(kind, record_id) for record_id in record_ids)

    def cell(self, record: Any, field: str) -> str:
        """A field shown in a table cell: references as links, vocabulary values as labels."""
        value = getattr(record, field)
        hints = field_hints(type(record))
        references = list(iter_references(value, hints[field], (field,)))
        if references:
            return ", ".join(self.link(ref.kinds[0] if len(ref.kinds) == 1 else self._kind_of(ref.kinds, target), target) for _, ref, target, _ in references)
        if isinstance(value, list):
            return escaping.table_cell(", ".join(vocabulary.label(field, item) for item in value))
        return escaping.table_cell(vocabulary.label(field, value))

    def _kind_of(self, kinds: tuple[str, ...], record_id: str) -> str:
        return next((kind for kind in kinds if record_id in self.renderer.graph.records[kind]), kinds[0])

    def step_link(self, record_id: str, text: str | None = None) -> str:
        """Link to a question or outcome of the decision flow."""
        return self.link(self._kind_of(("question", "outcome"), record_id), record_id, text)


# Filters that link from the page being rendered (``page`` in the template's context). Templates
# call them as filters, ``{{ record.recommended_start | link("approach") }}``, rather than as
# methods, ``page.link(...)``: Jinja calls a filter directly, but routes every method call
# through a generic dispatcher that costs several times more, on every link of every page.


def _label(value: object, field: str) -> str:
    """``value | label("domain")``: the display label of an enumerated value."""
    return vocabulary.label(field, value)


@jinja2.pass_context
def _link(context: jinja2.runtime.Context, record_id: str, kind: str, text: str | None = None) -> str:
    """``id | link("approach")``: Markdown link to a record, labelled with its title (or ``text``)."""
    return context["page"].link(kind, record_id, text)


@jinja2.pass_context
def _links(context: jinja2.runtime.Context, record_ids: list[str], kind: str) -> str:
    """``ids | links("tool")``: comma-separated links to several records."""
    return context["page"].links(kind, record_ids)


@jinja2.pass_context
def _link_key(context: jinja2.runtime.Context, key: Key) -> str:
    """``(kind, id) | link_key``: Markdown link to a record by its key."""
    return context["page"].link_key(key)


@jinja2.pass_context
def _finder_row(context: jinja2.runtime.Context, record_id: str) -> str:
    """``sid | finder_row``: one scenario's line in a finder listing (``finder-row.md.j2``)."""
    page = context["page"]
    return page.renderer.finder_row(record_id, page.folder)


@jinja2.pass_context
def _shares(context: jinja2.runtime.Context, shared: tuple[tuple[str, str], ...]) -> str:
    """``item.shared | shares``: what two similar scenarios share, as text (:meth:`Renderer.shares`)."""
    return context["page"].renderer.shares(shared)


@jinja2.pass_context
def _step_link(context: jinja2.runtime.Context, record_id: str, text: str | None = None) -> str:
    """``id | step_link``: link to a question or outcome of the decision flow."""
    return context["page"].step_link(record_id, text)


@jinja2.pass_context
def _field_cell(context: jinja2.runtime.Context, record: Any, field: str) -> str:
    """``record | field_cell("domain")``: a field shown in a table cell."""
    return context["page"].cell(record, field)


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, target_uri: str) -> str:
    """``"compare.md" | href``: relative Markdown link target to another source file."""
    return context["page"].url(target_uri)


@jinja2.pass_context
def _html_href(context: jinja2.runtime.Context, target_uri: str) -> str:
    """``uri | html_href``: relative URL for raw HTML and the flowchart, where MkDocs rewrites nothing."""
    return context["page"].html_url(target_uri)


class Renderer:
    """Renders every generated page from the graph and the decision flow."""

    def __init__(
        self,
        graph: Graph,
        flow: Flow | None,
        *,
        directory_urls: bool = True,
        today: date | None = None,
        similar_cache: Path | None = None,
        finder: Finder | None = None,
    ) -> None:
        self.graph = graph
        self.flow = flow
        self.finder = finder or Finder(graph)
        """The scenario finder's facets and listings (``render/finder.py``)."""
        self.directory_urls = directory_urls
        self.today = today or date.today()
        self.similar_cache = similar_cache
        """Where the similar scenarios of an earlier run are kept (``link/similar.py``); None computes them every time."""
        self._labels: dict[Key, str] = {}
        self._links: dict[tuple[str, str, str], str] = {}
        self._rows: dict[tuple[str, str, str], str] = {}
        self._shares: dict[tuple[str, str], str] = {}
        self._stamp: bytes | None = None
        """Digest of what every keyed page depends on alike: code, date, URL style, records of the fixed kinds."""
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            auto_reload=False,  # a fresh environment per build: no need to stat templates per page
            bytecode_cache=bytecode_cache(),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=False,
        )
        self.env.filters.update(
            text=escaping.markdown_text,
            inline=escaping.markdown_inline,
            cell=escaping.table_cell,
            linktext=escaping.link_text,
            url=escaping.link_target,
            attr=escaping.html_attribute,
            d2=flowchart.d2_text,
            d2_link=flowchart.d2_link,
            yaml=escaping.yaml_scalar,
            meta=escaping.front_matter_text,
            label=_label,
            link=_link,
            links=_links,
            link_key=_link_key,
            finder_row=_finder_row,
            shares=_shares,
            step_link=_step_link,
            field_cell=_field_cell,
            href=_href,
            html_href=_html_href,
        )
        self.env.globals.update(
            shown=BACKLINKS_SHOWN,
            vocab=vocabulary, kinds=KINDS_BY_NAME, today=self.today, stale_after_days=STALE_AFTER_DAYS, pairs_with=pairs_with, cost_sketch=costs.sketch_for
        )
        # The graph and the flow go to each page's context, not to the globals: Jinja copies the
        # globals into the macro modules it caches, whose macros and context refer to each other,
        # so the whole corpus would stay alive until a garbage collection found that cycle.
        self.corpus = {"graph": graph, "flow": flow}

    def link_label(self, kind: str, record_id: str) -> str:
        """A record's title escaped as link text, computed once per record and build."""
        key = (kind, record_id)
        label = self._labels.get(key)
        if label is None:
            record = self.graph.get(key)
            label = self._labels[key] = escaping.link_text(record.model.title if record else record_id)
        return label

    def record_link(self, kind: str, record_id: str, folder: str) -> str:
        """Markdown link to a record from a page in ``folder``, labelled with its title (cached)."""
        key = (kind, record_id, folder)
        link = self._links.get(key)
        if link is None:
            target = _relative_from(KINDS_BY_NAME[kind].page_uri(record_id), folder)
            link = self._links[key] = f"[{self.link_label(kind, record_id)}]({target})"
        return link

    def finder_row(self, record_id: str, folder: str) -> str:
        """A scenario's line in a finder listing, for a page in ``folder``.

        The line links to the scenario and to its recommended start, so it differs between two
        folders only if their paths to the scenarios' or the approaches' folder do: a scenario
        shows in about ten listings, and most of those lines are the same text (cached).
        """
        key = (record_id, *(_relpath(KINDS_BY_NAME[kind].site_dir, folder) for kind in ("scenario", "approach")))
        row = self._rows.get(key)
        if row is None:
            row = self._rows[key] = self.render("finder-row.md.j2", f"{folder}/", sid=record_id).rstrip("\n")
        return row

    def shares(self, shared: tuple[tuple[str, str], ...]) -> str:
        """What two similar scenarios share, e.g. ``domain Finance · tag invoices``: each value's text is made once per build."""
        return " · ".join(self._shared_value(field, value) for field, value in shared)

    def _shared_value(self, field: str, value: str) -> str:
        text = self._shares.get((field, value))
        if text is None:
            shown = self.graph.records["approach"][value].model.title if field == "recommended_start" else vocabulary.label(field, value)
            text = self._shares[field, value] = f"{SHARED_FACET_WORDS[field]} {escaping.markdown_inline(shown)}"
        return text

    def render(self, template: str, uri: str, **context: Any) -> str:
        """Render one template for the page at ``uri``."""
        return self.env.get_template(template).render(page=PageContext(self, uri), **self.corpus, **context)

    def backlink_groups(self, key: Key, folder: str) -> list[tuple[str, list[str], int]]:
        """Backlinks as Markdown links from a page in ``folder``, under a heading per source kind and field.

        Each group shows at most :data:`BACKLINKS_SHOWN` links and counts the rest, so a page that
        thousands of scenarios cite stays small; the scenario finder and the JSON API list them all.
        """
        groups: dict[str, list[str]] = {}
        seen: set[tuple[str, Key]] = set()  # a set, not a scan of the group: thousands of scenarios link one approach
        hidden: dict[str, int] = {}
        for link in self.graph.backlinks(key):
            spec = KINDS_BY_NAME[link.source[0]]
            heading = f"{spec.plural} · {link.field.replace('_', ' ')}"
            if (heading, link.source) not in seen:
                seen.add((heading, link.source))
                group = groups.setdefault(heading, [])
                if len(group) < BACKLINKS_SHOWN:
                    group.append(self.record_link(*link.source, folder))
                else:
                    hidden[heading] = hidden.get(heading, 0) + 1
        return [(heading, links, hidden.get(heading, 0)) for heading, links in sorted(groups.items())]

    def record_page(self, spec: KindSpec, record_id: str) -> GeneratedPage:
        """The page of one record."""
        record = self.graph.records[spec.name][record_id]
        uri = spec.page_uri(record_id)
        content = self.render(
            f"record/{spec.name}.md.j2",
            uri,
            spec=spec,
            record=record.model,
            source=record.raw.display_path,
            backlinks=self.backlink_groups((spec.name, record_id), _folder_of(uri)),
            **({"similar": self.similar[record_id]} if spec.name == "scenario" else {}),
        )
        return GeneratedPage(uri, content, record.raw.display_path, in_nav=False)

    @functools.cached_property
    def similar(self) -> dict[str, list[Similar]]:
        """Scenario id → the scenarios most like it (``link/similar.py``), computed once per build, or read from the cache."""
        return similar_scenarios(self.graph, self.similar_cache)

    def page_key(self, spec: KindSpec, record_id: str) -> bytes | None:
        """A digest of everything a record's page shows, the same in any process; None for kinds not keyed.

        Made of the record's version, the versions of the records of :data:`READ_THROUGH_LINKS`
        kinds it links to or that link to it, the versions of every record of the other kinds
        (approaches, questions, outcomes... show up through links, labels and the decision flow),
        the templates and the engine's code, the date and the URL style. Versions are
        fingerprints of the files' text, so editing one scenario changes the keys of its own
        page and of the few pages linked with it, not of the thousands of others.

        A scenario page also shows scenarios it is not linked with, "Scenarios like this one":
        its key holds that list (the ids, computed from every scenario) and the versions of the
        scenarios on it, so a page changes key when its list, a listed title or a shared value does
        (what two scenarios share follows from their two versions).
        """
        if spec.name not in KEYED_PAGES:
            return None
        if self._stamp is None:
            fixed = sorted((kind, self._kind_versions(kind)) for kind in self.graph.records if kind not in READ_THROUGH_LINKS)
            self._stamp = hashlib.blake2b(repr((rendering_fingerprint(), self.today, self.directory_urls, fixed)).encode(), digest_size=16).digest()
        key = (spec.name, record_id)
        linked = {link.target for link in self.graph.outgoing.get(key, [])} | {link.source for link in self.graph.backlinks(key)}
        neighbours = sorted((kind, other, self.graph.records[kind][other].raw.version) for kind, other in linked if kind in READ_THROUGH_LINKS)
        scenarios = self.graph.records["scenario"]
        alike = [(item.id, scenarios[item.id].raw.version) for item in self.similar[record_id]] if spec.name == "scenario" else []
        parts = (self._stamp, spec.name, record_id, self.graph.records[spec.name][record_id].raw.version, neighbours, alike)
        return hashlib.blake2b(repr(parts).encode(), digest_size=16).digest()

    def _kind_versions(self, kind: str) -> list[tuple[str, int]]:
        return sorted((record_id, record.raw.version) for record_id, record in self.graph.records[kind].items())

    def index_page(self, spec: KindSpec, listing: Listing | None = None) -> GeneratedPage:
        """The index page of a kind (for glossary-like kinds, the page holding every record), or one page of a long table."""
        template = f"index/{spec.name}.md.j2"
        if not (TEMPLATES / template).exists():
            template = "index/table.md.j2"
            listing = listing or next(self.table_pages(spec))
        records = [record.model for record in self.graph.all(spec.name)]
        total = len(records)
        if listing is not None:  # one page of a long table: only its records
            records = [self.graph.records[spec.name][record_id].model for record_id in listing.ids]
        extra = {"finder": self.finder, "finder_data": FINDER_DATA_URI, "all_first": next(self.finder.listings())} if spec.name == "scenario" else {}
        uri = listing.uri if listing else spec.index_uri
        content = self.render(template, uri, spec=spec, records=records, total=total, listing=listing, **extra)
        return GeneratedPage(uri, content, in_nav=spec.in_nav and uri == spec.index_uri)

    def table_pages(self, spec: KindSpec) -> Iterator[Listing]:
        """The pages of a kind's index table, :data:`~knowledge.render.finder.PAGE_SIZE` records each."""
        ids = tuple(record.id for record in self.graph.all(spec.name))
        return paginate(spec.plural, f"{spec.site_dir}/page", ids, first=spec.index_uri)

    def pair_page(self, pair: Pair) -> GeneratedPage:
        """The page comparing two approaches (``render/pairs.py``)."""
        return GeneratedPage(pair.uri, self.render("pair.md.j2", pair.uri, pair=pair), in_nav=False)

    def listing_page(self, listing: Listing) -> GeneratedPage:
        """One page of a static scenario listing: the full list or one facet value's."""
        return GeneratedPage(listing.uri, self.render("finder-listing.md.j2", listing.uri, listing=listing), in_nav=False)

    def template_page(self, uri: str, template: str) -> GeneratedPage:
        """A page made from the whole graph by one template."""
        return GeneratedPage(uri, self.render(template, uri))

    def decide_page(self) -> GeneratedPage:
        """The decision page: the flowchart (a static SVG drawn from the flow records) and the flow's lists."""
        uri = "decide/index.md"
        chart = ""
        if self.flow is not None:
            source = self.render("flowchart.d2.j2", uri, node_width=flowchart.NODE_WIDTH, edge_width=flowchart.EDGE_WIDTH)
            chart = flowchart.draw(source, "Decision flowchart: every question and outcome links to its page")
        return GeneratedPage(uri, self.render("decide.md.j2", uri, flowchart=chart))

    def calculator_page(self) -> GeneratedPage:
        """The cost calculator (``render/costs.py``): the script's data and the tables precomputed from the price records."""
        uri = "compare/calculator.md"
        return GeneratedPage(uri, self.render("calculator.md.j2", uri, calc=costs.calculator(record.model for record in self.graph.all("price"))))

    def changes_page(self) -> GeneratedPage:
        """What changed: every recommendation change, newest first."""
        return GeneratedPage("changes.md", self.render("changes.md.j2", "changes.md", changes=recommendation_changes(self.graph)))

    def reference_page(self) -> GeneratedPage:
        """The field reference of every kind, generated from the models."""
        reference = [(spec, field_docs(spec.model)) for spec in KINDS]
        return GeneratedPage("contribute/reference.md", self.render("reference.md.j2", "contribute/reference.md", reference=reference))

    def jobs(self) -> list[PageJob]:
        """Every generated Markdown page, in the order they are rendered, none rendered yet."""
        jobs = [PageJob(spec.index_uri, functools.partial(self.index_page, spec), in_nav=spec.in_nav) for spec in KINDS]
        for spec in KINDS:
            if not (TEMPLATES / f"index/{spec.name}.md.j2").exists():
                jobs += [PageJob(page.uri, functools.partial(self.index_page, spec, page), in_nav=False) for page in list(self.table_pages(spec))[1:]]
        for spec in KINDS:
            if spec.pages:
                for record_id, record in self.graph.records[spec.name].items():
                    render = functools.partial(self.record_page, spec, record_id)
                    key = functools.partial(self.page_key, spec, record_id)
                    jobs.append(PageJob(spec.page_uri(record_id), render, record.raw.display_path, in_nav=False, key=key))
        for uri, template in (("index.md", "home.md.j2"), ("compare.md", "compare.md.j2")):
            jobs.append(PageJob(uri, functools.partial(self.template_page, uri, template)))
        jobs.append(PageJob("decide/index.md", self.decide_page))
        jobs.append(PageJob("compare/calculator.md", self.calculator_page))
        jobs += [PageJob(listing.uri, functools.partial(self.listing_page, listing), in_nav=False) for listing in self.finder.listings()]
        jobs += [PageJob(pair.uri, functools.partial(self.pair_page, pair), in_nav=False) for pair in pairs(self.graph)]
        jobs.append(PageJob("contribute/reference.md", self.reference_page))
        jobs.append(PageJob("changes.md", self.changes_page))
        return jobs

    def redirect_files(self, redirects: list[Redirect]) -> dict[str, str]:
        """A small HTML page at the old URL of each renamed record (kinds with pages), sending readers to the new one."""
        files = {}
        for redirect in redirects:
            spec = KINDS_BY_NAME[redirect.kind]
            if not spec.pages:
                continue
            old_url = page_url(spec.page_uri(redirect.old), self.directory_urls)
            new_url = page_url(spec.page_uri(redirect.new), self.directory_urls)
            uri = old_url + "index.html" if old_url.endswith("/") else old_url
            record = self.graph.records[redirect.kind][redirect.new].model
            html = self.env.get_template("redirect.html.j2").render(
                title=record.title, singular=spec.singular.lower(), old=redirect.old, target=relative(new_url, old_url)
            )
            files[uri] = html
        return files

    def pages(self) -> list[GeneratedPage]:
        """Every generated Markdown page."""
        return [job.run() for job in self.jobs()]
