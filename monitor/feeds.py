"""Feeds and sitemaps -> entries: what an outlet says it published, with canonical links. Pure.

`parse_feed` never raises: a broken, truncated or hostile body gives what could be read plus a plain
message in `ParsedFeed.error`, and a body that is no feed at all gives `kind="unknown"`.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Literal
from xml.etree.ElementTree import Element, ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from selectolax.lexbor import LexborHTMLParser

from monitor.urls import canonical_url

FeedKind = Literal["rss", "atom", "sitemap", "sitemap-index", "unknown"]

MAX_DECOMPRESSED_BYTES = 50 * 1024 * 1024
"""The sitemap protocol's own limit on an uncompressed sitemap; a gzip bomb stops here."""

_PROLOG = rb"(?:\xef\xbb\xbf)?(?:\s|<\?.*?\?>|<!--.*?-->)*"
# An internal DTD subset is where entities are declared ("billion laughs"); no real feed needs one.
_INTERNAL_SUBSET = re.compile(_PROLOG + rb"<!DOCTYPE[^\[>]*\[", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(_PROLOG + rb"(?:<!DOCTYPE[^>]*>\s*)?<([A-Za-z_][\w.:-]*)", re.DOTALL | re.IGNORECASE)
_FEED_ROOTS = {"rss": "rss", "rdf": "rss", "feed": "atom"}
_SITEMAP_ROOTS = {"urlset": "sitemap", "sitemapindex": "sitemap-index"}
_HTML_ROOTS = {"html", "head", "body"}
_SPACE_BEFORE_PUNCTUATION = re.compile(r" ([.,;:!?)])")
_AUTHOR_SEPARATOR = re.compile(r"\s*(?:,|\band\b|&)\s*")


@dataclass(frozen=True)
class FeedEntry:
    url: str
    """Canonical (see `monitor.urls.canonical_url`)."""
    title: str = ""
    summary: str = ""
    """Plain text."""
    published: datetime | None = None
    updated: datetime | None = None
    guid: str | None = None
    authors: tuple[str, ...] = ()

    @property
    def fingerprint(self) -> str:
        """Changes when the outlet changes what the feed says of the article (a new headline, summary or
        update date), so the article is fetched again although its URL is known."""
        stamp = self.updated or self.published
        text = "\x1f".join((self.title, self.summary, stamp.isoformat() if stamp else ""))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class ParsedFeed:
    kind: FeedKind
    entries: list[FeedEntry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    """Child sitemaps listed by a sitemap index (absolute URLs)."""
    error: str | None = None


def parse_feed(body: bytes, url: str) -> ParsedFeed:
    """Read an RSS, Atom or sitemap body (gzip-compressed or not) fetched from `url`."""
    if not body.strip():
        return ParsedFeed("unknown", error="not a feed: the body is empty")
    body, error = _gunzip(body) if body[:2] == b"\x1f\x8b" else (body, None)
    if _INTERNAL_SUBSET.match(body):
        return ParsedFeed("unknown", error="not a feed: it declares its own XML entities (refused as unsafe)")
    root = _ROOT.match(body)
    name = root.group(1).decode("ascii").rpartition(":")[2].lower() if root else ""
    if name in _SITEMAP_ROOTS:
        parsed = _parse_sitemap(body, url, _SITEMAP_ROOTS[name])
    elif name in _FEED_ROOTS or not root:  # no recognisable root: perhaps another encoding
        parsed = _parse_syndication(body, url)
    elif name in _HTML_ROOTS:
        return ParsedFeed("unknown", error="not a feed: the server sent an HTML page")
    else:
        return ParsedFeed("unknown", error=f"not a feed: an XML document whose root is <{name}>")
    parsed.error = "; ".join(e for e in (error, parsed.error) if e) or None
    return parsed


def _gunzip(body: bytes) -> tuple[bytes, str | None]:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, MAX_DECOMPRESSED_BYTES)
    except zlib.error as exc:
        return b"", f"the gzip-compressed body is corrupt ({exc})"
    if inflater.unconsumed_tail:
        return (
            data,
            f"the body decompresses to more than {MAX_DECOMPRESSED_BYTES // 2**20} MB: read the start",
        )
    if not inflater.eof:
        return data, "the gzip-compressed body is truncated"
    return data, None


# RSS and Atom go through feedparser: it copes with every RSS dialect (0.9x, 1.0/RDF, 2.0) and Atom, parses
# the dozens of date formats feeds really use, resolves relative links, and when the XML is broken it falls
# back to a lenient parser and flags the document ("bozo") instead of giving up.
_BENIGN = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
"""What feedparser flags but reads right: a wrong declared charset, a missing Content-Type."""


def _parse_syndication(body: bytes, url: str) -> ParsedFeed:
    # Summaries are reduced to plain text below, so feedparser need not sanitise or rewrite their HTML; and
    # it is not given the feed's URL: it would join every element's URI with it (a third of its time), where
    # only the links matter, which _http_url resolves against the feed's URL (feedparser still applies any
    # xml:base the feed declares).
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    kind: FeedKind = "atom" if parsed.version.startswith("atom") else "rss"
    items = parsed.entries
    error = None
    if parsed.bozo and not isinstance(parsed.bozo_exception, _BENIGN):
        if not parsed.version and not items:
            return ParsedFeed("unknown", error=f"not a feed: {_describe(parsed.bozo_exception)}")
        # The lenient parser also returns the entry the body was cut in; keep only complete ones.
        closed = len(re.findall(rb"</(?:[\w-]+:)?(?:item|entry)\s*>", body))
        items = items[:closed]
        error = f"the feed is malformed or truncated ({_describe(parsed.bozo_exception)})"
    elif not parsed.version:
        return ParsedFeed("unknown", error="not a feed: no RSS or Atom document found")
    entries = [entry for item in items if (entry := _syndication_entry(item, url))]
    return ParsedFeed(kind, entries, error=error)


def _syndication_entry(item: feedparser.FeedParserDict, feed_url: str) -> FeedEntry | None:
    link = _http_url(item.get("link") or "", feed_url)
    if link is None:
        return None
    names = [author.get("name", "") for author in item.get("authors", [])] or [item.get("author", "")]
    return FeedEntry(
        url=link,
        title=_plain(item.get("title", "")),
        summary=_plain(item.get("summary", "")),
        published=_struct_time(item.get("published_parsed")),
        # dict.get: feedparser's own get() answers `updated` with `published` when there is none
        updated=_struct_time(dict.get(item, "updated_parsed")),
        guid=item.get("id") or None,
        authors=tuple(part for name in names for part in _AUTHOR_SEPARATOR.split(name.strip()) if part),
    )


def _parse_sitemap(body: bytes, url: str, kind: FeedKind) -> ParsedFeed:
    """A streaming parse (memory stays flat on 50,000-URL sitemaps); defusedxml refuses entity tricks."""
    parsed = ParsedFeed(kind)
    try:
        for _event, element in iterparse(io.BytesIO(body), events=("end",)):
            tag = _local(element.tag)
            if tag == "url":
                entry = _sitemap_entry(element, url)
                if entry:
                    parsed.entries.append(entry)
                element.clear()
            elif tag == "sitemap":
                child = _http_url(_child_text(element, "loc"), url)
                if child:
                    parsed.sitemaps.append(child)
                element.clear()
    except ParseError as exc:
        what = "sitemap index" if kind == "sitemap-index" else "sitemap"
        parsed.error = f"the {what} is malformed or truncated ({exc})"
    except DefusedXmlException as exc:
        parsed.error = f"the sitemap was refused as unsafe XML ({exc})"
    return parsed


def _sitemap_entry(element: Element, sitemap_url: str) -> FeedEntry | None:
    link = _http_url(_child_text(element, "loc"), sitemap_url)
    if link is None:
        return None
    news = next((child for child in element if _local(child.tag) == "news"), None)
    published = _w3c_date(_child_text(news, "publication_date")) if news is not None else None
    return FeedEntry(
        url=link,
        title=_child_text(news, "title") if news is not None else "",
        published=published,
        updated=_w3c_date(_child_text(element, "lastmod")),
    )


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _child_text(element: Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _http_url(link: str, base: str) -> str | None:
    """The canonical absolute http(s) URL of a link, or None when there is no usable one."""
    if not link.strip():
        return None
    try:
        url = canonical_url(link, base=base)
    except ValueError:
        return None
    return url if url.startswith(("http://", "https://")) else None


def _plain(html: str) -> str:
    """Text of a feed's HTML snippet, whitespace collapsed."""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    tree = LexborHTMLParser(html)
    tree.strip_tags(["script", "style"])  # feedparser's sanitiser is off: drop what a reader never sees
    text = " ".join((tree.body.text(separator=" ") if tree.body else "").split())
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)  # "<b>refuge</b>." must not read "refuge ."


def _struct_time(value: object) -> datetime | None:
    """feedparser gives dates as UTC struct_time."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)  # type: ignore[arg-type]
    except (OverflowError, ValueError, TypeError):
        return None


def _w3c_date(text: str) -> datetime | None:
    """Sitemap dates: W3C datetime (a date, or a date and time with an offset); a naive time is UTC."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        try:
            value = datetime.combine(date.fromisoformat(text[:10]), datetime.min.time())
        except ValueError:
            return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _describe(exc: BaseException) -> str:
    """A parser's complaint without its `<unknown>:` prefix."""
    return str(exc).removeprefix("<unknown>:") or type(exc).__name__
