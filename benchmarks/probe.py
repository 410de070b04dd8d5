"""An MkDocs hook for the benchmark: the moment each build event reaches it, written out as JSON.

``benchmarks/run.py`` lists this file last under ``hooks:`` in the ``mkdocs.yml`` of the
project it builds. MkDocs calls the handlers of an event in the order plugins and hooks are
listed, so each mark is taken once every other handler of that event has returned, the
engine's (``hooks/site.py``) included. Marks are ``time.perf_counter()`` values: on Linux a
clock shared by every process, so the benchmark can set them against the moment it started
the build. At ``on_shutdown`` they are written to the file named by ``BENCHMARK_PROBE_MARKS``;
without that variable (``mkdocs serve``, an ordinary build) nothing is written.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

ENVIRONMENT = "BENCHMARK_PROBE_MARKS"
EVENTS = ("startup", "config", "pre_build", "files", "nav", "env", "post_build", "shutdown")
"""Every mark, in the order MkDocs reaches them."""

marks: dict[str, float] = {}


def on_startup(command: str, dirty: bool) -> None:
    marks["startup"] = time.perf_counter()


def on_config(config: Any) -> None:
    marks["config"] = time.perf_counter()


def on_pre_build(config: Any) -> None:
    marks["pre_build"] = time.perf_counter()


def on_files(files: Any, config: Any) -> None:
    marks["files"] = time.perf_counter()


def on_nav(nav: Any, config: Any, files: Any) -> None:
    marks["nav"] = time.perf_counter()


def on_env(env: Any, config: Any, files: Any) -> None:
    marks["env"] = time.perf_counter()


def on_post_build(config: Any) -> None:
    marks["post_build"] = time.perf_counter()


def on_shutdown() -> None:
    """Take the last mark and write them all, if the benchmark asked for them."""
    marks["shutdown"] = time.perf_counter()
    if target := os.environ.get(ENVIRONMENT):
        Path(target).write_text(json.dumps(marks), encoding="utf-8")
