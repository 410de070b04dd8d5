"""Recommendation changes: when a scenario's recommended start or an outcome's recommendation changed, and why.

In: the graph (the dated ``changes`` entries of scenarios and outcomes, checked by
``link.checks.check_recommendation_changes``). Out: one :class:`Change` per entry, newest first,
with the approach recommended before and after it, for the feeds and the What changed page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from knowledge.link.graph import Graph

RECOMMENDING = {"scenario": "recommended_start", "outcome": "recommends"}
"""The kinds whose recommendation can change, and the field that holds it."""


@dataclass(frozen=True)
class Change:
    """One recommendation change of a scenario or an outcome."""

    kind: str
    id: str
    title: str
    date: date
    previous: str
    current: str
    reason: str


def recommendation_changes(graph: Graph) -> list[Change]:
    """Every recommendation change, newest first (then by kind and id)."""
    found = []
    for kind, field in RECOMMENDING.items():
        for record in graph.records[kind].values():
            changes = record.model.changes
            for index, change in enumerate(changes):
                after = changes[index + 1].previous if index + 1 < len(changes) else getattr(record.model, field)
                found.append(Change(kind, record.id, record.model.title, change.date, change.previous, after, change.reason))
    return sorted(found, key=lambda change: (-change.date.toordinal(), change.kind, change.id))
