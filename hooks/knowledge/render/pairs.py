"""Pair pages: the compared approaches in; one comparison per pair ("RAG vs fine-tuning") out.

Every page is derived from the records, never written per pair: each factor's two ratings side by
side and which one is better, the scenarios that start with one of the two (and whether they add
the other later), the evidence that takes a stance on both, and a verdict counted from the ratings.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from knowledge.link.graph import Graph
from knowledge.records import vocabulary

PAIR_FOLDER = "compare/"
"""Where the pair pages live, beside the matrix (``compare.md``)."""

SCENARIOS_SHOWN = 8
"""Scenarios listed per side: the finder's listing by recommended start has the rest."""

_RANK = {level: rank for rank, level in enumerate(vocabulary.FIT_LEVELS)}
"""Lower is better: the fit levels are listed best first."""


@dataclass(frozen=True)
class FactorRow:
    """One factor with both approaches' ratings and the one rated better (None: level, or not rated)."""

    factor: Any
    first: Any
    second: Any
    better: str | None


@dataclass(frozen=True)
class Pair:
    """Everything a pair page shows."""

    first: Any
    second: Any
    rows: tuple[FactorRow, ...]
    first_scenarios: tuple[Any, ...]
    second_scenarios: tuple[Any, ...]
    first_total: int
    second_total: int
    evidence: tuple[Any, ...]

    @property
    def uri(self) -> str:
        return pair_uri(self.first.id, self.second.id)

    def wins(self, approach_id: str) -> list[Any]:
        """The factors on which this approach is rated better."""
        return [row.factor for row in self.rows if row.better == approach_id]

    @property
    def level(self) -> list[Any]:
        """The rated factors on which neither is better."""
        return [row.factor for row in self.rows if row.better is None and row.first is not None and row.first.level is not None]


def pair_uri(first: str, second: str) -> str:
    """The Markdown source of the page comparing two approaches (in comparison order)."""
    return f"{PAIR_FOLDER}{first}-vs-{second}.md"


def compared(graph: Graph) -> list[Any]:
    """The approaches with a column in the matrix, in column order."""
    return [approach.model for approach in graph.all("approach") if approach.model.in_comparison]


def pairs(graph: Graph) -> list[Pair]:
    """Every pair of compared approaches, in matrix order."""
    approaches = compared(graph)
    factors = [factor.model for factor in graph.all("factor")]
    by_start: dict[str, list[Any]] = {}
    for scenario in graph.all("scenario"):
        by_start.setdefault(scenario.model.recommended_start, []).append(scenario.model)
    stances: dict[str, set[str]] = {}
    for evidence in graph.all("evidence"):
        for stance in evidence.model.stances:
            stances.setdefault(evidence.id, set()).add(stance.approach)
    evidence_models = {evidence.id: evidence.model for evidence in graph.all("evidence")}
    result = []
    for first, second in itertools.combinations(approaches, 2):
        rows = []
        for factor in factors:
            a, b = factor.ratings.get(first.id), factor.ratings.get(second.id)
            better = None
            if factor.rated and a is not None and b is not None and a.level and b.level and a.level != b.level:
                better = first.id if _RANK[a.level] < _RANK[b.level] else second.id
            rows.append(FactorRow(factor, a, b, better))
        both = [evidence_models[eid] for eid, ids in sorted(stances.items()) if first.id in ids and second.id in ids]
        ones, twos = by_start.get(first.id, []), by_start.get(second.id, [])
        result.append(Pair(first, second, tuple(rows), tuple(ones[:SCENARIOS_SHOWN]), tuple(twos[:SCENARIOS_SHOWN]), len(ones), len(twos), tuple(both)))
    return result


def pairs_with(graph: Graph, approach_id: str) -> list[tuple[str, str]]:
    """(other approach id, pair page URI) for every compared approach paired with this one."""
    ids = [approach.id for approach in compared(graph)]
    if approach_id not in ids:
        return []
    return [(other, pair_uri(*sorted((approach_id, other), key=ids.index))) for other in ids if other != approach_id]
