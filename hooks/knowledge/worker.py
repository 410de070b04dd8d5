"""The engine in a child process: it checks the content, then streams every generated file.

A full build spends most of its time in MkDocs, turning one page after another from Markdown
into HTML on one core. The engine's own work need not all come first: once the content is
checked, the list of generated files is known, and MkDocs needs each file only when it gets
to it. So a full build forks a worker that loads and checks the content, reports the outcome
(the problems, or the list of files with their places in the site), then renders the pages in
the order MkDocs reads them, then the JSON exports, and sends each through a pipe. The build
process waits for the check, and for a file only if MkDocs reaches it before the worker has
made it. It never builds the engine's objects itself: its memory and its garbage collector
carry MkDocs alone, and the engine's models are not even imported there.

The build process waits for the check only where it needs the list of files (``on_files``):
MkDocs cleans ``site/`` and collects the files meanwhile, the previous site set aside
(``knowledge.setaside``) until MkDocs has converted every page; then the worker deletes it.

The worker is a fork (``os.fork``) of the build process, started before MkDocs reads any page;
it ends with ``os._exit`` and never touches MkDocs. Where ``os.fork`` does not exist, or other
threads run (``mkdocs serve``), the hooks run the engine in process instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import struct
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from knowledge import forked
from knowledge.pagecache import PageCache
from knowledge.setaside import PreviousSite

_HEADER = struct.Struct("!BII")
"""A frame: its kind, the length of its name, the length of its body; then name and body."""
_CHECKED, _REJECTED, _FILE, _DONE, _FAILED = range(1, 6)
_DISCARD = b"d"
"""The command to delete the previous site, from the build process to the worker."""
_READ_SIZE = 1 << 20


@dataclass(frozen=True)
class PlannedFile:
    """A file the worker will send: its site path, and for pages their edit path and listing."""

    uri: str
    edit_path: str | None
    in_nav: bool
    is_page: bool


@dataclass(frozen=True)
class Checked:
    """The content passed its checks: the files to come, and the warnings to show."""

    files: list[PlannedFile]
    warnings: list[str]


class ContentRejected(Exception):
    """The content has errors; the message is the report that lists every problem."""


class WorkerFailed(Exception):
    """The worker stopped without making every file (a bug, or it was killed)."""


class EngineWorker:
    """The build process's side of the worker: the outcome of the check, then files on demand."""

    def __init__(self, pid: int, fd: int, command_fd: int | None = None) -> None:
        self.pid = pid
        self._fd = fd
        self._command_fd = command_fd
        """Where the build process tells the worker to delete the previous site (``None``: it has none to delete)."""
        self._buffer = bytearray()
        self._files: dict[str, bytes] = {}
        self._outcome: tuple[int, bytes] | None = None
        self._timings: dict[str, float] | None = None
        self._failure: str | None = None
        self._exited = False
        self.waited = 0.0
        """Seconds the build process spent waiting for the worker after the check."""

    @classmethod
    def start(cls, root: Path, *, directory_urls: bool, today: date, page_cache: Path | None, previous_site: Path | None = None) -> EngineWorker:
        """Fork the worker for the project at ``root``.

        ``page_cache`` is a folder to keep current, if any; ``previous_site`` is the site folder
        whose set-aside previous site (``knowledge.setaside``) the worker deletes when told to
        (:meth:`discard_previous_site`), after it made every file.
        """
        commands = os.pipe() if previous_site is not None else None
        task = _Task(root, directory_urls, today, page_cache, previous_site, commands, forked_at=time.perf_counter())
        pid, read_fd = forked.fork(
            lambda fd: _work(fd, task),
            lambda fd, failure: _send(fd, _FAILED, "", failure.encode("utf-8", "replace")),
        )
        if commands is None:
            return cls(pid, read_fd)
        os.close(commands[0])
        return cls(pid, read_fd, commands[1])

    def checked(self) -> Checked:
        """Wait for the check; raise :class:`ContentRejected` or :class:`WorkerFailed` if it did not pass."""
        while self._outcome is None:
            self._pump(wait=True)
        kind, body = self._outcome
        if kind == _REJECTED:
            self.stop()
            raise ContentRejected(body.decode("utf-8"))
        data = json.loads(body)
        return Checked([PlannedFile(*entry) for entry in data["files"]], data["warnings"])

    def content(self, uri: str) -> bytes:
        """The bytes of one planned file, waiting for the worker to make it if need be (handed over once)."""
        if not self._exited:
            self._pump(wait=False)  # take what is ready on every call, so the worker never waits for room in the pipe
        if uri not in self._files:
            start = time.perf_counter()
            while uri not in self._files:
                self._pump(wait=True)
            self.waited += time.perf_counter() - start
        return self._files.pop(uri)

    def finish(self) -> dict[str, float]:
        """Wait until the worker made every file; return its stage timings.

        A worker with a previous site to delete then waits for :meth:`discard_previous_site`;
        one without exits, and is reaped here.
        """
        start = time.perf_counter()
        while self._timings is None:
            self._pump(wait=True)
        self.waited += time.perf_counter() - start
        if self._command_fd is None:
            self._reap()
        return self._timings

    def discard_previous_site(self) -> None:
        """Let the worker delete the previous site (the new one is about to be written) and end; do not wait for it."""
        if self._command_fd is not None:
            with contextlib.suppress(OSError):  # a worker that is gone has nothing left to delete
                os.write(self._command_fd, _DISCARD)
            self._close_commands()

    def wait(self) -> None:
        """Wait for the worker to end (after it deleted the previous site)."""
        self._close_commands()  # not told to discard by now: the worker keeps the previous site and ends
        self._reap()

    def _close_commands(self) -> None:
        if self._command_fd is not None:
            os.close(self._command_fd)
            self._command_fd = None

    def stop(self) -> None:
        """End the worker if it still runs (the build stopped) and release the pipes."""
        self._close_commands()
        if not self._exited:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            self._reap()

    def _reap(self) -> None:
        if not self._exited:
            self._exited = True
            os.close(self._fd)
            forked.reap(self.pid)

    def _pump(self, *, wait: bool) -> None:
        """Read everything the pipe holds (first waiting for something, if ``wait``) and file each whole frame.

        Emptying the pipe each time lets the worker run ahead of MkDocs instead of waiting for it.
        """
        if self._failure is not None:
            raise WorkerFailed(self._failure)
        if self._exited:
            raise WorkerFailed("the engine worker has ended without this file")
        timeout = None if wait else 0
        while select.select([self._fd], [], [], timeout)[0]:
            chunk = os.read(self._fd, _READ_SIZE)
            if not chunk:  # the worker has ended
                self._take_frames()  # its failure report comes first
                if self._timings is None:
                    self._fail("the engine worker stopped before it made every file")
                self._reap()
                return
            self._buffer += chunk
            timeout = 0
        self._take_frames()

    def _take_frames(self) -> None:
        buffer = self._buffer
        while len(buffer) >= _HEADER.size:
            kind, name_size, body_size = _HEADER.unpack_from(buffer)
            end = _HEADER.size + name_size + body_size
            if len(buffer) < end:
                return
            name = buffer[_HEADER.size : _HEADER.size + name_size].decode("utf-8")
            body = bytes(buffer[_HEADER.size + name_size : end])
            del buffer[:end]
            if kind == _FILE:
                self._files[name] = body
            elif kind == _DONE:
                self._timings = json.loads(body)
            elif kind == _FAILED:
                self._fail("the engine worker failed:\n" + body.decode("utf-8", "replace"))
            else:
                self._outcome = (kind, body)

    def _fail(self, message: str) -> None:
        self._failure = message
        self._reap()
        raise WorkerFailed(message)


def _send(fd: int, kind: int, name: str, body: bytes) -> None:
    encoded = name.encode("utf-8")
    forked.write_all(fd, _HEADER.pack(kind, len(encoded), len(body)) + encoded + body)


@dataclass(frozen=True)
class _Task:
    """What the worker is to do: the project, the site's URL style and date, the folders to tend."""

    root: Path
    directory_urls: bool
    today: date
    page_cache: Path | None
    previous_site: Path | None
    commands: tuple[int, int] | None
    """The pipe (read end, write end) on which the build process says when to delete the previous site."""
    forked_at: float


def _work(fd: int, task: _Task) -> None:
    """The worker: check, send the outcome, then every page and export in order; then tidy up."""
    from knowledge.export import api_files, api_uris
    from knowledge.parsecache import PARSE_CACHE_FILE, ParseCache
    from knowledge.pipeline import ContentError, check_content
    from knowledge.timing import Timings

    timings = Timings(start=time.perf_counter() - task.forked_at)  # the fork and the engine's imports
    if task.commands is not None:
        os.close(task.commands[1])  # the build process's end: when it is gone, reading sees the end
    root, directory_urls, today, page_cache = task.root, task.directory_urls, task.today, task.page_cache
    parse_cache = ParseCache(root / PARSE_CACHE_FILE, hold=True)  # written once the build has every file
    site, log = check_content(root / "content", root, timings, parse_cache=parse_cache)
    if site is None:
        _send(fd, _REJECTED, "", ContentError(log.sorted()).report().encode("utf-8"))
        parse_cache.release()
        return
    jobs = site.page_jobs(directory_urls=directory_urls, today=today)
    planned = [[job.uri, job.edit_path, job.in_nav, True] for job in jobs] + [[uri, None, True, False] for uri in api_uris()]
    outcome = {"files": planned, "warnings": [warning.format() for warning in site.warnings]}
    _send(fd, _CHECKED, "", json.dumps(outcome).encode("utf-8"))
    cache = PageCache(page_cache) if page_cache is not None else None
    for job in jobs:
        with timings.stage("render"):
            data = job.run().content.encode("utf-8")
        if cache is not None:
            cache.put(job.uri, data, key=job.key() if job.key is not None else None)
        _send(fd, _FILE, job.uri, data)
    with timings.stage("export"):
        exports = api_files(site.graph, site.flow, directory_urls, reuse=False)
    if list(exports) != api_uris():
        raise RuntimeError(f"the exports made differ from the ones planned: {sorted(set(exports) ^ set(api_uris()))}")
    for uri, text in exports.items():
        data = text.encode("utf-8")
        if cache is not None:
            cache.put(uri, data)
        _send(fd, _FILE, uri, data)
    if cache is not None:
        cache.prune()
        cache.save_keys()
    with timings.stage("parse cache"):
        parse_cache.release()
    _send(fd, _DONE, "", json.dumps(dict(timings)).encode("utf-8"))
    if task.previous_site is not None and task.commands is not None and os.read(task.commands[0], 1) == _DISCARD:
        PreviousSite(task.previous_site).discard()  # the build has converted every page: what remains is writing
