"""`monitor run`: poll the outlets, once (`--once`) or as the long-running daemon."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from monitor import logs
from monitor.cli.app import app, context, err, fail, open_engine
from monitor.config import Settings
from monitor.store.client import StoreProcess

if TYPE_CHECKING:
    from rich.progress import Progress

    from monitor.claims import Story
    from monitor.delivery import StoryLabels
    from monitor.pipeline import CrawlReport
    from monitor.pipeline import Progress as CrawlProgress


class _Bar:
    """The pass's progress as a rich bar on the terminal (feeds and pages planned vs done): a
    monitor.pipeline.Progress."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task = progress.add_task("crawling", total=0)

    def planned(self, count: int) -> None:
        self._progress.update(self._task, total=(self._progress.tasks[0].total or 0) + count)

    def done(self, count: int = 1) -> None:
        self._progress.advance(self._task, count)


def story_of(settings: Settings) -> Story | None:
    """The configured story, or None when the config names none; a broken story is a clear error."""
    from monitor.claims import StoryError, load_story

    if settings.story is None:
        return None
    try:
        return load_story(settings.story)
    except StoryError as exc:
        fail(str(exc), code=2)


def crawl_once(settings: Settings, *, revisit: bool) -> CrawlReport:
    """One pass over every feed (and every due revisit), with a progress bar on a terminal."""
    # The store lives in a worker process, forked first: before any thread exists and before this process
    # imports the crawl's libraries, which it does while the worker loads the store's (SQLAlchemy, the
    # models, the feed parser, the claims) and opens the store. A first pass brings thousands of pages:
    # fetching and extracting them keeps this process's core busy, storing them the worker's.
    with StoreProcess(settings) as store:
        from monitor.fetch import Fetcher
        from monitor.pipeline import Crawler

        problem = store.opened()
        if problem is not None:
            fail(problem, code=2)

        async def crawl(progress: CrawlProgress | None) -> CrawlReport:
            async with Fetcher(settings.network) as fetcher:
                return await Crawler(settings, store, fetcher, progress).crawl(revisit=revisit)

        with _progress_bar() as progress:
            return asyncio.run(crawl(progress))


@contextmanager
def _progress_bar() -> Iterator[CrawlProgress | None]:
    if not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        yield _Bar(progress)


def labels_of(story: Story | None) -> StoryLabels:
    from monitor.delivery import StoryLabels  # imported when used: see run_daemon

    if story is None:
        return StoryLabels()
    return StoryLabels(story.title, {claim.id: claim.statement for claim in story.claims})


def run_daemon(settings: Settings, log_format: str) -> None:
    if log_format not in ("json", "text"):
        fail(f"--log-format {log_format!r}: expected json or text", code=2)
    # Imported here, like the delivery of digests: the scheduler, the channels and their templates cost a
    # fifth of a second at the start of every other command, `run --once` included.
    from monitor.daemon import AlreadyRunning, Daemon, exclusive

    logs.configure(log_format)
    engine = open_engine(settings)
    story = story_of(settings)
    try:
        with exclusive(engine):
            asyncio.run(Daemon(settings, engine, story, labels_of(story)).run())
    except AlreadyRunning as exc:
        fail(str(exc))


def print_report(report: CrawlReport) -> None:
    for url, message in report.failures:
        err.print(f"[yellow]failed:[/] {url}: {message}", highlight=False, soft_wrap=True, markup=True)
    err.print(report.summary(), highlight=False, soft_wrap=True)  # one line, for scripts too


@app.command()
def run(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once, then exit.")] = False,
    revisit: Annotated[
        bool, typer.Option("--revisit", help="With --once: also revisit every due article.")
    ] = False,
    log_format: Annotated[
        str, typer.Option("--log-format", help="Daemon logs: json (default) or text.")
    ] = "json",
) -> None:
    """Poll every outlet's feeds, fetch new and changed articles, store versions, read them against the
    story's claims. Exits 0 when the pass ran, even if some fetches failed (the summary says which)."""
    settings = context(ctx).settings()
    if not settings.outlets:
        fail(f"{settings.source}: no [[outlets]] configured: nothing to poll", code=2)
    if not once:
        run_daemon(settings, log_format)
        return
    # A one-off pass is for people: warnings (a feed failing again, selectors that stopped matching) as
    # text; the failed pages are listed once, by the report.
    logs.configure("text", logging.WARNING)
    report = crawl_once(settings, revisit=revisit)
    print_report(report)
