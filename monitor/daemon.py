"""The long-running monitor: APScheduler jobs for feed polls, revisits and digests, until a signal stops it.

Due times live in the database (`feed.next_due_at`), so a restart resumes: a feed polled a minute before the
restart waits for its interval, an overdue one is polled at once. A poll first claims its feed with a
conditional UPDATE (a lease), so several daemons sharing PostgreSQL split the feeds instead of repeating
them; on SQLite a lock file keeps it to one daemon per database.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import signal
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import IO

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine, or_, update
from sqlmodel import Session, col, select

from monitor import delivery
from monitor.claims import Story
from monitor.config import ChannelSettings, Settings, cron_trigger
from monitor.fetch import Fetcher
from monitor.models import Daemon as DaemonRow
from monitor.models import Feed, utcnow
from monitor.pipeline import Crawler, PollResult
from monitor.store.client import LocalStore
from monitor.storing import sync_outlets

log = logging.getLogger("monitor.daemon")

HEARTBEAT = 15.0
"""Seconds between heartbeats; `monitor status` calls a daemon running if it beat within 4 of them."""
REVISIT_EVERY = 60.0
RETRY_EVERY = 30.0
DIGEST_WAIT = 60.0
"""A digest due while feeds are being crawled waits this long at most for the crawl to end, so the alerts
of one change of the story land in one digest rather than being split across two."""
LEASE = timedelta(minutes=10)
"""How long a claimed poll may run before another daemon may take the feed over."""
STOP_GRACE = 5.0
"""Seconds in-flight work gets to finish after a signal before it is cancelled."""


class AlreadyRunning(Exception):
    """Another daemon holds this SQLite database."""


class DatabaseLock:
    """An exclusive lock file beside a SQLite database. The kernel drops it when the process dies, even
    on SIGKILL, so a crashed daemon never blocks the next one."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".lock")
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise AlreadyRunning(
                f"a monitor daemon ({holder}) is already running on {self.path.with_suffix('')}; "
                "queries (snapshots, alerts, status) work beside it"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {socket.gethostname()}")
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def held_elsewhere(self) -> bool:
        """True when some other process holds the lock (for `monitor status`)."""
        if not self.path.exists():
            return False
        with self.path.open("a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False


def sqlite_file(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database).resolve()


class Daemon:
    def __init__(
        self, settings: Settings, engine: Engine, story: Story | None, labels: delivery.StoryLabels
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.story = story
        self.labels = labels
        self.id = uuid.uuid4().hex
        self._stop = asyncio.Event()
        self._running: set[asyncio.Task] = set()
        self._crawling = 0
        self._crawl_done = asyncio.Event()
        self._crawl_done.set()

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        """Run until SIGTERM/SIGINT (or `stop()`), then finish or abandon in-flight work and return."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self.stop)
        sync_outlets(self.engine, self.settings)
        self._register()
        async with Fetcher(self.settings.network) as fetcher:
            store = LocalStore(self.settings, self.engine, self.story)
            self.crawler = Crawler(self.settings, store, fetcher)
            scheduler = AsyncIOScheduler(timezone="UTC")
            self._schedule(scheduler)
            scheduler.start()
            log.info("daemon started", extra={"daemon": self.id, "feeds": len(scheduler.get_jobs())})
            await self._stop.wait()
            scheduler.shutdown(wait=False)
            await self._drain()
        self._heartbeat(stopped=True)
        log.info("daemon stopped", extra={"daemon": self.id})

    def _schedule(self, scheduler: AsyncIOScheduler) -> None:
        now = utcnow()
        with Session(self.engine) as session:
            feeds = list(session.exec(select(Feed).where(Feed.active)))
        intervals = {outlet.name: outlet.interval for outlet in self.settings.outlets}
        for feed in feeds:
            interval = intervals[feed.outlet]
            first = feed.next_due_at if feed.next_due_at and feed.next_due_at > now else now
            scheduler.add_job(
                self._guarded(self._poll, feed.id),
                IntervalTrigger(seconds=interval, jitter=min(interval * 0.1, 60.0)),
                id=f"feed-{feed.id}",
                next_run_time=first,
                **_ONE_AT_A_TIME,
            )
        scheduler.add_job(
            self._guarded(self._revisit), IntervalTrigger(seconds=REVISIT_EVERY), **_ONE_AT_A_TIME
        )
        scheduler.add_job(
            self._guarded(self._heartbeat_job), IntervalTrigger(seconds=HEARTBEAT), **_ONE_AT_A_TIME
        )
        for channel in self.settings.channels:
            scheduler.add_job(
                self._guarded(self._digest, channel), cron_trigger(channel.schedule), **_ONE_AT_A_TIME
            )
            scheduler.add_job(
                self._guarded(self._digest, channel, True),
                IntervalTrigger(seconds=RETRY_EVERY),
                **_ONE_AT_A_TIME,
            )

    def _guarded(self, job: Callable[..., Awaitable[None]], *args) -> Callable[[], Awaitable[None]]:
        """The job as the scheduler runs it: tracked (so a signal can wait for it), and never crashing
        the daemon: an unexpected error is logged and the next run tries again."""

        async def run() -> None:
            if self._stop.is_set():
                return
            task = asyncio.current_task()
            self._running.add(task)
            try:
                await job(*args)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("job %s failed; it runs again at its next time", job.__name__)
            finally:
                self._running.discard(task)

        run.__name__ = job.__name__
        return run

    async def _drain(self) -> None:
        if not self._running:
            return
        _, pending = await asyncio.wait(set(self._running), timeout=STOP_GRACE)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=2)

    @contextlib.contextmanager
    def _crawl_work(self):
        """Mark a poll or revisit in progress: digests wait for it (see DIGEST_WAIT)."""
        self._crawling += 1
        self._crawl_done.clear()
        try:
            yield
        finally:
            self._crawling -= 1
            if not self._crawling:
                self._crawl_done.set()

    async def _poll(self, feed_id: int) -> None:
        if not self._claim(feed_id):
            return
        try:
            with self._crawl_work():
                result = await self.crawler.poll_feed(feed_id)
        finally:
            self._release(feed_id)
        _log_poll(result)

    def _claim(self, feed_id: int) -> bool:
        """Take the feed's lease if it is due (within half an interval, for the trigger's jitter) and no
        other daemon holds it."""
        now = utcnow()
        with Session(self.engine) as session:
            feed = session.get(Feed, feed_id)
            if feed is None or not feed.active:
                return False
            interval = next(o.interval for o in self.settings.outlets if o.name == feed.outlet)
            claimed = session.exec(
                update(Feed)
                .where(
                    col(Feed.id) == feed_id,
                    or_(
                        col(Feed.next_due_at).is_(None),
                        col(Feed.next_due_at) <= now + timedelta(seconds=interval / 2),
                    ),
                    or_(col(Feed.lease_until).is_(None), col(Feed.lease_until) < now),
                )
                .values(lease_owner=self.id, lease_until=now + LEASE)
            )
            session.commit()
            return claimed.rowcount == 1

    def _release(self, feed_id: int) -> None:
        with Session(self.engine) as session:
            session.exec(
                update(Feed)
                .where(col(Feed.id) == feed_id, col(Feed.lease_owner) == self.id)
                .values(lease_owner=None, lease_until=None)
            )
            session.commit()

    async def _revisit(self) -> None:
        with self._crawl_work():
            result = await self.crawler.revisit_due()
        if result.entries:
            _log_poll(result)

    async def _digest(self, channel: ChannelSettings, retry_only: bool = False) -> None:
        if not retry_only:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._crawl_done.wait(), DIGEST_WAIT)
        for outcome in await delivery.send(self.engine, channel, self.labels, retry_only=retry_only):
            if outcome.digest_id is not None:
                level = logging.INFO if outcome.sent else logging.WARNING
                log.log(
                    level, outcome.describe(), extra={"channel": channel.name, "digest": outcome.digest_id}
                )

    async def _heartbeat_job(self) -> None:
        self._heartbeat()

    def _register(self) -> None:
        now = utcnow()
        with Session(self.engine) as session:
            session.add(
                DaemonRow(
                    id=self.id, host=socket.gethostname(), pid=os.getpid(), started_at=now, heartbeat_at=now
                )
            )
            session.commit()

    def _heartbeat(self, *, stopped: bool = False) -> None:
        with Session(self.engine) as session:
            row = session.get(DaemonRow, self.id)
            row.heartbeat_at = utcnow()
            if stopped:
                row.stopped_at = row.heartbeat_at
            session.add(row)
            session.commit()


_ONE_AT_A_TIME = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}


def _log_poll(result: PollResult) -> None:
    fields = {
        "outlet": result.outlet,
        "feed": result.feed,
        "status": result.status,
        "new_articles": result.new_articles,
        "new_versions": result.new_versions,
        "alerts": result.alerts,
        "duration": round(result.duration, 3),
    }
    if result.error:
        fields["error"] = result.error
    if result.failures:
        fields["pages_failed"] = len(result.failures)
    log.log(logging.WARNING if result.status == "error" else logging.INFO, "poll", extra=fields)


@contextlib.contextmanager
def exclusive(engine: Engine):
    """Hold the SQLite database's daemon lock for the block (nothing to hold on PostgreSQL)."""
    database = sqlite_file(engine)
    lock = DatabaseLock(database) if database else None
    if lock:
        lock.acquire()
    try:
        yield
    finally:
        if lock:
            lock.release()
