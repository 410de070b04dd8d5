"""Load stage: find record files under ``content/`` and parse them with positions."""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from pathlib import Path

from knowledge.fastyaml import parse_yaml_fast
from knowledge.problems import ProblemLog, did_you_mean
from knowledge.registry import KINDS, KINDS_BY_FOLDER, KindSpec
from knowledge.yaml_source import ParsedYaml, YamlFailure

MAX_FILE_BYTES = 256 * 1024
SCHEMA_COMMENT_PREFIX = "# yaml-language-server: $schema="
SCHEMA_FOLDER = "_schemas"


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
    """Changes whenever the file's text changes; in a process that remembers parses
    (:func:`remember_parses`) an unchanged file keeps its version from load to load."""

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


class PathDisplay:
    """:func:`display_path` for many files below one root, resolving each folder only once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.resolved_root = root.resolve()
        self.folders: dict[Path, Path] = {}

    def __call__(self, path: Path) -> str:
        """The same text as ``display_path(path, root)``."""
        if path.is_symlink():
            resolved = path.resolve()
        else:
            folder = self.folders.get(path.parent)
            if folder is None:
                folder = self.folders[path.parent] = path.parent.resolve()
            resolved = folder / path.name
        try:
            return resolved.relative_to(self.resolved_root).as_posix()
        except ValueError:
            return path.as_posix()


_parsed_before: dict[str, tuple[str, ParsedYaml, int]] = {}
"""Path → (text, parse, version) from the previous load, when :func:`remember_parses` is on."""
_remember = {"parses": False}
_versions = itertools.count(1)


def remember_parses(enabled: bool) -> None:
    """Keep each file's parse for the next load, which then parses only files whose text changed.

    For long-lived processes that load again and again (``mkdocs serve``); off by default,
    since a one-off build would only hold the memory longer. Parses are never modified.
    """
    _remember["parses"] = enabled
    if not enabled:
        _parsed_before.clear()


def parses_remembered() -> bool:
    """Whether unchanged files keep their parse and their version from load to load."""
    return _remember["parses"]


def _parse(path: Path, text: str) -> tuple[ParsedYaml, int]:
    if not _remember["parses"]:
        return parse_yaml_fast(text), next(_versions)
    key = str(path)
    cached = _parsed_before.get(key)
    if cached is not None and cached[0] == text:
        return cached[1], cached[2]
    parsed, version = parse_yaml_fast(text), next(_versions)
    _parsed_before[key] = (text, parsed, version)
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


def read_record(path: Path, spec: KindSpec, root: Path, log: ProblemLog, shown: str | None = None) -> RawRecord | None:
    """Read and parse one record file; report problems and return None if it is unusable.

    ``shown`` is the path as contributors see it, when the caller already knows it.
    """
    shown = display_path(path, root) if shown is None else shown
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        log.error(shown, 1, 1, f"the file is {size} bytes, larger than the {MAX_FILE_BYTES} allowed", "split the record or shorten its text")
        return None
    text = _decode(path.read_bytes(), shown, log)
    if text is None:
        return None
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        log.error(shown, 1, 1, "the file is empty", f"fill in the fields of a {spec.singular.lower()}, or delete the file")
        return None
    try:
        parsed, version = _parse(path, text)
    except YamlFailure as failure:
        log.error(shown, failure.line, failure.column, failure.message, failure.hint)
        return None
    expected = schema_comment(spec)
    if text.splitlines()[0].strip() != expected:
        log.warning(shown, 1, 1, "the first line is not the schema comment editors use to check fields", f"make line 1: {expected}")
    for duplicate in parsed.duplicate_keys:
        log.error(shown, duplicate.line, duplicate.column, duplicate.message, duplicate.hint)
    if not isinstance(parsed.data, dict):
        kind = type(parsed.data).__name__ if parsed.data is not None else "nothing"
        log.error(shown, 1, 1, f"the file holds {kind}, not a mapping of fields", "write one 'field: value' per line, starting with 'id:'")
        return None
    return RawRecord(spec, path, shown, parsed, text, version)


def _content_files(content_dir: Path) -> list[tuple[Path, str]]:
    """Every file below ``content_dir`` with its folder (relative, ``/``-separated), sorted by path.

    Skips README.md and anything whose name, or a folder on whose path, starts with ``_`` or ``.``.
    Like ``Path.rglob`` it does not descend into linked folders. ``os.walk`` is used for speed:
    it reads each folder once and knows which entries are folders without a ``stat`` each.
    """
    found = []
    for folder, subfolders, names in os.walk(content_dir):
        subfolders[:] = [name for name in subfolders if not name.startswith(("_", "."))]
        relative = Path(folder).relative_to(content_dir).as_posix()
        for name in names:
            if name != "README.md" and not name.startswith(("_", ".")):
                found.append((Path(folder, name), relative))
    found.sort()
    return found


def find_record_files(content_dir: Path, root: Path, log: ProblemLog) -> list[tuple[KindSpec, Path]]:
    """List record files per kind, reporting files that sit where no kind lives."""
    found: list[tuple[KindSpec, Path]] = []
    if not content_dir.is_dir():
        log.error(display_path(content_dir, root), 1, 1, "the content folder does not exist", "create it or point the build at it")
        return found
    known_dirs = {content_dir / spec.content_dir for spec in KINDS}
    for path, folder in _content_files(content_dir):
        spec = KINDS_BY_FOLDER.get(folder)
        if spec is None:
            if path.parent in known_dirs or path.parent == content_dir:
                continue
            hint = did_you_mean(folder, KINDS_BY_FOLDER) or "record folders: " + ", ".join(sorted(KINDS_BY_FOLDER))
            log.error(display_path(path, root), 1, 1, f"'{folder}' is not a record folder", hint)
            continue
        if path.suffix == ".yml":
            log.error(display_path(path, root), 1, 1, "record files must end in '.yaml'", f"rename it to {path.stem}.yaml")
            continue
        if path.suffix != ".yaml":
            log.error(display_path(path, root), 1, 1, f"'{path.name}' is not a YAML record", "only .yaml files belong in this folder")
            continue
        found.append((spec, path))
    return found


@dataclass
class LoadedContent:
    """The readable records, and the (kind, id) of every record file found, readable or not."""

    records: list[RawRecord]
    present: set[tuple[str, str]]


def load_content(content_dir: Path, root: Path, log: ProblemLog) -> LoadedContent:
    """Load stage: every readable record under ``content_dir``."""
    records = []
    shown = PathDisplay(root)
    files = find_record_files(content_dir, root, log)
    for spec, path in files:
        record = read_record(path, spec, root, log, shown(path))
        if record is not None:
            records.append(record)
    loaded = {str(path) for _, path in files}
    for stale in [key for key in _parsed_before if key not in loaded]:
        del _parsed_before[stale]  # deleted or renamed files: keep only what the last load read
    return LoadedContent(records, {(spec.name, path.stem) for spec, path in files})
