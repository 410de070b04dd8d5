"""Record pages kept from one full build to the next, each with the key it was made from.

A record page's key (``Renderer.page_key``) is a digest of everything the page shows. A full build
that finds a page here under the same key takes its Markdown as it is, instead of rendering it
again: after an edit, only the pages of the edited records and of the records linked with them
are rendered. ``--dirty`` builds keep their pages as files instead (``knowledge.preview``).

In: page paths with their keys, and the Markdown of the pages rendered. Out: the Markdown an
earlier build made from the same key, or None. Kept in one file below the project root; a
missing, damaged or foreign file is an empty memo, and a read-only checkout builds without one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from knowledge.storage import read_plain_data, write_plain_data

PAGE_MEMO_FILE = ".cache/knowledge/pages.pickle"
"""Below the project root, beside the parse cache: page path → (key, Markdown) of the last full build."""


class PageMemo:
    """The record pages of the last full build; :meth:`save` keeps this build's."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        stored: Any = read_plain_data(path) if path is not None else None
        self._stored: dict[str, tuple[bytes, str]] = stored if _is_memo(stored) else {}
        self._pages: dict[str, tuple[bytes, str]] = {}
        self.reused = 0
        """Pages this build took from the memo."""

    def page(self, uri: str, key: bytes) -> str | None:
        """The Markdown an earlier build made for ``uri`` from ``key``; None if it made none."""
        entry = self._stored.get(uri)
        if entry is None or entry[0] != key:
            return None
        self._pages[uri] = entry
        self.reused += 1
        return entry[1]

    def keep(self, uri: str, key: bytes, markdown: str) -> None:
        """Remember a page this build rendered, for the next one."""
        self._pages[uri] = (key, markdown)

    def save(self) -> None:
        """Write this build's pages (pages of deleted records are dropped), unless they are the stored ones."""
        if self.path is not None and self._pages != self._stored:
            write_plain_data(self.path, self._pages)


def _is_memo(data: object) -> bool:
    return isinstance(data, dict) and all(
        isinstance(uri, str) and isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], bytes) and isinstance(entry[1], str)
        for uri, entry in data.items()
    )
