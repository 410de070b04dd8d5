"""Compiled Jinja templates kept between builds, for the engine's templates and the theme's."""

from __future__ import annotations

import jinja2


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates in Jinja's per-user temporary folder, so a build does not recompile them.

    Entries are keyed by the template's path and checked against a checksum of its source,
    so edits take effect. Not below the project: ``mkdocs serve`` watches ``hooks/``.
    """
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no usable temporary folder: compile every time
        return None
