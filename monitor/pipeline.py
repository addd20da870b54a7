"""One crawl pass: feeds -> fetch -> extract -> store -> compare with claims -> alerts.

`Crawler.poll_feed` is the unit the daemon schedules; `Crawler.crawl` polls every feed once (`run --once`).
A failure (a dead host, a broken feed, a page with no article in it) is recorded on the feed or article
with its error streak and never stops the pass or touches what is already stored.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from monitor.alerts import FoundRelation, alerts_for, raise_alerts
from monitor.claims import Story, compare
from monitor.config import OutletSettings, Settings
from monitor.extract import Article as Extracted
from monitor.extract import extract_article
from monitor.feeds import FeedEntry, parse_feed
from monitor.fetch import Fetcher, FetchError, FetchResult
from monitor.models import Article, Feed, Finding, Outlet, utcnow
from monitor.urls import trusted_canonical
from monitor.versioning import compress_page, record_version

log = logging.getLogger("monitor.pipeline")

MAX_CHILD_SITEMAPS = 5
"""A sitemap index can list thousands of sitemaps; the first few (newest on news sites) hold the news."""
REVISIT_LEASE = timedelta(minutes=10)
"""A claimed revisit that fails is tried again after this long."""
ARTICLES_IN_FLIGHT = 64
"""Article fetches started at once per poll; the fetcher's per-host limits still apply below this."""
STORE_BATCH = 50
"""Fetched pages stored per transaction: a commit per page would cost more than reading the page."""


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
        return ", ".join(parts)


@dataclass(frozen=True)
class _Wanted:
    """An article page to fetch: its link, the feed entry that led to it, and its row when known."""

    outlet: OutletSettings
    link: str
    entry: FeedEntry | None
    row: Article | None


@dataclass(frozen=True)
class _Page:
    """A fetched article page waiting to be stored with its batch: what the store needs of the response,
    not the response itself (its body and decoded text would stay in memory with the batch)."""

    want: _Wanted
    url: str
    """The article's canonical URL: the page's own when trusted, else the link."""
    etag: str | None
    last_modified: str | None
    extracted: Extracted | None
    """None for a 304: the row is touched, no version is read."""
    raw_html: bytes | None
    """The page compressed for the store, done ahead for a new article; else None (the store compresses
    `body` if the text changed)."""
    body: bytes = b""
    """The page as fetched, kept only while it is not compressed yet."""

    @classmethod
    def of(
        cls, want: _Wanted, response: FetchResult, extracted: Extracted | None, raw_html: bytes | None
    ) -> _Page:
        url = trusted_canonical(response.url, extracted.canonical_url) if extracted else want.link
        body = b"" if raw_html is not None or extracted is None else response.body
        return cls(want, url, response.etag, response.last_modified, extracted, raw_html, body)


def _take(batch: list[_Page]) -> list[_Page]:
    """Empty `batch`, returning what it held."""
    taken = batch[:]
    batch.clear()
    return taken


class Progress:
    """Told what the pass plans and finishes; the CLI draws a bar from it, the daemon ignores it."""

    def planned(self, count: int) -> None: ...

    def done(self, count: int = 1) -> None: ...


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


def next_revisit(schedule: Iterable[float], born: datetime, now: datetime) -> datetime | None:
    """The first point of the revisit schedule (offsets from the article's birth) after `now`."""
    for offset in schedule:
        due = born + timedelta(seconds=offset)
        if due > now:
            return due
    return None


class Crawler:
    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        fetcher: Fetcher,
        story: Story | None,
        progress: Progress | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.fetcher = fetcher
        self.story = story
        self.progress = progress or Progress()
        self._in_flight: set[str] = set()

    async def crawl(self, *, revisit: bool = False) -> CrawlReport:
        """Poll every active feed once (all at once: the fetcher keeps each host polite), then, with
        `revisit`, fetch every article whose revisit is due."""
        sync_outlets(self.engine, self.settings)
        with Session(self.engine) as session:
            feed_ids = list(session.exec(select(Feed.id).where(Feed.active)))
        self.progress.planned(len(feed_ids))
        report = CrawlReport(polls=list(await asyncio.gather(*(self.poll_feed(i) for i in feed_ids))))
        if revisit:
            report.revisits = await self.revisit_due()
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
        parsed = parse_feed(response.body, response.url)
        entries, errors = list(parsed.entries), [parsed.error] if parsed.error else []
        for url in parsed.sitemaps[:MAX_CHILD_SITEMAPS]:
            try:
                child = parse_feed((await self.fetcher.get(url)).body, url)
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
        """Fetch and read the `wanted` pages, a bounded number at once, and store them in batches: one
        transaction per STORE_BATCH pages rather than one per page."""
        batch: list[_Page] = []
        gate = asyncio.Semaphore(ARTICLES_IN_FLIGHT)

        async def fetch(want: _Wanted) -> None:
            async with gate:
                page = await self._fetch_article(want, result)
            if page is not None:
                batch.append(page)
                if len(batch) >= STORE_BATCH:
                    self._store_batch(_take(batch), result)

        try:
            await asyncio.gather(*(fetch(want) for want in wanted))
        finally:  # also when the pass is cancelled (the daemon stopping): what was fetched is kept
            self._store_batch(_take(batch), result)

    async def _fetch_article(self, want: _Wanted, result: PollResult) -> _Page | None:
        """The page of `want`, fetched and read; None when that failed (recorded) or when another task of
        this pass has the same link. A link stays in flight until its page is stored."""
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

    async def _fetch_page(self, want: _Wanted, result: PollResult) -> _Page | None:
        outlet, link, entry, row = want.outlet, want.link, want.entry, want.row
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
            self._record_failure(outlet, link, entry, str(exc))
            return None
        result.fetched += 1
        if response.not_modified:
            return _Page.of(want, response, None, None)
        extracted = extract_article(response.text, response.url, outlet.selectors, outlet.name)
        if not (extracted.title or extracted.text):
            message = "no article text found on the page"
            result.failures.append((link, message))
            self._record_failure(outlet, link, entry, message)
            return None
        raw_html = None
        if not known:
            # A first version is certain: compress the page now, in a thread (zlib releases the GIL) while
            # this loop goes on fetching. A known article's page is compressed only if its text changed.
            raw_html = await asyncio.to_thread(compress_page, response.body)
        return _Page.of(want, response, extracted, raw_html)

    def _store_batch(self, pages: list[_Page], result: PollResult) -> None:
        """Store `pages`, in one transaction when they can be."""
        links = [page.want.link for page in pages]
        try:
            while pages:
                later = self._store_pages(pages, result)
                if later is None:
                    # Another daemon sharing the database stored one of these articles first (a unique URL
                    # clash): one page at a time, so that only that page yields to the other's row.
                    later = []
                    for page in pages:
                        if self._store_pages([page], result) is None:
                            log.info("article %s was stored concurrently by another process", page.want.link)
                pages = later
        finally:
            self._in_flight.difference_update(links)

    def _store_pages(self, pages: list[_Page], result: PollResult) -> list[_Page] | None:
        """Store `pages` in one transaction and count them into `result`. Returns the pages left for a
        later transaction (a second page of one article: it is compared with the version the first one
        stores), or None, having stored nothing, on a unique clash with another process."""
        now = utcnow()
        counts: Counter[str] = Counter()
        try:
            with Session(self.engine) as session:
                placed, later = self._place_articles(session, pages, now)
                session.flush()  # the new articles' ids, for their snapshots
                stored = []
                for page, article, is_new in placed:
                    if page.extracted is not None:
                        version = record_version(
                            session, article, page.extracted, page.body, now, page.raw_html
                        )
                        if version is not None:
                            stored.append((article, version))
                            counts["new_articles" if is_new else "new_versions"] += 1
                session.flush()  # the snapshots' ids, for findings and alerts
                for article, version in stored:
                    counts["alerts"] += self._read_against_claims(session, article, version)
                session.commit()
        except IntegrityError:
            return None
        result.new_articles += counts["new_articles"]
        result.new_versions += counts["new_versions"]
        result.alerts += counts["alerts"]
        return later

    def _place_articles(
        self, session: Session, pages: list[_Page], now: datetime
    ) -> tuple[list[tuple[_Page, Article, bool]], list[_Page]]:
        """The article row of each page (found by URL or feed link, else new), updated with what the fetch
        says: ([(page, article, is new)], pages of an article an earlier page already took)."""
        links = [page.want.link for page in pages]
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
            outlet, link, entry = page.want.outlet, page.want.link, page.want.entry
            url = page.url
            article = by_url.get(url) or by_url.get(link) or by_link.get(link)
            if article is not None and id(article) in taken:
                later.append(page)
                continue
            if article is None:
                article = Article(url=url, outlet=outlet.name, first_seen_at=now)
            if article.versions == 0:  # a row left by a failed first fetch takes the page's canonical URL
                article.url, article.link = url, (link if link != url else None)
            by_url[article.url] = article
            taken.add(id(article))
            article.last_fetched_at = now
            article.last_status, article.last_error, article.error_streak = "ok", None, 0
            article.etag, article.last_modified = page.etag, page.last_modified
            if entry is not None:
                article.entry_fingerprint = entry.fingerprint
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

    def _record_failure(
        self, outlet: OutletSettings, link: str, entry: FeedEntry | None, message: str
    ) -> None:
        """Remember a failed article fetch: a new article gets a row (so `status` shows it and the next pass
        retries it, its fingerprint being unset); a known one keeps its versions and gains an error streak."""
        now = utcnow()
        with Session(self.engine) as session:
            article = session.exec(
                select(Article).where(or_(Article.url == link, Article.link == link))
            ).first()
            if article is None:
                article = Article(url=link, outlet=outlet.name, first_seen_at=now)
            article.last_status, article.last_error = "error", message
            article.error_streak += 1
            session.add(article)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
        # INFO: the poll line and `status` carry it; one failed article is not worth a warning.
        log.info("%s: %s", link, message)

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
