"""What the crawl and the store tell each other: plain data, since it crosses to the storing worker of
`run --once` (see monitor.store.client)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.extract.article import Article as Extracted
    from monitor.feeds import ParsedFeed


@dataclass(frozen=True)
class FeedState:
    """A feed as the store knows it: what a poll needs to ask for it conditionally."""

    id: int
    url: str
    outlet: str
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class KnownArticle:
    """A stored article as the crawl needs it: whether its feed entry changed, how to ask for its page
    conditionally."""

    url: str
    link: str | None
    outlet: str
    entry_fingerprint: str | None
    has_versions: bool
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class FeedReading:
    """A fetched feed as read, with what the store knows of the articles its entries link to: one answer,
    so that the crawl can start fetching a feed's articles while the next feed is still being read."""

    feed: ParsedFeed
    known: dict[str, KnownArticle]
    """By the article's URL and by the feed link that found it."""


@dataclass(frozen=True)
class FetchedPage:
    """An article page as fetched and extracted, with what the store must know of how it was found."""

    outlet: str
    link: str
    """The link that led to the page (a feed entry's, or the article's URL on a revisit)."""
    fingerprint: str | None
    """The fingerprint of the feed entry that led to the page; None on a revisit."""
    url: str
    """The article's canonical URL: the page's own when trusted, else the link."""
    etag: str | None
    last_modified: str | None
    extracted: Extracted | None
    """None for a 304, which only touches the article's row."""
    body: bytes = b""
    """The page as fetched, kept with the version when its text changed."""


@dataclass
class Stored:
    """What storing a batch of pages did."""

    new_articles: int = 0
    new_versions: int = 0
    alerts: int = 0
