"""Record pages and JSON records kept from one full build to the next, each with the key it was made from.

A record page's key (``Renderer.page_key``) is a digest of everything the page shows, and so of
everything the record's entry in the JSON API holds too (its fields, its links both ways, its path
through the decision flow). A full build that finds a page or an entry here under the same key
takes its text as it is, instead of making it again: after an edit, only the pages and entries of
the edited records and of the records linked with them are made. ``--dirty`` builds keep their
pages as files instead (``knowledge.preview``).

In: names (a page's path; ``json:`` and the path for its API entry) with keys, and a way to make
each text. Out: the text, from an earlier build with the same key or made now. Kept in one file
below the project root; a missing, damaged or foreign file is an empty memo, and a read-only
checkout builds without one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from knowledge.storage import read_plain_data, write_plain_data

PAGE_MEMO_FILE = ".cache/knowledge/pages.pickle"
"""Below the project root, beside the parse cache: name → (key, text) of the last full build."""


class PageMemo:
    """The texts of the last full build, each under a name and a key; :meth:`save` keeps this build's."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        stored: Any = read_plain_data(path) if path is not None else None
        self._stored: dict[str, tuple[bytes, str]] = stored if _is_memo(stored) else {}
        self._texts: dict[str, tuple[bytes, str]] = {}
        self.reused = 0
        """Texts this build took from the memo."""

    def text(self, name: str, key: bytes | None, make: Callable[[], str]) -> str:
        """The text an earlier build made under ``name`` from ``key``; else ``make()``, remembered for the next build. Without a key, ``make()``."""
        if key is None:
            return make()
        entry = self._stored.get(name)
        if entry is not None and entry[0] == key:
            self.reused += 1
        else:
            entry = (key, make())
        self._texts[name] = entry
        return entry[1]

    def key_of(self, name: str) -> bytes | None:
        """The key this build gave the text under ``name`` (a page's key, for the page's other texts); None if it gave none."""
        entry = self._texts.get(name)
        return entry[0] if entry is not None else None

    def save(self) -> None:
        """Write this build's texts (those of deleted records are dropped), unless they are the stored ones."""
        if self.path is not None and self._texts != self._stored:
            write_plain_data(self.path, self._texts)


def _is_memo(data: object) -> bool:
    return isinstance(data, dict) and all(
        isinstance(uri, str) and isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], bytes) and isinstance(entry[1], str)
        for uri, entry in data.items()
    )
