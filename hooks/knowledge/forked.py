"""Forked helper processes: the one mechanism the worker and the parallel parse share.

A fork starts at once and inherits everything already loaded: the modules, the records
parsed so far, the caches. The child reports through a pipe and ends with ``os._exit``, so
it never runs the parent's clean-up or touches what the parent is doing.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
import traceback
from collections.abc import Callable

_PIPE_SIZE = 1 << 20
"""Bytes a pipe holds where the system lets a process raise it (Linux: up to 1 MiB by default)."""


def available() -> bool:
    """Whether this process can fork safely: ``os.fork`` exists and no other thread runs."""
    return hasattr(os, "fork") and threading.active_count() == 1


def cores() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def fork(target: Callable[[int], None], report_failure: Callable[[int, str], None] | None = None) -> tuple[int, int]:
    """Run ``target(write_fd)`` in a child process; return its pid and the pipe's read end.

    The child ends with exit status 0 when ``target`` returns, and 1 when it raises, after
    ``report_failure(write_fd, traceback)`` when given. It runs with garbage collection off:
    its life is short, and collections would only walk the inherited objects again and again.
    """
    read_fd, write_fd = os.pipe()
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import fcntl

        fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    pid = os.fork()
    if pid != 0:
        os.close(write_fd)
        return pid, read_fd
    status = 1
    try:
        os.close(read_fd)
        gc.disable()
        target(write_fd)
        status = 0
    except BaseException:  # the child reports anything, then exits without unwinding into the parent's code
        if report_failure is not None:
            with contextlib.suppress(BaseException):  # if the parent is gone, nobody is left to tell
                report_failure(write_fd, traceback.format_exc())
    finally:
        os._exit(status)


def write_all(fd: int, data: bytes) -> None:
    """Write every byte, however many writes the pipe takes."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def read_to_end(fd: int) -> bytes:
    """Everything the child writes until it closes the pipe; the pipe is closed afterwards."""
    chunks = []
    try:
        while chunk := os.read(fd, _PIPE_SIZE):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def reap(pid: int) -> int:
    """Wait for a child to end; its exit status (-1 if it was killed by a signal)."""
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else -1
