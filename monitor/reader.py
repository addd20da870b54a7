"""Reading fetched article pages and storing what they say: extract the article, write a version when its
text changed, read the version against the story's claims, raise its alerts.

`PageReader` does this in the calling process (the daemon, whose polls bring a few pages at a time).
`ReaderProcess` runs one in a worker process, so that a big one-off pass (`run --once` on a new database:
thousands of pages) reads and stores on one core while the crawl goes on fetching on another; on two
cores that takes a first pass of 2,000 pages from 10 s to about 6 (benchmarks/crawl.py).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from monitor import logs
from monitor.alerts import FoundRelation, alerts_for, raise_alerts
from monitor.claims import Story, compare
from monitor.config import Settings
from monitor.extract import Article as Extracted
from monitor.extract import extract_article
from monitor.fetch import FetchResult
from monitor.models import Article, Finding, utcnow
from monitor.store.engine import open_store
from monitor.urls import trusted_canonical
from monitor.versioning import compress_page, record_version

log = logging.getLogger("monitor.reader")


@dataclass(frozen=True)
class FetchedPage:
    """An article page as fetched, with what the store must know of how it was found. Plain data, since
    it crosses to the worker process."""

    outlet: str
    link: str
    """The link that led to the page (a feed entry's, or the article's URL on a revisit)."""
    fingerprint: str | None
    """The fingerprint of the feed entry that led to the page; None on a revisit."""
    known: bool
    """The article has a stored version, so its text is compared with that one."""
    response: FetchResult


@dataclass
class Stored:
    """What storing a batch of pages did."""

    new_articles: int = 0
    new_versions: int = 0
    alerts: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    """(link, message) of the pages with no article in them."""


@dataclass(frozen=True)
class _Page:
    """A fetched page as read: its article's canonical URL and its extracted article (None for a 304,
    which only touches the row)."""

    fetched: FetchedPage
    url: str
    extracted: Extracted | None
    raw_html: bytes | None
    """The page compressed ahead for a first version; else None (compressed only if the text changed)."""


def next_revisit(schedule: list[float], born: datetime, now: datetime) -> datetime | None:
    """The first point of the revisit schedule (offsets from the article's birth) after `now`."""
    for offset in schedule:
        due = born + timedelta(seconds=offset)
        if due > now:
            return due
    return None


def record_failure(engine: Engine, outlet: str, link: str, message: str) -> None:
    """Remember a page that could not be fetched or read: a new article gets a row (so `status` shows it
    and the next pass retries it, its fingerprint being unset); a known one keeps its versions and gains
    an error streak."""
    now = utcnow()
    with Session(engine) as session:
        article = session.exec(select(Article).where(or_(Article.url == link, Article.link == link))).first()
        if article is None:
            article = Article(url=link, outlet=outlet, first_seen_at=now)
        article.last_status, article.last_error = "error", message
        article.error_streak += 1
        session.add(article)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
    # INFO: the poll line and `status` carry it; one failed article is not worth a warning.
    log.info("%s: %s", link, message)


class PageReader:
    """Reads and stores pages in this process."""

    def __init__(self, settings: Settings, engine: Engine, story: Story | None) -> None:
        self.settings = settings
        self.engine = engine
        self.story = story

    async def store(self, pages: list[FetchedPage]) -> Stored:
        return self.store_now(pages)

    def store_now(self, pages: list[FetchedPage]) -> Stored:
        """Read `pages` and store them, in one transaction when they can be."""
        stored = Stored()
        read = [page for page in (self._read(fetched, stored) for fetched in pages) if page is not None]
        while read:
            later = self._store_pages(read, stored)
            if later is None:
                # Another daemon sharing the database stored one of these articles first (a unique URL
                # clash): one page at a time, so that only that page yields to the other's row.
                later = []
                for page in read:
                    if self._store_pages([page], stored) is None:
                        log.info("article %s was stored concurrently by another process", page.fetched.link)
            read = later
        return stored

    def _read(self, fetched: FetchedPage, stored: Stored) -> _Page | None:
        response = fetched.response
        if response.not_modified:
            return _Page(fetched, fetched.link, None, None)
        outlet = self.settings.outlet(fetched.outlet)
        extracted = extract_article(response.text, response.url, outlet.selectors, outlet.name)
        if not (extracted.title or extracted.text):
            message = "no article text found on the page"
            stored.failures.append((fetched.link, message))
            record_failure(self.engine, fetched.outlet, fetched.link, message)
            return None
        url = trusted_canonical(response.url, extracted.canonical_url)
        # A first version is certain: compress now. A known article's page only if its text changed.
        raw_html = None if fetched.known else compress_page(response.body)
        return _Page(fetched, url, extracted, raw_html)

    def _store_pages(self, pages: list[_Page], stored: Stored) -> list[_Page] | None:
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
                        body = b"" if page.raw_html is not None else page.fetched.response.body
                        version = record_version(session, article, page.extracted, body, now, page.raw_html)
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
        self, session: Session, pages: list[_Page], now: datetime
    ) -> tuple[list[tuple[_Page, Article, bool]], list[_Page]]:
        """The article row of each page (found by URL or feed link, else new), updated with what the fetch
        says: ([(page, article, is new)], pages of an article an earlier page already took)."""
        links = [page.fetched.link for page in pages]
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
            fetched, url = page.fetched, page.url
            link = fetched.link
            article = by_url.get(url) or by_url.get(link) or by_link.get(link)
            if article is not None and id(article) in taken:
                later.append(page)
                continue
            if article is None:
                article = Article(url=url, outlet=fetched.outlet, first_seen_at=now)
            if article.versions == 0:  # a row left by a failed first fetch takes the page's canonical URL
                article.url, article.link = url, (link if link != url else None)
            by_url[article.url] = article
            taken.add(id(article))
            article.last_fetched_at = now
            article.last_status, article.last_error, article.error_streak = "ok", None, 0
            article.etag, article.last_modified = fetched.response.etag, fetched.response.last_modified
            if fetched.fingerprint is not None:
                article.entry_fingerprint = fetched.fingerprint
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


class ReaderProcess:
    """A PageReader in one worker process: `async with ReaderProcess(settings, story) as reader`.
    The worker starts with the first batch (a pass with nothing new costs no process) and opens its own
    connection to the store; errors raised there (a full disk) reach the caller as they would inline."""

    def __init__(self, settings: Settings, story: Story | None, log_level: int = logging.WARNING) -> None:
        self._arguments = (settings, story, log_level)
        self._pool: ProcessPoolExecutor | None = None

    async def __aenter__(self) -> ReaderProcess:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._pool is not None:
            await asyncio.to_thread(self._pool.shutdown)
            self._pool = None

    def start(self) -> None:
        """Start the worker now, so that it has loaded by the time the first batch is fetched."""
        if self._pool is None:
            # spawn, not fork: the worker must not inherit the event loop, threads and pooled connections.
            self._pool = ProcessPoolExecutor(
                1, multiprocessing.get_context("spawn"), initializer=_start_worker, initargs=self._arguments
            )
            self._pool.submit(int)

    async def store(self, pages: list[FetchedPage]) -> Stored:
        self.start()
        return await asyncio.get_running_loop().run_in_executor(self._pool, _store_in_worker, pages)


_worker: PageReader | None = None
"""The worker process's reader, made by `_start_worker`."""


def _start_worker(settings: Settings, story: Story | None, log_level: int) -> None:
    global _worker
    logs.configure("text", log_level)
    _worker = PageReader(settings, open_store(settings.database_url, migrate=False), story)


def _store_in_worker(pages: list[FetchedPage]) -> Stored:
    assert _worker is not None, "the worker's initializer did not run"
    return _worker.store_now(pages)
