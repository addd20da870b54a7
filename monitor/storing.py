"""The store's side of a crawl: the outlets and feeds to poll, what is known of the articles a feed
lists, and storing fetched articles (a version when an article's text changed, read against the story's
claims, with its alerts). `ArticleStore` does it all in the process it lives in: the daemon's, or the
storing worker of `run --once` (monitor.store.client).
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import Engine, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from monitor.alerts import FoundRelation, alerts_for, raise_alerts
from monitor.claims import Story, compare
from monitor.config import Settings
from monitor.feeds import parse_feed
from monitor.models import Article, Feed, Finding, Outlet, utcnow
from monitor.store.records import FeedReading, FeedState, FetchedPage, KnownArticle, Stored
from monitor.versioning import record_version

log = logging.getLogger("monitor.storing")

REVISIT_LEASE = timedelta(minutes=10)
"""A claimed revisit that fails is tried again after this long."""


def next_revisit(schedule: list[float], born: datetime, now: datetime) -> datetime | None:
    """The first point of the revisit schedule (offsets from the article's birth) after `now`."""
    for offset in schedule:
        due = born + timedelta(seconds=offset)
        if due > now:
            return due
    return None


def sync_outlets(engine: Engine, settings: Settings) -> None:
    """Make the outlet and feed rows match the config: new ones added, removed feeds kept but inactive."""
    try:
        _sync_outlets(engine, settings)
    except IntegrityError:
        # Another daemon sharing the database added the same rows a moment ago: read them and go on.
        _sync_outlets(engine, settings)


def _sync_outlets(engine: Engine, settings: Settings) -> None:
    with Session(engine) as session:
        configured = {url: outlet.name for outlet in settings.outlets for url in outlet.feeds}
        for outlet in settings.outlets:
            row = session.get(Outlet, outlet.name) or Outlet(name=outlet.name)
            row.title = outlet.display_name
            session.add(row)
        session.flush()
        for feed in session.exec(select(Feed)):
            feed.active = feed.url in configured
            if feed.active:
                feed.outlet = configured.pop(feed.url)
            session.add(feed)
        for url, outlet_name in configured.items():
            session.add(Feed(outlet=outlet_name, url=url))
        session.commit()


def _known(article: Article) -> KnownArticle:
    return KnownArticle(
        article.url,
        article.link,
        article.outlet,
        article.entry_fingerprint,
        article.versions > 0,
        article.etag,
        article.last_modified,
    )


class ArticleStore:
    """What the crawl asks of the store, answered in this process: each call one short transaction."""

    def __init__(self, settings: Settings, engine: Engine, story: Story | None) -> None:
        self.settings = settings
        self.engine = engine
        self.story = story

    def feeds_to_poll(self) -> list[int]:
        """The ids of the active feeds, the rows first made to match the config."""
        sync_outlets(self.engine, self.settings)
        with Session(self.engine) as session:
            return list(session.exec(select(Feed.id).where(Feed.active)))

    def feed(self, feed_id: int) -> FeedState:
        with Session(self.engine) as session:
            row = session.get(Feed, feed_id)
            return FeedState(row.id, row.url, row.outlet, row.etag, row.last_modified)

    def read_feed(self, body: bytes, url: str) -> FeedReading:
        """The entries of a fetched feed, and the stored articles they link to."""
        feed = parse_feed(body, url)
        return FeedReading(feed, self._known_articles([entry.url for entry in feed.entries]))

    def _known_articles(self, links: list[str]) -> dict[str, KnownArticle]:
        if not links:
            return {}
        with Session(self.engine) as session:
            rows = session.exec(
                select(Article).where(or_(col(Article.url).in_(links), col(Article.link).in_(links)))
            ).all()
            known = {}
            for row in rows:
                article = _known(row)
                known[row.url] = article
                if row.link:
                    known[row.link] = article
            return known

    def claim_revisits(self) -> list[KnownArticle]:
        """Take the due articles, each by a conditional UPDATE pushing its revisit a while ahead, so that
        daemons sharing a database never revisit one article twice (a success reschedules it properly)."""
        now = utcnow()
        with Session(self.engine) as session:
            due = session.exec(
                select(Article)
                .where(col(Article.next_revisit_at) <= now)
                .order_by(col(Article.next_revisit_at))
            ).all()
            claimed = []
            for article in due:
                taken = session.exec(
                    update(Article)
                    .where(
                        col(Article.id) == article.id, col(Article.next_revisit_at) == article.next_revisit_at
                    )
                    .values(next_revisit_at=now + REVISIT_LEASE)
                )
                if taken.rowcount == 1:
                    claimed.append(_known(article))
            session.commit()
        return claimed

    def record_poll(
        self, feed: FeedState, interval: float, status: str, error: str | None, entries: int
    ) -> int:
        """Remember how a poll of `feed` went (its validators, when it is next due, its error streak);
        returns the error streak."""
        now = utcnow()
        with Session(self.engine) as session:
            row = session.get(Feed, feed.id)
            row.etag, row.last_modified = feed.etag, feed.last_modified
            row.last_polled_at = now
            row.next_due_at = now + timedelta(seconds=interval)
            row.last_status, row.last_error = status, error
            row.error_streak = row.error_streak + 1 if status == "error" else 0
            if status in ("ok", "partial"):
                row.entries = entries
            session.add(row)
            session.commit()
            return row.error_streak

    def record_failure(self, outlet: str, link: str, message: str) -> None:
        """Remember a page that could not be fetched or read: a new article gets a row (so `status` shows
        it and the next pass retries it, its fingerprint being unset); a known one keeps its versions and
        gains an error streak."""
        now = utcnow()
        with Session(self.engine) as session:
            same = or_(Article.url == link, Article.link == link)
            article = session.exec(select(Article).where(same)).first()
            if article is None:
                article = Article(url=link, outlet=outlet, first_seen_at=now)
            article.last_status, article.last_error = "error", message
            article.error_streak += 1
            session.add(article)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()

    def store(self, pages: list[FetchedPage]) -> Stored:
        """Store `pages`, in one transaction when they can be."""
        stored = Stored()
        while pages:
            later = self._store_pages(pages, stored)
            if later is None:
                # Another daemon sharing the database stored one of these articles first (a unique URL
                # clash): one page at a time, so that only that page yields to the other's row.
                later = []
                for page in pages:
                    if self._store_pages([page], stored) is None:
                        log.info("article %s was stored concurrently by another process", page.link)
            pages = later
        return stored

    def _store_pages(self, pages: list[FetchedPage], stored: Stored) -> list[FetchedPage] | None:
        """Store `pages` in one transaction and count them into `stored`. Returns the pages left for a
        later transaction (a second page of one article: it is compared with the version the first one
        stores), or None, having stored nothing, on a unique clash with another process."""
        now = utcnow()
        counts: Counter[str] = Counter()
        try:
            with Session(self.engine) as session:
                placed, later = self._place_articles(session, pages, now)
                session.flush()  # the new articles' ids, for their snapshots
                versions = []
                for page, article, is_new in placed:
                    if page.extracted is not None:
                        version = record_version(session, article, page.extracted, page.body, now)
                        if version is not None:
                            versions.append((article, version))
                            counts["new_articles" if is_new else "new_versions"] += 1
                session.flush()  # the snapshots' ids, for findings and alerts
                for article, version in versions:
                    counts["alerts"] += self._read_against_claims(session, article, version)
                session.commit()
        except IntegrityError:
            return None
        stored.new_articles += counts["new_articles"]
        stored.new_versions += counts["new_versions"]
        stored.alerts += counts["alerts"]
        return later

    def _place_articles(
        self, session: Session, pages: list[FetchedPage], now: datetime
    ) -> tuple[list[tuple[FetchedPage, Article, bool]], list[FetchedPage]]:
        """The article row of each page (found by URL or feed link, else new), updated with what the fetch
        says: ([(page, article, is new)], pages of an article an earlier page already took)."""
        links = [page.link for page in pages]
        rows = session.exec(
            select(Article).where(
                or_(
                    col(Article.url).in_([*links, *(page.url for page in pages)]),
                    col(Article.link).in_(links),
                )
            )
        ).all()
        by_url = {row.url: row for row in rows}
        by_link = {row.link: row for row in rows if row.link}
        placed, later, taken = [], [], set()
        for page in pages:
            link, url = page.link, page.url
            article = by_url.get(url) or by_url.get(link) or by_link.get(link)
            if article is not None and id(article) in taken:
                later.append(page)
                continue
            if article is None:
                article = Article(url=url, outlet=page.outlet, first_seen_at=now)
            if article.versions == 0:  # a row left by a failed first fetch takes the page's canonical URL
                article.url, article.link = url, (link if link != url else None)
            by_url[article.url] = article
            taken.add(id(article))
            article.last_fetched_at = now
            article.last_status, article.last_error, article.error_streak = "ok", None, 0
            article.etag, article.last_modified = page.etag, page.last_modified
            if page.fingerprint is not None:
                article.entry_fingerprint = page.fingerprint
            extracted = page.extracted
            if extracted is not None and extracted.published and article.published is None:
                article.published = min(extracted.published, now)
            born = article.published or article.first_seen_at
            article.next_revisit_at = next_revisit(self.settings.revisits.schedule, born, now)
            session.add(article)
            placed.append((page, article, article.versions == 0))
        return placed, later

    def _read_against_claims(self, session: Session, article: Article, stored) -> int:
        """Store the findings of a new version and raise its alerts; returns how many alerts."""
        snapshot, revision = stored.snapshot, stored.revision
        found: list[FoundRelation] = []
        if self.story is not None:
            sentences = revision.changed_sentences() if revision else None
            comparison = compare(self.story, snapshot.title, snapshot.text, sentences)
            if comparison.relevant:
                found = [
                    FoundRelation(f.relation, f.claim_id, f.evidence, f.reason) for f in comparison.findings
                ]
                found += [
                    FoundRelation("new_development", None, d.evidence, d.reason)
                    for d in comparison.new_developments
                ]
        for item in found:
            session.add(
                Finding(
                    snapshot_id=snapshot.id,
                    claim_id=item.claim_id,
                    relation=item.relation,
                    evidence=item.evidence,
                    reason=item.reason,
                )
            )
        summary = revision.summary() if revision else None
        return len(raise_alerts(session, alerts_for(article, snapshot, found, summary, summary)))
