"""On-disk helpers the caches share: atomic writes and pickles that may hold only plain data.

In: bytes or plain data to write, or bytes read back. Out: files replaced in one step, and containers,
text, numbers and dates (never an object of another class, so a planted or corrupt file cannot run code).
"""

from __future__ import annotations

import datetime
import io
import os
import pickle
from pathlib import Path
from typing import Any

_ALLOWED_CLASSES = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "timezone"), ("datetime", "timedelta")}

UNREADABLE = (EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, IndexError, MemoryError, RecursionError)
"""What unpickling damaged or foreign bytes can raise."""


class _PlainDataUnpickler(pickle.Unpickler):
    """Rebuilds containers, text, numbers and dates; refuses every other class."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED_CLASSES:
            return getattr(datetime, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not plain record data")


def loads_plain_data(data: bytes) -> Any:
    """Unpickle bytes that may hold only plain data (containers, text, numbers, dates)."""
    return _PlainDataUnpickler(io.BytesIO(data)).load()


def read_plain_data(path: Path) -> Any | None:
    """The plain data pickled in ``path``; None when it is missing, unreadable or holds anything else."""
    try:
        return loads_plain_data(path.read_bytes())
    except (OSError, *UNREADABLE):
        return None


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary name beside ``path``, then rename it: a reader sees the old file or the new one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def write_plain_data(path: Path, data: Any) -> bool:
    """Pickle plain data into ``path`` (folders made as needed), atomically; False if it could not be written.

    For caches: a read-only checkout still builds, only without them.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        return False
    return True
