"""Similar scenarios: the linked graph in; for every scenario, the few scenarios most like it out.

In: a :class:`~knowledge.link.graph.Graph`, of which only the scenarios' facets are read: domain,
task type, data situation, volume, recommended start and tags. Out (:func:`similar_scenarios`):
scenario id → up to :data:`MAX_SHOWN` :class:`Similar` entries, best first, each naming the other
scenario and the facet values the two share; an empty list when no other scenario shares anything
that tells scenarios apart. Scenario pages show the list as "Scenarios like this one".

Likeness. Every facet value and tag is a feature weighing ``log2(N / scenarios that have it)``:
a value few scenarios share says more than a common one, and a value every scenario has says
nothing (weight 0). Two scenarios score the sum of the weights of the features they share.
Weights are integers (thousandths of a bit), so sums are exact and ties are real; a tie is
broken by more shared features, then by id: the same lists on every run and machine.

At least :data:`MIN_SHOWN` entries are listed when that many scenarios score above 0; the fourth
and fifth only while they score at least :data:`KEEP_RATIO` of the best.

Without comparing every pair. Each scenario is indexed under keys: each of its features alone,
and the pairs and triples of its rarest ones (:data:`COMBINED_KEYS`). The list under a combined
key holds the scenarios that share all its features, so it is short where the likeness is strong.
A scenario takes candidates from its own keys' lists, shortest list first; a list gives it at most
:data:`POSTING_CAP` of them (its neighbours in the list's order: a window that spreads the choice
evenly and is the same on every run), and it stops past :data:`CANDIDATE_BUDGET` candidates. Only
candidates are scored. The work per scenario is bounded by the budget and its own number of
values, so the whole computation grows with N log N (a bisection per long list), not N². While no list is longer than the cap and the budget
is not reached (a small corpus), every scenario sharing a feature is a candidate: the lists are exact.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.link.graph import Graph
from knowledge.storage import read_plain_data, write_plain_data

FACET_FIELDS = ("domain", "task_type", "data_situation", "volume", "recommended_start", "tags")
"""The scenario fields that make up likeness, in the order shared values are named."""

MIN_SHOWN = 3
MAX_SHOWN = 5
KEEP_RATIO = 0.5
"""Entries past :data:`MIN_SHOWN` are kept only while they score at least this share of the best."""

POSTING_CAP = 8
"""Candidates one index list contributes to a scenario at most."""

CANDIDATE_BUDGET = 40
"""A scenario stops taking candidates once it has more than this many: it scores at most
``CANDIDATE_BUDGET + POSTING_CAP``, the bound that keeps the computation near-linear."""

COMBINED_KEYS = ((2, 5), (3, 6))
"""(size, n): the combinations of ``size`` of a scenario's ``n`` rarest features are index keys too."""

SIMILAR_CACHE_FILE = ".cache/knowledge/similar.pickle"
"""Below the project root, beside the parse cache: the last lists computed, with the digest of the facets they came from."""

Feature = tuple[str, str]  # (field, value)
Key = int | tuple[int, ...]  # one feature, or a combination of features (by number)


@dataclass(frozen=True)
class Similar:
    """One scenario like another: its id, what the two share and how much that weighs."""

    id: str
    shared: tuple[Feature, ...]
    """(field, value) of every shared facet value and tag, in :data:`FACET_FIELDS` order (tags sorted)."""
    score: int
    """Sum of the shared features' weights (thousandths of a bit); not shown to readers."""


@dataclass
class Stats:
    """What a computation did, for tests that check it stays near-linear."""

    candidates: dict[str, int] = field(default_factory=dict)
    """Scenario id → how many other scenarios were scored against it."""
    postings_read: int = 0
    """Index list entries taken as candidates (before removing duplicates)."""


def scenario_features(model: Any) -> list[Feature]:
    """A scenario model's features: one per facet value and per tag."""
    features = []
    for name in FACET_FIELDS:
        value = getattr(model, name)
        features += [(name, str(item)) for item in value] if isinstance(value, list) else [(name, str(value))]
    return features


def similar_scenarios(graph: Graph, cache: Path | None = None) -> dict[str, list[Similar]]:
    """Every scenario of the graph → the scenarios most like it, best first (see the module's docstring).

    With ``cache`` (a file), lists an earlier run computed from the same facets, by the same code,
    are read back instead of computed: editing a scenario's text or adding evidence leaves them as they are.
    """
    records = graph.records.get("scenario", {})
    features = {record_id: scenario_features(record.model) for record_id, record in records.items()}
    if cache is None:
        return nearest(features)
    digest = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=16)
    digest.update(repr(sorted(features.items())).encode())
    key = digest.digest()
    stored = read_plain_data(cache)
    if isinstance(stored, dict) and stored.get("key") == key and (result := _stored_lists(stored.get("lists"), records)) is not None:
        return result
    result = nearest(features)
    lists = {record_id: [(item.id, item.shared, item.score) for item in items] for record_id, items in result.items()}
    write_plain_data(cache, {"key": key, "lists": lists})
    return result


def _stored_lists(lists: object, records: Mapping[str, Any]) -> dict[str, list[Similar]] | None:
    """A cache file's lists as :class:`Similar` entries; None unless each entry has the expected shape and names a scenario."""
    if not isinstance(lists, dict) or lists.keys() != records.keys():
        return None
    result = {}
    try:
        for record_id, items in lists.items():
            result[record_id] = [Similar(str(other), tuple((str(f), str(v)) for f, v in shared), int(score)) for other, shared, score in items]
    except (TypeError, ValueError):
        return None
    return result if all(item.id in records for items in result.values() for item in items) else None


def _keys(strong: list[int]) -> list[Key]:
    """A scenario's index keys: its features (rarest first), then combinations of its rarest ones."""
    keys: list[Key] = list(strong)
    for size, top in COMBINED_KEYS:
        keys += itertools.combinations(strong[:top], size)
    return keys


def nearest(features: Mapping[str, Iterable[Feature]], stats: Stats | None = None) -> dict[str, list[Similar]]:
    """Scenario id → its features in; scenario id → the most similar scenarios out, best first."""
    ids = sorted(features)
    total = len(ids)
    counts: dict[Feature, int] = {}
    for record_id in ids:
        for feature in set(features[record_id]):
            counts[feature] = counts.get(feature, 0) + 1
    # Features are numbered rarest first (ties by name): sorting numbers sorts by weight.
    names = sorted(counts, key=lambda f: (counts[f], FACET_FIELDS.index(f[0]), f[1]))
    number = {feature: index for index, feature in enumerate(names)}
    weight = [round(1000 * math.log2(total / counts[feature])) for feature in names]
    shown_order = {f: (FACET_FIELDS.index(feature[0]), feature[1]) for f, feature in enumerate(names)}
    sets = [frozenset(number[feature] for feature in features[record_id]) for record_id in ids]
    strong = [sorted(f for f in feature_set if weight[f] > 0) for feature_set in sets]

    index: dict[Key, list[int]] = {}  # key → the scenarios under it, ascending (added in that order)
    for me, mine in enumerate(strong):
        for key in _keys(mine):
            posting = index.get(key)
            if posting is None:
                index[key] = [me]
            else:
                posting.append(me)
    length = {key: len(posting) for key, posting in index.items()}

    weigh = weight.__getitem__
    half, width = POSTING_CAP // 2, POSTING_CAP + 1
    result: dict[str, list[Similar]] = {}
    for me, mine in enumerate(strong):
        keys = _keys(mine)
        keys.sort(key=length.__getitem__)  # shortest list first (a stable sort: the same order on every run)
        candidates = {me}
        for key in keys:
            posting = index[key]
            if len(posting) > width:  # a long list: the window of POSTING_CAP scenarios around this one
                start = min(max(bisect.bisect_left(posting, me) - half, 0), len(posting) - width)
                posting = posting[start : start + width]
            candidates.update(posting)
            if stats is not None:
                stats.postings_read += len(posting)
            if len(candidates) > CANDIDATE_BUDGET:
                break
        candidates.discard(me)
        if stats is not None:
            stats.candidates[ids[me]] = len(candidates)
        own = sets[me]
        shares = zip(candidates, map(own.__and__, map(sets.__getitem__, candidates)))
        scored = sorted(entry for entry in ((-sum(map(weigh, shared)), -len(shared), other, shared) for other, shared in shares) if entry[0] < 0)
        best = scored[:MAX_SHOWN]
        if len(best) > MIN_SHOWN:
            floor = -best[0][0] * KEEP_RATIO
            best = best[:MIN_SHOWN] + [entry for entry in best[MIN_SHOWN:] if -entry[0] >= floor]
        result[ids[me]] = [
            Similar(ids[other], tuple(names[f] for f in sorted(shared, key=shown_order.__getitem__)), -score) for score, _, other, shared in best
        ]
    return result
