"""Cross-record rules that one model alone cannot check. One small function per rule."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import date

from pydantic import BaseModel

from knowledge.link.graph import Graph
from knowledge.problems import ProblemLog

Check = Callable[[Graph, ProblemLog], None]


def check_factor_covers_compared_approaches(graph: Graph, log: ProblemLog) -> None:
    """Every factor rates every approach that has a column in the comparison table."""
    compared = [record.id for record in graph.all("approach") if record.model.in_comparison]
    for factor in graph.all("factor"):
        missing = [approach for approach in compared if approach not in factor.model.ratings]
        if missing:
            line, column = factor.raw.parsed.position_of(("ratings",), key=True)
            log.error(
                factor.raw.display_path,
                line,
                column,
                f"no rating for {', '.join(repr(a) for a in missing)}",
                f"add a rating under 'ratings:' for each, e.g. '{missing[0]}: {{level: good, value: ..., note: ...}}'",
            )


def check_approach_parents(graph: Graph, log: ProblemLog) -> None:
    """Approach variants form a tree: no approach is its own ancestor."""
    approaches = graph.records["approach"]
    for record in approaches.values():
        seen = {record.id}
        parent = record.model.parent
        while parent in approaches:
            if parent in seen:
                line, column = record.raw.parsed.position_of(("parent",))
                log.error(record.raw.display_path, line, column, f"'parent' makes a loop through '{parent}'", "a variant's parent must be a broader approach")
                break
            seen.add(parent)
            parent = approaches[parent].model.parent


def check_no_self_reference(graph: Graph, log: ProblemLog) -> None:
    """A record does not list itself as related, contested or a parent."""
    for link in graph.links:
        if link.source == link.target and link.field != "decision":
            record = graph.get(link.source)
            line, column = record.raw.parsed.position_of(link.path)
            log.error(record.raw.display_path, line, column, f"'{link.field}' refers to the record itself", "remove this reference")


def check_contested_pairs_are_mutual(graph: Graph, log: ProblemLog) -> None:
    """Contested evidence is shown side by side, so both records must name each other."""
    for link in graph.links:
        if link.source[0] == "evidence" and link.field == "contested_by":
            back = [other for other in graph.backlinks(link.source) if other.source == link.target and other.field == "contested_by"]
            if not back:
                record = graph.get(link.source)
                line, column = record.raw.parsed.position_of(link.path)
                log.error(
                    record.raw.display_path,
                    line,
                    column,
                    f"'{link.target[1]}' does not list '{link.source[1]}' under contested_by",
                    f"add '{link.source[1]}' to contested_by in content/evidence/{link.target[1]}.yaml",
                )


def check_review_dates_not_in_future(graph: Graph, log: ProblemLog, today: date | None = None) -> None:
    """Review and check dates cannot be later than today."""
    today = today or date.today()
    for kind, field in (("scenario", "last_reviewed"), ("tool", "status_checked"), ("evidence", "checked")):
        for record in graph.all(kind):
            value = getattr(record.model, field)
            if value is not None and value > today:
                line, column = record.raw.parsed.position_of((field,))
                log.error(record.raw.display_path, line, column, f"'{field}' {value} is in the future", f"use the date you checked it, at the latest {today}")


FRESH_FOR_DAYS = 180
"""How long a vendor or tool statement holds before the build warns that it needs checking again."""


def check_vendor_statements_are_fresh(graph: Graph, log: ProblemLog, today: date | None = None) -> None:
    """A tool's status, a vendor document or a price checked more than :data:`FRESH_FOR_DAYS` ago is a warning naming the record."""
    today = today or date.today()
    dated = [(tool, "status_checked", tool.model.status_source) for tool in graph.all("tool")]
    dated += [(doc, "checked", doc.model.url) for doc in graph.all("evidence") if doc.model.type == "vendor-documentation"]
    dated += [(price, "checked", price.model.source) for price in graph.all("price")]
    for record, field, source in dated:
        checked = getattr(record.model, field)
        if checked is not None and (today - checked).days > FRESH_FOR_DAYS:
            line, column = record.raw.parsed.position_of((field,))
            log.warning(
                record.raw.display_path,
                line,
                column,
                f"{record.kind} '{record.id}' was last checked on {checked}, more than {FRESH_FOR_DAYS} days ago",
                f"check {source} again, correct what changed and set '{field}' to that day",
            )


def check_recommendation_changes(graph: Graph, log: ProblemLog, today: date | None = None) -> None:
    """Recommendation changes are dated, oldest first, not in the future, and each one really changed the approach."""
    today = today or date.today()
    for kind, field in (("scenario", "recommended_start"), ("outcome", "recommends")):
        for record in graph.all(kind):
            changes = record.model.changes
            for index, change in enumerate(changes):
                after = changes[index + 1].previous if index + 1 < len(changes) else getattr(record.model, field)
                problem = None
                if change.date > today:
                    problem = (("date",), f"the change date {change.date} is in the future", f"use the day it changed, at the latest {today}")
                elif index and change.date < changes[index - 1].date:
                    problem = (("date",), "changes are not in date order", "list the changes oldest first")
                elif change.previous == after:
                    problem = (
                        ("previous",),
                        f"'{change.previous}' is also the recommendation after this change",
                        f"name the approach recommended before, not '{after}'",
                    )
                if problem is not None:
                    line, column = record.raw.parsed.position_of(("changes", index, *problem[0]))
                    log.error(record.raw.display_path, line, column, problem[1], problem[2])


FIGURE = re.compile(r"\d+(?:\.\d+)?\s?%|\b\d+(?:\.\d+)?\s?[×x]\b|\bpercentage points?\b|\b\d+(?:\.\d+)?\s+points\b")


def _texts(value: object, path: tuple = ()) -> list[tuple[tuple, str]]:
    """Every string inside a validated value, with its path."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, BaseModel):
        return [item for name in type(value).model_fields for item in _texts(getattr(value, name), (*path, name))]
    if isinstance(value, list):
        return [item for index, entry in enumerate(value) for item in _texts(entry, (*path, index))]
    if isinstance(value, dict):
        return [item for key, entry in value.items() for item in _texts(entry, (*path, key))]
    return []


def check_figures_cite_evidence(graph: Graph, log: ProblemLog) -> None:
    """A figure (a percentage, a multiplier, points) outside an evidence record needs an evidence reference."""
    for kind, records in graph.records.items():
        if kind == "evidence":
            continue
        for record in records.values():
            cites = any(link.target[0] == "evidence" for link in graph.outgoing.get((kind, record.id), []))
            if cites:
                continue
            for path, text in _texts(record.model):
                if (path and path[0] in ("id", "url")) or not (match := FIGURE.search(text)):
                    continue
                line, column = record.raw.parsed.position_of(path)
                has_field = "evidence" in type(record.model).model_fields
                hint = (
                    "add the evidence record it comes from under 'evidence:'" if has_field else "move the figure into an evidence record and link that instead"
                )
                log.error(record.raw.display_path, line, column, f"the figure '{match.group(0)}' cites no source", hint)
                break


NEAR_DUPLICATE_SCORE = 0.6
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "with",
    ]
)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower())) - _STOP


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


NEAR_DUPLICATE_TITLE = 0.5
"""Titles of near duplicates share at least half their words (Jaccard similarity of the word sets)."""


def _title_keys(title: frozenset[str]) -> list[tuple[str, ...]]:
    """Index keys that any title sharing at least half its words with ``title`` also has.

    Two titles of two or more words each that reach :data:`NEAR_DUPLICATE_TITLE` share at
    least two words, so they share a word pair; a one-word title can only be that close to a
    title of one or two words, found through its single words.
    """
    words = sorted(title)
    keys: list[tuple[str, ...]] = list(itertools.combinations(words, 2))
    if len(words) <= 2:
        keys.extend((word,) for word in words)
    return keys


Features = tuple[frozenset[str], frozenset[str], frozenset[str]]
"""A scenario's title words, context words and tags."""


def _close(a: Features, b: Features) -> bool:
    similar_title = _jaccard(a[0], b[0])
    score = 0.4 * similar_title + 0.4 * _jaccard(a[1], b[1]) + 0.2 * _jaccard(a[2], b[2])
    return similar_title >= NEAR_DUPLICATE_TITLE and score >= NEAR_DUPLICATE_SCORE


def check_near_duplicate_scenarios(graph: Graph, log: ProblemLog) -> None:
    """Warn when a scenario's title, tags and context are very close to another's.

    Two scenarios of the same domain and task type are near duplicates when their titles share
    at least half their words and the weighted similarity of title, context and tags reaches
    :data:`NEAR_DUPLICATE_SCORE`, or when their context and tags are the same. Candidates come
    from an index of title word pairs (and of identical context and tags), so the check does
    not compare every pair: common words alone do not make two titles candidates.
    """
    buckets: dict[tuple[str, str], list] = {}
    for record in graph.all("scenario"):
        buckets.setdefault((record.model.domain, record.model.task_type), []).append(record)
    for records in buckets.values():
        ordered = sorted(records, key=lambda r: (r.model.last_reviewed, r.id))
        by_title_key: dict[tuple[str, ...], list[int]] = {}
        by_body: dict[tuple[frozenset[str], frozenset[str]], int] = {}
        features: list[Features] = []
        for index, record in enumerate(ordered):
            title, context, tags = _word_set(record.model.title), _word_set(record.model.context), frozenset(record.model.tags)
            features.append((title, context, tags))
            keys = _title_keys(title)
            candidates = {earlier for key in keys for earlier in by_title_key.get(key, ())}
            same_body = by_body.get((context, tags))
            if same_body is not None:
                candidates.add(same_body)
            match = next((earlier for earlier in sorted(candidates) if earlier == same_body or _close(features[index], features[earlier])), None)
            if match is not None:
                other = ordered[match]
                line, column = record.raw.parsed.position_of(("title",))
                log.warning(
                    record.raw.display_path,
                    line,
                    column,
                    f"this scenario is very close to '{other.id}' ({other.raw.display_path}): similar title, context and tags",
                    "extend the existing scenario instead, or make the difference clear in the title and context",
                )
            for key in keys:
                by_title_key.setdefault(key, []).append(index)
            by_body.setdefault((context, tags), index)


CHECKS: tuple[Check, ...] = (
    check_factor_covers_compared_approaches,
    check_approach_parents,
    check_no_self_reference,
    check_contested_pairs_are_mutual,
    check_review_dates_not_in_future,
    check_vendor_statements_are_fresh,
    check_recommendation_changes,
    check_figures_cite_evidence,
    check_near_duplicate_scenarios,
)


def run_checks(graph: Graph, log: ProblemLog) -> None:
    """Run every cross-record rule."""
    for check in CHECKS:
        check(graph, log)
