"""Strict YAML parsing that remembers where every value came from.

Records are untrusted, so the parser builds plain data from PyYAML's event stream itself:
no tags (``!!python/object`` and friends), no anchors or aliases (so no "billion laughs"),
bounded nesting, one document per file, and duplicate keys reported instead of silently
overwritten. Every value and key gets its line and column so errors can point at them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column

MAX_DEPTH = 24
BOOL_TAG = "tag:yaml.org,2002:bool"
STR_TAG = "tag:yaml.org,2002:str"
ALLOWED_TAGS = {None, "!"}


@dataclass
class YamlFailure(Exception):
    """A problem that stops parsing of one file."""

    line: int
    column: int
    message: str
    hint: str = ""


@dataclass
class ParsedYaml:
    """Plain data plus the position of every value and mapping key in the file."""

    data: Any
    positions: dict[Path, Position] = field(default_factory=dict)
    key_positions: dict[Path, Position] = field(default_factory=dict)
    duplicate_keys: list[YamlFailure] = field(default_factory=list)

    def position_of(self, path: Path, *, key: bool = False) -> Position:
        """Best position for a path: the key or value itself, else its closest ancestor."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if key and probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))


def _position(mark: yaml.Mark | None) -> Position:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


_SYNTAX_HINTS = (
    ("'\\t'", "tab character in the indentation", "indent with spaces, not tabs"),
    (
        "mapping values are not allowed",
        "a ': ' appears where YAML does not expect a new key",
        "put text that contains ': ' in quotes, or fix the indentation",
    ),
    ("could not find expected ':'", "a key is missing its ':'", "check the indentation and that each key ends with ':'"),
    ("expected <block end>", "the indentation is inconsistent", "align items of the same list or mapping"),
    ("found undefined alias", "an alias (*name) is used", "write the value out in full"),
)


def _syntax_failure(error: yaml.YAMLError) -> YamlFailure:
    context = str(getattr(error, "context", "") or "")
    if "quoted scalar" in context and getattr(error, "context_mark", None) is not None:
        line, column = _position(error.context_mark)
        return YamlFailure(line, column, "YAML syntax error: a quoted text is never closed", "add the closing quote")
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = _position(mark)
    problem = str(getattr(error, "problem", "") or error).strip()
    for needle, message, hint in _SYNTAX_HINTS:
        if needle in problem:
            return YamlFailure(line, column, f"YAML syntax error: {message}", hint)
    return YamlFailure(line, column, f"YAML syntax error: {problem}", "check the YAML syntax at this position")


class _Builder:
    """Turns a PyYAML event stream into plain data with positions, iteratively."""

    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader
        self.result = ParsedYaml(data=None)
        # Each frame: [container, path, pending_key, pending_key_position]
        self.stack: list[list[Any]] = []
        self.documents = 0
        self.root_set = False

    def _scalar_value(self, event: yaml.ScalarEvent) -> Any:
        tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == BOOL_TAG and event.value.lower() not in ("true", "false"):
            tag = STR_TAG  # YAML 1.1 reads yes/no/on/off as booleans; contributors mean words
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            line, column = _position(event.start_mark)
            raise YamlFailure(line, column, f"'{event.value}' is not a valid value", "write dates as YYYY-MM-DD, or quote the text") from None

    def _check_node(self, event: yaml.NodeEvent) -> None:
        line, column = _position(event.start_mark)
        if event.anchor is not None:
            raise YamlFailure(line, column, f"YAML anchor '&{event.anchor}' is not allowed", "write each value out in full")
        tag = getattr(event, "tag", None)
        if tag not in ALLOWED_TAGS:
            raise YamlFailure(line, column, f"YAML tag '{tag}' is not allowed", "remove the tag; records hold plain text, numbers, lists and mappings")

    def _place(self, value: Any, event: yaml.Event, is_container: bool) -> Path | None:
        """Attach a value to its parent; return the path it was placed at."""
        position = _position(event.start_mark)
        if not self.stack:
            self.result.data = value
            self.result.positions[()] = position
            return ()
        frame = self.stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            item_path = (*path, len(container))
            container.append(value)
            self.result.positions[item_path] = position
            return item_path
        if frame[2] is None:  # this value is a key
            if is_container or not isinstance(event, yaml.ScalarEvent):
                line, column = position
                raise YamlFailure(line, column, "a mapping key must be plain text", "use a simple word as the key")
            frame[2], frame[3] = event.value, position
            return None
        key, key_position = frame[2], frame[3]
        frame[2] = None
        key_path = (*path, key)
        if key in container:
            first = self.result.key_positions[key_path]
            self.result.duplicate_keys.append(
                YamlFailure(
                    key_position[0],
                    key_position[1],
                    f"duplicate key '{key}' (first defined on line {first[0]})",
                    "remove one of the two; the first one is kept",
                )
            )
            return (*path, f"<duplicate {key}>")
        container[key] = value
        self.result.key_positions[key_path] = key_position
        self.result.positions[key_path] = position
        return key_path

    def feed(self, event: yaml.Event) -> None:
        """Consume one event."""
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                line, column = _position(event.start_mark)
                raise YamlFailure(line, column, "more than one YAML document in a file", "keep one record per file and remove the '---' separator")
        elif isinstance(event, yaml.AliasEvent):
            line, column = _position(event.start_mark)
            raise YamlFailure(line, column, f"YAML alias '*{event.anchor}' is not allowed", "write the value out in full")
        elif isinstance(event, yaml.ScalarEvent):
            self._check_node(event)
            self._place(self._scalar_value(event) if self._is_value_slot() else event.value, event, False)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._check_node(event)
            if len(self.stack) >= MAX_DEPTH:
                line, column = _position(event.start_mark)
                raise YamlFailure(line, column, f"nesting deeper than {MAX_DEPTH} levels", "records are shallow; flatten this value")
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            path = self._place(container, event, True)
            self.stack.append([container, path, None, None])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()

    def _is_value_slot(self) -> bool:
        if not self.stack:
            return True
        frame = self.stack[-1]
        return isinstance(frame[0], list) or frame[2] is not None


def parse_yaml(text: str) -> ParsedYaml:
    """Parse one YAML document strictly; raise :class:`YamlFailure` on the first fatal problem."""
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as error:
        raise _character_failure(text, error) from None
    builder = _Builder(loader)
    try:
        while loader.check_event():
            builder.feed(loader.get_event())
    except yaml.reader.ReaderError as error:
        raise _character_failure(text, error) from None
    except yaml.YAMLError as error:
        raise _syntax_failure(error) from None
    except RecursionError:
        raise YamlFailure(1, 1, "the file is nested too deeply to read", "records are shallow; flatten the structure") from None
    finally:
        loader.dispose()
    return builder.result


def _character_failure(text: str, error: yaml.reader.ReaderError) -> YamlFailure:
    before = text[: error.position]
    line = before.count("\n") + 1
    column = error.position - (before.rfind("\n") + 1) + 1
    return YamlFailure(
        line, column, f"the file contains the control character U+{error.character:04X}, which YAML does not allow", "delete it; it is usually invisible"
    )
