"""Parsing shared out: forked helpers parse some record files while the loader parses the rest.

Loading thousands of records is mostly parsing YAML, file after file, on one core. Before the
loader's pass, :func:`preparse` deals the files out in shares, forks a helper for each share
but one (one per spare core), parses the last share itself, and adds what the helpers send
back to the parse cache. The loader's pass then finds the data of every file in the cache.
Nothing else changes: the loader still reads each file and finds, locates and words every
problem, in file order, as it would alone. A file that does not parse cleanly is left out
of the cache, and so is everything a helper that failed was given: the loader parses those.
"""

from __future__ import annotations

import contextlib
import functools
import pickle
from pathlib import Path
from typing import Any

from knowledge import forked
from knowledge.fastyaml import parse_yaml_fast
from knowledge.parsecache import UNREADABLE, ParseCache, loads_plain_data, text_key
from knowledge.yaml_source import YamlFailure

FILES_PER_HELPER = 200
"""A helper pays for its fork when it has at least this many files to parse."""
MAX_HELPERS = 3


def helper_count(files: int) -> int:
    """How many helpers to fork for ``files`` files: one per spare core, each with enough to do."""
    if not forked.available():
        return 0
    return max(0, min(forked.cores() - 1, MAX_HELPERS, files // FILES_PER_HELPER))


def preparse(paths: list[Path], cache: ParseCache, max_bytes: int) -> int:
    """Put the data of the files in ``paths`` that ``cache`` lacks into it; return the helpers used."""
    helpers = helper_count(len(paths))
    if helpers == 0:
        return 0
    shares = [paths[start :: helpers + 1] for start in range(helpers + 1)]
    children = [forked.fork(functools.partial(_send_share, share, cache, max_bytes)) for share in shares[1:]]
    cache.add(parse_share(shares[0], cache, max_bytes))
    for pid, fd in children:
        data = forked.read_to_end(fd)
        if forked.reap(pid) == 0:
            with contextlib.suppress(*UNREADABLE):  # the loader parses that share itself
                cache.add(loads_plain_data(data))
    return helpers


def parse_share(paths: list[Path], cache: ParseCache, max_bytes: int) -> dict[bytes, Any]:
    """The data of each file that parses cleanly and is not in the cache yet, by the key of its text."""
    entries: dict[bytes, Any] = {}
    for path in paths:
        try:
            with path.open("rb") as file:
                raw = file.read(max_bytes + 1)
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if len(raw) > max_bytes or text.startswith("\ufeff"):
            continue
        key = text_key(text)
        if cache.knows(key):
            continue
        try:
            parsed = parse_yaml_fast(text)
        except YamlFailure:
            continue
        if not parsed.duplicate_keys:
            entries[key] = parsed.data
    return entries


def _send_share(paths: list[Path], cache: ParseCache, max_bytes: int, fd: int) -> None:
    forked.write_all(fd, pickle.dumps(parse_share(paths, cache, max_bytes), protocol=pickle.HIGHEST_PROTOCOL))
