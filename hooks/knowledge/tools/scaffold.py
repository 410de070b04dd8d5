"""``new``: write a record file with every field present and commented, ready to fill in."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from knowledge.link.graph import Graph
from knowledge.load.record_files import schema_comment
from knowledge.pipeline import check_content
from knowledge.records.field_docs import describe_type
from knowledge.records.fields import allowed_values, field_hints, unwrap
from knowledge.records.kinds import KINDS_BY_NAME, KindSpec
from knowledge.records.models import RefTo
from knowledge.records.safety import PLACEHOLDER
from knowledge.render.escaping import yaml_scalar
from knowledge.validate.records import slugify

ID_PLACEHOLDER = "fill-in"


class Scaffolder:
    """Writes commented YAML for a model, using existing ids as hints when the content is valid."""

    def __init__(self, graph: Graph | None, today: date) -> None:
        self.graph = graph
        self.today = today
        self.lines: list[str] = []

    def _ids(self, kinds: tuple[str, ...]) -> list[str]:
        if self.graph is None:
            return []
        return sorted(record_id for kind in kinds for record_id in self.graph.records[kind])

    def _comment(self, indent: str, info: Any, annotation: Any) -> None:
        words, _, _ = describe_type(annotation)
        bare, metadata = unwrap(annotation)
        inner = get_args(bare)[0] if get_origin(bare) is list else annotation
        allowed = allowed_values(inner)
        ref = next((m for m in unwrap(inner)[1] + metadata if isinstance(m, RefTo)), None)
        parts = [info.description or "", "required" if info.is_required() else "optional", words]
        self.lines.append(f"{indent}# {' · '.join(p for p in parts if p)}")
        if allowed:
            self.lines.append(f"{indent}#   allowed: {', '.join(allowed)}")
        if ref is not None:
            ids = self._ids(ref.kinds)
            if ids:
                shown = ", ".join(ids[:15]) + (f" … ({len(ids)} in all)" if len(ids) > 15 else "")
                self.lines.append(f"{indent}#   existing ids: {shown}")
        if info.examples:
            self.lines.append(f"{indent}#   example: {info.examples[0]}")

    def _scalar(self, annotation: Any, info: Any, name: str) -> str:
        bare, metadata = unwrap(annotation)
        if any(isinstance(m, RefTo) for m in metadata) or allowed_values(annotation):
            return ID_PLACEHOLDER
        if bare is date:
            return self.today.isoformat()
        if bare is bool:
            return "true" if info.default else "false"
        if bare is int:
            return str(self.today.year if name == "year" else (info.default if isinstance(info.default, int) else 1))
        if name == "url":
            return yaml_scalar(f"{PLACEHOLDER}: https://...")
        return yaml_scalar(f"{PLACEHOLDER}: {(info.description or name).rstrip('.')}")

    def model(self, model: type[BaseModel], indent: str, values: dict[str, str], first_prefix: str | None = None) -> None:
        """Emit every field of ``model``; optional fields are commented out."""
        hints = field_hints(model)
        for position, (name, info) in enumerate(model.model_fields.items()):
            annotation = hints[name]
            prefix = first_prefix if (first_prefix is not None and position == 0) else indent
            self._comment(indent, info, annotation)
            off = "" if info.is_required() or name in values else "# "
            self._value(name, annotation, info, prefix=prefix, indent=indent, off=off, values=values)

    def _value(self, name: str, annotation: Any, info: Any, *, prefix: str, indent: str, off: str, values: dict[str, str]) -> None:
        bare, _ = unwrap(annotation)
        origin = get_origin(bare)
        if name in values:
            self.lines.append(f"{prefix}{off}{name}: {values[name]}")
        elif origin is list:
            item = get_args(bare)[0]
            item_bare, _ = unwrap(item)
            self.lines.append(f"{prefix}{off}{name}:")
            if isinstance(item_bare, type) and issubclass(item_bare, BaseModel):
                self._nested(item_bare, indent + "    ", off, outer=indent, first_prefix=indent + "  - ")
            else:
                self.lines.append(f"{indent}  {off}- {self._scalar(item, info, name)}")
        elif origin is dict:
            self.lines.append(f"{prefix}{off}{name}:")
            self._mapping(name, bare, info, indent + "  ", off)
        elif isinstance(bare, type) and issubclass(bare, BaseModel):
            self.lines.append(f"{prefix}{off}{name}:")
            self._nested(bare, indent + "  ", off, outer=indent)
        else:
            self.lines.append(f"{prefix}{off}{name}: {self._scalar(annotation, info, name)}")

    def _nested(self, model: type[BaseModel], indent: str, off: str, *, outer: str, first_prefix: str | None = None) -> None:
        """Emit a nested model; when its parent field is optional (``off``), comment its lines out too."""
        start = len(self.lines)
        self.model(model, indent, {}, first_prefix=first_prefix)
        if off:
            self.lines[start:] = [_comment_out(line, outer) for line in self.lines[start:]]

    def _mapping(self, name: str, bare: Any, info: Any, indent: str, off: str) -> None:
        key_type, value_type = get_args(bare)
        key_ref = next((m for m in unwrap(key_type)[1] if isinstance(m, RefTo)), None)
        if key_ref is not None and key_ref.kinds == ("question",) and self.graph is not None:
            self._decision_answers(indent)
            return
        value_bare, _ = unwrap(value_type)
        keys = self._ids(key_ref.kinds) if key_ref else []
        for key in keys or [ID_PLACEHOLDER]:
            if isinstance(value_bare, type) and issubclass(value_bare, BaseModel):
                self.lines.append(f"{indent}{off}{key}:")
                self._nested(value_bare, indent + "  ", off, outer=indent)
            else:
                self.lines.append(f"{indent}{off}{key}: {ID_PLACEHOLDER}")

    def _decision_answers(self, indent: str) -> None:
        """List every decision question with its answers; the start question is filled in first."""
        questions = self.graph.all("question") if self.graph else []
        self.lines.append(f"{indent}# Answer each question on your path; the build walks the flow and shows the trace.")
        for question in sorted(questions, key=lambda q: not q.model.start):
            answers = ", ".join(a.id for a in question.model.answers)
            self.lines.append(f"{indent}# {question.model.title} ({answers})")
            prefix = "" if question.model.start else "# "
            self.lines.append(f"{indent}{prefix}{question.id}: {ID_PLACEHOLDER}")


def _comment_out(line: str, indent: str) -> str:
    """Comment out a nested line, keeping it aligned under its parent."""
    stripped = line[len(indent) :] if line.startswith(indent) else line.lstrip()
    if stripped.lstrip().startswith("#"):
        return line
    return f"{indent}# {stripped}"


def scaffold_text(spec: KindSpec, title: str, graph: Graph | None, today: date) -> str:
    """The commented YAML of a new record."""
    writer = Scaffolder(graph, today)
    writer.lines.append(schema_comment(spec))
    writer.lines.append(f"# New {spec.singular.lower()}. Replace every '{PLACEHOLDER}' and '{ID_PLACEHOLDER}'; optional fields are commented out.")
    writer.lines.append(f"# Field reference: docs page contribute/reference (section '{spec.singular}'). Check with: make validate")
    writer.model(spec.model, "", {"id": slugify(title), "title": yaml_scalar(title)})
    return "\n".join(writer.lines) + "\n"


def create_record(root: Path, kind: str, title: str, today: date | None = None) -> Path:
    """Write the scaffold to ``content/<folder>/<slug>.yaml``; refuse to overwrite."""
    spec = KINDS_BY_NAME[kind]
    path = root / "content" / spec.content_dir / f"{slugify(title)}.yaml"
    if path.exists():
        raise FileExistsError(path)
    site, _ = check_content(root / "content", root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scaffold_text(spec, title, site.graph if site else None, today or date.today()), encoding="utf-8")
    return path


def cmd_new(args: argparse.Namespace) -> int:
    """Scaffold a record."""
    if args.kind not in KINDS_BY_NAME:
        print(f"unknown kind '{args.kind}'; kinds: {', '.join(KINDS_BY_NAME)}", file=sys.stderr)
        return 2
    if not args.title.strip():
        print('give a title, e.g. make scenario TITLE="Invoice field extraction"', file=sys.stderr)
        return 2
    try:
        path = create_record(args.root, args.kind, args.title)
    except FileExistsError as error:
        print(f"{Path(error.args[0]).relative_to(args.root)} already exists; not overwritten (choose another title or edit that file)", file=sys.stderr)
        return 1
    print(f"wrote {path.relative_to(args.root)}: fill in every '{PLACEHOLDER}' and '{ID_PLACEHOLDER}', then run: make validate")
    return 0


def add_command(sub: argparse._SubParsersAction) -> None:
    """Register the ``new`` subcommand."""
    parser = sub.add_parser("new", help="scaffold a record with every field commented")
    parser.add_argument("kind", help=f"one of: {', '.join(KINDS_BY_NAME)}")
    parser.add_argument("title", help="the record's title; the id and file name are made from it")
    parser.set_defaults(func=cmd_new)
