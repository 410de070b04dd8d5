"""Site search: the built site in, its Pagefind index out; the records in, the search vocabulary out.

The index goes to ``pagefind/`` inside the site, the vocabulary to ``search/vocabulary.json``.

Pagefind (its binary, installed from PyPI as the ``pagefind-bin`` wheel) reads every page that marks
its main text with ``data-pagefind-body`` (``overrides/main.html``), weighs titles and summaries
above body text, and writes a chunked index: a reader's browser downloads only the fragments a
query needs, so search stays small at any corpus size. It runs at the end of every build and every
``serve`` rebuild, as a subprocess; nothing is fetched from the network.

A large site is indexed in parts (:func:`split`): the pages of a section with many pages (the
scenarios) are spread over a few parts by a hash of their path, every other page stays in one part.
Each part is a Pagefind bundle in a folder named by a digest of its pages, and ``pagefind/parts.json``
lists them; the search script loads the first and merges the others (Pagefind's ``mergeIndex``). So
the indexer's memory follows the largest part rather than the whole site, and a ``--dirty`` preview
indexes again only the parts whose pages changed. A site whose sections hold up to ``PART_PAGES``
pages each is one part.

Pagefind forgives little in spelling (``retreival`` ranks pages about *retraining*), so the search
script first corrects each unknown query word to the nearest word of the vocabulary: the words of
every record's title, summary and tags, most frequent first.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import zlib
from collections import Counter, defaultdict
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from pagefind_bin import get_executable

from knowledge.external_tools import run_tool
from knowledge.storage import write_atomically

if TYPE_CHECKING:
    from knowledge.link.graph import Graph

INDEXER_VERSION = version("pagefind-bin")
"""Part of every bundle's digest: another Pagefind writes every part again."""

INDEX_FOLDER = "pagefind"
"""The index's folder inside the site: its parts' bundles and the list of them."""

PARTS_FILE = "parts.json"
"""In the index's folder: ``{"bundles": ["<digest>/", ...]}``, the first one loaded by the search script."""

NOT_INDEXED = ".headerlink, .md-content__button, .md-source-file, .pof-not-indexed"
"""Parts of an indexed page that are not its text: heading anchors, the edit link, dates, marked extras."""

INDEXED = b"data-pagefind-body"
"""The mark of a page Pagefind indexes (``overrides/main.html``); pages without it are left out."""

NOT_INDEXED_PART = re.compile(rb"<!--pof-not-indexed-->.*?<!--/pof-not-indexed-->", re.DOTALL)
"""A part of a page the search skips, between the marks the templates put in it (``_macros.md.j2``):
left out of the page's digest, so a change there (a summary quoted from another record) does not
index its part again. Nested parts only shorten the match, which can cost a run, never miss a change."""

PART_PAGES = 250
"""Pages of a section that fit in one part; larger sections are spread over parts this size."""

MAX_PARTS = 8
"""The most parts: every part costs one more metadata file and index chunk per search."""

VOCABULARY_URI = "search/vocabulary.json"
"""Where the search script finds the words it corrects queries to."""

WORD = re.compile(r"[a-z][a-z0-9]{3,}")
"""A word worth correcting to: four characters or more (shorter ones are too easy to mistake)."""

COMPOUND = re.compile(r"(?<![a-z0-9])[a-z0-9]++(?:-[a-z0-9]++)+")
"""A hyphenated word, which readers also type joined up (``finetuning`` for ``fine-tuning``).

It starts only where a run of letters and digits does, and never gives back what a run matched:
a word without a hyphen fails at once instead of being tried from each of its letters."""

INDEX_TIMEOUT = 600
"""Seconds the indexer may take on one part before the build reports it as failed."""


def index_command(site_dir: Path, output: Path) -> list[str]:
    """The indexer's command line for the pages under ``site_dir``, writing its bundle to ``output``."""
    return [str(get_executable()), "--site", str(site_dir), "--output-path", str(output), "--exclude-selectors", NOT_INDEXED, "--silent"]


def indexed_pages(site_dir: Path) -> dict[str, bytes]:
    """Every page Pagefind would index, by its path in the site (``/`` separators), with a digest of what it would index."""
    pages = {}
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if relative.startswith(INDEX_FOLDER + "/"):
            continue
        data = path.read_bytes()
        if INDEXED in data:
            pages[relative] = hashlib.blake2b(NOT_INDEXED_PART.sub(b"", data), digest_size=16).digest()
    return pages


def split(pages: list[str]) -> list[list[str]]:
    """The parts a site's pages are indexed in, the part without spread sections first.

    A section (a page path's first folder) with more than ``size`` pages is spread over
    ``ceil(pages / size)`` parts by a hash of each page's path, so a page stays in its part as the
    site grows; the other pages form one part. ``size`` starts at ``PART_PAGES`` and doubles
    until there are at most ``MAX_PARTS`` parts.
    """
    sections: defaultdict[str, list[str]] = defaultdict(list)
    for page in pages:
        sections[page.split("/", 1)[0] if "/" in page else ""].append(page)
    size = PART_PAGES
    while True:
        spread = {name: -(-len(members) // size) for name, members in sections.items() if len(members) > size}
        rest = [page for name, members in sections.items() if name not in spread for page in members]
        if sum(spread.values()) + bool(rest) <= MAX_PARTS:
            break
        size *= 2
    parts = [rest] if rest else []
    for name in sorted(spread):
        buckets: list[list[str]] = [[] for _ in range(spread[name])]
        for page in sections[name]:
            buckets[zlib.crc32(page.encode()) % len(buckets)].append(page)
        parts.extend(bucket for bucket in buckets if bucket)
    return parts


def index_site(site_dir: Path) -> None:
    """Write the Pagefind index of the built site into ``site_dir / INDEX_FOLDER``; raise ``ToolFailed`` if the indexer fails.

    A part whose bundle is there already (the same pages with the same text to index: the same
    digest) is kept; the others are indexed afresh. The new list of bundles replaces the old one in
    one step, and only then does whatever else the folder holds (bundles of pages since changed) go,
    so a reader searching a ``serve`` preview during a rebuild never gets a list naming a deleted bundle.
    """
    folder = site_dir / INDEX_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    pages = indexed_pages(site_dir)
    seed = repr((INDEXER_VERSION, NOT_INDEXED)).encode()
    bundles = []
    for part in split(list(pages)):
        digest = hashlib.blake2b(seed, digest_size=10)
        for page in part:
            digest.update(page.encode() + b"\0" + pages[page])
        bundle = folder / digest.hexdigest()
        if not (bundle / "pagefind-entry.json").is_file():
            _index_part(site_dir, part, bundle)
        bundles.append(bundle.name)
    write_atomically(folder / PARTS_FILE, json.dumps({"bundles": [name + "/" for name in bundles]}).encode())
    for stale in folder.iterdir():
        if stale.name not in (*bundles, PARTS_FILE):
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()


def _index_part(site_dir: Path, part: list[str], bundle: Path) -> None:
    """Index the pages of one part into ``bundle``: Pagefind reads them from a folder of hard links beside the site."""
    with tempfile.TemporaryDirectory(prefix=".search-part-", dir=site_dir.parent) as scratch:
        pages, output = Path(scratch) / "pages", Path(scratch) / "bundle"
        for page in part:
            target = pages / page
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site_dir / page, target)
            except OSError:  # a file system without hard links
                shutil.copyfile(site_dir / page, target)
        run_tool("the Pagefind indexer", index_command(pages, output), timeout=INDEX_TIMEOUT)
        shutil.rmtree(bundle, ignore_errors=True)
        output.rename(bundle)


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
