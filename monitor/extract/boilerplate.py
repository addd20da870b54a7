"""What class and id names say about an element: page furniture (comments, share buttons, related posts,
newsletter boxes, menus) or content.

Names are split into words ("jp-relatedposts" -> jp, relatedposts; "shareBar" -> share, bar). A word that
starts like a furniture word marks the name. In compound names the last telling word is the head
("entry-meta" is metadata, "post-content" is content). State words ("has-sidebar", "comments-open")
describe the page rather than the element, so such names are ignored.
"""

from __future__ import annotations

import re
from enum import IntEnum


class Role(IntEnum):
    CONTENT = 0
    FURNITURE = 1
    """Furniture by name; a caller may still keep it when it holds most of the page's prose."""
    DISCUSSION = 2
    """Reader comments: prose-like and often longer than the article, so never kept."""


_DISCUSSION = re.compile(r"comment(?!ar)|disqus|respond|repl(?:y|ies)|discussion|talkback")
# Never content, whatever else the element is called.
_FURNITURE = re.compile(
    "|".join(
        (
            "share",
            "sharing",
            "social",
            "related",
            "relacionad",
            "newsletter",
            "subscri",
            "signup",
            "promo",
            "advert",
            "sponsor",
            "sidebar",
            "cookie",
            "recommend",
            "outbrain",
            "taboola",
            "readmore",
            "popular",
            "trending",
            "breadcrumb",
            "pagination",
            "pager",
            "toolbar",
            "caption",
            "credit",
            "follow",
            "bio",
            "masthead",
            "modal",
            "popup",
            "overlay",
            "login",
            "donat",
            "morestories",
            "tagcloud",
            "print",
        )
    )
)
# Furniture when they are the head of the name and no other name of the element says content.
_WEAK = frozenset(
    [
        "nav",
        "menu",
        "header",
        "footer",
        "meta",
        "widget",
        "banner",
        "ad",
        "ads",
        "tags",
        "byline",
        "author",
        "date",
        "rss",
        "skip",
        "more",
        "teaser",
        "list",
        "also",
    ]
)
_CONTENT = re.compile("article|content|entry|post|main|body|story|text|blog|prose")
_STATE = frozenset(("has", "with", "no", "open", "closed", "enabled", "disabled", "on", "off", "is", "count"))
_WORDS = re.compile(r"[a-z0-9]+|[A-Z][a-z0-9]*")


def role(class_names: str | None, element_id: str | None) -> Role:
    """The role an element's class and id names give it."""
    weak = content = False
    for name in (class_names or "").split() + ([element_id] if element_id else []):
        words = [word.lower() for word in _WORDS.findall(name)]
        if not words or _STATE.intersection(words):
            continue
        if any(_DISCUSSION.match(word) for word in words):
            return Role.DISCUSSION
        if any(_FURNITURE.match(word) for word in words):
            return Role.FURNITURE
        for word in reversed(words):
            if word in _WEAK:
                weak = True
                break
            if _CONTENT.match(word):
                content = True
                break
    return Role.FURNITURE if weak and not content else Role.CONTENT


def names_content(class_names: str | None, element_id: str | None) -> bool:
    """True when a class or id names the element as the article or its text."""
    return bool(_CONTENT.search(f"{class_names or ''} {element_id or ''}".lower()))


# Calls to action that sit between paragraphs without class names to give them away: newsletter
# sign-ups, advertisement labels, "Read more:" lead-ins. Kept narrow, since articles may well say "sign up".
_PROMPT = re.compile(
    r"(?:sign up|subscribe|suscr[ií]bete)\b.*\b(?:newsletter|bolet[ií]n)"
    r"|(?:advertisement|advert|publicidad|anzeige|publicité)\W*$"
    r"|(?:read more|read also|also read|see also|related|leer más|lee también|lire aussi|mehr zum thema)"
    r"\s*[:|»›>]",
    re.IGNORECASE,
)
_PROMPT_MAX_CHARS = 120


def is_prompt(text: str) -> bool:
    """True for a short line that asks the reader to do something ("Sign up for our newsletter")."""
    return len(text) <= _PROMPT_MAX_CHARS and _PROMPT.match(text) is not None
