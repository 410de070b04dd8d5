"""Parsed record data kept between runs, so a file whose text did not change is not parsed again.

Parsing YAML is the largest part of loading. Each entry maps a hash of a file's text to the
plain data parsed from it (dicts, lists, text, numbers, dates); positions are never stored,
they are worked out from the text when a problem needs them. Entries unused by a load are
dropped when it saves, so the file holds one entry per current record.

The file sits in the project's ``.cache/knowledge/``, which git ignores. It is only ever
trusted to hold plain data: it is read with an unpickler that refuses every class except
dates, so a planted or corrupt file cannot run code, and the data still goes through the
record models and their safety checks like freshly parsed data. Any unreadable or stale
file (another parser version) is ignored and rewritten.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import os
import pickle
import sys
from pathlib import Path
from typing import Any

import yaml

PARSE_CACHE_FILE = ".cache/knowledge/parsed.pickle"
"""Below the project root, beside the page cache."""

_ALLOWED_CLASSES = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "timezone"), ("datetime", "timedelta")}


def _fingerprint() -> str:
    """Changes whenever parsing could give other data: the parser's code, PyYAML, libyaml, Python."""
    here = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for name in ("yaml_source.py", "fastyaml.py", "parsecache.py"):
        digest.update((here / name).read_bytes())
    digest.update(f"{yaml.__version__} {getattr(yaml, '__with_libyaml__', False)} {sys.version_info[:2]}".encode())
    return digest.hexdigest()


class _PlainDataUnpickler(pickle.Unpickler):
    """Rebuilds containers, text, numbers and dates; refuses every other class."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED_CLASSES:
            return getattr(datetime, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not plain record data")


UNREADABLE = (EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, IndexError, MemoryError, RecursionError)
"""What unpickling damaged or foreign bytes can raise."""


def loads_plain_data(data: bytes) -> Any:
    """Unpickle bytes that may hold only plain data (containers, text, numbers, dates)."""
    return _PlainDataUnpickler(io.BytesIO(data)).load()


def text_key(text: str) -> bytes:
    """The cache key of a file's text."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


SAVE_AFTER_PARSES = 50
"""A load that parsed fewer files than this (the rest from the stored cache) does not rewrite it."""


class ParseCache:
    """The parsed data of every record file, by the hash of its text."""

    def __init__(self, path: Path, *, hold: bool = False) -> None:
        self.path = path
        self.fingerprint = _fingerprint()
        self._stored: dict[bytes, Any] = self._read()
        self._fresh: dict[bytes, Any] = {}
        self._used: dict[bytes, Any] = {}
        self.hits = 0
        self.hold = hold
        """Keep :meth:`save` for :meth:`release`: the engine worker writes the cache once the build has what it needs."""
        self._save_pending = False

    def _read(self) -> dict[bytes, Any]:
        try:
            with self.path.open("rb") as file:
                stored = _PlainDataUnpickler(file).load()
        except (OSError, *UNREADABLE):
            return {}
        if not isinstance(stored, dict) or stored.get("fingerprint") != self.fingerprint or not isinstance(stored.get("entries"), dict):
            return {}
        return stored["entries"]

    def knows(self, key: bytes) -> bool:
        """Whether :meth:`get` has data for this key."""
        return key in self._stored or key in self._fresh

    def add(self, entries: dict[bytes, Any]) -> None:
        """Data parsed by this run ahead of the loader (``knowledge.preparse``): :meth:`get` finds it, :meth:`save` writes it."""
        self._fresh.update(entries)

    def get(self, key: bytes) -> Any | None:
        """The data parsed from the text with this key, by an earlier run or ahead of the loader."""
        data = self._stored.get(key)
        if data is not None:
            self.hits += 1  # counts what earlier runs saved
        else:
            data = self._fresh.get(key)
        if data is not None:
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
        if self.hold:
            self._save_pending = True
            return
        parsed = sum(1 for key in self._used if key not in self._stored)
        if self._stored and parsed < SAVE_AFTER_PARSES:
            return
        data = pickle.dumps({"fingerprint": self.fingerprint, "entries": self._used}, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, data)
        except OSError:
            return  # a read-only checkout still builds, only without the cache
        self._stored = dict(self._used)

    def release(self) -> None:
        """Stop holding :meth:`save` back, and save if a load asked for it meanwhile."""
        self.hold = False
        if self._save_pending:
            self._save_pending = False
            self.save()


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary name beside ``path``, then rename it: a reader sees the old file or the new one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
