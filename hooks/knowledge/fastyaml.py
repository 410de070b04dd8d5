"""The same strict parse as :mod:`knowledge.yaml_source`, many times faster with libyaml.

PyYAML's pure-Python scanner and parser dominate the load stage. When PyYAML has its libyaml
binding, the C parser produces the same event stream (with the same line and column marks).

A record that is fine needs no positions: they only serve to report a problem. So the fast
path builds the data alone, applying the same rules (no tags, anchors or aliases, bounded
depth, yes/no as words, the same scalar values), and hands over a way to work out positions
later, which ``yaml_source.build_document`` does from the same event stream when asked.

Anything the data-only pass does not accept cleanly goes down a slower path: a duplicate key
is reported from ``build_document`` (with both lines), and every failure is parsed again by
:func:`knowledge.yaml_source.parse_yaml`, so problems are always found and worded by the
reference parser: libyaml's error messages differ, and it does not reject every control
character that PyYAML's reader does.
"""

from __future__ import annotations

from typing import Any

import yaml
import yaml.reader

from knowledge.yaml_source import ALLOWED_TAGS, MAX_DEPTH, ParsedYaml, YamlFailure, _scalar_value, build_document, parse_yaml

_CSafeLoader = getattr(yaml, "CSafeLoader", None)
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_ScalarEvent = yaml.ScalarEvent
_MappingStart, _SequenceStart = yaml.MappingStartEvent, yaml.SequenceStartEvent
_CONTAINER_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class _NotPlain(Exception):
    """The file needs the positional parse: a duplicate key, or something the rules refuse."""


def parse_yaml_fast(text: str) -> ParsedYaml:
    """Parse one YAML document strictly; same result and failures as ``yaml_source.parse_yaml``."""
    if _CSafeLoader is None or _NON_PRINTABLE.search(text):
        return parse_yaml(text)
    loader = _CSafeLoader(text)
    try:
        data = _build_data(loader)
    except _NotPlain:
        return parse_with_positions(text)
    except (yaml.YAMLError, YamlFailure, RecursionError):
        return parse_yaml(text)  # raises the reference parser's failure, worded for contributors
    finally:
        loader.dispose()
    return ParsedYaml(data, locate=lambda: parse_with_positions(text))


def parse_with_positions(text: str) -> ParsedYaml:
    """Data, positions and duplicate keys from libyaml's events; failures worded by the reference parser."""
    assert _CSafeLoader is not None
    loader = _CSafeLoader(text)
    try:
        return build_document(loader)
    except (yaml.YAMLError, YamlFailure, RecursionError):
        return parse_yaml(text)
    finally:
        loader.dispose()


def _build_data(loader: yaml.SafeLoader) -> Any:
    """The document's data from the event stream, without positions (see the module's docstring)."""
    # Each frame: [container, is_list, pending_key]
    stack: list[list[Any]] = []
    data: Any = None
    documents = 0
    check_event, get_event = loader.check_event, loader.get_event
    while check_event():
        event = get_event()
        cls = event.__class__
        if cls is _ScalarEvent or cls is _MappingStart or cls is _SequenceStart:
            if event.anchor is not None or event.tag not in ALLOWED_TAGS:
                raise _NotPlain
            is_scalar = cls is _ScalarEvent
            if not stack:
                value: Any = _scalar_value(loader, event) if is_scalar else {} if cls is _MappingStart else []
                data = value
            else:
                frame = stack[-1]
                if frame[1]:
                    value = _scalar_value(loader, event) if is_scalar else {} if cls is _MappingStart else []
                    frame[0].append(value)
                elif frame[2] is None:  # a mapping key
                    if not is_scalar:
                        raise _NotPlain
                    frame[2] = event.value
                    continue
                else:
                    value = _scalar_value(loader, event) if is_scalar else {} if cls is _MappingStart else []
                    container, key = frame[0], frame[2]
                    frame[2] = None
                    if key in container:
                        raise _NotPlain
                    container[key] = value
            if not is_scalar:
                if len(stack) >= MAX_DEPTH:
                    raise _NotPlain
                stack.append([value, cls is _SequenceStart, None])
        elif cls in _CONTAINER_ENDS:
            stack.pop()
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _NotPlain
        elif cls is yaml.AliasEvent:
            raise _NotPlain
    return data
