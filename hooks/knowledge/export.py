"""Export stage: JSON exports of every kind, JSON Schemas, and the generated Markdown on disk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from knowledge.assets import vendored_scripts
from knowledge.decision import Flow
from knowledge.graph import Graph
from knowledge.registry import KINDS, KindSpec
from knowledge.render import GeneratedPage, page_url

API_VERSION = "v1"
SCHEMA_DIR = "schemas"


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def schema_uri(spec: KindSpec) -> str:
    """Site path of a kind's JSON Schema."""
    return f"{SCHEMA_DIR}/{spec.name}.schema.json"


def kind_schema(spec: KindSpec) -> dict[str, Any]:
    """The JSON Schema of a kind, generated from its model."""
    schema = spec.model.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_uri(spec), **schema}


def record_export(graph: Graph, flow: Flow | None, spec: KindSpec, record_id: str, directory_urls: bool) -> dict[str, Any]:
    """One record with its resolved links and backlinks."""
    record = graph.records[spec.name][record_id]
    key = (spec.name, record_id)

    def target(kind: str, target_id: str) -> dict[str, str]:
        from knowledge.registry import KINDS_BY_NAME

        return {"kind": kind, "id": target_id, "url": page_url(KINDS_BY_NAME[kind].page_uri(target_id), directory_urls)}

    data: dict[str, Any] = {
        "kind": spec.name,
        "id": record_id,
        "url": page_url(spec.page_uri(record_id), directory_urls),
        "source": record.raw.display_path,
        "record": record.model.model_dump(mode="json"),
        "links": [{"field": ".".join(map(str, link.path)), **target(*link.target)} for link in graph.outgoing.get(key, [])],
        "referenced_by": [{"field": ".".join(map(str, link.path)), **target(*link.source)} for link in graph.backlinks(key)],
    }
    if spec.name == "scenario" and flow is not None and record_id in flow.traces:
        trace = flow.traces[record_id]
        data["decision_trace"] = {
            "steps": [{"question": step.question, "answer": step.answer} for step in trace.steps],
            "outcome": trace.outcome,
        }
    return data


def kind_export(graph: Graph, flow: Flow | None, spec: KindSpec, directory_urls: bool = True) -> dict[str, Any]:
    """Every record of a kind."""
    records = [record_export(graph, flow, spec, record.id, directory_urls) for record in graph.all(spec.name)]
    return {"api_version": API_VERSION, "kind": spec.name, "title": spec.plural, "count": len(records), "schema": schema_uri(spec), "records": records}


def api_files(graph: Graph, flow: Flow | None, directory_urls: bool = True) -> dict[str, str]:
    """Site path → content for ``api/v1/*.json`` and ``schemas/*.json``."""
    files: dict[str, str] = {}
    index = []
    for spec in KINDS:
        path = f"api/{API_VERSION}/{spec.export_name}.json"
        export = kind_export(graph, flow, spec, directory_urls)
        files[path] = _dump(export)
        files[schema_uri(spec)] = _dump(kind_schema(spec))
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
    files[f"api/{API_VERSION}/index.json"] = _dump({"api_version": API_VERSION, "kinds": index})
    return files


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
