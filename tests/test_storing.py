"""Storing fetched pages (monitor.storing.ArticleStore), on a real database (SQLite and PostgreSQL): the
batches a crawl hands over, new articles and known ones mixed, with the odd pages a crawl can produce."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from monitor.config import settings_from_dict
from monitor.extract import Article as Extracted
from monitor.models import Alert, Article, Snapshot, utcnow
from monitor.store import queries
from monitor.store.engine import open_store
from monitor.store.records import FetchedPage
from monitor.storing import ArticleStore
from tests.paths import STORY

SITE = "https://news.example"
PAGE = b"<html><body><h1>Headline</h1><p>Body.</p></body></html>"


def store_on(database: str, *, story: bool = False) -> ArticleStore:
    from monitor.claims import load_story

    settings = settings_from_dict(
        {
            "database_url": database,
            "outlets": [{"name": "news", "feeds": [f"{SITE}/feed.xml"], "interval": 60}],
        }
    )
    store = ArticleStore(settings, open_store(database), load_story(STORY) if story else None)
    store.feeds_to_poll()  # makes the outlet's rows
    return store


def page(path: str, title: str, text: str, *, link: str | None = None, **extracted) -> FetchedPage:
    url = f"{SITE}{path}"
    article = Extracted(title=title, text=text, **extracted)
    return FetchedPage("news", link or url, "fingerprint", url, '"etag"', None, article, PAGE)


def articles(store: ArticleStore) -> list[Article]:
    with Session(store.engine) as session:
        return list(session.exec(select(Article).order_by(Article.url)))


def test_a_batch_of_new_articles_is_stored_one_version_each(database):
    store = store_on(database)
    future = utcnow() + timedelta(days=2)
    stored = store.store(
        [
            page("/a", "First", "Text of the first.", link=f"{SITE}/a?utm_source=feed"),
            page("/b", "Second", "Text of the second.", published=datetime(2019, 4, 30, tzinfo=UTC)),
            page("/c", "Third", "Text of the third.", published=future),
        ]
    )
    assert (stored.new_articles, stored.new_versions) == (3, 0)
    a, b, c = articles(store)
    assert [x.url for x in (a, b, c)] == [f"{SITE}/a", f"{SITE}/b", f"{SITE}/c"]
    assert a.link == f"{SITE}/a?utm_source=feed" and b.link is None
    assert all(x.versions == 1 and x.last_status == "ok" and x.etag == '"etag"' for x in (a, b, c))
    assert b.published == datetime(2019, 4, 30, tzinfo=UTC)
    assert c.published <= utcnow()  # a date in the future is taken as now
    assert a.next_revisit_at is not None and b.next_revisit_at is None  # 2019: past every revisit
    with Session(store.engine) as session:
        rows = queries.latest_snapshots(session)
        assert {(row.title, row.version) for row in rows} == {("First", 1), ("Second", 1), ("Third", 1)}
        assert queries.fetched_page(session, rows[0].id) == PAGE
    assert [row.title for row in queries.search(store.engine, "second")] == ["Second"]


def test_two_pages_of_one_new_article_in_a_batch_make_one_article(database):
    store = store_on(database)
    stored = store.store(
        [
            page("/a", "Headline", "The first text."),
            page("/a", "Headline", "The first text.", link=f"{SITE}/a?smid=tw"),
            page("/b", "Other", "Another article."),
            page("/a", "Headline, edited", "The first text, edited."),
        ]
    )
    assert (stored.new_articles, stored.new_versions) == (2, 1)
    a, b = articles(store)
    assert (a.versions, b.versions) == (2, 1)


def test_new_and_known_articles_in_one_batch(database):
    store = store_on(database)
    store.store([page("/a", "Headline", "The first text.")])
    stored = store.store(
        [page("/a", "Headline", "The first text, edited."), page("/b", "New", "A new article.")]
    )
    assert (stored.new_articles, stored.new_versions) == (1, 1)
    assert [x.versions for x in articles(store)] == [2, 1]


def test_a_not_modified_answer_for_an_article_never_stored_stores_nothing(database):
    store = store_on(database)
    confused = FetchedPage("news", f"{SITE}/x", "fingerprint", f"{SITE}/x", '"etag"', None, None)
    stored = store.store([confused, page("/a", "Headline", "Text.")])
    assert (stored.new_articles, stored.new_versions) == (1, 0)
    assert [x.url for x in articles(store)] == [f"{SITE}/a"]


def test_a_new_article_is_read_against_the_story(database):
    store = store_on(database, story=True)
    text = "Health officials said at least 59 people were injured in Caracas on Tuesday."
    stored = store.store([page("/a", "Venezuela unrest: dozens injured in Caracas", text)])
    assert stored.alerts >= 1
    with Session(store.engine) as session:
        alerts = list(session.exec(select(Alert)))
        snapshot = session.exec(select(Snapshot)).one()
    assert {alert.snapshot_id for alert in alerts} == {snapshot.id}
    assert all(alert.url == f"{SITE}/a" and alert.outlet == "news" for alert in alerts)
