"""One replayed outlet: its articles (`content/<name>.json`) rendered in its own markup and feed format.

The content is invented in each outlet's style; the markup imitates what `outlets.md` records of the real
sites. Pages carry a per-request element (an ad slot id, a render time), as real pages do, while their
validators (ETag, Last-Modified) follow the article alone, so an unchanged article answers 304.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

HERE = Path(__file__).parent
STATES = ("first", "later")
"""The replay's states: what the outlets showed on the first crawl, and after they moved on."""


@dataclass(frozen=True)
class Resource:
    body: bytes
    content_type: str
    etag: str | None = None
    last_modified: datetime | None = None


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["rfc822"] = lambda value: format_datetime(_date(value))
    env.filters["iso"] = lambda value: _date(value).isoformat()
    env.filters["strftime"] = lambda value, pattern: _date(value).strftime(pattern)
    env.filters["people"] = lambda names: [{"@type": "Person", "name": name} for name in names]
    env.filters["tojson_ld"] = lambda value: json.dumps(value, ensure_ascii=False).replace("</", "<\\/")
    return env


class DemoOutlet:
    """The data and templates of one outlet; `resource(path, state, base)` answers a request."""

    def __init__(self, name: str, env: Environment | None = None) -> None:
        data = json.loads((HERE / "content" / f"{name}.json").read_text(encoding="utf-8"))
        self.name = name
        self.settings: dict[str, Any] = data["outlet"]
        self.feed_path: str = data["feed"]["path"]
        self.feed_type: str = data["feed"]["content_type"]
        self.robots: str = data["robots"]
        self.page_validators: bool = data.get("page_validators", True)
        self.sitemaps: dict[str, str] = data.get("sitemaps", {})
        """`index` and `news` paths, for outlets that publish sitemaps (a `.gz` path is served compressed)."""
        self._articles: list[dict[str, Any]] = data["articles"]
        self._env = env or _environment()

    @property
    def disallowed_paths(self) -> set[str]:
        """Pages the feed links to although robots.txt forbids them: a crawler must never ask for them."""
        return {article["path"] for article in self._articles if article.get("robots_disallowed")}

    def articles(self, state: str) -> list[dict[str, Any]]:
        """The articles as published in `state`, newest first."""
        shown = []
        for article in self._articles:
            if STATES.index(article.get("from", "first")) > STATES.index(state):
                continue
            later = article.get("later") if state == "later" else None
            shown.append({**article, **later} if later else article)
        return sorted(shown, key=lambda a: _date(a["published"]), reverse=True)

    def resource(self, path: str, state: str, base: str) -> Resource | None:
        """What the outlet serves at `path` (no query) in `state`, its links absolute under `base`."""
        if path == "/robots.txt":
            return Resource(self.robots.replace("{base}", base).encode(), "text/plain; charset=utf-8")
        articles = self.articles(state)
        if path == self.feed_path:
            body = self._render(f"{self.name}.feed.xml.j2", base=base, articles=articles)
            return Resource(body, self.feed_type, _etag(body), _newest(articles))
        if path in self.sitemaps.values():
            return self._sitemap(path, articles, base)
        for article in articles:
            if article["path"] == path:
                return self._page(article, articles, base)
        return None

    def _sitemap(self, path: str, articles: list[dict[str, Any]], base: str) -> Resource:
        if path == self.sitemaps.get("index"):
            body = self._render("sitemap-index.xml.j2", base=base, children=[self.sitemaps["news"]])
        else:
            listed = [a for a in articles if not a.get("robots_disallowed")]
            body = self._render("sitemap-news.xml.j2", base=base, articles=listed)
        if path.endswith(".gz"):
            body = gzip.compress(body, mtime=0)  # mtime 0: the same sitemap is the same bytes (one ETag)
            return Resource(body, "application/x-gzip", _etag(body), _newest(articles))
        return Resource(body, "application/xml; charset=utf-8", _etag(body), _newest(articles))

    def _page(self, article: dict[str, Any], articles: list[dict[str, Any]], base: str) -> Resource:
        body = self._render(
            f"{self.name}.page.html.j2",
            base=base,
            article=article,
            others=[a for a in articles if a is not article and not a.get("robots_disallowed")],
            ad_id=uuid.uuid4().hex[:16],
            rendered_at=datetime.now(UTC),
        )
        if not self.page_validators:
            return Resource(body, "text/html; charset=utf-8")
        # Validators follow the article, not the page: the ad slot changes on every request.
        version = json.dumps(article, sort_keys=True).encode()
        modified = _date(article.get("modified", article["published"])).astimezone(UTC)
        return Resource(body, "text/html; charset=utf-8", _etag(version), modified)

    def _render(self, template: str, **context: Any) -> bytes:
        return self._env.get_template(template).render(outlet=self.settings, **context).encode("utf-8")


def _newest(articles: list[dict[str, Any]]) -> datetime:
    return max(_date(a.get("modified", a["published"])) for a in articles).astimezone(UTC)


def _date(value: str | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _etag(content: bytes) -> str:
    return '"' + hashlib.sha1(content, usedforsecurity=False).hexdigest()[:20] + '"'
