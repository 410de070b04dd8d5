"""The open-data archive: every record in one download, with its licence, version and date.

In: the JSON API files (``export.api``) and the graph. Out: a zip file (bytes) holding each kind's
JSON export and schema, ``scenarios.csv`` (one row per scenario, lists joined with ``; ``), and
``README.txt`` and ``manifest.json`` naming the licence, the data version and the build date. The
same content and date give the same bytes (entries in a fixed order with a fixed timestamp), so a
build may read them back from its cache while both hold.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from knowledge.export.api import API_VERSION, ARCHIVE_URI, kind_export_uri, schema_uri
from knowledge.link.graph import Graph
from knowledge.records.kinds import KINDS
from knowledge.storage import read_plain_data, write_plain_data

ARCHIVE_CACHE_FILE = ".cache/knowledge/archive.pickle"
"""Below the project root: the last archive built, with a digest of its members, its date and this code."""

CONTENT_LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
SCENARIO_COLUMNS = ("id", "title", "summary", "domain", "task_type", "data_situation", "volume", "recommended_start", "tags", "last_reviewed")


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return "" if value is None else str(value)


def scenarios_csv(graph: Graph) -> str:
    """One row per scenario with its facets; lists joined with ``; ``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SCENARIO_COLUMNS)
    for record in graph.all("scenario"):
        writer.writerow([_cell(getattr(record.model, column)) for column in SCENARIO_COLUMNS])
    return out.getvalue()


def archive(graph: Graph, api: dict[str, str], today: date, cache: Path | None = None) -> tuple[bytes, dict[str, Any]]:
    """The archive's bytes and its manifest; with ``cache`` (a file), the bytes of an earlier run with the same version and date are read back."""
    members = {f"json/{spec.export_name}.json": api[kind_export_uri(spec)] for spec in KINDS}
    members |= {f"schemas/{spec.name}.schema.json": api[schema_uri(spec)] for spec in KINDS}
    members["scenarios.csv"] = scenarios_csv(graph)
    encoded = {name: text.encode("utf-8") for name, text in members.items()}
    digest = hashlib.blake2b(digest_size=16)
    for name, data in encoded.items():
        digest.update(name.encode() + b"\0" + data)
    manifest = {
        "name": "Prompt or Fine-Tune? open data",
        "api_version": API_VERSION,
        "version": f"{API_VERSION}-{digest.hexdigest()[:12]}",
        "date": today.isoformat(),
        "licence": {"content": CONTENT_LICENCE, "code": "the licence of the project's repository"},
        "counts": {spec.name: len(graph.records[spec.name]) for spec in KINDS},
        "files": sorted(members),
    }
    encoded["manifest.json"] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    encoded["README.txt"] = (
        "Prompt or Fine-Tune? open data\n\n"
        f"Version {manifest['version']}, built {manifest['date']}.\n"
        f"The records (json/, scenarios.csv) are licensed {CONTENT_LICENCE}: credit 'Prompt or Fine-Tune?'.\n"
        "The JSON Schemas (schemas/) describe every field. Figures cite their sources inside each record.\n"
    ).encode("utf-8")
    key = hashlib.blake2b(digest.digest() + today.isoformat().encode() + Path(__file__).read_bytes(), digest_size=16).digest()
    stored = read_plain_data(cache) if cache is not None else None
    if isinstance(stored, dict) and stored.get("key") == key and isinstance(stored.get("zip"), bytes):
        return stored["zip"], manifest
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name in sorted(encoded):
            info = zipfile.ZipInfo(name, date_time=(today.year, today.month, today.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            # the fastest deflate level: a third larger than the default, in under half the time of every build
            zipped.writestr(info, encoded[name], compresslevel=1)
    zipped_bytes = buffer.getvalue()
    if cache is not None:
        write_plain_data(cache, {"key": key, "zip": zipped_bytes})
    return zipped_bytes, manifest
