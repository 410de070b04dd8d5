"""Checks that keep untrusted record text from becoming markup, script or unsafe links.

Record text is rendered as Markdown, so these checks reject what Markdown would pass through
to the page: raw HTML tags, event-handler attributes, script URL schemes and links to
anything but http(s). Rendering escapes text again (defence in depth), see ``render``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_TEXT_LENGTH = 4000

_HTML_TAG = re.compile(r"<(?:[/?]?[a-zA-Z]|!)[^>]{0,60}>?")
_EVENT_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.IGNORECASE)
_SCRIPT_SCHEME = re.compile(r"\b(?:javascript|vbscript|livescript)\s*:", re.IGNORECASE)
_MARKDOWN_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
_MARKDOWN_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
_ATTRIBUTE_LIST = re.compile(r"\{\s*[:.#][^}]*\}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class UnsafeText(ValueError):
    """Text that must not reach a page, with the fix to suggest."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


PLACEHOLDER = "FILL IN"


def _check_placeholder(text: str) -> None:
    if PLACEHOLDER in text:
        raise UnsafeText("placeholder left from the scaffold", f"replace the '{PLACEHOLDER}' text with your own")


def check_url(url: str) -> str:
    """Accept only absolute http(s) URLs with a host."""
    stripped = url.strip()
    _check_placeholder(stripped)
    parts = urlsplit(stripped)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise UnsafeText(
            f"'{_clip(stripped)}' is not an http(s) URL",
            "use a full address that starts with https://",
        )
    if any(ch.isspace() for ch in stripped) or _CONTROL.search(stripped) or '"' in stripped or "<" in stripped:
        raise UnsafeText("the URL contains spaces, quotes or control characters", "percent-encode them or remove them")
    return stripped


def check_text(text: str) -> str:
    """Reject raw HTML, scripts and unsafe links in a text field; return it stripped.

    Runs on every text of every record, so each pattern is only searched for when a character
    it needs is present (most prose has no '<', '{', '=' or ']').
    """
    if len(text) > MAX_TEXT_LENGTH:
        raise UnsafeText(
            f"text is {len(text)} characters long, more than the {MAX_TEXT_LENGTH} allowed",
            "shorten it or split it into list items",
        )
    if not text.isprintable() and _CONTROL.search(text):
        raise UnsafeText("text contains control characters", "remove invisible control characters")
    _check_placeholder(text)
    has_angle = "<" in text
    if has_angle and (match := _HTML_TAG.search(text)):
        raise UnsafeText(
            f"raw HTML '{_clip(match.group(0))}' is not allowed",
            "write plain text or Markdown; for a literal '<' put a space after it",
        )
    if ":" in text and (match := _SCRIPT_SCHEME.search(text)):
        raise UnsafeText(f"script URL '{_clip(match.group(0))}' is not allowed", "link only to https:// addresses")
    if "=" in text and (match := _EVENT_HANDLER.search(text)):
        raise UnsafeText(f"event-handler attribute '{_clip(match.group(0))}' is not allowed", "remove it; records cannot carry scripts")
    if "{" in text and (match := _ATTRIBUTE_LIST.search(text)):
        raise UnsafeText(f"Markdown attribute list '{_clip(match.group(0))}' is not allowed", "remove the braces; styling comes from the templates")
    patterns = (_MARKDOWN_LINK_TARGET, _MARKDOWN_REFERENCE) if "]" in text else ()
    for pattern in (*patterns, _AUTOLINK) if has_angle else patterns:
        for match in pattern.finditer(text):
            target = match.group(1)
            if target and not target.startswith("#"):
                check_url(target)
    return text.strip()


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
