"""Link stage: resolve every reference once, in both directions.

In: the validated records (and the records that failed validation, for their references).
Out: a :class:`Graph` with links both ways; dangling or wrong-kind references in the log.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from knowledge.load.record_files import RawRecord
from knowledge.problems import ProblemLog, did_you_mean
from knowledge.records.fields import Loc, data_references, record_references
from knowledge.records.kinds import KINDS, KINDS_BY_NAME
from knowledge.validate.records import ValidRecord

Key = tuple[str, str]  # (kind, id)


@dataclass(frozen=True)
class Link:
    """One resolved reference from a field of a record to another record."""

    source: Key
    path: Loc
    target: Key

    @property
    def field(self) -> str:
        """Top-level field the reference sits in."""
        return str(self.path[0])


@dataclass
class Graph:
    """All valid records, indexed by kind and id, with links both ways."""

    records: dict[str, dict[str, ValidRecord]] = field(default_factory=lambda: {spec.name: {} for spec in KINDS})
    links: list[Link] = field(default_factory=list)
    outgoing: dict[Key, list[Link]] = field(default_factory=lambda: defaultdict(list))
    incoming: dict[Key, list[Link]] = field(default_factory=lambda: defaultdict(list))

    def get(self, key: Key) -> ValidRecord | None:
        """The record for a (kind, id) key, if it exists."""
        return self.records.get(key[0], {}).get(key[1])

    def all(self, kind: str) -> list[ValidRecord]:
        """Records of a kind in the kind's sort order."""
        spec = KINDS_BY_NAME[kind]
        return sorted(self.records[kind].values(), key=lambda record: spec.sort_key(record.model))

    def backlinks(self, key: Key) -> list[Link]:
        """Links that point at a record."""
        return self.incoming.get(key, [])


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


def _report_dangling(
    graph: Graph, raw: RawRecord, log: ProblemLog, renamed: dict[Key, str], *, path: Loc, kinds: tuple[str, ...], target: str, is_key: bool
) -> None:
    line, column = raw.parsed.position_of(path, key=is_key)
    wanted = " or ".join(KINDS_BY_NAME[kind].singular.lower() for kind in kinds)
    elsewhere = [kind for kind, records in graph.records.items() if target in records and kind not in kinds]
    if elsewhere:
        other = KINDS_BY_NAME[elsewhere[0]].singular.lower()
        message = f"'{target}' is {_article(other)} {other}, but '{path[0]}' needs {_article(wanted)} {wanted}"
    else:
        message = f"no {wanted} with id '{target}'"
    candidates = [record_id for kind in kinds for record_id in graph.records[kind]]
    folder = KINDS_BY_NAME[kinds[0]].content_dir
    new_id = next((renamed[kind, target] for kind in kinds if (kind, target) in renamed), None)
    hint = (
        f"'{target}' was renamed: use '{new_id}'" if new_id else did_you_mean(target, candidates) or f"check the id, or create content/{folder}/{target}.yaml"
    )
    log.error(raw.display_path, line, column, message, hint)


def build_graph(records: list[ValidRecord], log: ProblemLog, invalid: set[Key] = frozenset(), unvalidated: list[RawRecord] = ()) -> Graph:
    """Index records and resolve every reference; report dangling and wrong-kind ones.

    ``invalid`` names records that exist but failed validation: references to them are
    not reported again (their own errors already are), and not linked. ``unvalidated`` are
    those records: their references are checked too (not linked), so a contributor sees a
    wrong id in the same run as a wrong value in the same file.
    """
    graph = Graph()
    renamed: dict[Key, str] = {}  # (kind, old id) → the record that lists it under 'formerly', for the hint
    for record in records:
        graph.records[record.kind][record.id] = record
        for old in record.model.formerly:
            renamed.setdefault((record.kind, old), record.id)
    for record in records:
        source = (record.kind, record.id)
        for path, ref, target, is_key in record_references(record.model):
            matches = [kind for kind in ref.kinds if target in graph.records[kind]]
            if not matches and any((kind, target) in invalid for kind in ref.kinds):
                continue
            if not matches:
                _report_dangling(graph, record.raw, log, renamed, path=path, kinds=ref.kinds, target=target, is_key=is_key)
                continue
            if len(matches) > 1:
                line, column = record.raw.parsed.position_of(path, key=is_key)
                message = f"'{target}' names more than one record ({', '.join(matches)})"
                log.error(record.raw.display_path, line, column, message, "give the records distinct ids")
            link = Link(source, path, (matches[0], target))
            graph.links.append(link)
            graph.outgoing[source].append(link)
            graph.incoming[link.target].append(link)
    for raw in unvalidated:
        for path, ref, target, is_key in data_references(raw.spec.model, raw.parsed.data):
            if not any(target in graph.records[kind] or (kind, target) in invalid for kind in ref.kinds):
                _report_dangling(graph, raw, log, renamed, path=path, kinds=ref.kinds, target=target, is_key=is_key)
    return graph
