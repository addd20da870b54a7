"""One crawl pass: feeds -> fetch -> extract -> store (monitor.storing, reached through a
monitor.store.client: versions, claims, alerts).

`Crawler.poll_feed` is the unit the daemon schedules; `Crawler.crawl` polls every feed once (`run --once`).
A failure (a dead host, a broken feed, a page with no article in it) is recorded on the feed or article
with its error streak and never stops the pass or touches what is already stored.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from monitor.config import OutletSettings, Settings
from monitor.extract import extract_article
from monitor.fetch import Fetcher, FetchError, FetchResult
from monitor.store.client import StoreClient
from monitor.store.records import FeedState, FetchedPage, KnownArticle
from monitor.urls import trusted_canonical

if TYPE_CHECKING:
    from monitor.feeds import FeedEntry

log = logging.getLogger("monitor.pipeline")

MAX_CHILD_SITEMAPS = 5
"""A sitemap index can list thousands of sitemaps; the first few (newest on news sites) hold the news."""
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
    """An article page to fetch: its link, the feed entry that led to it, and the article when known."""

    outlet: OutletSettings
    link: str
    entry: FeedEntry | None
    known: KnownArticle | None


class Progress:
    """Told what the pass plans and finishes; the CLI draws a bar from it, the daemon ignores it."""

    def planned(self, count: int) -> None: ...

    def done(self, count: int = 1) -> None: ...


def _take(batch: list[FetchedPage]) -> list[FetchedPage]:
    """Empty `batch`, returning what it held."""
    taken = batch[:]
    batch.clear()
    return taken


class Crawler:
    def __init__(
        self, settings: Settings, store: StoreClient, fetcher: Fetcher, progress: Progress | None = None
    ) -> None:
        self.settings = settings
        self.store = store
        self.fetcher = fetcher
        self.progress = progress or Progress()
        self._in_flight: set[str] = set()

    async def crawl(self, *, revisit: bool = False) -> CrawlReport:
        """Poll every active feed once (all at once: the fetcher keeps each host polite), then, with
        `revisit`, fetch every article whose revisit is due."""
        started = time.monotonic()
        feed_ids = await self.store.feeds_to_poll()
        self.progress.planned(len(feed_ids))
        report = CrawlReport(polls=list(await asyncio.gather(*(self.poll_feed(i) for i in feed_ids))))
        if revisit:
            report.revisits = await self.revisit_due()
        report.duration = time.monotonic() - started
        return report

    async def poll_feed(self, feed_id: int) -> PollResult:
        started = time.monotonic()
        feed = await self.store.feed(feed_id)
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
                entries, known, error = await self._read_feed(response)
                result.entries = len(entries)
                if error:
                    result.status, result.error = ("partial" if entries else "error"), error
                if entries:
                    await self._take_entries(outlet, entries, known, result)
            if result.status != "error":
                feed = replace(feed, etag=response.etag, last_modified=response.last_modified)
        result.duration = time.monotonic() - started
        await self._record_poll(feed, outlet, result)
        self.progress.done()
        return result

    async def revisit_due(self) -> PollResult:
        """Fetch again every article whose revisit time has come, to catch silent edits."""
        started = time.monotonic()
        due = await self.store.claim_revisits()
        result = PollResult(outlet="*", feed="revisits", status="ok", entries=len(due))
        outlets = {o.name: o for o in self.settings.outlets}
        await self._fetch_articles(
            [_Wanted(outlets[a.outlet], a.url, None, a) for a in due if a.outlet in outlets], result
        )
        result.duration = time.monotonic() - started
        return result

    async def _read_feed(
        self, response: FetchResult
    ) -> tuple[list[FeedEntry], dict[str, KnownArticle], str | None]:
        """The feed's entries (a sitemap index's: its first child sitemaps'), the stored articles they
        link to, and what could not be read."""
        reading = await self.store.read_feed(response.body, response.url)
        parsed = reading.feed
        entries, known = list(parsed.entries), dict(reading.known)
        errors = [parsed.error] if parsed.error else []
        for url in parsed.sitemaps[:MAX_CHILD_SITEMAPS]:
            try:
                child = await self.store.read_feed((await self.fetcher.get(url)).body, url)
            except FetchError as exc:
                errors.append(str(exc))
                continue
            entries.extend(child.feed.entries)
            known.update(child.known)
            if child.feed.error:
                errors.append(f"{url}: {child.feed.error}")
        return entries, known, "; ".join(errors) or None

    async def _take_entries(
        self,
        outlet: OutletSettings,
        entries: list[FeedEntry],
        known: dict[str, KnownArticle],
        result: PollResult,
    ) -> None:
        """Fetch the entries that are new, or whose feed entry changed since the last pass."""
        links = {e.url: e for e in entries}
        wanted = [
            _Wanted(outlet, link, e, known.get(link))
            for link, e in links.items()
            if link not in known or known[link].entry_fingerprint != e.fingerprint
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
        outlet, link = want.outlet, want.link
        known = want.known is not None and want.known.has_versions
        etag, last_modified = (want.known.etag, want.known.last_modified) if known else (None, None)
        try:
            response = await self.fetcher.get(link, etag=etag, last_modified=last_modified)
        except FetchError as exc:
            if exc.kind == "robots":
                result.skipped.append(link)
                log.info("%s", exc)
                return None
            await self._record_failure(result, outlet, link, str(exc))
            return None
        result.fetched += 1
        fingerprint = want.entry.fingerprint if want.entry else None
        if response.not_modified:
            return FetchedPage(
                outlet.name, link, fingerprint, link, response.etag, response.last_modified, None
            )
        extracted = extract_article(
            response.text, response.url, outlet.selectors, outlet.name, utf8=response.utf8
        )
        if not (extracted.title or extracted.text):
            await self._record_failure(result, outlet, link, "no article text found on the page")
            return None
        url = trusted_canonical(response.url, extracted.canonical_url)
        return FetchedPage(
            outlet.name,
            link,
            fingerprint,
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

    async def _record_failure(
        self, result: PollResult, outlet: OutletSettings, link: str, message: str
    ) -> None:
        result.failures.append((link, message))
        await self.store.record_failure(outlet.name, link, message)
        # INFO: the poll line and `status` carry it; one failed article is not worth a warning.
        log.info("%s: %s", link, message)

    async def _record_poll(self, feed: FeedState, outlet: OutletSettings, result: PollResult) -> None:
        streak = await self.store.record_poll(
            feed, outlet.interval, result.status, result.error, result.entries
        )
        if streak > 1:  # a first failure is already in the poll line and the report
            log.warning("%s: %s (failed %d times in a row)", feed.url, result.error, streak)
