"""The previous site, set aside while a full build checks the content beside MkDocs.

MkDocs empties ``site/`` right after ``on_pre_build``, then collects the files. A full build
need not wait for the content check before that: the hooks move the previous site's entries
into a hidden folder inside ``site/`` (renames, so instant; MkDocs leaves hidden entries
alone), and MkDocs cleans and collects while the engine worker checks. If the content is
rejected, or the build fails (or is interrupted) before MkDocs has converted every page, the
entries are moved back, so a failed build still leaves the previous site as it was. Once
every page is converted, the worker deletes the folder while MkDocs writes the new site,
first renaming it so that a half-deleted copy can never be restored.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

ASIDE = ".knowledge-previous-site"
"""The hidden folder inside ``site/`` that holds the previous site during a build."""
DISCARDED = ".knowledge-discarded-site"
"""The name the folder takes while it is deleted."""


def _visible(folder: Path) -> list[str]:
    """The entries MkDocs would remove when it cleans ``folder`` (it keeps hidden ones)."""
    return [name for name in os.listdir(folder) if not name.startswith(".")]


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


@dataclass(frozen=True)
class PreviousSite:
    """The entries of the previous site, moved from ``site`` into ``site/ASIDE``."""

    site: Path

    @property
    def folder(self) -> Path:
        return self.site / ASIDE

    @classmethod
    def set_aside(cls, site: Path) -> PreviousSite | None:
        """Move every visible entry of ``site`` aside; None when there is no site or it cannot be moved.

        A folder left by a build that was killed is deleted first: what it held was replaced by
        the build that followed it.
        """
        try:
            if not site.is_dir():
                return None
            for stale in (ASIDE, DISCARDED):
                _remove(site / stale)
            folder = site / ASIDE
            folder.mkdir()
            moved = cls(site)
            for name in _visible(site):
                try:
                    os.rename(site / name, folder / name)
                except OSError:  # put back what moved; the rest never left
                    moved._move_back()
                    return None
        except OSError:
            return None
        return moved

    def restore(self) -> None:
        """Put the previous site back in place of whatever this build wrote (nothing if it was discarded)."""
        if not self.folder.is_dir():
            return
        for name in _visible(self.site):
            _remove(self.site / name)
        self._move_back()

    def _move_back(self) -> None:
        for name in os.listdir(self.folder):
            os.rename(self.folder / name, self.site / name)
        self.folder.rmdir()

    def discard(self) -> None:
        """Delete the previous site: the new one is complete."""
        if not self.folder.is_dir():
            return
        trash = self.site / DISCARDED
        os.rename(self.folder, trash)
        shutil.rmtree(trash, ignore_errors=True)
