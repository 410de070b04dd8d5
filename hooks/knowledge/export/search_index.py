"""Site search: the built HTML site in, a Pagefind index (``pagefind/`` inside the site) out; and the
records in, the search vocabulary (``search/vocabulary.json``) out.

Pagefind (its binary, installed from PyPI as the ``pagefind-bin`` wheel) reads every page that marks
its main text with ``data-pagefind-body`` (``overrides/main.html``), weighs titles and summaries
above body text, and writes a chunked index: a reader's browser downloads only the fragments a
query needs, so search stays small at any corpus size. It runs once at the end of every build and
every ``serve`` rebuild, as a subprocess; nothing is fetched from the network.

Pagefind forgives little in spelling (``retreival`` ranks pages about *retraining*), so the search
script first corrects each unknown query word to the nearest word of the vocabulary: the words of
every record's title, summary and tags, most frequent first.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

from pagefind_bin import get_executable

from knowledge.external_tools import run_tool
from knowledge.link.graph import Graph

INDEX_FOLDER = "pagefind"
"""The index's folder inside the site; the search script loads ``pagefind/pagefind.js`` from it."""

NOT_INDEXED = ".headerlink, .md-content__button, .md-source-file, .pof-not-indexed"
"""Parts of an indexed page that are not its text: heading anchors, the edit link, dates, marked extras."""

VOCABULARY_URI = "search/vocabulary.json"
"""Where the search script finds the words it corrects queries to."""

WORD = re.compile(r"[a-z][a-z0-9]{3,}")
"""A word worth correcting to: four characters or more (shorter ones are too easy to mistake)."""

COMPOUND = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
"""A hyphenated word, which readers also type joined up (``finetuning`` for ``fine-tuning``)."""

INDEX_TIMEOUT = 600
"""Seconds the indexer may take before the build reports it as failed."""


def index_command(site_dir: Path) -> list[str]:
    """The indexer's command line for a built site (the benchmark runs the same one)."""
    return [str(get_executable()), "--site", str(site_dir), "--output-subdir", INDEX_FOLDER, "--exclude-selectors", NOT_INDEXED, "--silent"]


def index_site(site_dir: Path) -> None:
    """Write the Pagefind index of the built site into ``site_dir / INDEX_FOLDER``; raise ``ToolFailed`` if the indexer fails.

    The previous index goes first: a ``--dirty`` build starts from a copy of the last site, and Pagefind
    names its files by their content, so the old metadata, chunks and fragments would pile up beside the new.
    """
    shutil.rmtree(site_dir / INDEX_FOLDER, ignore_errors=True)
    run_tool("the Pagefind indexer", index_command(site_dir), timeout=INDEX_TIMEOUT)


def vocabulary(graph: Graph) -> str:
    """The words of every record's title, summary and tags, most frequent first, and the joined-up forms of its compounds.

    JSON: ``{"words": [...], "joined": {"finetuning": "fine tuning", ...}}``.
    """
    counts: Counter[str] = Counter()
    joined: dict[str, str] = {}
    for records in graph.records.values():
        for record in records.values():
            model = record.model
            text = " ".join([str(getattr(model, "title", "")), str(getattr(model, "summary", "")), *map(str, getattr(model, "tags", None) or [])]).lower()
            counts.update(WORD.findall(text))
            for compound in COMPOUND.findall(text):
                joined.setdefault(compound.replace("-", ""), compound.replace("-", " "))
    words = sorted(counts, key=lambda word: (-counts[word], word))
    return json.dumps({"words": words, "joined": dict(sorted(joined.items()))}, separators=(",", ":"))
