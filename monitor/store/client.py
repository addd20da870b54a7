"""How the crawl reaches the store: `LocalStore` in this process (the daemon, whose polls bring a few
pages at a time), or `StoreProcess`, an ArticleStore in a forked worker process (`run --once`, whose
first pass on a new database brings thousands).

The worker owns the store: it loads SQLAlchemy, the models, the feed parser and the claims, migrates the
database and reads feeds and stores pages, on one core, while the crawling process, which never loads
them, fetches and extracts on the other. Only plain data (monitor.store.records) crosses between them.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import TYPE_CHECKING, Any

from monitor import logs
from monitor.store.errors import StoreError
from monitor.store.records import FeedReading, FeedState, FetchedPage, KnownArticle, Stored

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from monitor.claims import Story
    from monitor.config import Settings
    from monitor.storing import ArticleStore


class StoreClient:
    """What the crawl asks of the store (see ArticleStore, which answers), as awaitables."""

    async def feeds_to_poll(self) -> list[int]:
        return await self._call("feeds_to_poll")

    async def feed(self, feed_id: int) -> FeedState:
        return await self._call("feed", feed_id)

    async def read_feed(self, body: bytes, url: str) -> FeedReading:
        return await self._call("read_feed", body, url)

    async def claim_revisits(self) -> list[KnownArticle]:
        return await self._call("claim_revisits")

    async def record_poll(
        self, feed: FeedState, interval: float, status: str, error: str | None, entries: int
    ) -> int:
        return await self._call("record_poll", feed, interval, status, error, entries)

    async def record_failure(self, outlet: str, link: str, message: str) -> None:
        await self._call("record_failure", outlet, link, message)

    async def store(self, pages: list[FetchedPage]) -> Stored:
        return await self._call("store", pages)

    async def _call(self, operation: str, *arguments: Any) -> Any:
        raise NotImplementedError


class LocalStore(StoreClient):
    """An ArticleStore in this process, called in line: each call is a short transaction."""

    def __init__(self, settings: Settings, engine: Engine, story: Story | None) -> None:
        from monitor.storing import ArticleStore  # here, not above: see StoreProcess, which never needs it

        self._store = ArticleStore(settings, engine, story)

    async def _call(self, operation: str, *arguments: Any) -> Any:
        return getattr(self._store, operation)(*arguments)


class StoreProcess(StoreClient):
    """An ArticleStore in one worker process: `with StoreProcess(settings) as store`, entered before any
    event loop or thread exists, and before the crawl's own libraries are imported. The worker is forked
    then, and at once opens the store (migrating it) and loads the story, in parallel with what this
    process loads meanwhile; `opened()` waits for that. Errors raised there (a full disk) reach the caller
    as they would in line."""

    def __init__(self, settings: Settings, log_level: int = logging.WARNING) -> None:
        self._arguments = (settings, log_level)
        self._pool: ProcessPoolExecutor | None = None
        self._opening: Future[str | None] | None = None

    def __enter__(self) -> StoreProcess:
        self._pool = ProcessPoolExecutor(
            1, multiprocessing.get_context("fork"), initializer=_start_worker, initargs=self._arguments
        )
        self._opening = self._pool.submit(_open_in_worker)  # forks the worker now
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        assert self._pool is not None
        self._pool.shutdown()

    def opened(self) -> str | None:
        """Wait for the worker to open the store and the story: None, or what stopped it, for the user."""
        assert self._opening is not None, "use the StoreProcess as `with StoreProcess(...) as store`"
        try:
            return self._opening.result()
        except BrokenProcessPool:
            return "the process storing articles could not start (out of memory?)"

    async def _call(self, operation: str, *arguments: Any) -> Any:
        assert self._pool is not None, "use the StoreProcess as `with StoreProcess(...) as store`"
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self._pool, _in_worker, operation, arguments
            )
        except BrokenProcessPool:
            raise StoreError(
                "the process storing articles ended unexpectedly (out of memory?); what it stored is kept"
            ) from None


_settings: Settings | None = None
_worker: ArticleStore | None = None


def _start_worker(settings: Settings, log_level: int) -> None:
    global _settings
    logs.configure("text", log_level)
    _settings = settings


def _open_in_worker() -> str | None:
    """Open the store (migrated) and load the story; an error comes back as its message, for the user."""
    global _worker
    from monitor.claims import StoryError, load_story  # the worker's libraries: see the module's docstring
    from monitor.store.engine import open_store
    from monitor.storing import ArticleStore

    assert _settings is not None, "the worker's initializer did not run"
    try:
        story = load_story(_settings.story) if _settings.story is not None else None
        _worker = ArticleStore(_settings, open_store(_settings.database_url), story)
    except (StoreError, StoryError) as exc:
        return str(exc)
    return None


def _in_worker(operation: str, arguments: tuple[Any, ...]) -> Any:
    assert _worker is not None, "the store was not opened: call opened() first"
    return getattr(_worker, operation)(*arguments)
