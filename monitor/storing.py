"""Storing fetched articles: write a version when an article's text changed, read the version against the
story's claims, raise its alerts.

`ArticleStore` does this in the calling process (the daemon, whose polls bring a few pages at a time).
`StoreProcess` runs one in a worker process, so that a big one-off pass (`run --once` on a new database:
thousands of pages) reads its feeds and stores on one core while the crawl goes on fetching and
extracting on another.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from monitor import logs
from monitor.alerts import FoundRelation, alerts_for, raise_alerts
from monitor.claims import Story, compare
from monitor.config import Settings
from monitor.extract import Article as Extracted
from monitor.feeds import ParsedFeed, parse_feed
from monitor.models import Article, Finding, utcnow
from monitor.store.engine import StoreError, open_store
from monitor.versioning import record_version

log = logging.getLogger("monitor.storing")
T = TypeVar("T")


@dataclass(frozen=True)
class FetchedPage:
    """An article page as fetched and extracted, with what the store must know of how it was found.
    Plain data, since it crosses to the worker process."""

    outlet: str
    link: str
    """The link that led to the page (a feed entry's, or the article's URL on a revisit)."""
    fingerprint: str | None
    """The fingerprint of the feed entry that led to the page; None on a revisit."""
    known: bool
    """The article has a stored version, so its text is compared with that one."""
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


def next_revisit(schedule: list[float], born: datetime, now: datetime) -> datetime | None:
    """The first point of the revisit schedule (offsets from the article's birth) after `now`."""
    for offset in schedule:
        due = born + timedelta(seconds=offset)
        if due > now:
            return due
    return None


class ArticleStore:
    """Stores fetched articles in this process."""

    def __init__(self, settings: Settings, engine: Engine, story: Story | None) -> None:
        self.settings = settings
        self.engine = engine
        self.story = story

    async def read_feed(self, body: bytes, url: str) -> ParsedFeed:
        """The entries of a fetched feed."""
        return parse_feed(body, url)

    async def store(self, pages: list[FetchedPage]) -> Stored:
        return self.store_now(pages)

    def store_now(self, pages: list[FetchedPage]) -> Stored:
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


class StoreProcess:
    """An ArticleStore in one worker process: `with StoreProcess(settings, story) as store`, entered
    before any event loop or thread exists. The worker is forked then: it starts at once with every
    module already loaded (spawning a new interpreter cost half a second of imports), and, having inherited
    no connection, opens its own to the store. Errors raised there (a full disk) reach the caller as they
    would inline. Feeds are read there too (see `read_feed`)."""

    def __init__(self, settings: Settings, story: Story | None, log_level: int = logging.WARNING) -> None:
        self._arguments = (settings, story, log_level)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> StoreProcess:
        self._pool = ProcessPoolExecutor(
            1, multiprocessing.get_context("fork"), initializer=_start_worker, initargs=self._arguments
        )
        self._pool.submit(int)  # forks the worker now, while this process has no thread to copy
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        assert self._pool is not None
        self._pool.shutdown()

    async def read_feed(self, body: bytes, url: str) -> ParsedFeed:
        """The entries of a fetched feed, read in the worker: hundreds of entries cost a tenth of a second
        or more, and the worker has nothing to do until the first pages are fetched."""
        return await self._in_worker(parse_feed, body, url)

    async def store(self, pages: list[FetchedPage]) -> Stored:
        return await self._in_worker(_store_in_worker, pages)

    async def _in_worker(self, function: Callable[..., T], *arguments: object) -> T:
        assert self._pool is not None, "use the StoreProcess as `with StoreProcess(...) as store`"
        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, function, *arguments)
        except BrokenProcessPool:
            raise StoreError(
                "the process storing articles ended unexpectedly (out of memory?); what it stored is kept"
            ) from None


_worker_arguments: tuple[Settings, Story | None] | None = None
_worker: ArticleStore | None = None
"""The worker process's store, opened on its first batch: an error opening it (a missing folder) then
reaches the caller as a StoreError, where one in the initializer would only break the pool."""


def _start_worker(settings: Settings, story: Story | None, log_level: int) -> None:
    global _worker_arguments
    logs.configure("text", log_level)
    _worker_arguments = (settings, story)


def _store_in_worker(pages: list[FetchedPage]) -> Stored:
    global _worker
    if _worker is None:
        assert _worker_arguments is not None, "the worker's initializer did not run"
        settings, story = _worker_arguments
        _worker = ArticleStore(settings, open_store(settings.database_url, migrate=False), story)
    return _worker.store_now(pages)
