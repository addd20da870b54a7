"""The store's side of a crawl: the outlets and feeds to poll, what is known of the articles a feed
lists, and storing fetched articles (a version when an article's text changed, read against the story's
claims, with its alerts). `ArticleStore` does it all in the process it lives in: the daemon's, or the
storing worker of `run --once` (monitor.store.client).
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import Engine, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from monitor.alerts import FoundRelation, alerts_for, raise_alerts
from monitor.claims import Story, compare
from monitor.config import Settings
from monitor.feeds import parse_feed
from monitor.models import Article, Feed, Finding, Outlet, Snapshot, utcnow
from monitor.store.records import FeedReading, FeedState, FetchedPage, KnownArticle, Stored
from monitor.versioning import StoredVersion, insert_first_versions, record_version

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


def _published(page: FetchedPage, now: datetime) -> datetime | None:
    """When the page says its article was published; never later than now (a wrong clock or zone)."""
    extracted = page.extracted
    if extracted is None or extracted.published is None:
        return None
    return min(extracted.published, now)


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
                known, new, later = self._place_articles(session, pages, now)
                versions = []
                for page, article in known:
                    if page.extracted is not None:
                        is_new = article.versions == 0
                        version = record_version(session, article, page.extracted, page.body, now)
                        if version is not None:
                            versions.append((article, version))
                            counts["new_articles" if is_new else "new_versions"] += 1
                versions += self._insert_new(session, new, now)
                counts["new_articles"] += len(new)
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
    ) -> tuple[list[tuple[FetchedPage, Article]], list[FetchedPage], list[FetchedPage]]:
        """Sort `pages` by their article: ([(page, its stored article row, updated with what the fetch
        says)], pages of articles not stored yet, pages of an article an earlier page already took)."""
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
        known, new, later = [], [], []
        taken: set[int] = set()
        new_urls: set[str] = set()
        for page in pages:
            link, url = page.link, page.url
            article = by_url.get(url) or by_url.get(link) or by_link.get(link)
            if (article is not None and id(article) in taken) or url in new_urls or link in new_urls:
                later.append(page)
                continue
            if article is None:
                if page.extracted is not None:  # (a 304 for an article never stored: a confused server)
                    new_urls.add(url)
                    new.append(page)
                continue
            if article.versions == 0:  # a row left by a failed first fetch takes the page's canonical URL
                article.url, article.link = url, (link if link != url else None)
            by_url[article.url] = article
            taken.add(id(article))
            published = article.published or _published(page, now)
            for name, value in self._fetched(page, published or article.first_seen_at, now).items():
                setattr(article, name, value)
            article.published = published
            session.add(article)
            known.append((page, article))
        return known, new, later

    def _insert_new(
        self, session: Session, pages: list[FetchedPage], now: datetime
    ) -> list[tuple[Article, StoredVersion]]:
        """The articles of `pages`, new to the store, with their first versions: two statements for the
        batch, not an object each. Returns them as objects (article, version) only when there is a story
        to read them against: without one, a first version raises no alert."""
        if not pages:
            return []
        rows = []
        for page in pages:
            published = _published(page, now)
            rows.append(
                {
                    "url": page.url,
                    "link": page.link if page.link != page.url else None,
                    "outlet": page.outlet,
                    "first_seen_at": now,
                    "published": published,
                    "versions": 1,
                    "entry_fingerprint": page.fingerprint,
                    **self._fetched(page, published or now, now),
                }
            )
        statement = insert(Article).returning(Article.id, sort_by_parameter_order=True)
        article_ids = list(session.exec(statement, params=rows).scalars())
        firsts = [(id_, page.extracted, page.body) for id_, page in zip(article_ids, pages, strict=True)]
        snapshot_ids = insert_first_versions(session, firsts, now)
        if self.story is None:
            return []
        articles = {a.id: a for a in session.exec(select(Article).where(col(Article.id).in_(article_ids)))}
        snapshots = session.exec(select(Snapshot).where(col(Snapshot.id).in_(snapshot_ids)))
        return [(articles[snapshot.article_id], StoredVersion(snapshot, None)) for snapshot in snapshots]

    def _fetched(self, page: FetchedPage, born: datetime, now: datetime) -> dict:
        """What a successful fetch of `page` sets on its article's row; `born` dates its revisits."""
        fields = {
            "last_fetched_at": now,
            "last_status": "ok",
            "last_error": None,
            "error_streak": 0,
            "etag": page.etag,
            "last_modified": page.last_modified,
            "next_revisit_at": next_revisit(self.settings.revisits.schedule, born, now),
        }
        if page.fingerprint is not None:
            fields["entry_fingerprint"] = page.fingerprint
        return fields

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
