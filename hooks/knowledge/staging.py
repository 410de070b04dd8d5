"""A full build writes into a staging folder beside ``site/``, which replaces ``site/`` only on success.

In: the site folder MkDocs was configured with. Out: the folder to build into instead; once the
build succeeded, ``site/`` replaced by it (two renames); after any failure or interruption, the
staging folder deleted and ``site/`` exactly as it was.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


@dataclass(frozen=True)
class StagedSite:
    """The published site folder and the staging folder beside it."""

    site: Path

    @property
    def staging(self) -> Path:
        """Where the build writes: a hidden folder beside ``site``."""
        return self.site.with_name(f".{self.site.name}.staging")

    @property
    def replaced(self) -> Path:
        """Where the previous site waits, for the moment of the swap, before it is deleted."""
        return self.site.with_name(f".{self.site.name}.replaced")

    def prepare(self) -> Path:
        """Empty the staging folder (a killed build may have left one) and return it."""
        _remove(self.staging)
        _remove(self.replaced)
        self.staging.mkdir(parents=True)
        return self.staging

    def publish(self) -> None:
        """Put the staged site in place of the previous one, keeping its hidden entries as MkDocs' clean does (``.git``, ``.nojekyll``)."""
        if self.site.is_dir() and not self.site.is_symlink():
            for name in os.listdir(self.site):
                if name.startswith(".") and not os.path.lexists(self.staging / name):
                    os.rename(self.site / name, self.staging / name)
            os.rename(self.site, self.replaced)
        else:
            _remove(self.site)
        os.rename(self.staging, self.site)
        _remove(self.replaced)

    def discard(self) -> None:
        """Delete what the failed build wrote; ``site/`` was never touched."""
        _remove(self.staging)
