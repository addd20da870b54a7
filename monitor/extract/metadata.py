"""What a page says about its article: title, dates, authors, language, canonical URL.

Sources in order of trust: the outlet's selectors, JSON-LD (`NewsArticle` and kin, `@graph` included),
Open Graph / `article:*` and other `<meta>` tags, then what a reader sees (`<time>`, date headers,
bylines, `<h1>`, `<title>`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from monitor.config import Selectors
from monitor.extract.dates import parse_date
from monitor.extract.selected import SelectorError, select


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str = ""
    published: datetime | None = None
    modified: datetime | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None
    canonical_url: str | None = None
    warnings: tuple[str, ...] = ()


_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
)
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")
_AUTHOR_META = ("author", "byl", "dc.creator", "article:author", "parsely-author", "sailthru.author")
_TITLE_META = ("og:title", "twitter:title", "dc.title")
# Visible dates and bylines, most specific first (WordPress, Typepad, schema.org microdata).
_VISIBLE_PUBLISHED = (
    "time.entry-date.published[datetime]",
    "[itemprop=datePublished]",
    ".entry-footer",
    ".post-footer",
    ".byline",
    "h2.date-header",
    "time[datetime]",
    "time[pubdate]",
)
_VISIBLE_AUTHORS = "[itemprop=author] [itemprop=name], [rel=author], .byline .author, .entry-author-name"
_VISIBLE_BYLINES = ".byline, .entry-footer, .post-footer, .posted-by, .author"
_HEADLINES = ("[itemprop=headline]", "h1.entry-title", ".entry-title", "h3.entry-header", ".post-title", "h1")
_POSTED_BY = re.compile(r"\b(?:posted|written|published)\s+by\s+(.+?)(?:\s+(?:on|at|in)\b|\s*[|,]|$)", re.I)
_BY_PREFIX = re.compile(r"^\s*(?:by|por|von|par)\s+", re.I)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\by\b|\bund\b|\bet\b)\s*", re.I)
_ARTICLE_TYPE = re.compile(r"(Article|BlogPosting|Posting|Report)$")


def read_metadata(tree: LexborHTMLParser, url: str, selectors: Selectors | None) -> Metadata:
    meta = _meta_tags(tree)
    ld = _json_ld_article(tree)
    picked = selectors or Selectors()
    warnings: list[str] = []
    title = (
        _selected_text(tree, picked.title, warnings)
        or _text(ld.get("headline"))
        or _first(meta, _TITLE_META)
        or _headline(tree)
        or _page_title(tree)
    )
    published = (
        parse_date(_selected_text(tree, picked.published, warnings))
        or parse_date(_text(ld.get("datePublished")))
        or _first_date(meta, _PUBLISHED_META)
        or _visible_date(tree)
    )
    modified = parse_date(_text(ld.get("dateModified"))) or _first_date(meta, _MODIFIED_META)
    authors = (
        _split_authors(_selected_texts(tree, picked.author, warnings))
        or _split_authors(_ld_names(ld.get("author")))
        or _split_authors([value for key in _AUTHOR_META if (value := meta.get(key)) and "://" not in value])
        or _split_authors([node.text() for node in tree.css(_VISIBLE_AUTHORS)])
        or _posted_by(tree)
    )
    return Metadata(
        title=" ".join(title.split()),
        published=published,
        modified=modified,
        authors=authors,
        language=_language(tree, meta, ld),
        canonical_url=_canonical(tree, meta, url),
        warnings=tuple(warnings),
    )


def _meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    """`<meta>` name/property/itemprop/http-equiv (lower-cased) to content; the first of each wins."""
    found: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv")
        content = (attrs.get("content") or "").strip()
        if key and content:
            found.setdefault(key.strip().lower(), content)
    return found


def _json_ld_article(tree: LexborHTMLParser) -> dict:
    """The first JSON-LD object typed as an article (news, blog post, report), or {}."""
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text(deep=True), strict=False)
        except ValueError:
            continue
        for item in _ld_objects(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(kind, str) and _ARTICLE_TYPE.search(kind) for kind in kinds):
                return item
    return {}


def _ld_objects(data: object) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_objects(data["@graph"])


def _ld_names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _ld_names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _ld_names(item)]
    return []


def _text(value: object) -> str:
    if isinstance(value, list) and value:
        value = value[0]
    return value.strip() if isinstance(value, str) else ""


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str:
    return next((meta[key] for key in keys if meta.get(key)), "")


def _first_date(meta: dict[str, str], keys: tuple[str, ...]) -> datetime | None:
    return next((parsed for key in keys if (parsed := parse_date(meta.get(key)))), None)


def _node_value(node: LexborNode) -> str:
    """What a selected element says: a `<meta>`'s content, a `<time>`'s datetime, else its text."""
    attrs = node.attributes
    return (attrs.get("content") or attrs.get("datetime") or node.text(deep=True) or "").strip()


def _selected_text(tree: LexborHTMLParser, selector: str | None, warnings: list[str]) -> str:
    return next(iter(_selected_texts(tree, selector, warnings)), "")


def _selected_texts(tree: LexborHTMLParser, selector: str | None, warnings: list[str]) -> list[str]:
    if not selector:
        return []
    try:
        nodes = select(tree, selector)
    except SelectorError as exc:
        warnings.append(str(exc))
        return []
    return [value for node in nodes if (value := _node_value(node))]


def _headline(tree: LexborHTMLParser) -> str:
    """The visible headline; the most specific markup wins over a blog's banner `<h1>`."""
    for selector in _HEADLINES:
        node = tree.css_first(selector)
        if node and (text := node.text(deep=True).strip()):
            return text
    return ""


def _page_title(tree: LexborHTMLParser) -> str:
    node = tree.css_first("title")
    return node.text(deep=True).strip() if node else ""


def _visible_date(tree: LexborHTMLParser) -> datetime | None:
    for selector in _VISIBLE_PUBLISHED:
        for node in tree.css(selector):
            parsed = parse_date(_node_value(node))
            if parsed:
                return parsed
    return None


def _posted_by(tree: LexborHTMLParser) -> tuple[str, ...]:
    """Blog footers and bylines: "Posted by b on April 30, 2019 at 02:31 PM"."""
    for node in tree.css(_VISIBLE_BYLINES):
        match = _POSTED_BY.search(node.text(deep=True))
        if match:
            return _split_authors([match.group(1)])
    return ()


def _split_authors(values: list[str]) -> tuple[str, ...]:
    names: list[str] = []
    for value in values:
        for name in _AUTHOR_SPLIT.split(_BY_PREFIX.sub("", " ".join(value.split()))):
            name = name.strip(" .")
            if name and len(name) <= 80 and name not in names:
                names.append(name)
    return tuple(names)


def _language(tree: LexborHTMLParser, meta: dict[str, str], ld: dict) -> str | None:
    html = tree.css_first("html")
    candidates = (
        html.attributes.get("lang") if html else None,
        meta.get("og:locale"),
        meta.get("content-language"),
        _text(ld.get("inLanguage")),
    )
    for value in candidates:
        code = re.match(r"\s*([a-zA-Z]{2,3})(?:$|[-_\s,])", value or "")
        if code:
            return code.group(1).lower()
    return None


def _canonical(tree: LexborHTMLParser, meta: dict[str, str], url: str) -> str | None:
    link = tree.css_first('link[rel="canonical"][href]')
    href = (link.attributes.get("href") or "").strip() if link else ""
    href = href or meta.get("og:url", "")
    if not href:
        return None
    try:
        absolute = urljoin(url, href)
    except ValueError:  # a malformed address, such as an unclosed IPv6 bracket
        return None
    return absolute if absolute.startswith(("http://", "https://")) else None
