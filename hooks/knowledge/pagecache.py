"""Generated files on disk, rewritten only when their content changes.

MkDocs decides what a ``--dirty`` build (and ``mkdocs serve --dirty``) rebuilds by comparing
the modification time of each source file with its output. A page generated in memory is
always "modified", so every generated page would be rebuilt on every change. Writing each
generated file here, and only when its bytes differ from what is already there, keeps the
modification time of unchanged pages, so MkDocs skips them.

Files are replaced atomically (write to a temporary name, then rename), so a build running
at the same time never reads half a file. Beside the folder, a small file of *keys* remembers,
for each page that has one, the digest of everything it was made from (``Renderer.page_key``)
with the size and modification time it was left with: while those still match, the next
incremental build takes the file as it is, without rendering the page again.

``hooks/site.py`` uses the cache for incremental builds (``--dirty``) and keeps it current
once it exists; a full build in a fresh checkout keeps its pages in memory and writes
nothing here.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from pathlib import Path
from typing import Any

from knowledge.parsecache import UNREADABLE, loads_plain_data, write_atomically

CACHE_FOLDER = ".cache/knowledge"
"""Below the project root, beside the caches of Material's plugins (``.cache/plugin/...``)."""


class PageCache:
    """One folder of generated files; ``put`` writes a file only when its content changed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.written: list[str] = []
        self.kept: list[str] = []
        self._folders: set[Path] = set()
        self._seen: set[str] = set()
        self._keys_path = folder.with_name(f"{folder.name}-keys.pickle")
        self._stored_keys: dict[str, tuple[bytes, int, int]] | None = None
        self._keys: dict[str, tuple[bytes, int, int]] = {}

    def reuse(self, relative: str, key: bytes | None) -> Path | None:
        """The file under ``relative`` if an earlier build made it from ``key`` and it is as that build left it."""
        if key is None:
            return None
        entry = self._read_keys().get(relative)
        if not isinstance(entry, tuple) or len(entry) != 3 or entry[0] != key:
            return None
        path = self.folder / relative
        try:
            stat = path.stat()
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != entry[1:]:
            return None
        self._seen.add(relative)
        self.kept.append(relative)
        self._keys[relative] = entry
        return path

    def put(self, relative: str, content: str | bytes, key: bytes | None = None) -> Path:
        """The path holding ``content`` under ``relative``; written only if it differs.

        ``key`` (from ``Renderer.page_key``) lets a later build :meth:`reuse` the file.
        """
        path = self._put(relative, content)
        if key is not None:
            stat = path.stat()
            self._keys[relative] = (key, stat.st_size, stat.st_mtime_ns)
        return path

    def save_keys(self) -> None:
        """Write the keys of this round's files, unless they are the stored ones; never fails the build."""
        if self._keys == self._read_keys():
            return
        with contextlib.suppress(OSError):
            write_atomically(self._keys_path, pickle.dumps(self._keys, protocol=pickle.HIGHEST_PROTOCOL))

    def _read_keys(self) -> dict[str, tuple[bytes, int, int]]:
        if self._stored_keys is None:
            self._stored_keys = {}
            try:
                stored: Any = loads_plain_data(self._keys_path.read_bytes())
            except (OSError, *UNREADABLE):
                stored = None
            if isinstance(stored, dict):
                self._stored_keys = stored
        return self._stored_keys

    def _put(self, relative: str, content: str | bytes) -> Path:
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = self.folder / relative
        self._seen.add(relative)
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if _unchanged(path, data, digest):
            self.kept.append(relative)
            return path
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        write_atomically(path, data)
        _remember(path, digest)
        self.written.append(relative)
        return path

    def prune(self) -> list[str]:
        """Delete files that this round did not ``put`` (pages of deleted records); return them."""
        removed = []
        if not self.folder.is_dir():
            return removed
        for path in sorted(self.folder.rglob("*"), reverse=True):
            relative = path.relative_to(self.folder).as_posix()
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif relative not in self._seen and not path.name.endswith(".tmp"):
                path.unlink()
                _written.pop(path, None)
                removed.append(relative)
        return removed


_written: dict[Path, tuple[int, int, bytes]] = {}
"""Path → (modification time, size, digest) of what this process last wrote or read there, so a
long-lived process (``mkdocs serve``) compares unchanged pages without reading them back."""


def _unchanged(path: Path, data: bytes, digest: bytes) -> bool:
    try:
        stat = path.stat()
    except OSError:
        return False
    if stat.st_size != len(data):
        return False
    if _written.get(path) == (stat.st_mtime_ns, stat.st_size, digest):
        return True  # the file is exactly as this process left it, and that was this content
    try:
        same = path.read_bytes() == data
    except OSError:
        return False
    if same:
        _written[path] = (stat.st_mtime_ns, stat.st_size, digest)
    return same


def _remember(path: Path, digest: bytes) -> None:
    try:
        stat = path.stat()
    except OSError:
        return
    _written[path] = (stat.st_mtime_ns, stat.st_size, digest)
