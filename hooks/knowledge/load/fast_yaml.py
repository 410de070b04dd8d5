"""The same strict parse as :mod:`knowledge.load.strict_yaml`, about ten times faster with libyaml.

PyYAML's pure-Python scanner and parser dominate the load stage. When PyYAML has its libyaml
binding, the C parser produces the same event stream (with the same line and column marks)
and ``strict_yaml.build_document`` turns it into data and positions, so every rule (no tags,
anchors or aliases, bounded depth, duplicate keys, yes/no as words) is applied by the same code.

Any file the fast path does not accept cleanly is parsed again by
:func:`knowledge.load.strict_yaml.parse_yaml`, so problems are always found and worded by the
reference parser: libyaml's error messages differ, and it does not reject every control
character that PyYAML's reader does.
"""

from __future__ import annotations

import functools

import yaml
import yaml.reader

from knowledge.load.strict_yaml import ParsedYaml, PositionsNeeded, YamlFailure, build_document, parse_yaml

_CSafeLoader = getattr(yaml, "CSafeLoader", None)
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE


def parse_yaml_fast(text: str, *, positions: bool = True) -> ParsedYaml:
    """Parse one YAML document strictly; same result and failures as ``strict_yaml.parse_yaml``.

    Without ``positions`` they are worked out (by parsing the text again) only when asked for;
    a file with a duplicate key gets them at once, since its report names both keys' lines.
    """
    if _CSafeLoader is None or _NON_PRINTABLE.search(text):
        return parse_yaml(text)
    loader = _CSafeLoader(text)
    try:
        return build_document(loader, locate=None if positions else functools.partial(parse_yaml_fast, text))
    except PositionsNeeded:
        return parse_yaml_fast(text)
    except (yaml.YAMLError, YamlFailure, RecursionError):
        return parse_yaml(text)  # raises the reference parser's failure, worded for contributors
    finally:
        loader.dispose()
