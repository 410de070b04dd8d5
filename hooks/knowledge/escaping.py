"""Escaping for each place record text lands: Markdown, table cells, HTML attributes, Mermaid, YAML."""

from __future__ import annotations

import json
import re

from markupsafe import escape


def markdown_text(value: object) -> str:
    """Text safe to place in Markdown: no character can open an HTML tag or entity."""
    text = str(value)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_inline(value: object) -> str:
    """Markdown text on one line (list items, headings)."""
    return re.sub(r"\s*\n\s*", " ", markdown_text(value)).strip()


def table_cell(value: object) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped."""
    return markdown_inline(value).replace("|", "\\|")


def link_text(value: object) -> str:
    """Text safe as the label of a Markdown link."""
    return table_cell(value).replace("[", "\\[").replace("]", "\\]")


def link_target(url: object) -> str:
    """A validated URL made safe as a Markdown link target (parentheses and spaces encoded)."""
    return str(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def html_attribute(value: object) -> str:
    """Text safe inside a quoted HTML attribute or element."""
    return str(escape(str(value)))


_MERMAID_ENTITIES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "|": "#124;", "`": "#96;", "#": "#35;", ";": "#59;"}


def mermaid_label(value: object) -> str:
    """Text safe inside a quoted Mermaid label: quotes, brackets and markup become entities."""
    text = re.sub(r"\s+", " ", str(value)).strip()
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in text)


def yaml_scalar(value: object) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML) for front matter."""
    return json.dumps(str(value), ensure_ascii=False)
