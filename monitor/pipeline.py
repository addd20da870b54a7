"""One crawl pass: feeds -> fetch -> extract -> store (monitor.storing: versions, claims, alerts).

`Crawler.poll_feed` is the unit the daemon schedules; `Crawler.crawl` polls every feed once (`run --once`).
A failure (a dead host, a broken feed, a page with no article in it) is recorded on the feed or article
with its error streak and never stops the pass or touches what is already stored.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from monitor.claims import Story
from monitor.config import OutletSettings, Settings
from monitor.extract import extract_article
from monitor.feeds import FeedEntry
from monitor.fetch import Fetcher, FetchError, FetchResult
from monitor.models import Article, Feed, Outlet, utcnow
from monitor.storing import ArticleStore, FetchedPage, StoreProcess
from monitor.urls import trusted_canonical

log = logging.getLogger("monitor.pipeline")

MAX_CHILD_SITEMAPS = 5
"""A sitemap index can list thousands of sitemaps; the first few (newest on news sites) hold the news."""
REVISIT_LEASE = timedelta(minutes=10)
"""A claimed revisit that fails is tried again after this long."""
ARTICLES_IN_FLIGHT = 64
"""Article fetches started at once per poll; the fetcher's per-host limits still apply below this."""
STORE_BATCH = 25
"""Fetched pages stored per transaction: a commit per page would cost more than reading the page, and
bigger batches hold more pages in memory for no more speed (crawl benchmark: 25 and 50 run alike)."""
UNSTORED_PAGES = 2 * STORE_BATCH
"""Pages held fetched but not yet stored, at most: one batch being stored and the next filling. At least
STORE_BATCH, or the fetching could wait for a batch that cannot fill."""


@dataclass
class PollResult:
    """What one poll of one feed did: the line the daemon logs."""

    outlet: str
    feed: str
    status: str
    entries: int = 0
    fetched: int = 0
    new_articles: int = 0
    new_versions: int = 0
    alerts: int = 0
    duration: float = 0.0
    error: str | None = None
    failures: list[tuple[str, str]] = field(default_factory=list)
    """(url, message) of every article that could not be fetched or read."""
    skipped: list[str] = field(default_factory=list)
    """Article links robots.txt forbids us: never requested, and not a failure."""


@dataclass
class CrawlReport:
    polls: list[PollResult] = field(default_factory=list)
    revisits: PollResult | None = None
    duration: float = 0.0
    """Seconds the pass took, the process's start-up not included."""

    def _all(self) -> list[PollResult]:
        return self.polls + ([self.revisits] if self.revisits else [])

    @property
    def failures(self) -> list[tuple[str, str]]:
        failed = [(p.feed, p.error) for p in self.polls if p.status == "error"]
        return failed + [f for p in self._all() for f in p.failures]

    def summary(self) -> str:
        polls = self._all()
        feeds_failed = sum(p.status == "error" for p in self.polls)
        parts = [
            f"{len(self.polls)} feeds polled ({feeds_failed} failed)",
            f"{sum(p.fetched for p in polls)} pages fetched",
            f"{sum(p.new_articles for p in polls)} new articles",
            f"{sum(p.new_versions for p in polls)} new versions",
            f"{sum(p.alerts for p in polls)} alerts",
        ]
        failed_pages = sum(len(p.failures) for p in polls)
        if failed_pages:
            parts.append(f"{failed_pages} pages failed")
        skipped = sum(len(p.skipped) for p in polls)
        if skipped:
            parts.append(f"{skipped} links skipped (robots.txt)")
        return ", ".join(parts) + f" in {self.duration:.2f} s"


@dataclass(frozen=True)
class _Wanted:
    """An article page to fetch: its link, the feed entry that led to it, and its row when known."""

    outlet: OutletSettings
    link: str
    entry: FeedEntry | None
    row: Article | None


class Progress:
    """Told what the pass plans and finishes; the CLI draws a bar from it, the daemon ignores it."""

    def planned(self, count: int) -> None: ...

    def done(self, count: int = 1) -> None: ...


def _record_failure(engine: Engine, outlet: str, link: str, message: str) -> None:
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


def _take(batch: list[FetchedPage]) -> list[FetchedPage]:
    """Empty `batch`, returning what it held."""
    taken = batch[:]
    batch.clear()
    return taken


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


class Crawler:
    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        fetcher: Fetcher,
        story: Story | None,
        progress: Progress | None = None,
        store: ArticleStore | StoreProcess | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.fetcher = fetcher
        self.store = store or ArticleStore(settings, engine, story)
        self.progress = progress or Progress()
        self._in_flight: set[str] = set()

    async def crawl(self, *, revisit: bool = False) -> CrawlReport:
        """Poll every active feed once (all at once: the fetcher keeps each host polite), then, with
        `revisit`, fetch every article whose revisit is due."""
        started = time.monotonic()
        sync_outlets(self.engine, self.settings)
        with Session(self.engine) as session:
            feed_ids = list(session.exec(select(Feed.id).where(Feed.active)))
        self.progress.planned(len(feed_ids))
        report = CrawlReport(polls=list(await asyncio.gather(*(self.poll_feed(i) for i in feed_ids))))
        if revisit:
            report.revisits = await self.revisit_due()
        report.duration = time.monotonic() - started
        return report

    async def poll_feed(self, feed_id: int) -> PollResult:
        started = time.monotonic()
        with Session(self.engine) as session:
            feed = session.get(Feed, feed_id)
            session.expunge(feed)
        outlet = self.settings.outlet(feed.outlet)
        result = PollResult(outlet=outlet.name, feed=feed.url, status="ok")
        try:
            response = await self.fetcher.get(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        except FetchError as exc:
            result.status, result.error = "error", str(exc)
        else:
            if response.not_modified:
                result.status = "not-modified"
            else:
                entries, error = await self._read_feed(response)
                result.entries = len(entries)
                if error:
                    result.status, result.error = ("partial" if entries else "error"), error
                if entries:
                    await self._take_entries(outlet, entries, result)
            if result.status != "error":
                feed.etag, feed.last_modified = response.etag, response.last_modified
        result.duration = time.monotonic() - started
        self._record_poll(feed, outlet, result)
        self.progress.done()
        return result

    async def revisit_due(self) -> PollResult:
        """Fetch again every article whose revisit time has come, to catch silent edits."""
        started = time.monotonic()
        due = self._claim_revisits(utcnow())
        result = PollResult(outlet="*", feed="revisits", status="ok", entries=len(due))
        known = {o.name: o for o in self.settings.outlets}
        await self._fetch_articles(
            [_Wanted(known[a.outlet], a.url, None, a) for a in due if a.outlet in known], result
        )
        result.duration = time.monotonic() - started
        return result

    def _claim_revisits(self, now: datetime) -> list[Article]:
        """Take the due articles, each by a conditional UPDATE pushing its revisit a while ahead, so that
        daemons sharing a database never revisit one article twice (a success reschedules it properly)."""
        with Session(self.engine, expire_on_commit=False) as session:
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
                    claimed.append(article)
            session.commit()
        return claimed

    async def _read_feed(self, response: FetchResult) -> tuple[list[FeedEntry], str | None]:
        parsed = await self.store.read_feed(response.body, response.url)
        entries, errors = list(parsed.entries), [parsed.error] if parsed.error else []
        for url in parsed.sitemaps[:MAX_CHILD_SITEMAPS]:
            try:
                child = await self.store.read_feed((await self.fetcher.get(url)).body, url)
            except FetchError as exc:
                errors.append(str(exc))
                continue
            entries.extend(child.entries)
            if child.error:
                errors.append(f"{url}: {child.error}")
        return entries, "; ".join(errors) or None

    async def _take_entries(
        self, outlet: OutletSettings, entries: list[FeedEntry], result: PollResult
    ) -> None:
        """Fetch the entries that are new, or whose feed entry changed since the last pass."""
        links = {e.url: e for e in entries}
        with Session(self.engine) as session:
            known = session.exec(
                select(Article).where(or_(col(Article.url).in_(links), col(Article.link).in_(links)))
            ).all()
        rows: dict[str, Article] = {}
        for article in known:
            for url in (article.url, article.link):
                rows[url] = article
        wanted = [
            _Wanted(outlet, link, e, rows.get(link))
            for link, e in links.items()
            if link not in rows or rows[link].entry_fingerprint != e.fingerprint
        ]
        self.progress.planned(len(wanted))
        await self._fetch_articles(wanted, result)

    async def _fetch_articles(self, wanted: list[_Wanted], result: PollResult) -> None:
        """Fetch and extract the `wanted` pages, a bounded number at once, and store them in batches:
        one transaction per STORE_BATCH pages rather than one per page. At most UNSTORED_PAGES are held
        fetched but not stored, so that a slow store holds the fetching back rather than filling memory."""
        batch: list[FetchedPage] = []
        gate = asyncio.Semaphore(ARTICLES_IN_FLIGHT)
        room = asyncio.Semaphore(UNSTORED_PAGES)

        async def store(pages: list[FetchedPage]) -> None:
            try:
                await self._store(pages, result)
            finally:
                for _ in pages:
                    room.release()

        async def fetch(want: _Wanted) -> None:
            await room.acquire()
            async with gate:
                page = await self._fetch_article(want, result)
            if page is None:
                room.release()
                return
            batch.append(page)
            if len(batch) >= STORE_BATCH:
                await store(_take(batch))

        try:
            await asyncio.gather(*(fetch(want) for want in wanted))
        finally:  # also when the pass is cancelled (the daemon stopping): what was fetched is kept
            await store(_take(batch))

    async def _fetch_article(self, want: _Wanted, result: PollResult) -> FetchedPage | None:
        """The page of `want`; None when the fetch failed (recorded) or when another task of this pass
        has the same link. A link stays in flight until its page is stored."""
        if want.link in self._in_flight:  # the same article from two feeds of one pass
            return None
        self._in_flight.add(want.link)
        page = None
        try:
            page = await self._fetch_page(want, result)
        finally:
            if page is None:
                self._in_flight.discard(want.link)
            self.progress.done()
        return page

    async def _fetch_page(self, want: _Wanted, result: PollResult) -> FetchedPage | None:
        outlet, link, row = want.outlet, want.link, want.row
        known = row is not None and row.versions > 0
        etag, last_modified = (row.etag, row.last_modified) if known else (None, None)
        try:
            response = await self.fetcher.get(link, etag=etag, last_modified=last_modified)
        except FetchError as exc:
            if exc.kind == "robots":
                result.skipped.append(link)
                log.info("%s", exc)
                return None
            result.failures.append((link, str(exc)))
            _record_failure(self.engine, outlet.name, link, str(exc))
            return None
        result.fetched += 1
        fingerprint = want.entry.fingerprint if want.entry else None
        if response.not_modified:
            return FetchedPage(
                outlet.name, link, fingerprint, known, link, response.etag, response.last_modified, None
            )
        extracted = extract_article(response.text, response.url, outlet.selectors, outlet.name)
        if not (extracted.title or extracted.text):
            message = "no article text found on the page"
            result.failures.append((link, message))
            _record_failure(self.engine, outlet.name, link, message)
            return None
        url = trusted_canonical(response.url, extracted.canonical_url)
        return FetchedPage(
            outlet.name,
            link,
            fingerprint,
            known,
            url,
            response.etag,
            response.last_modified,
            extracted,
            response.body,
        )

    async def _store(self, pages: list[FetchedPage], result: PollResult) -> None:
        try:
            stored = await self.store.store(pages)
        finally:
            self._in_flight.difference_update(page.link for page in pages)
        result.new_articles += stored.new_articles
        result.new_versions += stored.new_versions
        result.alerts += stored.alerts

    def _record_poll(self, feed: Feed, outlet: OutletSettings, result: PollResult) -> None:
        now = utcnow()
        with Session(self.engine) as session:
            row = session.get(Feed, feed.id)
            row.etag, row.last_modified = feed.etag, feed.last_modified
            row.last_polled_at = now
            row.next_due_at = now + timedelta(seconds=outlet.interval)
            row.last_status, row.last_error = result.status, result.error
            row.error_streak = row.error_streak + 1 if result.status == "error" else 0
            if result.status in ("ok", "partial"):
                row.entries = result.entries
            session.add(row)
            session.commit()
            if row.error_streak > 1:  # a first failure is already in the poll line and the report
                log.warning("%s: %s (failed %d times in a row)", feed.url, result.error, row.error_streak)
