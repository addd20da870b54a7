"""What extraction produces: the article as a reader sees it, without the page around it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Article:
    title: str
    text: str
    """Paragraphs separated by blank lines."""
    published: datetime | None = None
    """Timezone-aware when known."""
    modified: datetime | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None
    method: str = "generic"
    """How the body was found: "selectors" (the outlet's config) or "generic"."""
    canonical_url: str | None = None
    """The page's own `<link rel=canonical>` / `og:url`, absolute, when it gives one."""
    warnings: tuple[str, ...] = field(default=())
    """Things the analyst may want to know (for example: configured selectors no longer match)."""
