"""The JSON API: every record of each kind with its links both ways, and each kind's JSON Schema.

In: the linked graph and the decision flow. Out: site path → JSON text, for ``api/v1/`` and
``schemas/``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pydantic_core

from knowledge.link.flow import Flow
from knowledge.link.graph import Graph, Key
from knowledge.link.stable_ids import Redirect
from knowledge.records.kinds import KINDS, KINDS_BY_NAME, KindSpec
from knowledge.render.pages import page_url

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
def record_url(kind: str, record_id: str, directory_urls: bool) -> str:
    """The site-relative URL of a record's page (or its anchor on the index page)."""
    return page_url(KINDS_BY_NAME[kind].page_uri(record_id), directory_urls)


def _link_entry(path: tuple, other: Key, directory_urls: bool) -> dict[str, str]:
    """One entry of ``links`` or ``referenced_by``: the field it sits in and the record at the other end."""
    kind, other_id = other
    return {"field": _field_path(path), "kind": kind, "id": other_id, "url": record_url(kind, other_id, directory_urls)}


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
ARCHIVE_URI = "downloads/prompt-or-fine-tune-data.zip"
"""Every record in one download (``export.archive``)."""
REDIRECTS_URI = f"api/{API_VERSION}/redirects.json"
"""Old ids of renamed records and the ids that replaced them: clients map stored ids through it."""


RecordJson = Callable[[KindSpec, str, Callable[[], str]], str]
"""``(spec, record id, make) → text``: a record's entry in its kind export, from ``make()`` or an earlier build (``render/page_memo.py``)."""


def _made_now(spec: KindSpec, record_id: str, make: Callable[[], str]) -> str:
    return make()


def api_files(
    graph: Graph, flow: Flow | None, directory_urls: bool = True, redirects: list[Redirect] = (), record_json: RecordJson | None = None
) -> dict[str, str]:
    """Site path → content for ``api/v1/*.json`` and ``schemas/*.json``; ``redirects.json`` maps old ids to new ones.

    ``record_json`` supplies each record's entry: by default made now.
    """
    files: dict[str, str] = {}
    index = []
    entry = record_json or _made_now
    for spec in KINDS:
        path = kind_export_uri(spec)
        records = [
            entry(spec, record.id, functools.partial(_record_json, graph, flow, spec, record.id, directory_urls)) for record in graph.all(spec.name)
        ]
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
    moved = [
        {"kind": r.kind, "old_id": r.old, "id": r.new, "url": record_url(r.kind, r.new, directory_urls)} for r in redirects
    ]
    files[REDIRECTS_URI] = _dump({"api_version": API_VERSION, "count": len(moved), "redirects": moved})
    files[API_INDEX_URI] = _dump({"api_version": API_VERSION, "kinds": index, "redirects": REDIRECTS_URI, "archive": ARCHIVE_URI})
    return files


_RECORD_NEWLINE = "\n    "
"""A record's place in a kind export: an item of the list under ``records``, two levels deep."""


def _kind_json(head: dict[str, Any], records: list[str]) -> str:
    """A kind export as file text: ``head``'s fields, then ``records`` (JSON texts indented for their place)."""
    text = _json(head)[: -len("\n}")]
    if not records:
        return text + ',\n  "records": []\n}\n'
    return text + ',\n  "records": [' + _RECORD_NEWLINE + ("," + _RECORD_NEWLINE).join(records) + "\n  ]\n}\n"


def _record_json(graph: Graph, flow: Flow | None, spec: KindSpec, record_id: str, directory_urls: bool) -> str:
    """:func:`record_export` as JSON text indented for its place in a kind export."""
    # JSON text holds no raw newline of its own: indenting every line moves it to its place
    return _json(record_export(graph, flow, spec, record_id, directory_urls)).replace("\n", _RECORD_NEWLINE)


@functools.cache
def _schema_json(spec: KindSpec) -> str:
    """A kind's JSON Schema as text: the models do not change while the process runs."""
    return _dump(kind_schema(spec))
