"""Strict YAML parsing that remembers where every value came from.

Records are untrusted, so the parser builds plain data from PyYAML's event stream itself:
no tags (``!!python/object`` and friends), no anchors or aliases (so no "billion laughs"),
bounded nesting, one document per file, and duplicate keys reported instead of silently
overwritten. Every value and key gets its line and column so errors can point at them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


class ParsedYaml:
    """Plain data plus the position of every value and mapping key in the file.

    Positions are only needed to report a problem, so a parser may hand over ``locate``
    instead: a function that works them out when first asked for.
    """

    def __init__(
        self,
        data: Any,
        positions: dict[Path, Position] | None = None,
        key_positions: dict[Path, Position] | None = None,
        duplicate_keys: list[YamlFailure] | None = None,
        *,
        locate: Callable[[], ParsedYaml] | None = None,
    ) -> None:
        self.data = data
        self._positions = positions if positions is not None or locate else {}
        self._key_positions = key_positions if key_positions is not None or locate else {}
        self.duplicate_keys = duplicate_keys or []
        self._locate = locate

    def release_data(self) -> None:
        """Forget the data once a record model holds it (positions stay available): a large corpus keeps one copy."""
        self.data = None

    def _fill(self) -> None:
        assert self._locate is not None
        located = self._locate()
        self._positions, self._key_positions, self._locate = located.positions, located.key_positions, None

    @property
    def positions(self) -> dict[Path, Position]:
        """Line and column of every value, by path."""
        if self._positions is None:
            self._fill()
        return self._positions  # type: ignore[return-value]

    @property
    def key_positions(self) -> dict[Path, Position]:
        """Line and column of every mapping key, by the path of its value."""
        if self._key_positions is None:
            self._fill()
        return self._key_positions  # type: ignore[return-value]

    def position_of(self, path: Path, *, key: bool = False) -> Position:
        """Best position for a path: the key or value itself, else its closest ancestor."""
        positions = self.positions
        table = self.key_positions if key else positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if key and probe in positions:
                return positions[probe]
            probe = probe[:-1]
        return positions.get((), (1, 1))


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


_ScalarEvent = yaml.ScalarEvent
_MappingStart, _SequenceStart = yaml.MappingStartEvent, yaml.SequenceStartEvent
_CONTAINER_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _fail(mark: yaml.Mark | None, message: str, hint: str) -> YamlFailure:
    line, column = _position(mark)
    return YamlFailure(line, column, message, hint)


def _scalar_value(loader: yaml.SafeLoader, event: yaml.ScalarEvent) -> Any:
    """The value of a scalar in a value slot: text, or what the YAML core schema reads in it."""
    value = event.value
    if not event.implicit[0]:  # quoted or block text: the resolver would say text without looking
        return value
    resolvers = loader.yaml_implicit_resolvers
    if value and value[0] not in resolvers and None not in resolvers and not loader.yaml_path_resolvers:
        return value  # no implicit type starts with this character: the resolver would say text
    tag = loader.resolve(yaml.ScalarNode, value, event.implicit)
    if tag == STR_TAG:
        return event.value
    if tag == BOOL_TAG and event.value.lower() not in ("true", "false"):
        return event.value  # YAML 1.1 reads yes/no/on/off as booleans; contributors mean words
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError):
        raise _fail(event.start_mark, f"'{event.value}' is not a valid value", "write dates as YYYY-MM-DD, or quote the text") from None


class PositionsNeeded(Exception):
    """A parse without positions met a duplicate key, whose report names where the first one is."""


def build_document(loader: yaml.SafeLoader, *, locate: Callable[[], ParsedYaml] | None = None) -> ParsedYaml:
    """Turn a loader's event stream into plain data with positions, in one iterative pass.

    Runs once per record file, so it is written as a single loop over the events with the
    most frequent kind (scalars) tested first; positions are (line, column) tuples, 1-based.
    Given ``locate`` (how to work the positions out when a problem needs them), it builds the
    data alone: the same rules, without a path and a position per value (about a million
    objects at 10,000 scenarios), and it raises :class:`PositionsNeeded` at a duplicate key.
    """
    positions = locate is None
    value_positions: dict[Path, Position] = {}
    key_positions: dict[Path, Position] = {}
    duplicate_keys: list[YamlFailure] = []
    data: Any = None
    path: Path | None = None  # the path of the current value, only while positions are kept
    # Each frame: [container, path, is_list, pending_key, pending_key_mark]
    stack: list[list[Any]] = []
    documents = 0
    check_event, get_event = loader.check_event, loader.get_event
    while check_event():
        event = get_event()
        cls = event.__class__
        if cls is _ScalarEvent or cls is _MappingStart or cls is _SequenceStart:
            mark = event.start_mark
            if event.anchor is not None:
                raise _fail(mark, f"YAML anchor '&{event.anchor}' is not allowed", "write each value out in full")
            if event.tag not in ALLOWED_TAGS:
                raise _fail(mark, f"YAML tag '{event.tag}' is not allowed", "remove the tag; records hold plain text, numbers, lists and mappings")
            is_scalar = cls is _ScalarEvent
            if not is_scalar and len(stack) >= MAX_DEPTH:
                raise _fail(mark, f"nesting deeper than {MAX_DEPTH} levels", "records are shallow; flatten this value")
            if not stack:
                value: Any = _scalar_value(loader, event) if is_scalar else {} if cls is _MappingStart else []
                data = value
                if positions:
                    path = ()
                    value_positions[path] = _position(mark)
            else:
                frame = stack[-1]
                container = frame[0]
                if frame[2]:  # a list item
                    value = _scalar_value(loader, event) if is_scalar else {} if cls is _MappingStart else []
                    if positions:
                        path = (*frame[1], len(container))
                        value_positions[path] = _position(mark)
                    container.append(value)
                elif frame[3] is None:  # a mapping key
                    if not is_scalar:
                        raise _fail(mark, "a mapping key must be plain text", "use a simple word as the key")
                    frame[3], frame[4] = event.value, mark
                    continue
                else:  # a mapping value
                    value = _scalar_value(loader, event) if is_scalar else {} if cls is _MappingStart else []
                    key, key_mark = frame[3], frame[4]
                    frame[3] = None
                    if key in container:
                        if not positions:
                            raise PositionsNeeded
                        first = key_positions[(*frame[1], key)]
                        line, column = _position(key_mark)
                        message = f"duplicate key '{key}' (first defined on line {first[0]})"
                        duplicate_keys.append(YamlFailure(line, column, message, "remove one of the two; the first one is kept"))
                        path = (*frame[1], f"<duplicate {key}>")
                    else:
                        container[key] = value
                        if positions:
                            path = (*frame[1], key)
                            key_positions[path] = _position(key_mark)
                            value_positions[path] = _position(mark)
            if not is_scalar:
                stack.append([value, path, cls is _SequenceStart, None, None])
        elif cls in _CONTAINER_ENDS:
            stack.pop()
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _fail(event.start_mark, "more than one YAML document in a file", "keep one record per file and remove the '---' separator")
        elif cls is yaml.AliasEvent:
            raise _fail(event.start_mark, f"YAML alias '*{event.anchor}' is not allowed", "write the value out in full")
    if locate is not None:
        return ParsedYaml(data, locate=locate)
    return ParsedYaml(data, value_positions, key_positions, duplicate_keys)


def parse_yaml(text: str) -> ParsedYaml:
    """Parse one YAML document strictly; raise :class:`YamlFailure` on the first fatal problem."""
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as error:
        raise _character_failure(text, error) from None
    try:
        return build_document(loader)
    except yaml.reader.ReaderError as error:
        raise _character_failure(text, error) from None
    except yaml.YAMLError as error:
        raise _syntax_failure(error) from None
    except RecursionError:
        raise YamlFailure(1, 1, "the file is nested too deeply to read", "records are shallow; flatten the structure") from None
    finally:
        loader.dispose()


def _character_failure(text: str, error: yaml.reader.ReaderError) -> YamlFailure:
    before = text[: error.position]
    line = before.count("\n") + 1
    column = error.position - (before.rfind("\n") + 1) + 1
    return YamlFailure(
        line, column, f"the file contains the control character U+{error.character:04X}, which YAML does not allow", "delete it; it is usually invisible"
    )
