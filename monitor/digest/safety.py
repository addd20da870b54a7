"""Article text is hostile input: these functions make it inert in each digest format.

HTML needs nothing here beyond Jinja's autoescape; links need `web_url` in every format, Markdown needs
`markdown_text` (a renderer would otherwise turn `[x](http://evil)`, `<script>` or a bare URL into markup).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# C0/C1 controls (terminal escape sequences reach `monitor digest --preview`) and the bidirectional
# overrides that can make a line read differently from what it says.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")

# Backslash escapes that CommonMark and Python-Markdown both honour, for everything that can open markup in
# running text. Characters that only matter at the start of a line (#, -, +, digits) are safe because `clean`
# removes line breaks.
_BACKSLASHED = re.compile(r"([\\`*_{}\[\]()!])")
# The rest become numeric character references, which every renderer shows as the character: HTML's own
# metacharacters, GFM's strikethrough and tables, and what GFM's autolinker looks for (the colon of
# `http:`/`mailto:`, the dot of `www.`, the `@` of an address). A colon between digits (13:00) or before a
# space stays as it is.
_REFERENCED = re.compile(r"[&<>|~@]|(?i:(?<=[a-z]):(?=\S)|(?<=\bwww)\.)")

_URL_SAFE = "-._~:/?#@!$&*+,;=%"


def clean(text: str | None) -> str:
    """One line of visible text: control characters dropped, runs of whitespace made single spaces."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text or "")).strip()


def web_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) address, else None: only those may become links."""
    url = (url or "").strip()
    if not url or _INVISIBLE.search(url) or _SPACES.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def markdown_text(text: str) -> str:
    """Text that every Markdown renderer shows as written: no links, emphasis, code or raw HTML."""
    text = _REFERENCED.sub(lambda m: f"&#{ord(m.group())};", text)
    return _BACKSLASHED.sub(r"\\\1", text)


def markdown_url(url: str) -> str:
    """An http(s) URL fit for a Markdown link destination: spaces, quotes, brackets and parentheses
    percent-encoded so the URL cannot end the link early or smuggle a title."""
    return quote(url, safe=_URL_SAFE)
