"""Find the record files under ``content/``, read and parse each one.

In: the content folder (and optionally the parse cache). Out: a :class:`RawRecord` per readable
file (plain data, and the position of every value when a problem needs it), problems for the
others in the log.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from knowledge.load.fast_yaml import parse_yaml_fast
from knowledge.load.parse_cache import ParseCache, text_key
from knowledge.load.strict_yaml import ParsedYaml, YamlFailure
from knowledge.problems import ProblemLog, did_you_mean
from knowledge.records.kinds import KINDS_BY_FOLDER, KindSpec

MAX_FILE_BYTES = 256 * 1024
SCHEMA_COMMENT_PREFIX = "# yaml-language-server: $schema="
SCHEMA_FOLDER = "_schemas"
_SOME_CONTENT = re.compile(r"^[^\S\r\n]*[^\s#]", re.MULTILINE)
"""A line with something on it besides spaces and a comment: a file without one is empty."""


def schema_comment(spec: KindSpec) -> str:
    """The first line of a record file: points editors at the kind's JSON Schema."""
    depth = spec.content_dir.count("/") + 1
    return f"{SCHEMA_COMMENT_PREFIX}{'../' * depth}{SCHEMA_FOLDER}/{spec.name}.schema.json"


@dataclass
class RawRecord:
    """A parsed but not yet validated record file."""

    spec: KindSpec
    path: Path
    display_path: str
    parsed: ParsedYaml
    text: str
    version: int = 0
    """A fingerprint of the file's text: the same text has the same version, in any process."""

    @property
    def stem(self) -> str:
        """File name without '.yaml': the id the record must have."""
        return self.path.stem


def display_path(path: Path, root: Path) -> str:
    """Path as a contributor sees it: relative to the project root, with forward slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _parse(text: str, cache: ParseCache | None) -> tuple[ParsedYaml, int]:
    """Parse a file's text, or take its data from the parse cache (positions stay available); also its version."""
    key = text_key(text)
    version = int.from_bytes(key[:8], "big")
    data = cache.get(key) if cache is not None else None
    if data is not None:
        return ParsedYaml(data, locate=functools.partial(parse_yaml_fast, text)), version
    parsed = parse_yaml_fast(text, positions=False)
    if cache is not None and not parsed.duplicate_keys:
        cache.put(key, parsed.data)
    return parsed, version


def _decode(data: bytes, shown: str, log: ProblemLog) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        log.error(shown, 1, 1, "the file starts with a byte order mark (BOM)", "save it as UTF-8 without BOM")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        log.error(shown, line, column, f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x})", "save the file as UTF-8")
        return None


def read_record(path: Path, spec: KindSpec, root: Path, log: ProblemLog, *, shown: str | None = None, cache: ParseCache | None = None) -> RawRecord | None:
    """Read and parse one record file; report problems and return None if it is unusable.

    ``shown`` is the path as contributors see it, when the caller already knows it; ``cache``
    holds the data of texts parsed by earlier runs.
    """
    shown = display_path(path, root) if shown is None else shown
    with path.open("rb") as file:
        data = file.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            size = os.fstat(file.fileno()).st_size
            log.error(shown, 1, 1, f"the file is {size} bytes, larger than the {MAX_FILE_BYTES} allowed", "split the record or shorten its text")
            return None
    text = _decode(data, shown, log)
    if text is None:
        return None
    if not _SOME_CONTENT.search(text):
        log.error(shown, 1, 1, "the file is empty", f"fill in the fields of a {spec.singular.lower()}, or delete the file")
        return None
    try:
        parsed, version = _parse(text, cache)
    except YamlFailure as failure:
        log.error(shown, failure.line, failure.column, failure.message, failure.hint)
        return None
    expected = schema_comment(spec)
    first_line = text[: text.find("\n")] if "\n" in text else text
    if (first_line.splitlines() or [""])[0].strip() != expected:
        log.warning(shown, 1, 1, "the first line is not the schema comment editors use to check fields", f"make line 1: {expected}")
    for duplicate in parsed.duplicate_keys:
        log.error(shown, duplicate.line, duplicate.column, duplicate.message, duplicate.hint)
    if not isinstance(parsed.data, dict):
        kind = type(parsed.data).__name__ if parsed.data is not None else "nothing"
        log.error(shown, 1, 1, f"the file holds {kind}, not a mapping of fields", "write one 'field: value' per line, starting with 'id:'")
        return None
    return RawRecord(spec, path, shown, parsed, text, version)


def _content_files(content_dir: Path) -> list[tuple[str, str, bool]]:
    """Every file below ``content_dir`` as (folder, name, is a link), the folder relative and ``/``-separated.

    Sorted by folder, then name. Skips README.md and anything whose name, or a folder on whose
    path, starts with ``_`` or ``.``. Like ``Path.rglob`` it does not descend into linked
    folders. ``os.scandir`` reads each folder once and knows each entry's type and whether it is
    a link without another system call: loading thousands of records starts here.
    """
    found: list[tuple[str, str, bool]] = []
    pending = [(str(content_dir), ".")]
    while pending:
        folder, relative = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(("_", ".")):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, entry.name if relative == "." else f"{relative}/{entry.name}"))
                elif entry.name != "README.md":
                    found.append((relative, entry.name, entry.is_symlink()))
    found.sort()
    return found


def find_record_files(content_dir: Path, root: Path, log: ProblemLog) -> list[tuple[KindSpec, Path, str]]:
    """List record files per kind with the path contributors see, reporting files where no kind lives."""
    found: list[tuple[KindSpec, Path, str]] = []
    if not content_dir.is_dir():
        log.error(display_path(content_dir, root), 1, 1, "the content folder does not exist", "create it or point the build at it")
        return found
    shown_folder = display_path(content_dir, root)
    for folder, name, is_link in _content_files(content_dir):
        path = content_dir / name if folder == "." else content_dir / folder / name
        # Folders are never links here (linked folders are not entered), so only a linked file
        # needs resolving to show where it really is.
        shown = display_path(path, root) if is_link else f"{shown_folder}/{name}" if folder == "." else f"{shown_folder}/{folder}/{name}"
        spec = KINDS_BY_FOLDER.get(folder)
        if spec is None:
            if folder == ".":
                continue  # notes beside the record folders
            hint = did_you_mean(folder, KINDS_BY_FOLDER) or "record folders: " + ", ".join(sorted(KINDS_BY_FOLDER))
            log.error(shown, 1, 1, f"'{folder}' is not a record folder", hint)
            continue
        stem, dot, suffix = name.rpartition(".")
        if dot and suffix == "yml":
            log.error(shown, 1, 1, "record files must end in '.yaml'", f"rename it to {stem}.yaml")
            continue
        if not dot or suffix != "yaml" or not stem:
            log.error(shown, 1, 1, f"'{name}' is not a YAML record", "only .yaml files belong in this folder")
            continue
        found.append((spec, path, shown))
    return found


@dataclass
class LoadedContent:
    """The readable records, and the (kind, id) of every record file found, readable or not."""

    records: list[RawRecord]
    present: set[tuple[str, str]]


def load_content(content_dir: Path, root: Path, log: ProblemLog, *, cache: ParseCache | None = None) -> LoadedContent:
    """Load stage: every readable record under ``content_dir``.

    With a ``cache``, files whose text an earlier run parsed are not parsed again, and the
    cache is saved with the data of this run's files.
    """
    records = []
    files = find_record_files(content_dir, root, log)
    for spec, path, shown in files:
        record = read_record(path, spec, root, log, shown=shown, cache=cache)
        if record is not None:
            records.append(record)
    if cache is not None:
        cache.save()
    return LoadedContent(records, {(spec.name, path.stem) for spec, path, _ in files})
