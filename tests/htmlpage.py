"""Reading built HTML as a reader would: visible text, links, meta tags (standard library only)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

BLOCKS = frozenset(
    [
        "p",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "tr",
        "table",
        "div",
        "br",
        "nav",
        "header",
        "footer",
        "section",
        "article",
        "pre",
        "dd",
        "dt",
        "label",
        "option",
    ]
)


@dataclass
class Page(HTMLParser):
    """A parsed HTML page."""

    path: Path
    text_parts: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, link text)
    meta: dict[str, str] = field(default_factory=dict)
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    _href: str | None = None
    _link_text: list[str] = field(default_factory=list)
    _skip: int = 0

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)
        self.feed(self.path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in BLOCKS:
            self.text_parts.append(" ")
        self.tags.append((tag, values))
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a" and "href" in values:
            self._href, self._link_text = values["href"], []
        if tag == "meta" and ("name" in values or "property" in values):  # property: OpenGraph tags
            self.meta[values.get("name") or values["property"]] = values.get("content", "")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.text_parts.append(" ")
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._link_text).split())))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text_parts.append(data)
        if self._href is not None:
            self._link_text.append(data)

    @property
    def text(self) -> str:
        """Visible text with whitespace folded."""
        return " ".join("".join(self.text_parts).split())

    def resolve(self, href: str) -> Path:
        """The built file a relative link points at."""
        target = href.split("#", maxsplit=1)[0]
        joined = posixpath.normpath(posixpath.join(self.path.parent.as_posix(), target))
        resolved = Path(joined)
        return resolved / "index.html" if resolved.is_dir() or target.endswith("/") else resolved

    def links_to(self, fragment: str) -> list[tuple[str, str]]:
        """Links whose href contains ``fragment``."""
        return [(href, text) for href, text in self.links if fragment in href]


def read(site: Path, url: str) -> Page:
    """Parse the page at a site URL such as ``scenarios/x/``."""
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    return Page(path)


def table_rows(html: str) -> list[list[str]]:
    """Rows of every table as lists of cell texts (tags stripped)."""
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", " ", cell)).split()) for cell in cells])
    return rows
