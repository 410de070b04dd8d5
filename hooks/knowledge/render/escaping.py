"""Escaping for each place record text lands: Markdown, table cells, HTML attributes, YAML (D2 text: ``render/flowchart.py``)."""

from __future__ import annotations

import json
import re

from markupsafe import escape

_UNSAFE_LINK = re.compile(r"\]\((?!\s*(?:https?://|#))")
_REFERENCE_DEFINITION = re.compile(r"^(\s*)\[([^\]\n]*)\]:(?!\s*https?://)", re.MULTILINE)
_ATTRIBUTE_LIST = re.compile(r"\{(?=\s*[:.#])")
_LINE_BREAK = re.compile(r"\s*\n\s*")


def markdown_text(value: object) -> str:
    """Text safe to place in Markdown: no tag, entity, attribute list or non-http(s) link can form.

    Validation already rejects such text; this is the second line of defence.
    """
    text = str(value)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "]" in text:  # both link patterns need a ']'; most text has none, so skip the searches
        text = _UNSAFE_LINK.sub("]\\(", text)
        text = _REFERENCE_DEFINITION.sub(r"\1\\[\2]:", text)
    return _ATTRIBUTE_LIST.sub("&#123;", text) if "{" in text else text


def markdown_inline(value: object) -> str:
    """Markdown text on one line (list items, headings)."""
    text = markdown_text(value)
    return (_LINE_BREAK.sub(" ", text) if "\n" in text else text).strip()


def table_cell(value: object) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped."""
    return markdown_inline(value).replace("|", "\\|")


def link_text(value: object) -> str:
    """Text safe as the label of a Markdown link."""
    return table_cell(value).replace("[", "\\[").replace("]", "\\]")


def link_target(url: object) -> str:
    """A URL made safe as a Markdown link target: http(s) only, parentheses, spaces and brackets encoded."""
    text = str(url).strip()
    if not re.match(r"https?://[^\s]", text, re.IGNORECASE):
        return "#unsafe-link-removed"
    return "".join(_URL_ESCAPES.get(ch, ch) for ch in text)


_URL_ESCAPES = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", '"': "%22", "\\": "%5C", "`": "%60"}


def html_attribute(value: object) -> str:
    """Text safe inside a quoted HTML attribute or element."""
    return str(escape(str(value)))


def front_matter_text(value: object) -> str:
    """Title or description for front matter, HTML-escaped.

    The theme writes them into ``<title>``, the header and ``<meta content="...">`` without escaping.
    """
    return yaml_scalar(" ".join(html_attribute(value).split()))


def yaml_scalar(value: object) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML) for front matter."""
    return json.dumps(str(value), ensure_ascii=False)


def script_json(value: object) -> str:
    """JSON for a ``<script type="application/json">`` element: ``<``, ``>`` and ``&`` as escapes, so no text can end the element or form markup."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
