"""Atom feeds: new scenarios, changed recommendations, and one feed per approach.

In: the graph, the site's absolute URL and its URL style. Out: site path → Atom XML text, under
``feeds/``. Entries come from the records (a scenario's ``published`` or ``last_reviewed`` date;
the dated ``changes`` of scenarios and outcomes), so a checkout without history builds the same
feeds. The template (``render/templates/feed.xml.j2``) escapes every record text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
import jinja2

from knowledge.link.graph import Graph
from knowledge.link.recommendation_changes import Change, recommendation_changes
from knowledge.export.api import record_url
from knowledge.render.pages import TEMPLATES

NEW_SCENARIOS_URI = "feeds/new-scenarios.xml"
RECOMMENDATIONS_URI = "feeds/recommendations.xml"


def approach_feed_uri(approach: str) -> str:
    """Where the feed of one approach is published."""
    return f"feeds/approaches/{approach}.xml"


@dataclass(frozen=True)
class Entry:
    """One feed entry."""

    id: str
    title: str
    url: str
    updated: date
    summary: str


class _Feeds:
    def __init__(self, graph: Graph, site_url: str, directory_urls: bool) -> None:
        self.graph = graph
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.directory_urls = directory_urls
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True)
        self.newest_review = max((record.model.last_reviewed for record in graph.records["scenario"].values()), default=date(2026, 1, 1))
        """A feed without entries is as new as the newest reviewed scenario: the same content gives the same feed."""

    def url(self, kind: str, record_id: str) -> str:
        return self.site_url + record_url(kind, record_id, self.directory_urls)

    def title_of(self, kind: str, record_id: str) -> str:
        return self.graph.records[kind][record_id].model.title

    def new_scenario(self, record) -> Entry:
        model = record.model
        start = self.title_of("approach", model.recommended_start)
        summary = f"Start with {start}. {model.summary}"
        return Entry(f"{self.url('scenario', record.id)}#published", model.title, self.url("scenario", record.id), model.published or model.last_reviewed, summary)

    def change(self, change: Change) -> Entry:
        before, after = self.title_of("approach", change.previous), self.title_of("approach", change.current)
        title = f"{change.title}: now {after}, before {before}"
        entry_id = f"{self.url(change.kind, change.id)}#changed-{change.date.isoformat()}-{change.previous}"
        return Entry(entry_id, title, self.url(change.kind, change.id), change.date, change.reason)

    def render(self, uri: str, title: str, subtitle: str, entries: list[Entry]) -> str:
        entries = sorted(entries, key=lambda entry: (-entry.updated.toordinal(), entry.title))
        updated = max([entry.updated for entry in entries], default=self.newest_review)
        return self.env.get_template("feed.xml.j2").render(
            feed_url=self.site_url + uri, site_url=self.site_url, title=title, subtitle=subtitle, updated=updated, entries=entries
        )


def feed_files(graph: Graph, site_url: str, directory_urls: bool = True) -> dict[str, str]:
    """Every feed, by site path."""
    feeds = _Feeds(graph, site_url, directory_urls)
    scenarios = [feeds.new_scenario(record) for record in graph.records["scenario"].values()]
    by_start: dict[str, list[Entry]] = {}
    for record, entry in zip(graph.records["scenario"].values(), scenarios):
        by_start.setdefault(record.model.recommended_start, []).append(entry)
    changes = recommendation_changes(graph)
    files = {
        NEW_SCENARIOS_URI: feeds.render(NEW_SCENARIOS_URI, "New scenarios", "Product situations added to Prompt or Fine-Tune?", scenarios),
        RECOMMENDATIONS_URI: feeds.render(
            RECOMMENDATIONS_URI, "Changed recommendations", "When a scenario's or an outcome's recommended approach changed, and why", [feeds.change(c) for c in changes]
        ),
    }
    for approach in graph.all("approach"):
        uri = approach_feed_uri(approach.id)
        new = by_start.get(approach.id, [])
        changed = [feeds.change(c) for c in changes if approach.id in (c.previous, c.current)]
        subtitle = f"New scenarios that start with {approach.model.title}, and recommendations that changed to or from it"
        files[uri] = feeds.render(uri, f"{approach.model.title}: scenarios and changes", subtitle, new + changed)
    return files
