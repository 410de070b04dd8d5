"""Generated files on disk, rewritten only when their content changes.

MkDocs decides what a ``--dirty`` build (and ``mkdocs serve --dirty``) rebuilds by comparing
the modification time of each source file with its output. A page generated in memory is
always "modified", so every generated page would be rebuilt on every change. Writing each
generated file here, and only when its bytes differ from what is already there, keeps the
modification time of unchanged pages, so MkDocs skips them.

Files are replaced atomically (write to a temporary name, then rename), so a build running
at the same time never reads half a file. ``hooks/site.py`` uses the cache for incremental
builds (``--dirty``) and keeps it current once it exists; a full build in a fresh checkout
keeps its pages in memory and writes nothing here.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

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

    def put(self, relative: str, content: str | bytes) -> Path:
        """The path holding ``content`` under ``relative``; written only if it differs."""
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
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
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
