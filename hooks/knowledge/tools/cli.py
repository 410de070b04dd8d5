"""Command line: validate, export, schemas, published-ids, new, walk, diff, issue-form. Same engine as the MkDocs build."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from datetime import date
from pathlib import Path

from knowledge.export.api import kind_schema
from knowledge.export.markdown import export_markdown, write_plain_config
from knowledge.link.stable_ids import PUBLISHED_IDS_FILE, published_ids_text
from knowledge.load.record_files import SCHEMA_FOLDER
from knowledge.pipeline import Site, check_content
from knowledge.problems import Problem
from knowledge.records.kinds import KINDS
from knowledge.tools import diff, issue_form, scaffold, walk


def _print_problems(problems: list[Problem], output_format: str) -> None:
    for problem in problems:
        print(problem.format_github() if output_format == "github" else problem.format())


def cmd_validate(args: argparse.Namespace) -> int:
    """Check content; exit 1 when there is any error."""
    site, log = check_content(args.content, args.root)
    _print_problems(log.sorted(), args.format)
    errors, warnings = len(log.errors), len(log.warnings)
    if site is None:
        print(f"{errors} error(s), {warnings} warning(s) in {args.content}", file=sys.stderr)
        return 1
    count = sum(len(records) for records in site.graph.records.values())
    print(f"ok: {count} records, {len(site.graph.links)} links, {warnings} warning(s)", file=sys.stderr)
    return 0


def _checked(args: argparse.Namespace) -> Site | None:
    """The checked content, or None after printing every problem."""
    site, log = check_content(args.content, args.root)
    if site is None:
        _print_problems(log.sorted(), "text")
    return site


def cmd_export(args: argparse.Namespace) -> int:
    """Write the generated Markdown, the hand-written pages and a hook-free mkdocs.yml to a folder."""
    site = _checked(args)
    if site is None:
        return 1
    out: Path = args.out
    files = site.data_files(directory_urls=True, today=date.today(), site_url=walk.SITE_URL)
    count = export_markdown(site.pages(), files, args.root / "docs", out / "docs")
    write_plain_config(args.root / "mkdocs.yml", out / "mkdocs.yml")
    overrides = args.root / "overrides"
    if overrides.is_dir():
        shutil.copytree(overrides, out / "overrides", dirs_exist_ok=True)
    print(f"exported {count} generated pages to {out / 'docs'}; build with: mkdocs build -f {out / 'mkdocs.yml'}", file=sys.stderr)
    return 0


def cmd_schemas(args: argparse.Namespace) -> int:
    """Write each kind's JSON Schema to content/_schemas for editors."""
    folder = args.content / SCHEMA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for spec in KINDS:
        (folder / f"{spec.name}.schema.json").write_text(json.dumps(kind_schema(spec), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(KINDS)} schemas to {folder}", file=sys.stderr)
    return 0


def cmd_published_ids(args: argparse.Namespace) -> int:
    """Add every current and former record id to content/_published-ids.txt (entries are never removed)."""
    site = _checked(args)
    if site is None:
        return 1
    path = args.content / PUBLISHED_IDS_FILE
    path.write_text(published_ids_text(site.graph, path), encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="knowledge", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: current folder)")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check content/ and report every problem")
    validate.add_argument("--format", choices=("text", "github"), default="text", help="github: workflow annotations")
    validate.set_defaults(func=cmd_validate)

    export = sub.add_parser("export", help="write the site as plain Markdown plus a hook-free mkdocs.yml")
    export.add_argument("out", type=Path, help="output folder")
    export.set_defaults(func=cmd_export)

    schemas = sub.add_parser("schemas", help="regenerate content/_schemas from the models")
    schemas.set_defaults(func=cmd_schemas)

    published = sub.add_parser("published-ids", help="record every current id in content/_published-ids.txt, so later renames keep their links")
    published.set_defaults(func=cmd_published_ids)

    for module in (walk, scaffold, diff, issue_form):
        module.add_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.root = args.root.resolve()
    args.content = args.root / "content"
    return args.func(args)
