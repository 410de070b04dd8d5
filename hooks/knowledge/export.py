"""Export stage: JSON exports of every kind, JSON Schemas, and the generated Markdown on disk."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pydantic_core

from knowledge.assets import vendored_scripts
from knowledge.decision import Flow
from knowledge.graph import Graph, Key
from knowledge.loader import parses_remembered
from knowledge.registry import KINDS, KINDS_BY_NAME, KindSpec
from knowledge.render import GeneratedPage, page_url

API_VERSION = "v1"
SCHEMA_DIR = "schemas"


def _json(data: Any) -> str:
    """JSON indented by two spaces with non-ASCII kept, written by pydantic's Rust encoder.

    For plain data it is the text of ``json.dumps(data, ensure_ascii=False, indent=2)``. The
    standard library encodes with indentation in pure Python; exports of thousands of
    records are several times faster this way. NaN and infinities become ``null``, so every
    export is valid JSON.
    """
    return pydantic_core.to_json(data, indent=2).decode("utf-8")


def _dump(data: Any) -> str:
    """:func:`_json` plus the closing newline of a file."""
    return _json(data) + "\n"


def schema_uri(spec: KindSpec) -> str:
    """Site path of a kind's JSON Schema."""
    return f"{SCHEMA_DIR}/{spec.name}.schema.json"


def kind_schema(spec: KindSpec) -> dict[str, Any]:
    """The JSON Schema of a kind, generated from its model."""
    schema = spec.model.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_uri(spec), **schema}


@functools.lru_cache(maxsize=1 << 16)
def _record_url(kind: str, record_id: str, directory_urls: bool) -> str:
    return page_url(KINDS_BY_NAME[kind].page_uri(record_id), directory_urls)


def _link_entry(path: tuple, other: Key, directory_urls: bool) -> dict[str, str]:
    """One entry of ``links`` or ``referenced_by``: the field it sits in and the record at the other end."""
    kind, other_id = other
    return {"field": _field_path(path), "kind": kind, "id": other_id, "url": _record_url(kind, other_id, directory_urls)}


@functools.lru_cache(maxsize=1 << 12)
def _field_path(path: tuple) -> str:
    """A reference's place in its record as dotted text, e.g. ``evidence.0.evidence`` (few distinct ones)."""
    return ".".join(map(str, path))


def record_export(graph: Graph, flow: Flow | None, spec: KindSpec, record_id: str, directory_urls: bool) -> dict[str, Any]:
    """One record with its resolved links and backlinks."""
    record = graph.records[spec.name][record_id]
    key = (spec.name, record_id)
    data: dict[str, Any] = {
        "kind": spec.name,
        "id": record_id,
        "url": page_url(spec.page_uri(record_id), directory_urls),
        "source": record.raw.display_path,
        "record": record.model.model_dump(mode="json"),
        "links": [_link_entry(link.path, link.target, directory_urls) for link in graph.outgoing.get(key, [])],
        "referenced_by": [_link_entry(link.path, link.source, directory_urls) for link in graph.backlinks(key)],
    }
    if spec.name == "scenario" and flow is not None and record_id in flow.traces:
        trace = flow.traces[record_id]
        data["decision_trace"] = {
            "steps": [{"question": step.question, "answer": step.answer} for step in trace.steps],
            "outcome": trace.outcome,
        }
    return data


def _kind_head(spec: KindSpec, count: int) -> dict[str, Any]:
    """The fields of a kind export before its records."""
    return {"api_version": API_VERSION, "kind": spec.name, "title": spec.plural, "count": count, "schema": schema_uri(spec)}


def kind_export(graph: Graph, flow: Flow | None, spec: KindSpec, directory_urls: bool = True) -> dict[str, Any]:
    """Every record of a kind."""
    records = [record_export(graph, flow, spec, record.id, directory_urls) for record in graph.all(spec.name)]
    return {**_kind_head(spec, len(records)), "records": records}


def kind_export_uri(spec: KindSpec) -> str:
    """Where the JSON export of one kind is published."""
    return f"api/{API_VERSION}/{spec.export_name}.json"


API_INDEX_URI = f"api/{API_VERSION}/index.json"


def api_uris() -> list[str]:
    """The site path of every file :func:`api_files` makes, in the same order."""
    return [uri for spec in KINDS for uri in (kind_export_uri(spec), schema_uri(spec))] + [API_INDEX_URI]


def api_files(graph: Graph, flow: Flow | None, directory_urls: bool = True, *, reuse: bool | None = None) -> dict[str, str]:
    """Site path → content for ``api/v1/*.json`` and ``schemas/*.json``.

    ``reuse`` (default: when the loader remembers parses, as in ``mkdocs serve``) keeps each
    record's JSON text and uses it again while everything it is made of is unchanged.
    """
    reuse = parses_remembered() if reuse is None else reuse
    kept: dict[Key, tuple[tuple, str]] = {}
    files: dict[str, str] = {}
    index = []
    for spec in KINDS:
        path = kind_export_uri(spec)
        records = [_record_json(graph, flow, spec, record.id, directory_urls, reuse=reuse, kept=kept) for record in graph.all(spec.name)]
        export = _kind_head(spec, len(records))
        files[path] = _kind_json(export, records)  # the same text as _dump(kind_export(...))
        files[schema_uri(spec)] = _schema_json(spec)
        index.append(
            {
                "kind": spec.name,
                "title": spec.plural,
                "count": export["count"],
                "url": path,
                "schema": schema_uri(spec),
                "pages": page_url(spec.index_uri, directory_urls),
            }
        )
    files[API_INDEX_URI] = _dump({"api_version": API_VERSION, "kinds": index})
    if reuse:
        _reusable_records.clear()
        _reusable_records.update(kept)  # only this build's records: deleted ones drop out
    return files


_RECORD_NEWLINE = "\n    "
"""A record's place in a kind export: an item of the list under ``records``, two levels deep."""

_reusable_records: dict[Key, tuple[tuple, str]] = {}
"""(kind, id) → (what the record's export is made of, its JSON text) from the previous build."""


def _kind_json(head: dict[str, Any], records: list[str]) -> str:
    """A kind export as file text: ``head``'s fields, then ``records`` (JSON texts indented for their place)."""
    text = _json(head)[: -len("\n}")]
    if not records:
        return text + ',\n  "records": []\n}\n'
    return text + ',\n  "records": [' + _RECORD_NEWLINE + ("," + _RECORD_NEWLINE).join(records) + "\n  ]\n}\n"


def _record_json(graph: Graph, flow: Flow | None, spec: KindSpec, record_id: str, directory_urls: bool, *, reuse: bool, kept: dict) -> str:
    """:func:`record_export` as JSON text indented for a kind export, reused when nothing it shows changed."""
    key = (spec.name, record_id)
    made_of = None
    if reuse:
        record = graph.records[spec.name][record_id]
        trace = flow.traces.get(record_id) if spec.name == "scenario" and flow is not None else None
        made_of = (
            record.raw.version,
            record.raw.display_path,
            directory_urls,
            tuple((link.path, link.target) for link in graph.outgoing.get(key, [])),
            tuple((link.path, link.source) for link in graph.backlinks(key)),
            None if trace is None else (tuple((step.question, step.answer) for step in trace.steps), trace.outcome),
        )
        previous = _reusable_records.get(key)
        if previous is not None and previous[0] == made_of:
            kept[key] = previous
            return previous[1]
    # JSON text holds no raw newline of its own: indenting every line moves it to its place
    text = _json(record_export(graph, flow, spec, record_id, directory_urls)).replace("\n", _RECORD_NEWLINE)
    if made_of is not None:
        kept[key] = (made_of, text)
    return text


@functools.cache
def _schema_json(spec: KindSpec) -> str:
    """A kind's JSON Schema as text: the models do not change while the process runs."""
    return _dump(kind_schema(spec))


def write_tree(root: Path, files: dict[str, str]) -> list[Path]:
    """Write files below ``root``; leave a file untouched when its content is unchanged."""
    written = []
    for relative, content in files.items():
        path = root / relative
        if path.is_file() and path.read_text(encoding="utf-8") == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def export_markdown(pages: list[GeneratedPage], api: dict[str, str], docs_dir: Path, out_dir: Path, root: Path) -> int:
    """Write the site as plain Markdown: generated pages, hand-written docs, scripts and JSON.

    The tree builds with any MkDocs-compatible tool, without this project's hooks.
    """
    files: dict[str, str] = {}
    copies = {path.relative_to(docs_dir).as_posix(): path for path in docs_dir.rglob("*") if path.is_file()}
    copies.update(vendored_scripts(root))
    for relative, path in copies.items():
        target = out_dir / relative
        if target.is_file() and target.stat().st_size == path.stat().st_size and target.read_bytes() == path.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    files.update({page.uri: page.content for page in pages})
    files.update(api)
    write_tree(out_dir, files)
    return len(pages)
