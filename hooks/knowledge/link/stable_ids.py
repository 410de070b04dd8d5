"""Stable links: a renamed record keeps its old id working, and no published id vanishes silently.

In: the graph, and the ids the site has published (``content/_published-ids.txt``, one ``kind/id``
per line, kept in the repository so the check works in a fresh clone). Out: a :class:`Redirect`
for every id a record lists under ``formerly``; an error for each published id that no record has
or names under ``formerly``, and for ``formerly`` ids that clash.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from knowledge.link.graph import Graph
from knowledge.problems import ProblemLog
from knowledge.records.kinds import KINDS, KINDS_BY_NAME

PUBLISHED_IDS_FILE = "_published-ids.txt"
"""Below ``content/``; the loader skips names that start with ``_``."""


@dataclass(frozen=True)
class Redirect:
    """An old id of a record kind and the id that replaced it."""

    kind: str
    old: str
    new: str


def redirects(graph: Graph) -> list[Redirect]:
    """Every old id a record names under ``formerly``, in kind and id order."""
    found = [Redirect(spec.name, old, record.id) for spec in KINDS for record in graph.records[spec.name].values() for old in record.model.formerly]
    return sorted(found, key=lambda redirect: (redirect.kind, redirect.old, redirect.new))


def read_published(path: Path) -> list[tuple[int, str, str]]:
    """The ``(line, kind, id)`` entries of a published-ids file; blank lines and ``#`` comments skipped."""
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.strip()
        if text and not text.startswith("#"):
            kind, _, record_id = text.partition("/")
            entries.append((number, kind, record_id))
    return entries


def check_stable_ids(graph: Graph, content_dir: Path, shown_dir: str, log: ProblemLog) -> list[Redirect]:
    """Check ``formerly`` ids and the published ids; return the redirects."""
    found = redirects(graph)
    claimed: dict[tuple[str, str], str] = {}
    for redirect in found:
        record = graph.records[redirect.kind][redirect.new]
        index = record.model.formerly.index(redirect.old)
        line, column = record.raw.parsed.position_of(("formerly", index))
        if redirect.old in graph.records[redirect.kind]:
            message = f"'{redirect.old}' under 'formerly' is the id of another {KINDS_BY_NAME[redirect.kind].singular.lower()}"
            log.error(record.raw.display_path, line, column, message, "an old id must not be in use; remove it from 'formerly'")
        elif (redirect.kind, redirect.old) in claimed:
            message = f"'{redirect.old}' is also a former id of '{claimed[redirect.kind, redirect.old]}'"
            log.error(record.raw.display_path, line, column, message, "an old id can lead to one record only; keep it in one 'formerly' list")
        claimed.setdefault((redirect.kind, redirect.old), redirect.new)
    path = content_dir / PUBLISHED_IDS_FILE
    if path.is_file():
        shown = f"{shown_dir}/{PUBLISHED_IDS_FILE}"
        for line, kind, record_id in read_published(path):
            spec = KINDS_BY_NAME.get(kind)
            if spec is None:
                log.error(shown, line, 1, f"'{kind}' is not a record kind", "write each line as kind/id, e.g. scenario/support-bot")
            elif record_id not in graph.records[kind] and (kind, record_id) not in claimed:
                message = f"the published {spec.singular.lower()} '{record_id}' is gone: its page and its API entry would break"
                hint = f"add '{record_id}' under 'formerly:' in the record that replaces it, or restore content/{spec.content_dir}/{record_id}.yaml"
                log.error(shown, line, 1, message, hint)
    return found


def published_ids_text(graph: Graph, path: Path) -> str:
    """The published-ids file updated: every id it lists (never dropped) and every current and former id."""
    entries = {(kind, record_id) for _, kind, record_id in (read_published(path) if path.is_file() else [])}
    entries |= {(spec.name, record_id) for spec in KINDS for record_id in graph.records[spec.name]}
    entries |= {(redirect.kind, redirect.old) for redirect in redirects(graph)}
    header = (
        "# Every id the site has published, as kind/id. Validation fails when one of them is neither a record\n"
        "# nor under a record's 'formerly:', so renamed and removed records keep their links.\n"
        "# Regenerate with `make published-ids` (entries are only ever added).\n"
    )
    return header + "".join(f"{kind}/{record_id}\n" for kind, record_id in sorted(entries))
