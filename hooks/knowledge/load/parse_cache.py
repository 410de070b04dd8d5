"""Parsed record data kept between runs, so a file whose text did not change is not parsed again.

In: the hash of a file's text. Out: the plain data an earlier run parsed from that text.

Parsing YAML is the largest part of loading. Each entry maps a hash of a file's text to the
plain data parsed from it (dicts, lists, text, numbers, dates); positions are never stored,
they are worked out from the text when a problem needs them. Entries unused by a load are
dropped when it saves, so the file holds one entry per current record.

The file sits in the project's ``.cache/knowledge/``, which git ignores. It is only ever
trusted to hold plain data (:func:`knowledge.storage.read_plain_data`), and the data still goes
through the record models and their safety checks like freshly parsed data. Any unreadable or
stale file (another parser version) is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

import yaml

from knowledge.storage import read_plain_data, write_plain_data

PARSE_CACHE_FILE = ".cache/knowledge/parsed.pickle"
"""Below the project root, beside the page cache."""

SAVE_AFTER_PARSES = 50
"""A load that parsed fewer files than this (the rest from the stored cache) does not rewrite it."""


def _fingerprint() -> str:
    """Changes whenever parsing could give other data: the parser's code, PyYAML, libyaml, Python."""
    here = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for name in ("strict_yaml.py", "fast_yaml.py", "parse_cache.py"):
        digest.update((here / name).read_bytes())
    digest.update(f"{yaml.__version__} {getattr(yaml, '__with_libyaml__', False)} {sys.version_info[:2]}".encode())
    return digest.hexdigest()


def text_key(text: str) -> bytes:
    """The cache key of a file's text."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class ParseCache:
    """The parsed data of every record file, by the hash of its text."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fingerprint = _fingerprint()
        stored = read_plain_data(path)
        valid = isinstance(stored, dict) and stored.get("fingerprint") == self.fingerprint and isinstance(stored.get("entries"), dict)
        self._stored: dict[bytes, Any] = stored["entries"] if valid else {}
        self._used: dict[bytes, Any] = {}
        self.hits = 0

    def get(self, key: bytes) -> Any | None:
        """The data an earlier run parsed from the text with this key, or None."""
        data = self._stored.get(key)
        if data is not None:
            self.hits += 1
            self._used[key] = data
        return data

    def put(self, key: bytes, data: Any) -> None:
        """Remember the data parsed from a text (never modified afterwards)."""
        self._used[key] = data

    def save(self) -> None:
        """Write the entries this load used, when that spares later runs work; never fails the build.

        Nothing is written while the stored entries still hold all but a few of the files
        (fewer than :data:`SAVE_AFTER_PARSES` parsed again): parsing those few again costs
        less than writing every entry, which a preview build would otherwise do after each edit.
        """
        parsed = sum(1 for key in self._used if key not in self._stored)
        if self._stored and parsed < SAVE_AFTER_PARSES:
            return
        if write_plain_data(self.path, {"fingerprint": self.fingerprint, "entries": self._used}):
            self._stored = dict(self._used)
