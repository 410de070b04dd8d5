"""Cross-record rules that one model alone cannot check. One small function per rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from knowledge.graph import Graph
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
                factor.raw.display_path, line, column,
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
                    record.raw.display_path, line, column,
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


CHECKS: tuple[Check, ...] = (
    check_factor_covers_compared_approaches,
    check_approach_parents,
    check_no_self_reference,
    check_contested_pairs_are_mutual,
    check_review_dates_not_in_future,
)


def run_checks(graph: Graph, log: ProblemLog) -> None:
    """Run every cross-record rule."""
    for check in CHECKS:
        check(graph, log)
