"""``diff``: what changed in the content since a git revision, record by record and field by field."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.load.record_files import load_content
from knowledge.pipeline import check_content
from knowledge.problems import ProblemLog
from knowledge.records.kinds import KINDS_BY_NAME
from knowledge.render.pages import page_url

Key = tuple[str, str]


@dataclass
class RecordChange:
    """One record that was added, removed or changed."""

    kind: str
    id: str
    status: str  # added | removed | changed
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)


@dataclass
class ChangeSummary:
    """Every record change plus the site pages they affect."""

    changes: list[RecordChange]
    affected_pages: list[str]


def _records(content_dir: Path, root: Path) -> dict[Key, dict[str, Any]]:
    log = ProblemLog()  # a summary describes even invalid content; validation reports the problems
    return {(raw.spec.name, raw.stem): raw.parsed.data for raw in load_content(content_dir, root, log).records}


def export_revision(root: Path, revision: str, target: Path) -> None:
    """Write ``content/`` as it was at ``revision`` into ``target``."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision, "content"], cwd=root, capture_output=True, check=False)
    if archive.returncode != 0:
        message = archive.stderr.decode(errors="replace").strip()
        if "did not match any files" in message:  # no content/ at that revision
            (target / "content").mkdir(parents=True, exist_ok=True)
            return
        raise ValueError(f"git could not read revision '{revision}': {message}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    (target / "content").mkdir(exist_ok=True)


def _short(value: Any, limit: int = 60) -> str:
    text = " ".join(str(value).split()) if value is not None else "(none)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summarise(root: Path, revision: str) -> ChangeSummary:
    """Compare the working tree's content with ``revision``."""
    with tempfile.TemporaryDirectory() as folder:
        old_root = Path(folder)
        export_revision(root, revision, old_root)
        before = _records(old_root / "content", old_root)
    after = _records(root / "content", root)
    changes: list[RecordChange] = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is None:
            changes.append(RecordChange(*key, "added"))
        elif new is None:
            changes.append(RecordChange(*key, "removed"))
        elif old != new:
            names = [name for name in dict.fromkeys([*old, *new]) if old.get(name) != new.get(name)]
            changes.append(RecordChange(*key, "changed", [(name, old.get(name), new.get(name)) for name in names]))
    return ChangeSummary(changes, affected_pages(root, changes))


def affected_pages(root: Path, changes: list[RecordChange]) -> list[str]:
    """Site URLs whose content depends on the changed records."""
    site, _ = check_content(root / "content", root)
    pages: set[str] = set()
    overview = {
        "approach": ["compare.md", "index.md"],
        "factor": ["compare.md"],
        "question": ["decide/index.md", "compare.md"],
        "outcome": ["decide/index.md"],
        "step": ["decide/index.md", "index.md"],
        "scenario": ["index.md"],
    }
    for change in changes:
        spec = KINDS_BY_NAME[change.kind]
        pages.add(spec.index_uri)
        pages.update(overview.get(change.kind, []))
        if change.status != "removed":
            pages.add(spec.page_uri(change.id).partition("#")[0])
        if site is not None:
            for link in site.graph.backlinks((change.kind, change.id)) + site.graph.outgoing.get((change.kind, change.id), []):
                other = link.source if link.target == (change.kind, change.id) else link.target
                pages.add(KINDS_BY_NAME[other[0]].page_uri(other[1]).partition("#")[0])
    return sorted(page_url(uri) or "/" for uri in pages)


def format_summary(summary: ChangeSummary) -> str:
    """Markdown for a pull request description or a CI comment."""
    if not summary.changes:
        return "No content changes.\n"
    lines = ["## Content changes", ""]
    for change in summary.changes:
        path = f"content/{KINDS_BY_NAME[change.kind].content_dir}/{change.id}.yaml"
        lines.append(f"- **{change.status}** {KINDS_BY_NAME[change.kind].singular.lower()} `{change.id}` (`{path}`)")
        for name, old, new in change.fields:
            if old is None:
                lines.append(f"    - `{name}` added: {_short(new)}")
            elif new is None:
                lines.append(f"    - `{name}` removed (was: {_short(old)})")
            else:
                lines.append(f"    - `{name}`: {_short(old)} → {_short(new)}")
    lines += ["", f"## Affected pages ({len(summary.affected_pages)})", ""]
    lines += [f"- `{page}`" for page in summary.affected_pages]
    return "\n".join(lines) + "\n"


def cmd_diff(args: argparse.Namespace) -> int:
    """Print the change summary against a revision."""
    try:
        summary = summarise(args.root, args.revision)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print(format_summary(summary), end="")
    return 0


def add_command(sub: argparse._SubParsersAction) -> None:
    """Register the ``diff`` subcommand."""
    parser = sub.add_parser("diff", help="summarise content changes since a git revision")
    parser.add_argument("revision", nargs="?", default="origin/main", help="git revision to compare with (default: origin/main)")
    parser.set_defaults(func=cmd_diff)
