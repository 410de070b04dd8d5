"""The scenario finder: the linked scenarios in; facets with counts, static listings and the finder's data out.

Without JavaScript a reader browses static pages: one listing per facet value (``scenarios/by/<facet>/<value>/``)
and the full list (``scenarios/all/``), each paginated at :data:`PAGE_SIZE` so no page grows with the
corpus. With JavaScript the scenarios index filters :func:`Finder.data` (``api/v1/scenario-finder.json``)
in the reader's browser (``assets/javascripts/scenario-finder.js``), its state in the URL.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from knowledge.link.graph import Graph
from knowledge.records import vocabulary

PAGE_SIZE = 100
"""Scenarios per listing page: about 60 KB of HTML, whatever the size of the corpus."""

LISTING_FOLDERS = ("scenarios/by/", "scenarios/all/")
"""Where the listing pages live (the first page of the full list is ``scenarios/all.md``)."""

DATA_URI = "api/v1/scenario-finder.json"
"""The compact scenario data the finder script filters."""


@dataclass(frozen=True)
class Facet:
    """One way to narrow the scenarios: its URL key (also its listing folder), scenario field and heading."""

    key: str
    field: str
    label: str


FACETS = (
    Facet("domain", "domain", "Domain"),
    Facet("task", "task_type", "Task"),
    Facet("data", "data_situation", "Data"),
    Facet("volume", "volume", "Volume"),
    Facet("start", "recommended_start", "Recommended start"),
    Facet("tag", "tags", "Tag"),
)


@dataclass(frozen=True)
class Value:
    """A facet value with its label and the scenarios that have it, in listing order."""

    facet: Facet
    id: str
    label: str
    scenarios: tuple[str, ...]

    def uri(self, page: int = 1) -> str:
        """The Markdown source of one page of this value's listing."""
        return listing_uri(f"scenarios/by/{self.facet.key}/{self.id}", page)


@dataclass(frozen=True)
class Listing:
    """One page of a listing: the ids of the records it shows and where the other pages are."""

    title: str
    uri: str
    ids: tuple[str, ...]
    page: int
    pages: tuple[str, ...]
    """The source URI of every page of this listing, first to last."""


def listing_uri(base: str, page: int) -> str:
    """``base.md`` for the first page of a listing, ``base/<page>.md`` for the others."""
    return f"{base}.md" if page == 1 else f"{base}/{page}.md"


def paginate(title: str, base: str, ids: tuple[str, ...], first: str | None = None) -> Iterator[Listing]:
    """The pages of one listing of record ids (``first``: the source URI of page 1, when it is not ``base.md``)."""
    count = max(1, math.ceil(len(ids) / PAGE_SIZE))
    uris = tuple(first if first and page == 1 else listing_uri(base, page) for page in range(1, count + 1))
    for page, uri in enumerate(uris, start=1):
        shown = ids[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        yield Listing(title if page == 1 else f"{title} (page {page} of {count})", uri, shown, page, uris)


class Finder:
    """Facets, counts and listings of the scenarios of one graph."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.scenarios = tuple(sorted(graph.records.get("scenario", {}), key=lambda sid: (graph.records["scenario"][sid].model.title.lower(), sid)))

    def values_of(self, record: Any, facet: Facet) -> list[str]:
        """A scenario's values for a facet (tags have several)."""
        value = getattr(record, facet.field)
        return [str(item) for item in value] if isinstance(value, list) else [str(value)]

    def label(self, facet: Facet, value: str) -> str:
        """A value as readers see it: the approach's title, the vocabulary label, or the tag itself."""
        if facet.field == "recommended_start":
            approach = self.graph.get(("approach", value))
            return approach.model.title if approach else value
        return vocabulary.label(facet.field, value)

    @functools.cached_property
    def values(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Scenario id → its values for each facet of :data:`FACETS`, read once (tuples of text, which the collector stops tracking)."""
        records = self.graph.records["scenario"]
        return {sid: tuple(tuple(self.values_of(records[sid].model, facet)) for facet in FACETS) for sid in self.scenarios}

    @functools.cached_property
    def facets(self) -> list[tuple[Facet, list[Value]]]:
        """Every facet with its values, most scenarios first."""
        groups: dict[tuple[str, str], list[str]] = {}
        for sid, values in self.values.items():
            for facet, facet_values in zip(FACETS, values):
                for value in facet_values:
                    groups.setdefault((facet.key, value), []).append(sid)
        result = []
        for facet in FACETS:
            values = [Value(facet, value, self.label(facet, value), tuple(ids)) for (key, value), ids in groups.items() if key == facet.key]
            values.sort(key=lambda v: (-len(v.scenarios), v.label.lower()))
            result.append((facet, values))
        return result

    def listings(self) -> Iterator[Listing]:
        """Every page of the full list and of every facet value's listing."""
        yield from paginate("All scenarios", "scenarios/all", self.scenarios)
        for facet, values in self.facets:
            for value in values:
                yield from paginate(f"Scenarios · {facet.label}: {value.label}", f"scenarios/by/{facet.key}/{value.id}", value.scenarios)

    def data(self) -> str:
        """The finder's data as compact JSON: facet values once, each scenario as indexes into them."""
        facets = {facet.key: {"label": facet.label, "values": [[v.id, v.label] for v in values]} for facet, values in self.facets}
        index = {facet.key: {v.id: i for i, v in enumerate(values)} for facet, values in self.facets}
        rows = []
        for sid, values in self.values.items():
            row: list[Any] = [sid, self.graph.records["scenario"][sid].model.title]
            for facet, facet_values in zip(FACETS, values):
                positions = [index[facet.key][value] for value in facet_values]
                row.append(positions if facet.field == "tags" else positions[0])
            rows.append(row)
        fields = ["id", "title", *(facet.key for facet in FACETS)]
        return json.dumps({"facets": facets, "fields": fields, "scenarios": rows}, ensure_ascii=False, separators=(",", ":"))
