"""Generated files on disk, rewritten only when their content changes.

MkDocs decides what a ``--dirty`` build (and ``mkdocs serve --dirty``) rebuilds by comparing
the modification time of each source file with its output. A page generated in memory is
always "modified", so every generated page would be rebuilt on every change. Writing each
generated file here, and only when its bytes differ from what is already there, keeps the
modification time of unchanged pages, so MkDocs skips them.

Files are replaced atomically (write to a temporary name, then rename), so a build running
at the same time never reads half a file. Beside the folder, a small *index* remembers each
file's size, modification time and content digest as this cache left it, and for a page that
has one, the *key* it was made from (the digest of everything it shows, ``Renderer.page_key``).
While a file's size and time still match, the next build knows its content without reading it
back, and a page whose key also matches is taken as it is, without rendering it again. The
index also lists the files to delete when their pages are gone.

In: generated files and, for record pages, their keys. Out: paths of files on disk whose
modification time changes only with their content. Incremental builds (``mkdocs serve --dirty``,
``mkdocs build --dirty``) use it; a full build keeps its pages in memory and writes nothing here.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import Any

from knowledge.storage import read_plain_data, write_atomically, write_plain_data

CACHE_FOLDER = ".cache/knowledge"
"""Below the project root, beside the caches of Material's plugins (``.cache/plugin/...``)."""


Entry = tuple[bytes | None, int, int, bytes]
"""What the index holds per file: page key (or None), size, modification time (ns), content digest."""


class PageCache:
    """One folder of generated files; ``put`` writes a file only when its content changed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.written: list[str] = []
        self.kept: list[str] = []
        self._folders: set[Path] = set()
        self._index_path = folder.with_name(f"{folder.name}-keys.pickle")
        self._stored: dict[str, Entry] | None = None
        self._entries: dict[str, Entry] = {}
        """This round's files: what :meth:`save_keys` writes and :meth:`prune` keeps."""

    def reuse(self, relative: str, key: bytes | None) -> Path | None:
        """The file under ``relative`` if an earlier build made it from ``key`` and it is as that build left it."""
        if key is None:
            return None
        entry = self._stored_entries().get(relative)
        if entry is None or entry[0] != key:
            return None
        path = self.folder / relative
        if not _as_left(path, entry):
            return None
        self.kept.append(relative)
        self._entries[relative] = entry
        return path

    def put(self, relative: str, content: str | bytes, key: bytes | None = None) -> Path:
        """The path holding ``content`` under ``relative``; written only if it differs.

        ``key`` (from ``Renderer.page_key``) lets a later build :meth:`reuse` the file.
        """
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = hashlib.blake2b(data, digest_size=16).digest()
        path = self.folder / relative
        entry = self._stored_entries().get(relative)
        if entry is not None and entry[1] == len(data) and entry[3] == digest and _as_left(path, entry):
            self.kept.append(relative)
            self._entries[relative] = (key, *entry[1:])
            return path
        if entry is None and _holds(path, data):  # a file this index does not know: compare it once
            self.kept.append(relative)
        else:
            if path.parent not in self._folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(path.parent)
            write_atomically(path, data)
            self.written.append(relative)
        stat = path.stat()
        self._entries[relative] = (key, stat.st_size, stat.st_mtime_ns, digest)
        return path

    def save_keys(self) -> None:
        """Write the index of this round's files, unless it is the stored one; never fails the build."""
        if self._entries == self._stored_entries():
            return
        write_plain_data(self._index_path, self._entries)

    def prune(self) -> list[str]:
        """Delete the files that this round did not ``put`` or ``reuse`` (pages of deleted records); return them.

        The stored index names the files an earlier round left; without one, the folder is scanned.
        """
        stored = self._stored_entries()
        if stored:
            gone = sorted(set(stored) - set(self._entries))
        elif self.folder.is_dir():
            gone = sorted(
                relative
                for relative in (path.relative_to(self.folder).as_posix() for path in self.folder.rglob("*") if path.is_file())
                if relative not in self._entries and not relative.endswith(".tmp")
            )
        else:
            gone = []
        removed = []
        for relative in gone:
            path = self.folder / relative
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(relative)
                with contextlib.suppress(OSError):
                    path.parent.rmdir()  # only if that emptied it
        return removed

    def _stored_entries(self) -> dict[str, Entry]:
        if self._stored is None:
            self._stored = {}
            stored: Any = read_plain_data(self._index_path)
            if isinstance(stored, dict):
                self._stored = {relative: entry for relative, entry in stored.items() if _is_entry(entry)}
        return self._stored


def _is_entry(entry: object) -> bool:
    return isinstance(entry, tuple) and len(entry) == 4 and isinstance(entry[1], int) and isinstance(entry[2], int) and isinstance(entry[3], bytes)


def _as_left(path: Path, entry: Entry) -> bool:
    """Whether the file still has the size and modification time the index recorded."""
    try:
        stat = path.stat()
    except OSError:
        return False
    return (stat.st_size, stat.st_mtime_ns) == entry[1:3]


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data``."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
