"""One crawl pass against the local replay of the four outlets, on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from monitor.claims import load_story
from monitor.config import Settings, settings_from_dict
from monitor.demo import DemoSite
from monitor.fetch import Fetcher
from monitor.models import Alert, Article, Feed, Snapshot, utcnow
from monitor.pipeline import Crawler
from monitor.store import queries
from monitor.store.client import LocalStore
from monitor.store.engine import open_store
from tests.paths import STORY


@pytest.fixture
def site():
    with DemoSite() as running:
        yield running


def settings_for(site: DemoSite, database: str, **extra) -> Settings:
    return settings_from_dict(
        {
            "database_url": database,
            "story": str(STORY),
            "network": {"allow_private_addresses": True, "per_host_delay": 0.0, "retries": 0},
            "outlets": site.outlets,
            **extra,
        }
    )


def local_crawler(settings: Settings, engine, fetcher: Fetcher) -> Crawler:
    """The daemon's crawler: its store in this process."""
    return Crawler(settings, LocalStore(settings, engine, load_story(settings.story)), fetcher)


async def crawl(settings: Settings, *, revisit: bool = False):
    engine = open_store(settings.database_url)
    async with Fetcher(settings.network) as fetcher:
        report = await local_crawler(settings, engine, fetcher).crawl(revisit=revisit)
    return engine, report


def snapshots(engine) -> list[Snapshot]:
    with Session(engine) as session:
        return list(session.exec(select(Snapshot)))


async def test_first_pass_stores_one_version_of_every_article(site, database):
    engine, report = await crawl(settings_for(site, database))
    assert report.failures == []
    assert report.polls and any(poll.skipped for poll in report.polls)  # the replay's robots.txt forbids some
    with Session(engine) as session:
        rows = queries.latest_snapshots(session)
    assert {row.outlet for row in rows} == {o["name"] for o in site.outlets}
    assert all(row.version == 1 and row.title and row.text for row in rows)
    # one row per article, whatever tracking parameters the feed links carried
    assert not any("utm_" in row.url or "smid=" in row.url for row in rows)
    assert len({row.url for row in rows}) == len(rows)


async def test_robots_disallowed_links_are_never_requested(site, database):
    await crawl(settings_for(site, database))
    disallowed = site.disallowed_paths()
    requested = {path for _outlet, method, path, _status in site.requests if method == "GET"}
    assert disallowed and not (disallowed & requested)


async def test_unchanged_second_pass_costs_304s_and_writes_nothing(site, database):
    settings = settings_for(site, database)
    engine, _ = await crawl(settings)
    before = len(snapshots(engine))
    site.requests.clear()
    _, report = await crawl(settings)
    assert len(snapshots(engine)) == before
    assert sum(p.new_articles + p.new_versions for p in report.polls) == 0
    feed_answers = [status for _o, _m, path, status in site.requests if path in site.feed_paths()]
    assert feed_answers and set(feed_answers) == {304}


async def test_refetching_a_page_whose_ads_changed_makes_no_new_version(site, database):
    settings = settings_for(site, database)
    engine, _ = await crawl(settings)
    before = {(s.article_id, s.version) for s in snapshots(engine)}
    with Session(engine) as session:  # every article due for a revisit now
        session.exec(update(Article).values(next_revisit_at=utcnow() - timedelta(seconds=1)))
        session.commit()
    _, report = await crawl(settings, revisit=True)
    assert report.revisits.fetched >= len(before)
    assert {(s.article_id, s.version) for s in snapshots(engine)} == before


async def test_later_state_new_article_and_stealth_edit_with_diff_and_alerts(site, database):
    settings = settings_for(site, database)
    engine, _ = await crawl(settings)
    first = {s.article_id for s in snapshots(engine)}
    site.advance()
    _, report = await crawl(settings)
    assert sum(p.new_articles for p in report.polls) >= 1
    edited = [s for s in snapshots(engine) if s.version == 2]
    assert edited, "the stealth edit made a second version"
    changes = edited[0].changes
    assert changes["headline"] is not None
    assert changes["figures"], "the changed figure is named"
    assert {s.article_id for s in snapshots(engine)} > first
    with Session(engine) as session:
        kinds = {a.kind for a in session.exec(select(Alert))}
    assert "revision" in kinds
    assert kinds & {"updates", "contradicts"}


async def test_a_dead_outlet_is_recorded_and_the_others_still_stored(site, database):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}/feed/"
    outlets = [*site.outlets, {"name": "offline", "title": "Offline outlet", "feeds": [dead]}]
    settings = settings_for(site, database, outlets=outlets)
    engine, report = await crawl(settings)
    assert any(url == dead for url, _ in report.failures)
    _, _ = await crawl(settings)
    with Session(engine) as session:
        feed = session.exec(select(Feed).where(Feed.url == dead)).one()
        assert feed.last_status == "error" and feed.error_streak == 2 and feed.last_error
        assert {row.outlet for row in queries.latest_snapshots(session)} == {o["name"] for o in site.outlets}


async def test_one_crawler_kept_across_passes_sees_the_edit(site, database):
    """The daemon keeps one Crawler for weeks: what one pass fetched must not block the next pass."""
    settings = settings_for(site, database)
    engine = open_store(settings.database_url)
    async with Fetcher(settings.network) as fetcher:
        crawler = local_crawler(settings, engine, fetcher)
        await crawler.crawl()
        site.advance()
        report = await crawler.crawl()
    assert sum(p.new_versions for p in report.polls) >= 1
    assert any(s.version == 2 for s in snapshots(engine))
