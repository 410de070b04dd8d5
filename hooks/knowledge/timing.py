"""Stage timings: how long each engine stage took, for the benchmark and for curious maintainers.

A :class:`Timings` is a plain dict of seconds per stage. Filling it costs two
``time.perf_counter`` calls per stage, a handful per build, so it is always on.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Timings(dict[str, float]):
    """Seconds spent per stage name; repeated stages add up."""

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block and add it to ``name``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self[name] = self.get(name, 0.0) + time.perf_counter() - start
